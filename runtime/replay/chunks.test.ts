// Raw JSONL chunks must number records and lines exactly as runtime/data/records.ts does, whatever
// the chunk size: blank lines take no position, a BOM is not a record, CRLF is a line end.

import { describe, expect, it } from 'vitest';
import { csvLines, fieldKinds, parseCsv, parseJsonl, utf8Lines, type RecordItem } from '../data/records.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ReplayCore } from './core.js';
import { csvChunks, decodeUtf8, jsonlChunks, SpareBuffers } from './chunks.js';
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
  // Every line through the slow way (no scan into slots), where each item is seen whole.
  (core as unknown as { scanLine: () => boolean }).scanLine = () => false;
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

  it('make a line too long to become a text that record\'s error, as `run` does, at every chunk size, and hash every byte', async () => {
    // A limit of 20 bytes stands for the longest text: lines of 20 bytes (21 with a \r) are read, longer ones are not.
    const max = 20;
    const text = ['{"a": 1}', `{"b": "${'x'.repeat(11)}"}`, `{"c": "${'y'.repeat(12)}"}`, `{"d": "${'z'.repeat(11)}"}\r`, `{"e": "${'w'.repeat(12)}"}\r`, '', `{"f": "${'长'.repeat(200)}"}`, '{"g": 2}', `{"h": "${'v'.repeat(40)}"}`].join('\n');
    const path = tempFile('long.jsonl', text);
    const reference: string[] = [];
    for await (const item of parseJsonl(utf8Lines(path, max), max)) reference.push('record' in item ? `${item.index}@${item.line}` : `${item.index}@${item.line}: ${item.unreadable}`);
    expect(reference.filter((r) => r.includes('longer than'))).toHaveLength(4);
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    for (const size of [1, 7, 16, 64, 4096]) {
      const seen: string[] = [];
      const hash = createHash('sha256');
      for await (const chunk of jsonlChunks(path, size, { hash, maxLineBytes: max })) {
        if (chunk.tooLong) {
          expect(chunk.bytes.byteLength).toBe(0);
          seen.push(`${chunk.firstIndex}@${chunk.firstLine}: ${chunk.tooLong.unreadable}`);
          continue;
        }
        const lines = decodeUtf8(chunk.bytes).split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        expect(lines).toHaveLength(chunk.lines);
        let index = chunk.firstIndex;
        lines.forEach((l, i) => {
          if (l.trim() !== '') seen.push(`${index++}@${chunk.firstLine + i}`);
        });
        expect(index - chunk.firstIndex).toBe(chunk.records);
      }
      expect(seen).toEqual(reference);
      expect(hash.digest('hex')).toBe(sha);
    }
  });

  it('give the same chunks when they are read into buffers handed back, and do reuse them', async () => {
    const path = tempFile('spare.jsonl', TEXT);
    for (const size of [7, 64, 100]) {
      const plain: string[] = [];
      for await (const chunk of jsonlChunks(path, size)) plain.push(`${chunk.firstIndex}/${chunk.firstLine}/${chunk.records}:${decodeUtf8(chunk.bytes)}`);
      const spare = new SpareBuffers();
      const reused: string[] = [];
      const buffers = new Set<ArrayBufferLike>();
      for await (const chunk of jsonlChunks(path, size, { spare })) {
        reused.push(`${chunk.firstIndex}/${chunk.firstLine}/${chunk.records}:${decodeUtf8(chunk.bytes)}`);
        buffers.add(chunk.bytes.buffer);
        // Handed back as a worker does once it has read the chunk: the next chunk is read into it.
        spare.put(chunk.bytes.buffer as ArrayBuffer);
      }
      expect(reused).toEqual(plain);
      expect(buffers.size).toBeLessThan(reused.length);
    }
  });
});

/**
 * Items of a CSV text as the chunked path reads them: rows found on the reading side, read in the
 * core. `fast`: rows the core rewrites as JSON (row-json.ts) and scans are seen as the record that
 * JSON holds; otherwise every row is read by `CsvReader`.
 */
