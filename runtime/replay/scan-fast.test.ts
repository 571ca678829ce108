// The line scanner's fast path (scan-fast.ts, scan-program.ts) and its byte readers (scan-text.ts,
// `dateBytes`), beyond what scan.test.ts runs through both paths: how the key order is learned
// and learned again, spaced JSON, numbers of every form, hostile orders. Every line any test
// scans is compared with the slow way (parseJson + decodeRecord), whichever path read it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import type { DecisionGraph } from '../graph.js';
import { buildLayout, decodeRecord, type RecordLayout } from '../record.js';
import { daysFromCivil, isNum, numToString, parseDate } from '../values.js';
import { mulberry32 } from '../data/random.js';
import { LineScanner, type ReadSet } from './scan.js';
import { dateBytes } from './scan-plan.js';
import { textOf } from './scan-text.js';
import { parseJson } from '../json.js';

const root = join(import.meta.dirname, '..', '..');
const lines = readFileSync(join(root, 'samples/data/applicants.jsonl'), 'utf8').trimEnd().split('\n');
const LABEL = 'bad_30dpd';
let graph: DecisionGraph;
let layout: RecordLayout;
const readsOf = (l: RecordLayout): ReadSet => ({ fields: new Set(l.fields.map((f) => f.label)), itemFields: new Set(['name', 'phone', 'relation', 'in_address_book', 'remark_matches', 'month', 'call_minutes', 'sms_count', 'amount', 'at']) });

beforeAll(() => {
  const c = compileText(readFileSync(join(root, 'samples/application.policy'), 'utf8'));
  if (!c.graph) throw new Error('the sample policy does not compile');
  graph = c.graph;
  layout = buildLayout(graph);
});

const show = (v: unknown): unknown => (Array.isArray(v) ? v.map(show) : isNum(v) ? `#${numToString(v)}` : v);

type Answer = { vals: unknown[]; asOf: number | undefined; label: boolean | undefined } | undefined;

function slow(line: string, layout: RecordLayout): Answer {
  try {
    const rec = parseJson(line) as Record<string, unknown>;
    const vals = new Array<unknown>(layout.size);
    const asOf = decodeRecord(layout, rec, vals);
    const o = Object.hasOwn(rec, 'outcome') ? (rec.outcome as Record<string, unknown> | null) : undefined;
    const v = typeof o === 'object' && o !== null && !Array.isArray(o) && Object.hasOwn(o, LABEL) ? o[LABEL] : undefined;
    return { vals: vals.map(show), asOf, label: v === true ? true : v === false ? false : undefined };
  } catch {
    return undefined;
  }
}

/** A scanner and the lines it read, by which path. */
class Run {
  readonly scanner: LineScanner;
  fast = 0;
  general = 0;
  constructor(private readonly layout_ = layout) {
    this.scanner = LineScanner.for(layout_, LABEL, readsOf(layout_))!;
  }
  /** Scans `line` and compares with the slow way; true when the fast path read it. */
  read(line: string): boolean {
    const buf = Buffer.from(line, 'utf8');
    const vals = new Array<unknown>(this.layout_.size);
    const before = this.scanner.fastLines;
    const ok = this.scanner.scan(buf, 0, buf.length, vals);
    const s = slow(line, this.layout_);
    if (ok) expect([line, { vals: vals.map(show), asOf: this.scanner.asOf, label: this.scanner.label }]).toEqual([line, s]);
    else if (s === undefined) return false;
    const byFast = this.scanner.fastLines > before;
    if (byFast) this.fast++;
    else if (ok) this.general++;
    return byFast;
  }
}

type Rec = Record<string, Record<string, unknown>>;

