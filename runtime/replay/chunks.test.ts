// Raw JSONL chunks must number records and lines exactly as runtime/data/records.ts does, whatever
// the chunk size: blank lines take no position, a BOM is not a record, CRLF is a line end.

import { describe, expect, it } from 'vitest';
import { parseJsonl, type RecordItem } from '../data/records.js';
import { ReplayCore } from './core.js';
import { decodeUtf8, jsonlChunks } from './chunks.js';
import { parseSweep } from './sweep.js';
import { tempFile, tinyGraph, version } from './test-fixture.js';

const TEXT = [
  '\ufeff{"applicant": {"id": "A", "age": 30, "income": 6000}}',
  '',
  '   ',
  '\u3000',
  '{"applicant": {"id": "B", "age": 31, "income": 6000}}\r',
  'not json',
  `{"applicant": {"id": "C", "age": 32, "income": 6000, "note": "${'长'.repeat(300)}"}}`,
  '\t',
  '{"applicant": {"id": "D", "age": 33, "income": 6000}}',
].join('\n');

/** Index and line of every item as the chunked path sees them, via the replay core's own splitter. */
async function chunkedItems(text: string, size: number): Promise<{ index: number; line: number; ok: boolean }[]> {
  const path = tempFile('c.jsonl', text);
  const seen: { index: number; line: number; ok: boolean }[] = [];
  const graph = tinyGraph();
  const core = new ReplayCore({ versions: [version(graph), version(graph)], outcomeLabel: 'bad', swaps: false });
  core.item = (item: RecordItem) => void seen.push({ index: item.index, line: item.line, ok: 'record' in item });
  let expected = 0;
  for await (const chunk of jsonlChunks(path, size)) {
    expect(chunk.firstIndex).toBe(expected);
    core.jsonl(decodeUtf8(chunk.bytes), chunk.firstIndex, chunk.firstLine);
    expected += chunk.records;
  }
  expect(seen).toHaveLength(expected);
  return seen;
}

describe('JSONL chunks', () => {
  it('number records and lines as parseJsonl does, at every chunk size', async () => {
    const reference: { index: number; line: number; ok: boolean }[] = [];
    for await (const item of parseJsonl(TEXT.split('\n'))) reference.push({ index: item.index, line: item.line, ok: 'record' in item });
    expect(reference.map((r) => r.line)).toEqual([1, 5, 6, 7, 9]);
    for (const size of [1, 7, 64, 100, 1 << 16]) expect(await chunkedItems(TEXT, size)).toEqual(reference);
  });

  it('handle a file without a final newline, and an empty file', async () => {
    expect(await chunkedItems('{"a": 1}\n{"a": 2}', 5)).toEqual([
      { index: 0, line: 1, ok: true },
      { index: 1, line: 2, ok: true },
    ]);
    expect(await chunkedItems('', 5)).toEqual([]);
  });
});

describe('sweep values', () => {
  const graph = tinyGraph();

  it('steps exactly from FROM to TO', () => {
    expect(parseSweep('min_score=0.5..0.8:0.1', graph)).toMatchObject({ param: 'min_score', values: ['0.5', '0.6', '0.7', '0.8'] });
    expect(parseSweep('min_age = 18 .. 21 : 2', graph)).toMatchObject({ values: ['18', '20'] });
    expect(parseSweep('min_score=10%..30%:10%', graph)).toMatchObject({ values: ['0.1', '0.2', '0.3'] });
  });

  it('says what is wrong', () => {
    expect(parseSweep('min_agee=1..2:1', graph)).toEqual({ error: expect.stringContaining('did you mean `min_age`') });
    expect(parseSweep('min_age=1..2', graph)).toEqual({ error: expect.stringContaining('PARAM=FROM..TO:STEP') });
    expect(parseSweep('min_age=3..1:1', graph)).toEqual({ error: expect.stringContaining('TO is below FROM') });
    expect(parseSweep('min_age=1..2:0', graph)).toEqual({ error: expect.stringContaining('above 0') });
    expect(parseSweep('min_age=0..1000:1', graph)).toEqual({ error: expect.stringContaining('at most') });
  });
});
