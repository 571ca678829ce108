import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['condition-not-bool'] as const;

describe('conditions', () => {
  it('accepts bool conditions, a nullable bool field included', () => {
    const src = policyWith(`ruleset r "R" {\n  rule a "A" { when bureau.listed then reject }\n}`, 'start -> r -> done');
    expect(spots(src, CODES)).toEqual([]);
  });

  it('reports non-bool conditions of rules, branch arms and decision clauses', () => {
    const src = policyWith(
      `
      ruleset r "R" {
        rule a "A" { when applicant.age then reject }
      }
      branch b "B" {
        when applicant.name -> d2
        else -> done
      }
      decision d2 "D2" {
        when applicant.income + 1 => approve
        else => reject
      }
      `,
      'start -> r -> b',
    );
    expect(spots(src, CODES)).toEqual([
      { code: 'condition-not-bool', ...at(src, 'applicant.age then') },
      { code: 'condition-not-bool', ...at(src, 'applicant.name ->') },
      { code: 'condition-not-bool', ...at(src, 'applicant.income + 1') },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('a `when` condition is true or false, but `applicant.age` is number');
  });
});
