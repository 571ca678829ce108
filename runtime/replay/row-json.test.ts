// A CSV row rewritten as JSON (row-json.ts) must hold exactly the record `CsvReader` builds from
// it, or be left to `CsvReader`; and a backtest of a CSV file with rows of every awkward kind must
// give the report of the same rows read by `CsvReader` alone.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { convertJsonlToParquet, readRecordsDuckdb } from '../data/duckdb.js';
import { fieldKinds, parseCsv, readRecords } from '../data/records.js';
import type { DecisionGraph } from '../graph.js';
import { parseOverrides } from '../overrides.js';
import { RowJson } from './row-json.js';
import { dataSourceFor } from './inputs.js';
import { fileSource, runBacktest, type BacktestVersion, type DataSource } from './engine.js';
import { tempFile } from './test-fixture.js';

const root = join(import.meta.dirname, '..', '..');
const policyText = readFileSync(join(root, 'samples/application.policy'), 'utf8');
let graph: DecisionGraph;

beforeAll(() => {
  graph = compileText(policyText).graph!;
});

/** What `CsvReader` reads from one row after `header`: the record as JSON data, 'blank', or the unreadable reason. */
async function reference(header: string, row: string): Promise<unknown> {
  const items = [];
  for await (const item of parseCsv([header, ...row.split(/\r\n|\r|\n/)], graph)) items.push(item);
  if (items.length === 0) return 'blank';
  const item = items[0];
  return 'record' in item ? JSON.parse(JSON.stringify(item.record)) : item.unreadable;
}

/** What the rewriter makes of it: the record its JSON holds, 'blank', 'refused' (-1) or 'invalid' (JSON the scanner refuses). */
function rewritten(header: string, row: string): unknown {
  const json = RowJson.csv(header, fieldKinds(graph));
  const buf = Buffer.from(row, 'utf8');
  const next = json.csvRow(buf, new DataView(buf.buffer, buf.byteOffset, buf.byteLength), 0, buf.length);
  if (next < 0) return 'refused';
  expect(next).toBe(buf.length);
  if (json.blank) return 'blank';
  try {
    return JSON.parse(json.out.toString('utf8', 0, json.length));
  } catch {
    return 'invalid';
  }
}

const HEADER = 'applicant.id,applicant.contacts,own_blacklist.listed,own_blacklist.reason,extra.tags,extra.flag,__proto__.x,a.b.c,"we""ird.k,ey",outcome.bad_30dpd';

