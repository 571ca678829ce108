import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['bin-empty', 'bin-overlap', 'bin-gap'] as const;
const card = (chars: string) => policyWith(`scorecard s "S" {\n  base 500\n${chars}\n}\n`, 'start -> s -> done');

describe('bin-coverage: overlaps', () => {
  it('reports every bin after `else`, a `missing` bin and a second `else` included', () => {
    const src = card('applicant.age { [18, 30) => 5  else => 0  [30, 60) => 20  missing => -50  else => 1 }');
    expect(spots(src, CODES)).toEqual([
      { code: 'bin-overlap', ...at(src, '[30, 60)') },
      { code: 'bin-overlap', ...at(src, 'missing') },
      { code: 'bin-overlap', ...at(src, 'else', 2) },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toMatch(/^bin `\[30, 60\)` of `applicant.age` comes after `else` \(line \d+\), which already takes every value not matched before it, a missing one included; this bin never scores/);
  });

  it('accepts adjacent half-open intervals and disjoint values', () => {
    expect(spots(card('applicant.age { < 18 => 0  [18, 25) => 1  [25, 40] => 2  > 40 => 3 }'), CODES)).toEqual([]);
    expect(spots(card('applicant.channel { "app" => 1  in ["h5", "partner"] => 2 }'), CODES)).toEqual([]);
  });

  it('reports two intervals sharing a bound, naming both bins and the common values', () => {
    const src = card('applicant.age { [18, 25] => 1  [25, 40) => 2  (30, 50) => 3  else => 0 }');
    expect(spots(src, CODES)).toEqual([
      { code: 'bin-overlap', ...at(src, '[25, 40)') },
      { code: 'bin-overlap', ...at(src, '(30, 50)') },
    ]);
    const ds = diagnosticsOf(src, CODES);
    expect(ds[0].message).toContain('bins `[18, 25]` (line');
    expect(ds[0].message).toContain('and `[25, 40)` of `applicant.age` both match 25;');
    expect(ds[1].message).toContain('both match (30, 40)');
  });

  it('reports a comparison overlapping an equality, a repeated value and two missing bins', () => {
    const src = card(`
      applicant.zhima { < 600 => 0  550 => 1  missing => 0  missing => 2  else => 0 }
      applicant.channel { in ["app", "h5"] => 1  "h5" => 2  else => 0 }
    `);
    expect(spots(src, CODES)).toEqual([
      { code: 'bin-overlap', ...at(src, '550 =>') },
      { code: 'bin-overlap', ...at(src, 'missing => 2') },
      { code: 'bin-overlap', ...at(src, '"h5" => 2') },
    ]);
  });
});

describe('bin-coverage: empty bins', () => {
  it('reports an interval written the wrong way round, and one that excludes its only value', () => {
    const src = card('applicant.age { [60, 40) => 50  (5, 5) => 1  [-3, -5] => 2  [7, 7] => 3  else => 0 }');
    expect(spots(src, CODES)).toEqual([
      { code: 'bin-empty', ...at(src, '[60, 40)') },
      { code: 'bin-empty', ...at(src, '(5, 5)') },
      { code: 'bin-empty', ...at(src, '[-3, -5]') },
    ]);
    const ds = diagnosticsOf(src, CODES);
    expect(ds[0].message).toBe(
      'bin `[60, 40)` of `applicant.age` matches no value, so it never scores: its lower bound 60 is above its upper bound 40 (write the smaller bound first: `[40, 60)`)',
    );
    expect(ds[1].message).toBe('bin `(5, 5)` of `applicant.age` matches no value, so it never scores: it excludes 5, its only value (for 5 alone, write the bin `5`)');
    expect(diagnosticsOf(card('applicant.age { (5, 5.0] => 1  else => 0 }'), CODES)[0].message).toMatch(/: it excludes 5, its only value/);
  });

  it('reports a list bin that lists no value', () => {
    const src = card('applicant.channel { in [] => 5  "app" => 1  else => 0 }');
    expect(spots(src, CODES)).toEqual([{ code: 'bin-empty', ...at(src, 'in []') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('bin `in []` of `applicant.channel` lists no value, so it never scores (list the values it is for, or remove it)');
  });

  it('reports an empty bin once, not also as a gap or an overlap', () => {
    const src = card('applicant.age { < 18 => 0  [60, 18) => 1  >= 18 => 2 }');
    expect(spots(src, CODES)).toEqual([{ code: 'bin-empty', ...at(src, '[60, 18)') }]);
  });
});

describe('bin-coverage: gaps', () => {
  it('accepts full coverage, or any bins with an else', () => {
    expect(spots(card('applicant.age { < 18 => 0  >= 18 => 1 }'), CODES)).toEqual([]);
    expect(spots(card('applicant.zhima { < 500 => 0  >= 500 => 1  missing => 0 }'), CODES)).toEqual([]);
    expect(spots(card('applicant.age { [18, 25) => 1  else => 0 }'), CODES)).toEqual([]);
    expect(spots(card('bureau.listed { true => 1  false => 0  missing => 0 }'), CODES)).toEqual([]);
  });

  it('warns about uncovered numbers, including the point between two open bounds', () => {
    const src = card('applicant.age { [18, 25) => 1  (25, 61) => 2 }');
    expect(spots(src, CODES)).toEqual([{ code: 'bin-gap', ...at(src, 'applicant.age {') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe(
      'no bin of `applicant.age` matches < 18, 25, >= 61; such values score 0 (add the bins, or an `else`)',
    );
  });

  it('warns about a missing value of a nullable characteristic', () => {
    const src = card('bureau.score { < 500 => 0  >= 500 => 1 }');
    expect(diagnosticsOf(src, CODES).map((d) => d.message)).toEqual([
      'no bin of `bureau.score` matches a missing value; such values score 0 (add the bins, or an `else`)',
    ]);
  });

  it('warns about enum values, bools and text left out', () => {
    const src = card(`
      applicant.channel { "app" => 1 }
      bureau.listed { true => 1  missing => 0 }
      applicant.name { "x" => 1 }
    `);
    expect(diagnosticsOf(src, CODES).map((d) => d.message)).toEqual([
      'no bin of `applicant.channel` matches "h5", "partner"; such values score 0 (add the bins, or an `else`)',
      'no bin of `bureau.listed` matches false; such values score 0 (add the bins, or an `else`)',
      'no bin of `applicant.name` matches any other text; such values score 0 (add the bins, or an `else`)',
    ]);
    expect(diagnosticsOf(src, CODES).every((d) => d.severity === 'warning')).toBe(true);
  });
});
