// JSON numbers are read exactly: a number whose double would lose digits of its text is kept as
// written (JsonNumber) by parseJson and by the replay's byte scanners alike, and a number or money
// field reads it as it reads the same decimal in a string.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileText } from './compile.js';
import { prepare } from './evaluate.js';
import { hasLossyNumber, JsonTooDeep, parseJson } from './json.js';
import { parseOverrides } from './overrides.js';
import { fileSource, runBacktest } from './replay/engine.js';
import { JsonNumber, NUMBER_BOUND_TEXT } from './values.js';

describe('parseJson', () => {
  it('gives what JSON.parse gives when every number reads back exactly', () => {
    const texts = [
      '{"a":1,"b":[1.5,-2e3,0.30000000000000004,1234567890123456,100000000000000000000],"c":{"d":"x\\"y\\\\","e":null,"f":true,"g":false}}',
      '{"__proto__":{"x":1},"constructor":2,"k":3,"k":4}',
      ' [ {"s":"a\\u00e9\\n"} , 1e400 , -0 , "2999.9999999999999999" ] ',
      '"12345678901234567890"',
    ];
    for (const t of texts) {
      expect(hasLossyNumber(t)).toBe(false);
      expect(parseJson(t)).toEqual(JSON.parse(t));
    }
  });

  it('keeps a number a double would round as written, the rest as JSON.parse gives it', () => {
    const t = '{"__proto__":{"m":2999.9999999999999999},"s":"2999.9999999999999999 \\" 1.00000000000000000001","l":[17.99999999999999999,1,"x"],"k":1,"k":0.1000000000000000000000001e1}';
    expect(hasLossyNumber(t)).toBe(true);
    const v = parseJson(t) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__', 's', 'l', 'k']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v['__proto__']).toEqual({ m: new JsonNumber('2999.9999999999999999') });
    expect(v.s).toBe('2999.9999999999999999 " 1.00000000000000000001');
    expect(v.l).toEqual([new JsonNumber('17.99999999999999999'), 1, 'x']);
    expect(v.k).toEqual(new JsonNumber('0.1000000000000000000000001e1'));
    // Invalid JSON fails as JSON.parse fails.
    expect(() => parseJson('{"a":2999.9999999999999999,}')).toThrow(SyntaxError);
  });

  it('says that valid JSON nested too deeply to read exactly is so, not that it is invalid', () => {
    const deep = `${'['.repeat(100_000)}1.00000000000000000001${']'.repeat(100_000)}`;
    expect(() => parseJson(deep)).toThrow(JsonTooDeep);
    expect(() => parseJson(deep)).toThrow('nested too deeply to read');
  });

  it('keeps a nonzero number below the smallest double as written, instead of the 0 JSON.parse makes of it', () => {
    const t = '{"a":1e-400,"b":0e-400,"c":-0.0E5,"d":2.5e-3}';
    expect(hasLossyNumber(t)).toBe(true);
    expect(parseJson(t)).toEqual({ a: new JsonNumber('1e-400'), b: 0, c: -0, d: 0.0025 });
    expect(hasLossyNumber('{"b":0e-400,"d":2.5e-3}')).toBe(false);
  });
});

const POLICY = `policy p "P" version 1
input applicant {
  id: text
  age: number
  income: money
  note: text?
}
ruleset basics "Basics" {
  rule underage "Underage" {
    when applicant.age < 18
    then reject "underage"
  }
  rule low_income "Low income" {
    when applicant.income < 3000
    then reject "low income"
  }
}
decision d "D" {
  else => approve
}
flow {
  start -> basics -> d
}
`;

describe('a record with numbers a double would round', () => {
  const graph = compileText(POLICY).graph!;
  const lines = [
    // The same decimals as numbers and as strings decide the same: exactly.
    ['N1', '30', '2999.9999999999999999'],
    ['N2', '30', '"2999.9999999999999999"'],
    ['N3', '17.99999999999999999', '5000'],
    ['N4', '"17.99999999999999999"', '5000'],
    ['N5', '30', '3000.0000000000000001'],
  ];
  const record = ([id, age, income]: string[], note = '') => `{"applicant":{"id":"${id}","age":${age},"income":${income}${note}}}`;

  it('is decided exactly by run', () => {
    const ev = prepare(graph);
    const decided = lines.map((l) => ev.decide(parseJson(record(l))).decision);
    expect(decided).toEqual(['reject', 'reject', 'reject', 'reject', 'approve']);
    const r = ev.decide(parseJson(record(['N6', '30', '5000'], ',"note":1.00000000000000000001')));
    expect(r.reasons).toEqual(['applicant.note: expected a text, not 1.00000000000000000001']);
  });

  it('refuses a nonzero number too small for a double as out of range, never reading it as 0', () => {
    const r = prepare(graph).decide(parseJson(record(['U1', '1e-400', '5000'])));
    expect(r.decision).toBe('error');
    expect(r.reasons).toEqual([`applicant.age: "1e-400" is beyond the supported range (${NUMBER_BOUND_TEXT})`]);
  });

  it('refuses a long number with a huge exponent by its text, without writing out its digits', () => {
    // Expanded to plain digits first, the exponent below is ten million zeros (a billion, at
    // e-999999999, ran the heap out and killed the batch); the message quoted the zeros.
    const tiny = prepare(graph).decide(parseJson(record(['U2', '30', '1.00000000000000000000001e-9999999'])));
    expect(tiny.reasons).toEqual([`applicant.income: "1.00000000000000000000001e-9999999" is beyond the supported range (${NUMBER_BOUND_TEXT})`]);
    const exact = prepare(graph).decide(parseJson(record(['U3', '30', '3000.0000000000000000001e0000000000'])));
    expect(exact.decision).toBe('approve');
  });

  it('is decided the same in a backtest, by the byte scanners, after many plain lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-json-'));
    const path = join(dir, 'r.jsonl');
    // The awkward lines first (read by the general scanner: nothing is learnt yet), then after
    // plain lines (read by the fast path, which has learnt the key order by then).
    const plain = Array.from({ length: 300 }, (_, i) => record([`P${i}`, '30', '5000']));
    const awkward = lines.map((l) => record(l));
    writeFileSync(path, [...awkward, ...plain, ...awkward, record(['N6', '30', '5000'], ',"note":1.00000000000000000001')].join('\n') + '\n');
    const v = { file: 'p.policy', text: POLICY, graph, overrides: parseOverrides(graph, {}).overrides, set: [], switch: [] };
    const report = await runBacktest({ base: v, candidate: v, data: fileSource(path, 'jsonl', graph), workers: 0 });
    expect(report.decisions.base.counts).toEqual({ approve: 302, review: 0, reject: 8, error: 1 });
    expect(report.badRecords.listed.map((b) => b.reason)).toEqual(['applicant.note: expected a text, not 1.00000000000000000001']);
  });
});