describe('a CSV row as JSON', () => {
  it('holds the record CsvReader builds, or is left to it', async () => {
    const rows: [string, 'same' | 'refused' | 'blank' | 'invalid'][] = [
      ['A1,[],true,,,,,,,false', 'same'],
      ['A2,"[{""name"":""杨娟"",""phone"":""1"",""relation"":""parent"",""in_address_book"":true}]",false,"a, b",x,true,p,q,r,true', 'same'],
      // Quotes, backslashes and control bytes in text cells; an unquoted quote is a plain byte.
      ['"A""3",[],"TRUE",back\\slash,"tab\there",x"y,"",,,', 'same'],
      // A cell of an undeclared column that starts with `[`: JSON when it is, text otherwise.
      ['A4,[],false,,"[1,""two"",{""x"":[3]}]",[true],,,,', 'same'],
      ['A5,[],false,,"[1 2]",,,,,', 'invalid'],
      // Every cell of a group empty: the group is absent; every cell empty: an empty record.
      ['A6,,,,,,,,,', 'same'],
      [',,,,,,,,,', 'same'],
      // A string in a list that holds an escaped quote and brackets.
      ['A7,"[{""name"":""a\\""]}"",""phone"":""1"",""relation"":""friend"",""in_address_book"":false}]",false,,,,,,,', 'same'],
      // Left to CsvReader: not one bracketed value, text after a closing quote, too few or too many
      // cells, a cell over two lines, a lone CR, a list cell that is not a list.
      ['A8,"[1],""x"":[2]",false,,,,,,,', 'refused'],
      ['A9,"[1] ",false,,,,,,,', 'refused'],
      ['A10,"a"b,false,,,,,,,', 'refused'],
      ['A11,[]', 'refused'],
      ['A12,[],false,,,,,,,,', 'refused'],
      ['A13,[],"two\nlines",,,,,,,', 'refused'],
      ['A14,[],false\r,,,,,,,', 'refused'],
      ['A15,null,false,,,,,,,', 'refused'],
      // Literals only when the whole cell is one; a quoted `true` is one too.
      ['A16,[],"true",,"true,x",truex,,,,"false"', 'same'],
      ['A17,[],"true""",,,,,,,', 'same'],
      // A list cell with text after its bracket, or with a raw control byte, or a CR in a list.
      ['A18,"[1]x",false,,,,,,,', 'refused'],
      ['A19,"[""a\tb""]",false,,,,,,,', 'refused'],
      ['A20,[],false,,"[1,\r2]",,,,,', 'refused'],
      // Every cell of a nested object empty, then one of it filled.
      ['A21,[],,,,,,,,', 'same'],
      ['A22,[],,,,,,deep,,', 'same'],
      // A backslash in a list's string right before the cell's closing quote: that quote ends the
      // cell (the list is cut short), it is not a doubled quote escaped by the backslash.
      ['A23,"[""a\\",""]",false,,,,,,,', 'refused'],
      ['A24,"[""a\\"""",""b""]",false,,,,,,,', 'same'],
      ['', 'blank'],
      ['""', 'blank'],
    ];
    // Each row under the header, and under one where a column of `applicant` comes after the others.
    for (const [header, tail] of [
      [HEADER, ''],
      [`${HEADER},applicant.tail`, ',t'],
    ])
      for (const [row, expected] of rows) {
        const line = expected === 'blank' ? row : row + tail;
        const got = rewritten(header, line);
        const want = await reference(header, line);
        if (expected === 'same') expect([line, got]).toEqual([line, want]);
        // Refused: by the writer, or as JSON the scanner refuses (either way CsvReader reads the row).
        else if (expected === 'refused') expect([line, ['refused', 'invalid'].includes(got as string)]).toEqual([line, true]);
        else expect([line, got]).toEqual([line, expected]);
        if (expected === 'blank') expect(want).toBe('blank');
      }
  });

  it('holds the record DuckDB rows are built into (cells joined by U+001F)', () => {
    const json = RowJson.parquet(
      [
        { path: ['applicant', 'id'], kind: 'text' },
        { path: ['applicant', 'age'], kind: 'plain' },
        { path: ['applicant', 'contacts'], kind: 'json' },
        { path: ['own_blacklist', 'listed'], kind: 'bool' },
        { path: ['own_blacklist', 'reason'], kind: 'text' },
        { path: ['extra', 'flag'], kind: 'text' },
      ],
      fieldKinds(graph),
    );
    const read = (cells: string[]) => {
      const buf = Buffer.from(cells.join('\u001f'), 'utf8');
      if (json.joined(buf, new DataView(buf.buffer, buf.byteOffset, buf.byteLength), 0, buf.length) < 0) return 'refused';
      return JSON.parse(json.out.toString('utf8', 0, json.length));
    };
    expect(read(['A1', '33', '[{"name":"a\\"]"}]', 'true', 'say "hi"\n', 'true'])).toEqual({
      applicant: { id: 'A1', age: '33', contacts: [{ name: 'a"]' }] },
      own_blacklist: { listed: true, reason: 'say "hi"\n' },
      extra: { flag: true },
    });
    // Empty cells are absent, and so is a group with nothing in it; a text `true` in a plain column stays text.
    expect(read(['A2', 'true', '', 'false', '', ''])).toEqual({ applicant: { id: 'A2', age: 'true' }, own_blacklist: { listed: false } });
    expect(read(['', '', '', '', '', ''])).toEqual({});
    // Left to the record builder: a cell count off (a separator inside a cell), a list that is not one value, a bool that is neither.
    expect(read(['A3', '1', '[]', 'true', 'x', 'y', 'z'])).toBe('refused');
    expect(read(['A4', '1', '[1] ', 'true', '', ''])).toBe('refused');
    expect(read(['A5', '1', '{}', 'true', '', ''])).toBe('refused');
    expect(read(['A6', '1', '[]', 'maybe', '', ''])).toBe('refused');
  });

  it('leaves a header whose paths nest ambiguously to CsvReader', () => {
    for (const header of ['a,a.b', 'a.b,a', 'a.b,a.b']) expect(RowJson.csv(header, new Map()).regular).toBe(false);
    expect(RowJson.csv('a.b,a.c,b', new Map()).regular).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// A backtest of awkward rows: the same report as the rows read by CsvReader alone.

/** A small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWKWARD = ['', '"x,y"', '"say ""hi"""', 'a\\b', '"tab\tin"', 'true', 'false', '[1]', '"[""a"",[2]]"', '"[1 2]"', '[', '"[1],""k"":[2]"', '"two\nlines"', '"x"y', 'null', '12', '"12.50"', '-0', '1e3', '"2025-01-01"', '__proto__'];

function awkwardCsv(seed: number): string {
  const lines = readFileSync(join(root, 'samples/data/applicants.csv'), 'utf8').split('\n');
  const header = lines[0].split(',');
  const lists = header.flatMap((h, i) => (fieldKinds(graph).get(h) === 'list' ? [i] : []));
  const groups = [...new Set(header.map((h) => h.split('.')[0]))];
  const rnd = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out = [lines[0]];
  for (const line of lines.slice(1, 1201)) {
    if (line === '') continue;
    const r = rnd();
    if (r < 0.4) {
      out.push(line);
      continue;
    }
    // Cells found by a split that respects quotes.
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')).slice(0, header.length);
    if (r < 0.6) cells[Math.floor(rnd() * cells.length)] = pick(AWKWARD);
    else if (r < 0.8) cells[pick(lists)] = pick(AWKWARD);
    else if (r < 0.95) {
      // A whole group empty (absent from the record).
      const g = pick(groups);
      header.forEach((h, i) => h.split('.')[0] === g && (cells[i] = ''));
    } else cells.pop();
    out.push(cells.join(','));
  }
  return `${out.join('\n')}\n`;
}

describe('a backtest of a CSV file', () => {
  const version = (set: string[] = []): BacktestVersion => {
    const { overrides, errors } = parseOverrides(graph, { set, switch: [] });
    if (errors.length) throw new Error(errors.join('; '));
    return { file: 'samples/application.policy', text: policyText, graph, overrides, set, switch: [] };
  };
  const run = async (data: DataSource) => {
    let swaps = '';
    const report = await runBacktest({ base: version(), candidate: version(['min_phone_tenure=3']), data, workers: 0, swaps: (t) => void (swaps += t) });
    return { report: JSON.stringify({ ...report, inputs: { ...report.inputs, data: null } }), swaps };
  };

  it('of awkward rows gives the report of the rows read by CsvReader alone', async () => {
    for (const seed of [1, 2]) {
      const path = tempFile(`awkward-${seed}.csv`, awkwardCsv(seed));
      const fast = await run(fileSource(path, 'csv', graph));
      const slow = await run({ path, format: 'csv', items: () => readRecords(path, 'csv', graph) });
      expect(JSON.parse(fast.report).badRecords.count).toBeGreaterThan(20);
      // Outcome cells that are not labels ("x,y", "[1]", 12) are among the awkward ones, counted alike.
      expect(JSON.parse(fast.report).totals.notLabels.count).toBeGreaterThan(0);
      expect(fast.report).toBe(slow.report);
      expect(fast.swaps).toBe(slow.swaps);
    }
  });

  it('of rows that are not UTF-8 lists each as a bad record, as CsvReader reads them, and reads the rest', async () => {
    // A spreadsheet's export in Latin-1 or GBK: the rows with such bytes, one of them over two lines.
    const lines = readFileSync(join(root, 'samples/data/applicants.csv'), 'utf8').split('\n').slice(0, 301);
    const parts = lines.map((l, i) => {
      if (i === 0 || i % 50 !== 7) return Buffer.from(`${l}\n`);
      // The name cell in Latin-1 bytes, the rest of the row in UTF-8 (Chinese names in its contacts).
      const cells = l.split(',');
      const name = Buffer.from(i % 100 === 7 ? '"Jos\xe9\nMar\xeda"' : 'Jos\xe9', 'latin1');
      return Buffer.concat([Buffer.from(`${cells[0]},`), name, Buffer.from(`,${cells.slice(2).join(',')}\n`)]);
    });
    const path = tempFile('latin1.csv', '');
    writeFileSync(path, Buffer.concat(parts));
    const fast = await run(fileSource(path, 'csv', graph));
    const slow = await run({ path, format: 'csv', items: () => readRecords(path, 'csv', graph) });
    const bad = JSON.parse(fast.report).badRecords.listed.filter((b: { reason: string }) => b.reason.includes('not valid UTF-8'));
    // The line each altered row starts on: one more for every line break before it.
    const starts: number[] = [];
    let at = 1;
    parts.forEach((b, i) => {
      if (i % 50 === 7) starts.push(at);
      at += b.filter((c) => c === 0x0a).length;
    });
    expect(bad.map((b: { line: number }) => b.line)).toEqual(starts);
    expect(JSON.parse(fast.report).totals.records).toBe(300);
    expect(fast.report).toBe(slow.report);
  });

  it('of awkward Parquet rows gives the report of the rows built into records', async () => {
    // Values of every awkward kind, in the columns they can reach: text with quotes, backslashes,
    // control bytes and the unit separator DuckDB's rows are joined by; lists that are not lists;
    // numbers and bools as text; empty texts and whole groups missing.
    const rnd = random(3);
    const odd = ['\ufeffbom', 'say "hi"', 'a\\b', 'tab\tnl\n', 'x\u001fy', '', 'true', '[1]', '[1 2]', '12.50', '__proto__', '长'.repeat(20)];
    const lines = readFileSync(join(root, 'samples/data/applicants.jsonl'), 'utf8').split('\n').filter((l) => l !== '').slice(0, 1200);
    const out = lines.map((line, i) => {
      const rec = JSON.parse(line);
      // Rows whose text starts with U+FEFF (their first cell, the id), among them the first rows,
      // whose ids are the examples of the swap matrix.
      if (i < 8 || i % 25 === 7) {
        rec.applicant.id = `\ufeff${rec.applicant.id}`;
        return JSON.stringify(rec);
      }
      const r = rnd();
      if (r < 0.3) return line;
      const groups = Object.keys(rec);
      const g = groups[Math.floor(rnd() * groups.length)];
      if (r < 0.4) delete rec[g];
      else if (rec[g] && typeof rec[g] === 'object') {
        const keys = Object.keys(rec[g]);
        const k = keys[Math.floor(rnd() * keys.length)];
        rec[g][k] = odd[Math.floor(rnd() * odd.length)];
      }
      return JSON.stringify(rec);
    });
    const dir = mkdtempSync(join(tmpdir(), 'verdict-rowjson-'));
    writeFileSync(join(dir, 'a.jsonl'), `${out.join('\n')}\n`);
    const path = join(dir, 'a.parquet');
    await convertJsonlToParquet(join(dir, 'a.jsonl'), path, 500);
    const fast = await run(dataSourceFor(path, 'parquet', graph));
    const slow = await run({ path, format: 'parquet', items: () => readRecordsDuckdb(path, 'parquet', graph) });
    expect(JSON.parse(fast.report).badRecords.count).toBeGreaterThan(20);
    expect(JSON.parse(fast.report).totals.notLabels.count).toBeGreaterThan(0);
    expect(fast.report).toBe(slow.report);
    expect(fast.swaps).toBe(slow.swaps);
  });
});
