// The fast JSONL reader against the slow way it stands in for (JSON.parse + decodeRecord): on
// every sample line, on hand-made lines at the edges of JSON and of the decoders, and on thousands
// of randomly damaged lines. Whenever the scanner says it read a line, the slots, the as-of day
// and the label must be exactly the slow way's; a line the slow way rejects must never scan.
//
// Every test runs twice: with the general scanner alone (`fastPath: false`), and with the fast
// path (scan-fast.ts) on a scanner that has learned the sample's key order first, where the tests
// also check that the fast path itself read most of the lines that scanned.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import type { DecisionGraph } from '../graph.js';
import { buildLayout, decodeRecord, type RecordLayout } from '../record.js';
import { isNum, numToString } from '../values.js';
import { parseJson } from '../json.js';
import { LineScanner, readSet, type ReadSet } from './scan.js';
import { mulberry32 } from '../data/random.js';

const root = join(import.meta.dirname, '..', '..');
const policyText = readFileSync(join(root, 'samples/application.policy'), 'utf8');
const lines = readFileSync(join(root, 'samples/data/applicants.jsonl'), 'utf8').trimEnd().split('\n');
const LABEL = 'bad_30dpd';
let graph: DecisionGraph;
let layout: RecordLayout;
/** Every field read: the scanner builds every value, so all of them can be compared. */
let all: ReadSet;

beforeAll(() => {
  const c = compileText(policyText);
  if (!c.graph) throw new Error('the sample policy does not compile');
  graph = c.graph;
  layout = buildLayout(graph);
  all = { fields: new Set(layout.fields.map((f) => f.label)), itemFields: new Set(['name', 'phone', 'relation', 'in_address_book', 'remark_matches', 'month', 'call_minutes', 'sms_count', 'amount', 'at']) };
});

/** Values compared exactly: numbers by their decimal text, whatever their representation. */
function show(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(show);
  if (isNum(v)) return `#${numToString(v)}`;
  return v;
}

/** true, false; null for a value that is not a label; undefined for none (absent, null). */
function labelOf(rec: unknown): boolean | null | undefined {
  if (typeof rec !== 'object' || rec === null || !Object.hasOwn(rec, 'outcome')) return undefined;
  const o = (rec as Record<string, unknown>).outcome;
  if (typeof o !== 'object' || o === null || !Object.hasOwn(o, LABEL)) return undefined;
  const v = (o as Record<string, unknown>)[LABEL];
  // The strings "true" and "false" too, as a bool field reads them (and CSV cells carry them), and 1 and 0.
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  if (v === null) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return n === 1 ? true : n === 0 ? false : null;
}

type Slow = { ok: true; vals: unknown[]; asOf: number | undefined; label: boolean | null | undefined } | { ok: false };

function slow(line: string): Slow {
  let rec: unknown;
  try {
    rec = parseJson(line);
  } catch {
    return { ok: false };
  }
  const vals = new Array<unknown>(layout.size);
  try {
    const asOf = decodeRecord(layout, rec, vals);
    return { ok: true, vals: vals.map(show), asOf, label: labelOf(rec) };
  } catch {
    return { ok: false };
  }
}

/** Which scanner the tests run: the general one alone, or the fast path (learned from the sample first). */
let mode: 'general' | 'fast' = 'general';
/** Lines the fast path read (in `fast` mode). */
let fastPathReads = 0;
const primed = new Map<ReadSet, LineScanner>();

/** A scanner of the current mode; in `fast` mode, one that has read the first sample lines (and learned their order). */
function newScanner(reads: ReadSet = all): LineScanner {
  const scanner = LineScanner.for(layout, LABEL, reads, { fastPath: mode === 'fast' })!;
  if (mode === 'fast') {
    const vals = new Array<unknown>(layout.size);
    for (const line of lines.slice(0, 200)) {
      const buf = Buffer.from(line, 'utf8');
      scanner.scan(buf, 0, buf.length, vals);
    }
    expect(scanner.fastLines).toBeGreaterThan(150);
  }
  return scanner;
}

/** One scanner per read set and mode, shared by the lines of a test (its learning carries over: the answers must not depend on it). */
function sharedScanner(reads: ReadSet): LineScanner {
  let s = primed.get(reads);
  if (s === undefined) {
    s = newScanner(reads);
    primed.set(reads, s);
  }
  return s;
}

