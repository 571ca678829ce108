import { describe, expect, it } from 'vitest';
import { at, checkText, policyWith, spots } from '../test-kit.js';

const CODES = ['empty-ruleset', 'empty-scorecard'] as const;

describe('empty-nodes', () => {
  it('warns about a rule set without rules and a scorecard without characteristics', () => {
    const src = policyWith(`ruleset r "R" { }\nscorecard s "S" { base 500 }\n`, 'start -> r -> s -> done');
    expect(spots(src, CODES)).toEqual([
      { code: 'empty-ruleset', ...at(src, 'r "R"') },
      { code: 'empty-scorecard', ...at(src, 's "S"') },
    ]);
    expect(checkText(src).diagnostics.filter((d) => CODES.includes(d.code as never)).every((d) => d.severity === 'warning')).toBe(true);
  });

  it('is quiet about non-empty ones', () => {
    const src = policyWith(`ruleset r "R" {\n  rule a "A" { when applicant.age < 1 then flag }\n}\n`, 'start -> r -> done');
    expect(spots(src, CODES)).toEqual([]);
  });
});
