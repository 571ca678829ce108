import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['score-not-computed'] as const;
const decls = (cond: string, extra = '') => `
  ${extra}
  scorecard s "S" {
    base 500
    applicant.age { else => 1 }
  }
  ruleset r "R" {
    rule low "Low" { when ${cond} then review }
  }
  branch b "B" {
    when applicant.age > 30 -> s
    else -> r
  }
`;

describe('score-computed', () => {
  it('accepts a score read after its scorecard ran on every path', () => {
    expect(spots(policyWith(decls('s < 600'), 'start -> s -> r -> done'), CODES)).toEqual([]);
  });

  it('reports a score read before its scorecard runs', () => {
    const src = policyWith(decls('s < 600'), 'start -> r -> s -> done');
    expect(spots(src, CODES)).toEqual([{ code: 'score-not-computed', ...at(src, 's < 600') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('score `s` is read here, but scorecard `s` has not run on every path to `r` (start → r)');
  });

  it('reports a score read where only some paths ran the scorecard', () => {
    // start → b → s → r on one path, start → b → r on the other.
    const src = policyWith(decls('s < 600'), 'start -> b\n s -> r -> done');
    expect(spots(src, CODES)).toEqual([{ code: 'score-not-computed', ...at(src, 's < 600') }]);
  });

  it('reports a score read through a let, at the let', () => {
    const src = policyWith(decls('low_score', 'let low_score = s < 600\nlet via = low_score'), 'start -> r -> s -> done');
    expect(spots(src, CODES)).toEqual([{ code: 'score-not-computed', ...at(src, 'low_score then') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toContain('let `low_score` reads score `s`');
  });

  it('reports a scorecard reading its own score', () => {
    const src = policyWith(`scorecard s "S" {\n  base 1\n  s { else => 1 }\n}\n`, 'start -> s -> done');
    expect(spots(src, CODES)).toEqual([{ code: 'score-not-computed', ...at(src, 's { else') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('scorecard `s` cannot read its own score: it is being computed here');
  });
});