/** The scanner's answer for a line; `undefined` when it leaves the line to the slow way. */
function fast(line: string, reads: ReadSet = all, scanner = sharedScanner(reads)): Slow | undefined {
  const buf = Buffer.from(line, 'utf8');
  const vals = new Array<unknown>(layout.size);
  const before = scanner.fastLines;
  if (!scanner.scan(buf, 0, buf.length, vals)) return undefined;
  fastPathReads += scanner.fastLines - before;
  return { ok: true, vals: vals.map(show), asOf: scanner.asOf, label: scanner.label };
}

/** In `fast` mode, that the fast path itself read at least `share` of the `scanned` lines since `from`. */
function expectFastPath(from: number, scanned: number, share: number): void {
  if (mode === 'fast') expect(fastPathReads - from).toBeGreaterThanOrEqual(Math.floor(scanned * share));
  else expect(fastPathReads).toBe(0);
}

function agree(line: string, scanner?: LineScanner): 'fast' | 'slow' {
  const f = fast(line, all, scanner);
  const s = slow(line);
  if (f === undefined) return 'slow';
  expect([line, f]).toEqual([line, s]);
  return 'fast';
}

const base = () => JSON.parse(lines[0]) as Record<string, Record<string, unknown>>;
const edit = (f: (r: Record<string, Record<string, unknown>>) => void): string => {
  const r = base();
  f(r);
  return JSON.stringify(r);
};

