import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['bin-type', 'invalid-enum-value'] as const;
const card = (chars: string) => policyWith(`scorecard s "S" {\n  base 500\n${chars}\n}\n`, 'start -> s -> done');

describe('bin-type', () => {
  it('accepts numeric bins on numbers and money, literal bins on text, enums and bools', () => {
    const src = card(`
      applicant.age { [18, 25) => 1  (25, 30] => 2  < 18 => 0  >= 30 => 3  missing => 0 }
      applicant.income { 0 => -5  in [1, 2] => 1  else => 2 }
      applicant.channel { "app" => 1  in ["h5", "partner"] => 2 }
      applicant.name { "x" => 1  else => 0 }
      bureau.listed { true => -50  false => 0  missing => 0 }
      days_since(applicant.applied_at) { < 30 => 1  else => 0 }
      applicant.applied_at { missing => 0  else => 1 }
    `);
    expect(spots(src, CODES)).toEqual([]);
  });

  it('reports bins whose values do not fit the characteristic', () => {
    const src = card(`
      applicant.age { "young" => 1  else => 0 }
      applicant.name { [1, 2) => 1  else => 0 }
      bureau.listed { < 3 => 1  else => 0 }
      applicant.applied_at { > 3 => 1  else => 0 }
    `);
    expect(spots(src, CODES)).toEqual([
      { code: 'bin-type', ...at(src, '"young"') },
      { code: 'bin-type', ...at(src, '[1, 2)') },
      { code: 'bin-type', ...at(src, '< 3') },
      { code: 'bin-type', ...at(src, '> 3') },
    ]);
    const ds = diagnosticsOf(src, CODES);
    expect(ds[0].message).toBe('bin `"young"` does not fit `applicant.age`, which is a number');
    expect(ds[3].message).toContain('bin `days_since(...)`');
  });

  it('reports enum bin values that are not values of the enum', () => {
    const src = card('applicant.channel { "ap" => 1  in ["h5", "web"] => 2  else => 0 }');
    expect(spots(src, CODES)).toEqual([
      { code: 'invalid-enum-value', ...at(src, '"ap"') },
      { code: 'invalid-enum-value', ...at(src, '"web"') },
    ]);
    expect(diagnosticsOf(src, CODES)[0].fix?.replacement).toBe('"app"');
  });
});