async function csvItems(text: string, size: number, fast = false): Promise<unknown[]> {
  const path = tempFile('c.csv', text);
  const graph = tinyGraph();
  const core = new ReplayCore({ versions: [version(graph), version(graph)], outcomeLabel: 'bad', swaps: false, csvKinds: [...fieldKinds(graph)] });
  const seen: unknown[] = [];
  core.item = (item: RecordItem) => void seen.push(JSON.parse(JSON.stringify(item)));
  const scan = core as unknown as { scanLine: (buf: Buffer, start: number, end: number, index: number, line: number) => boolean };
  scan.scanLine = (buf, start, end, index, line) => {
    if (fast) seen.push({ index, line, record: JSON.parse(buf.toString('utf8', start, end)) });
    return fast;
  };
  let expected = 0;
  for await (const part of csvChunks(path, size)) {
    if ('item' in part) {
      expect(part.item.index).toBe(expected);
      seen.push(part.item);
      expected++;
      continue;
    }
    expect(part.chunk.firstIndex).toBe(expected);
    core.csv(part.chunk.bytes, part.chunk.header, part.chunk.firstIndex, part.chunk.firstLine);
    expected += part.chunk.records;
  }
  expect(seen).toHaveLength(expected);
  return seen;
}

/** The same text through parseCsv, fed lines as readline splits them (at \r\n, \r and \n). */
async function csvReference(text: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for await (const item of parseCsv(lines, tinyGraph())) out.push(JSON.parse(JSON.stringify(item)));
  return out;
}

describe('CSV chunks', () => {
  const CSV = [
    '\ufeffapplicant.id,applicant.age,applicant.income,blacklist.listed,applicant.note',
    'A,30,6000,false,plain',
    '',
    'B,31,6000,true,"two',
    'lines, with ""quotes"""',
    '""',
    'C,32,6000,,"三\r\nCRLF inside"\r',
    'D,33,6000,false,"lone\rCR"',
    'E,34',
    'F,35,6000,false,x"y"z',
    ',,,,',
    'G,36,6000,false,"ab"cd',
    `H,37,6000,false,"${'长'.repeat(40)}"`,
    'I,38,6000,false,"never closed',
    'more',
  ].join('\n');

  it('number records and lines as parseCsv does, at every chunk size', async () => {
    const reference = await csvReference(CSV);
    expect(reference.length).toBeGreaterThan(8);
    for (const size of [1, 3, 7, 16, 64, 100, 1 << 16]) {
      expect([size, await csvItems(CSV, size)]).toEqual([size, reference]);
      expect([size, await csvItems(CSV, size, true)]).toEqual([size, reference]);
    }
  });

  it('hash every byte they read, at every chunk size, as sha256sum does', async () => {
    const path = tempFile('hashed.csv', CSV);
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    for (const size of [1, 7, 64, 1 << 16]) {
      const hash = createHash('sha256');
      for await (const _ of csvChunks(path, size, { hash })) void _;
      expect([size, hash.digest('hex')]).toEqual([size, sha]);
    }
  });

  it('handle a last row without a line break, a CRLF file, a header alone and an empty file', async () => {
    for (const text of ['applicant.id,applicant.age\nA,1\nB,2', 'applicant.id,applicant.age\r\nA,1\r\n\r\nB,2\r\n', 'applicant.id,applicant.age\n', 'applicant.id', ''])
      for (const size of [1, 5, 1 << 16])
        for (const fast of [false, true]) expect([text, size, fast, await csvItems(text, size, fast)]).toEqual([text, size, fast, await csvReference(text)]);
  });

  it('make a row too long to become a text the file\'s error, on its line, as `run` does, before its bytes pile up', async () => {
    // A limit of 80 bytes stands for the longest text: the row on line 3 is 81 bytes long.
    const max = 80;
    const long = `B,31,6000,false,${'x'.repeat(65)}`;
    expect(Buffer.byteLength(long)).toBe(max + 1);
    const ok = `A,30,6000,false,${'x'.repeat(64)}`;
    for (const text of [`applicant.id,applicant.age,applicant.income,blacklist.listed,applicant.note\n${ok}\r\n${long}\nC,1,1,true,y\n`, `h\n${ok}\n${long}`]) {
      const path = tempFile('long.csv', text);
      let run: unknown;
      try {
        for await (const _ of parseCsv(csvLines(path, max))) void _;
      } catch (e) {
        run = e;
      }
      expect(run).toMatchObject({ code: 'data-file', message: 'line 3: a row longer than 80 bytes, more than a text can hold (is the file CSV? is a quote left open?)' });
      for (const size of [1, 7, 64, 4096]) {
        const read = async () => {
          for await (const _ of csvChunks(path, size, { maxLineBytes: max })) void _;
        };
        await expect(read()).rejects.toMatchObject({ code: 'data-file', message: `${path}: ${(run as Error).message}` });
      }
      // One byte less is read.
      const fits = tempFile('fits.csv', text.replace(long, long.slice(1)));
      for await (const _ of parseCsv(csvLines(fits, max))) void _;
      for (const size of [1, 64]) for await (const _ of csvChunks(fits, size, { maxLineBytes: max })) void _;
    }
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