describe.each([['general', 'the line scanner (general scanner only)'], ['fast', 'the line scanner (fast path)']] as const)('%s', (which, _title) => {
  beforeAll(() => {
    mode = which;
    fastPathReads = 0;
    primed.clear();
  });

  it('reads every sample line exactly as JSON.parse and decodeRecord do, and nearly all of them fast', () => {
    let fastCount = 0;
    const from = fastPathReads;
    for (const line of lines) if (agree(line) === 'fast') fastCount++;
    // The bad sample records (wrong types, bad dates) go the slow way; the rest are read fast.
    expect(fastCount).toBeGreaterThan(lines.length * 0.97);
    expectFastPath(from, fastCount, 0.97);
  });

  it('agrees at the edges of JSON and of the decoders', () => {
    const line = lines[0];
    const cases = [
      line.replace('"age":33', '"age":33.0'),
      line.replace('"age":33', '"age":-0'),
      line.replace('"age":33', '"age":3.3e1'),
      line.replace('"age":33', '"age":1e400'),
      line.replace('"age":33', '"age":12345678901234567890'),
      line.replace('"age":33', '"age":"33"'),
      line.replace('"age":33', '"age":"0033.50"'),
      line.replace('"age":33', '"age":"-.5"'),
      line.replace('"age":33', '"age":"1e3"'),
      line.replace('"age":33', '"age":"thirty"'),
      line.replace('"age":33', '"age":01'),
      line.replace('"age":33', '"age":1.'),
      line.replace('"age":33', '"age":null'),
      line.replace('"age":33', '"age":[33]'),
      line.replace('"age":33', '"age":33,"age":34'),
      line.replace('"gender":"M"', '"gender":"M","gender":{"x":[1,2,{"y":null}]}'),
      line.replace('"gender":"M"', '"__proto__":{"age":1},"constructor":"x"'),
      line.replace('"monthly_income":"8722.94"', '"monthly_income":"8722.940000000000000001"'),
      line.replace('"monthly_income":"8722.94"', '"monthly_income":8722.94'),
      // Numbers a double would round: read exactly, as the same decimal in a string.
      line.replace('"monthly_income":"8722.94"', '"monthly_income":2999.9999999999999999'),
      line.replace('"monthly_income":"8722.94"', '"monthly_income":-2999.99999999999999990e0'),
      line.replace('"age":33', '"age":17.99999999999999999'),
      line.replace('"age":33', '"age":0.30000000000000004'),
      line.replace('"call_minutes":141', '"call_minutes":141.00000000000000001'),
      line.replace('"gender":"M"', '"gender":1.00000000000000000001'),
      line.replace('"phone":"18382461807"', '"phone":18382461807.000000000001'),
      line.replace('"monthly_income":"8722.94"', '"monthly_income":"１２"'),
      line.replace('"name":"陈平"', '"name":"陈\\u5e73"'),
      line.replace('"name":"陈平"', '"name":"a\\"b\\\\c\\/d\\n"'),
      line.replace('"name":"陈平"', '"name":"\\x"'),
      line.replace('"name":"陈平"', '"name":"tab\there"'),
      line.replace('"name":"陈平"', '"n\\u0061me":"陈平"'),
      line.replace('"education":"primary"', '"education":"master"'),
      line.replace('"education":"primary"', '"education":"Master"'),
      line.replace('"education":"primary"', '"education":"prim\\u0061ry"'),
      line.replace('"applied_at":"2025-04-25"', '"applied_at":"2025-02-30"'),
      line.replace('"applied_at":"2025-04-25"', '"applied_at":"2025-04-25T10:00:00+08:00"'),
      line.replace('"as_of":"2025-04-25"', '"as_of":"2024-02-29"'),
      line.replace('"as_of":"2025-04-25"', '"as_of":"2023-02-29"'),
      line.replace('"as_of":"2025-04-25"', '"as_of":null'),
      line.replace('"as_of":"2025-04-25"', '"as_of":{"d":1}'),
      line.replace('"as_of":"2025-04-25",', ''),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":true}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":"yes"}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":"true"}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":"false"}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":1}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":0}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":"0"}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":2}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":1.0}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":null}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":{"v":true}}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":[true]}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"bad_30dpd":""}'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":[1]'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":null'),
      line.replace('"outcome":{"bad_30dpd":false}', '"outcome":{"other":true}'),
      line.replace('"listed":false}', '"listed":"false"}'),
      line.replace('"listed":false}', '"listed":true,"reason":"x"}'),
      line.replace('"own_blacklist":{"listed":false}', '"own_blacklist":null'),
      line.replace('"own_blacklist":{"listed":false}', '"own_blacklist":{}'),
      line.replace('"own_blacklist":{"listed":false}', '"own_blacklist":[]'),
      line.replace('"bills":[', '"bills":[null,'),
      line.replace('"topups":[]', '"topups":[{"at":"2025-03-02","amount":"50"}]'),
      line.replace('"topups":[]', '"topups":"[]"'),
      line.replace('"topups":[]', '"topups":[{"at":"2025-03-02"}]'),
      line.replace('"remark_matches":true', '"remark_matches":null'),
      line.replace('"remark_matches":true', '"remark_matches":true,"remark_matches":false'),
      line.replace('"device":{"os":"ios","ip_city":"成都"}', '"device" : { "os" : [ true , false , null , -1.5e-3 ] }'),
      line.replace('"device":{"os":"ios","ip_city":"成都"}', '"device":{"os":ios}'),
      line.replace('"device":{"os":"ios","ip_city":"成都"}', '"device":{"os":"ios",}'),
      line.replace('"device":{"os":"ios","ip_city":"成都"}', '"device":{"os":"\u0001"}'),
      line.replace('"device":{"os":"ios","ip_city":"成都"}', `"device":${'['.repeat(100)}${']'.repeat(100)}`),
      line.replace('{"applicant"', ' \t{"applicant"'),
      `${line}  \r`,
      `${line},`,
      `${line}}`,
      line.slice(0, -1),
      line.replace('{"applicant":{', '{"applicant":{}, "x":{'),
      line.replace('"applicant":', '"applicant" :'),
      '{}',
      '[]',
      '{"applicant":null}',
    ];
    const seen = { fast: 0, slow: 0 };
    const from = fastPathReads;
    for (const c of cases) seen[agree(c)]++;
    expect(seen.fast).toBeGreaterThan(20);
    // Some edge cases are beyond the fast path (a key with a space before its colon, an escaped key…).
    expectFastPath(from, seen.fast, 0.6);
    // Edits of parsed records, written back by JSON.stringify.
    for (const e of [
      (r: Record<string, Record<string, unknown>>) => delete r.applicant.marital_status,
      (r: Record<string, Record<string, unknown>>) => delete r.applicant.age,
      (r: Record<string, Record<string, unknown>>) => delete r.credit_report,
      (r: Record<string, Record<string, unknown>>) => delete r.applicant,
      (r: Record<string, Record<string, unknown>>) => (r.applicant.zhima_score = 650),
      (r: Record<string, Record<string, unknown>>) => (r.applicant.zhima_score = 0.1 + 0.2),
    ])
      agree(edit(e));
  });

  it('agrees on thousands of randomly damaged lines', () => {
    const rnd = mulberry32(7);
    const scanner = newScanner();
    const from = fastPathReads;
    const alphabet = '{}[]",:0123456789.-eE+ \\tnulrfase\u00e9\u9648x';
    let fastCount = 0;
    for (let i = 0; i < 4000; i++) {
      let line = lines[Math.floor(rnd() * 200)];
      for (let k = 1 + Math.floor(rnd() * 2); k > 0; k--) {
        const at = Math.floor(rnd() * line.length);
        const ch = alphabet[Math.floor(rnd() * alphabet.length)];
        const op = rnd();
        line = op < 0.4 ? line.slice(0, at) + line.slice(at + 1) : op < 0.8 ? line.slice(0, at) + ch + line.slice(at + 1) : line.slice(0, at) + ch + line.slice(at);
      }
      if (agree(line, scanner) === 'fast') fastCount++;
    }
    // Many damaged lines are still valid (a digit for a digit, a letter in a name): those are read fast.
    expect(fastCount).toBeGreaterThan(500);
    // Most damage the fast path cannot follow is to a key (a key never seen before): those lines are the general scanner's.
    expectFastPath(from, fastCount, 0.35);
  });

  it('agrees line after line with one scanner, whose key predictions (learned from the lines before) may be wrong', () => {
    // One scanner for every line: it predicts each key from the order of the lines before, so the
    // lines below break those predictions in every way (orders, near misses, many unknown keys).
    const scanner = newScanner();
    const rnd = mulberry32(11);
    const shuffled = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(() => rnd() - 0.5));
    const variants: string[] = [];
    for (const line of lines.slice(0, 150)) {
      const r = JSON.parse(line) as Record<string, Record<string, unknown>>;
      variants.push(line, JSON.stringify(shuffled(r)));
      const a = { ...r.applicant };
      variants.push(JSON.stringify({ ...r, applicant: shuffled(a) }));
      // Near misses of a predicted key: longer, shorter, one byte off, and a key of the right length.
      variants.push(line.replace('"age":', '"agex":'), line.replace('"age":', '"ag":'), line.replace('"age":', '"agf":'), line.replace('"channel":', '"channek":'));
      variants.push(line.replace('"applicant":{', '"applicant":{"applicant":1,'), line.replace('"hit":', '"hit":true,"hit":'));
    }
    // More unknown keys than a table learns.
    for (let i = 0; i < 200; i++) variants.push(edit((r) => (r.applicant[`extra_${i}`] = i)), edit((r) => ((r as Record<string, unknown>)[`top_${i}`] = { a: [i] })));
    // Strings whose quote, backslash, control or non-ASCII byte falls at every offset of a four-byte word.
    for (let i = 0; i < 8; i++) {
      const pad = 'x'.repeat(i);
      for (const tail of ['', '\\"', '\\n', '\\u00e9', 'é', '陈', '\t', '"'])
        variants.push(lines[0].replace(/"name":"[^"]*"/, `"name":"${pad}${tail}"`), lines[0].replace('"gender":"', `"gender":"${pad}${tail}`));
    }
    let fastCount = 0;
    const from = fastPathReads;
    for (const line of variants) if (agree(line, scanner) === 'fast') fastCount++;
    expect(fastCount).toBeGreaterThan(variants.length / 2);
    // Shuffled orders and unknown keys are the general scanner's; the lines in the learned order are the fast path's.
    expectFastPath(from, fastCount, 0.3);
  });

  it('leaves a text nobody reads unbuilt, and everything else as the slow way gives it', () => {
    const reads = readSet([graph]);
    expect(reads.fields.has('applicant.phone')).toBe(false);
    expect(reads.fields.has('applicant.name')).toBe(true);
    const textSlots = new Set(layout.fields.filter((f) => f.type.kind === 'text' && !reads.fields.has(f.label) && f.slot !== layout.idSlot).map((f) => f.slot));
    for (const line of lines.slice(0, 300)) {
      const f = fast(line, reads);
      const s = slow(line);
      if (!f?.ok || !s.ok) continue;
      f.vals.forEach((v, slot) => {
        if (textSlots.has(slot)) expect(v).toBe(s.vals[slot] === undefined ? undefined : '');
        else if (layout.fields[slot].label !== 'applicant.contacts') expect([slot, v]).toEqual([slot, s.vals[slot]]);
      });
    }
  });
});