/** JSON as Python's json.dumps writes it: `, ` and `: ` between members. */
function spaced(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(spaced).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${spaced(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

describe('the line scanner fast path', () => {
  it('learns the key order from the lines it reads, optional keys present or not, and reads nearly every line by it', () => {
    const run = new Run();
    expect(run.read(lines[0])).toBe(false);
    for (const line of lines.slice(1)) run.read(line);
    // The sample leaves optional keys out at random (zhima_score, remark_matches…): once each has been seen, every order fits.
    expect(run.fast).toBeGreaterThan((run.fast + run.general) * 0.97);
  });

  it('learns a key order changed for good again, and reads by it', () => {
    const run = new Run();
    for (const line of lines.slice(0, 300)) run.read(line);
    const reorder = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
    const changed = lines.slice(300, 700).map((line) => {
      const r = JSON.parse(line) as Rec;
      const bills = r.carrier_bills?.bills;
      if (Array.isArray(bills)) r.carrier_bills = { ...r.carrier_bills, bills: bills.map((b) => (typeof b === 'object' && b !== null ? reorder(b as Record<string, unknown>) : b)) };
      return JSON.stringify(reorder({ ...r, applicant: reorder(r.applicant) }));
    });
    let late = 0;
    changed.forEach((line, i) => {
      if (run.read(line) && i >= 200) late++;
    });
    expect(late).toBeGreaterThan(190);
  });

  it('keeps the order of most lines when a few lines come in another one', () => {
    const run = new Run();
    const reorder = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
    let usual = 0;
    let usualFast = 0;
    lines.slice(0, 1000).forEach((line, i) => {
      if (i % 5 === 4) {
        const r = JSON.parse(line) as Rec;
        run.read(JSON.stringify(reorder({ ...r, applicant: reorder(r.applicant) })));
      } else if (i >= 100) {
        usual++;
        if (run.read(line)) usualFast++;
      } else run.read(line);
    });
    expect(usualFast).toBeGreaterThan(usual * 0.95);
  });

  it('takes the as-of day from the first input\'s applied_at as the slow way does, whether declared as a date, as a text or not at all', () => {
    const withApplied = (type: unknown): RecordLayout => {
      const g = structuredClone(graph);
      const fields = g.inputs[0].fields as Record<string, unknown>;
      if (type === undefined) delete fields.applied_at;
      else fields.applied_at = { type, optional: false };
      return buildLayout(g);
    };
    for (const l of [layout, withApplied({ kind: 'text' }), withApplied(undefined)]) {
      const run = new Run(l);
      lines.slice(0, 300).forEach((line, i) => {
        // Without as_of (the fallback), with it, and with applied_at of other shapes.
        run.read(line.replace(/"as_of":"[^"]*",/, ''));
        if (i % 10 === 0) run.read(line);
        if (i % 10 === 1) run.read(line.replace(/"as_of":"[^"]*",/, '').replace(/"applied_at":"[^"]*"/, '"applied_at":"2025-02-30"'));
        if (i % 10 === 2) run.read(line.replace(/"as_of":"[^"]*",/, '').replace(/"applied_at":"[^"]*"/, '"applied_at":20250425'));
        if (i % 10 === 3) run.read(line.replace(/"as_of":"[^"]*",/, '').replace(/"applied_at":"[^"]*"/, '"applied_at":"2025-04-25T10:00:00"'));
      });
      expect(run.fast).toBeGreaterThan(250);
    }
  });

  it('reads spaced JSON (", " and ": " between members) by the fast path too', () => {
    const run = new Run();
    for (const line of lines.slice(0, 400)) run.read(spaced(JSON.parse(line)));
    expect(run.fast).toBeGreaterThan((run.fast + run.general) * 0.9);
    // And lines of both styles, one after the other.
    for (const line of lines.slice(400, 600)) {
      run.read(line);
      run.read(spaced(JSON.parse(line)));
    }
  });

  it('reads numbers of every form JSON allows exactly as parseJson and the decoders do (digits a double would lose kept)', () => {
    const run = new Run();
    for (const line of lines.slice(0, 100)) run.read(line);
    const rnd = mulberry32(3);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
    const numbers = ['0', '-0', '0.0', '-0.0', '1', '-1', '7', '10', '999999999999999', '1000000000000000', '9007199254740993', '123456789012345678901', '1e3', '1E3', '1e+3', '-1.5e-3', '0.1', '0.30000000000000004', '1.0', '12.50', '0.000001', '2.5e400', '-2.5e400'];
    for (let i = 0; i < 300; i++) {
      const int = `${1 + Math.floor(rnd() * 9)}${digits(Math.floor(rnd() * 18))}`;
      numbers.push(int, `-${int}`, `${int}.${digits(1 + Math.floor(rnd() * 8))}`, `0.${digits(1 + Math.floor(rnd() * 17))}`, `${int}e${Math.floor(rnd() * 30) - 15}`);
    }
    const broken = ['01', '1.', '.5', '-', '+1', '1e', '1.e3', '--1', '1-', '0x10', '1.5.5'];
    const base = lines[0];
    expect(base).toContain('"age":33');
    expect(base).toContain('"similarity":0.9');
    for (const n of [...numbers, ...broken]) {
      run.read(base.replace('"age":33', `"age":${n}`));
      run.read(base.replace('"similarity":0.9', `"similarity":${n}`));
      run.read(base.replace('"monthly_income":"8722.94"', `"monthly_income":${n}`));
      run.read(base.replace('"monthly_income":"8722.94"', `"monthly_income":"${n}"`));
      run.read(base.replace('"call_minutes":141', `"call_minutes":${n}`));
    }
    // The valid ones that fit the fields' types are read by the fast path.
    expect(run.fast).toBeGreaterThan(1000);
  });

  it('stays exact on orders that never settle, too many unknown keys, and comes back after pausing', () => {
    const run = new Run();
    const rnd = mulberry32(5);
    const shuffle = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(() => rnd() - 0.5));
    for (let i = 0; i < 1500; i++) {
      const r = JSON.parse(lines[i % lines.length]) as Rec;
      run.read(JSON.stringify(shuffle({ ...r, applicant: shuffle(r.applicant) })));
    }
    for (let i = 0; i < 150; i++) {
      const r = JSON.parse(lines[i]) as Rec;
      for (let k = 0; k < 100; k++) r.applicant[`extra_${i}_${k}`] = k % 2 ? 'x' : [k, { k }];
      run.read(JSON.stringify(r));
    }
    // Orderly lines again: after its pause (at most 16 windows of 1024 lines), the fast path reads them.
    let late = 0;
    for (let i = 0; i < 20_000; i++) if (run.read(lines[i % lines.length]) && i >= 19_000) late++;
    expect(late).toBeGreaterThan(950);
  });
});

describe('the fast path byte readers', () => {
  it('builds texts from UTF-8 bytes exactly as Buffer decodes them, malformed bytes included', () => {
    const rnd = mulberry32(9);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const chars = ['a', 'Z', '0', ' ', '~', '\u007f', '\u0080', 'é', '\u07ff', '\u0800', '陈', '\ud7ff', '\ue000', '\uffff', '\ufeff', '😀'];
    const check = (bytes: number[]) => {
      const buf = Buffer.from([0x22, ...bytes, 0x22, 0xe9]);
      const ascii = bytes.every((b) => b < 0x80);
      expect([bytes, textOf(buf, 1, 1 + bytes.length, ascii)]).toEqual([bytes, buf.toString('utf8', 1, 1 + bytes.length)]);
    };
    // The edges of the sequences decoded here: overlong forms, surrogates, the last of each length, cut sequences.
    const edges = [[0xc0, 0x80], [0xc1, 0xbf], [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0x9f, 0xbf], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xf0, 0x9f, 0x98, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xf5, 0x80, 0x80, 0x80], [0xe1, 0x80], [0xe1], [0xc3], [0x80], [0xbf], [0xe1, 0x41, 0x80], [0xe1, 0x80, 0x41], [0xc3, 0x41], [0xc3, 0xc3, 0xa9]];
    for (const e of edges) for (const pad of [[], [0x61], [0x61, 0x62, 0x63]]) check([...pad, ...e, ...pad]);
    for (let i = 0; i < 20_000; i++) {
      const n = Math.floor(rnd() * 26);
      let bytes: number[];
      if (rnd() < 0.7) bytes = [...Buffer.from(Array.from({ length: n }, () => pick(chars)).join(''), 'utf8')];
      else bytes = Array.from({ length: n }, () => (rnd() < 0.5 ? Math.floor(rnd() * 0x80) : 0x80 + Math.floor(rnd() * 0x80)));
      // Cut anywhere (a sequence may end early), and within a larger buffer.
      check(bytes.slice(0, Math.floor(rnd() * (bytes.length + 1))));
    }
  });

  it('reads dates from bytes as parseDate reads them', () => {
    const buf = Buffer.alloc(10);
    const check = (text: string) => {
      buf.write(text, 'latin1');
      expect([text, dateBytes(buf, 0)]).toEqual([text, parseDate(text)]);
    };
    for (let y = 1897; y <= 2203; y++)
      for (let m = 0; m <= 13; m++)
        for (const d of [0, 1, 2, 15, 28, 29, 30, 31, 32]) check(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    for (const text of ['0000-01-01', '9999-12-31', '2024-02-29', '1900-02-29', '2000-02-29', '2100-02-29', '2025-4-025', '2025/04/25', '20250425xx']) check(text);
    expect(dateBytes(Buffer.from('1970-01-01'), 0)).toBe(0);
    expect(dateBytes(Buffer.from('2025-04-25'), 0)).toBe(daysFromCivil(2025, 4, 25));
  });
});
