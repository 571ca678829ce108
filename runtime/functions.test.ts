import { describe, expect, it } from 'vitest';
import { compileText } from './compile.js';
import { prepare } from './evaluate.js';

// Each function is exercised through a policy: a `flag` rule per expectation, so that the hits
// name the expectations that held.
function flags(lets: string, checks: Record<string, string>, record: Record<string, unknown>): string[] {
  const rules = Object.entries(checks)
    .map(([id, cond]) => `  rule ${id} { when ${cond} then flag "${id}" }`)
    .join('\n');
  const text = `policy f "Functions" version 1
input a {
  x: number
  y: number?
  m: money
  name: text
  born: date
  items: list of { v: money, tags: list of { t: text }, ok: bool? }
}
${lets}
ruleset checks {
${rules}
}
decision d { when a.x == a.x => approve else => reject }
flow { start -> checks -> d }
`;
  const r = compileText(text);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n'));
  const result = prepare(r.graph).decide(record);
  if (result.decision === 'error') throw new Error(result.reasons.join('; '));
  return result.hits.map((h) => h.rule);
}

const base = {
  x: '-2.5',
  y: null,
  m: '1234.565',
  name: '王小明',
  born: '2000-02-29',
  items: [
    { v: 10, tags: [{ t: 'a' }, { t: 'b' }], ok: true },
    { v: '0.1', tags: [], ok: false },
    { v: '0.2', tags: [{ t: 'b' }] },
  ],
};

describe('functions', () => {
  it('min, max, abs', () => {
    const checks = {
      min_: 'min(a.x, 3, a.m) == -2.5',
      max_: 'max(a.x, 3, a.m) == 1234.565',
      abs_: 'abs(a.x) == 2.5',
      min_missing: 'min(a.x, a.y) is missing',
    };
    expect(flags('', checks, { a: base })).toEqual(Object.keys(checks));
  });

  it('floor, ceil, round', () => {
    const checks = {
      floor_: 'floor(a.x) == -3',
      ceil_: 'ceil(a.x) == -2',
      floor_step: 'floor(a.m, 100) == 1200',
      ceil_step: 'ceil(a.m, 0.01) == 1234.57',
      round_: 'round(a.x) == -3',
      round_digits: 'round(a.m, 2) == 1234.57',
      round_tens: 'round(a.m, -1) == 1230',
    };
    expect(flags('', checks, { a: base })).toEqual(Object.keys(checks));
  });

  it('coalesce, len, contains, starts_with', () => {
    const checks = {
      coalesce_: 'coalesce(a.y, 7) == 7',
      coalesce_present: 'coalesce(a.x, 7) == -2.5',
      len_text: 'len(a.name) == 3',
      len_list: 'len(a.items) == 3',
      contains_: 'contains(a.name, "小")',
      starts: 'starts_with(a.name, "王")',
      not_starts: 'not starts_with(a.name, "小")',
    };
    expect(flags('', checks, { a: base })).toEqual(Object.keys(checks));
  });

  it('days_since and months_since from the as-of date', () => {
    const checks = {
      days: 'days_since(a.born) == 366',
      months: 'months_since(a.born) == 12',
    };
    expect(flags('', checks, { a: base, as_of: '2001-03-01' })).toEqual(['days', 'months']);
    expect(flags('', { m11: 'months_since(a.born) == 11' }, { a: base, as_of: '2001-02-27' })).toEqual(['m11']);
  });

  it('list functions, nested, with `it` bound to the innermost element', () => {
    const checks = {
      sum_exact: 'sum(a.items, it.v) == 10.3',
      avg_: 'avg(a.items, it.v) * 3 == 10.3',
      count_cond: 'count(a.items, it.v < 1) == 2',
      nested: 'count(a.items, any(it.tags, it.t == "b")) == 2',
      all_nested: 'all(a.items, count(it.tags) <= 2)',
      missing_cond_false: 'count(a.items, it.ok) == 1',
      all_missing_false: 'not all(a.items, it.ok or it.v > 5)',
    };
    expect(flags('', checks, { a: base })).toEqual(Object.keys(checks));
  });

  it('lets feed list functions and comparisons', () => {
    const checks = { share: 'big_share > 0.97', small: 'big_share < 0.971' };
    expect(flags('let big_share = sum(a.items, it.v) / 10.3', checks, { a: base })).toEqual(['share']);
    expect(flags('let big_share = 10 / sum(a.items, it.v)', checks, { a: base })).toEqual(['share', 'small']);
  });
});
