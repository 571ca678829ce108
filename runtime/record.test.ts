import { describe, expect, it } from 'vitest';
import { compileText } from './compile.js';
import { buildLayout, decodeRecord, recordName } from './record.js';
import { DataError, Dec, formatDate, numToString, type Num } from './values.js';

const graph = (() => {
  const r = compileText(`policy r "Records" version 1
input app {
  id: text
  amount: money
  rate: number?
  ok: bool?
  kind: enum("a", "b")?
  day: date?
  items: list of { v: money, note: text? }?
}
source bureau { origin external  cost 1 per query  fields { score: number, tag: text? } }
ruleset s {
  rule r { when app.amount > 0 and app.rate > 0 and app.ok and app.kind == "a" and days_since(app.day) > 0 and count(app.items) > 0 and bureau.score > 0 and bureau.tag == "x" then flag "f" }
}
decision d { when app.amount > 0 => approve else => reject }
flow { start -> s -> d }
`);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.graph;
})();

const layout = buildLayout(graph);
const slot = (label: string) => layout.fields.find((f) => f.label === label)!.slot;

function decode(raw: unknown): unknown[] {
  const vals = new Array<unknown>(layout.size);
  decodeRecord(layout, raw, vals);
  return vals;
}

function errorOf(raw: unknown): string {
  try {
    decode(raw);
  } catch (e) {
    if (e instanceof DataError) return `${e.field}: ${e.detail}`;
    throw e;
  }
  return 'no error';
}

const app = (over: Record<string, unknown> = {}) => ({ id: 'x', amount: '8500.00', ...over });

describe('decodeRecord', () => {
  it('reads numbers from JSON numbers and exact decimal strings', () => {
    const v = decode({ app: app({ rate: '0.1234567890123456789012' }) });
    expect(v[slot('app.amount')]).toBe(8500);
    expect(v[slot('app.rate')]).toBeInstanceOf(Dec);
    expect(numToString(v[slot('app.rate')] as Num)).toBe('0.1234567890123456789012');
    expect(decode({ app: app({ amount: 12.5 }) })[slot('app.amount')]).toBe(12.5);
  });

  it('bounds numbers', () => {
    expect(errorOf({ app: app({ amount: '1'.repeat(400) }) })).toMatch(/^app\.amount: .* is beyond the supported range/);
    expect(errorOf({ app: app({ amount: '1e21' }) })).toMatch(/beyond the supported range/);
    expect(errorOf({ app: app({ amount: '1e-35' }) })).toMatch(/beyond the supported range/);
    expect(errorOf({ app: app({ amount: '12abc' }) })).toBe('app.amount: not a number: "12abc"');
    expect(errorOf({ app: app({ amount: true }) })).toBe('app.amount: expected a number, not true');
    expect(errorOf({ app: app({ amount: [1] }) })).toBe('app.amount: expected a number, not a list');
  });

  it('null is absent; absent optional fields are missing; unknown keys are ignored', () => {
    const v = decode({ app: app({ rate: null, other: 'x' }), extra: { a: 1 } });
    expect(v[slot('app.rate')]).toBeUndefined();
    expect(v[slot('app.ok')]).toBeUndefined();
    expect(errorOf({ app: app({ amount: null }) })).toBe('app.amount: required field is missing');
  });

  it('an absent source leaves its fields missing; a present one is validated', () => {
    const v = decode({ app: app(), bureau: null });
    expect(v[slot('bureau.score')]).toBeUndefined();
    expect(errorOf({ app: app(), bureau: { tag: 'x' } })).toBe('bureau.score: required field is missing');
    expect(errorOf({ app: app(), bureau: 'yes' })).toBe('bureau: expected an object, not "yes"');
  });

  it('enums, bools, dates', () => {
    expect(errorOf({ app: app({ kind: 'c' }) })).toBe('app.kind: "c" is not one of "a", "b"');
    expect(errorOf({ app: app({ ok: 'yes' }) })).toBe('app.ok: expected true or false, not "yes"');
    expect(errorOf({ app: app({ ok: 0 }) })).toBe('app.ok: expected true or false, not 0');
    // The words in any case, as spreadsheets write them; nothing longer or shorter.
    for (const [text, b] of [['TRUE', true], ['False', false], ['true', true], ['FALSE', false]] as const) expect(decode({ app: app({ ok: text }) })[slot('app.ok')]).toBe(b);
    expect(errorOf({ app: app({ ok: 'TRUE ' }) })).toBe('app.ok: expected true or false, not "TRUE "');
    expect(errorOf({ app: app({ ok: 'T' }) })).toBe('app.ok: expected true or false, not "T"');
    expect(errorOf({ app: app({ day: '2026-13-01' }) })).toBe('app.day: expected a date YYYY-MM-DD, not "2026-13-01"');
    expect(formatDate(decode({ app: app({ day: '2026-03-01T08:00:00Z' }) })[slot('app.day')] as number)).toBe('2026-03-01');
  });

  it('lists: arrays or JSON text, validated per element', () => {
    const v = decode({ app: app({ items: '[{"v": "1.10", "note": "a"}, {"v": 2}]' }) });
    expect(v[slot('app.items')]).toEqual([
      ['a', 1.1],
      [undefined, 2],
    ]);
    expect(errorOf({ app: app({ items: [{ v: 1 }, { v: 'x' }] }) })).toBe('app.items[1].v: not a number: "x"');
    expect(errorOf({ app: app({ items: [{ v: 1 }, null] }) })).toBe('app.items[1]: a list element is missing (null)');
    expect(errorOf({ app: app({ items: '[oops' }) })).toBe('app.items: expected a list (JSON array), not "[oops"');
    expect(errorOf({ app: app({ items: { v: 1 } }) })).toBe('app.items: expected a list, not an object');
  });

  it('reads keys as data only: no prototype lookups, no pollution', () => {
    const raw = JSON.parse('{"app": {"id": "x", "__proto__": {"amount": 5}, "constructor": "c"}, "__proto__": {"bureau": {"score": 1}}}');
    expect(errorOf(raw)).toBe('app.amount: required field is missing');
    expect(errorOf({ app: Object.assign(Object.create({ amount: 5 }), { id: 'x' }) })).toBe('app.amount: required field is missing');
    expect(Object.prototype).not.toHaveProperty('amount');
    expect(Object.prototype).not.toHaveProperty('bureau');
  });

  it('names records by the first input id, raw, even when the record is bad', () => {
    expect(recordName(layout, { app: { id: 'A7', amount: 'bad' } })).toBe('A7');
    expect(recordName(layout, { app: { id: 42 } })).toBe('42');
    expect(recordName(layout, { app: {} })).toBeUndefined();
    expect(recordName(layout, 'x')).toBeUndefined();
  });
});
