import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['unknown-name', 'unknown-field'] as const;

describe('unknown-names', () => {
  it('accepts params, lets, scores, input and source fields, and it.field in list functions', () => {
    const src = policyWith(
      `
      param min_age = 18
      let dti = applicant.debt / applicant.income
      let n = count(applicant.contacts, it.in_book and it.relation == "parent")
      ruleset r "R" {
        rule young "Young" { when applicant.age < min_age and dti > 0.5 and n == 0 and bureau.listed then reject }
      }
      `,
      'start -> r -> done',
    );
    expect(spots(src, CODES)).toEqual([]);
  });

  it('reports an unknown name with a did-you-mean fix', () => {
    const src = policyWith(
      `
      param min_age = 18
      ruleset r "R" {
        rule young "Young" { when applicant.age < min_agee then reject }
      }
      `,
      'start -> r -> done',
    );
    expect(spots(src, CODES)).toEqual([{ code: 'unknown-name', ...at(src, 'min_agee') }]);
    const [d] = diagnosticsOf(src, CODES);
    expect(d.fix).toMatchObject({ replacement: 'min_age', message: 'did you mean `min_age`?' });
    expect(d.fix!.range.start.column).toBe(at(src, 'min_agee').column);
  });

  it('reports an unknown field of an input, a source and a list element, each with its suggestion', () => {
    const src = policyWith(
      `
      ruleset r "R" {
        rule a "A" { when applicant.agee < 18 then reject }
        rule b "B" { when bureau.listd then reject }
        rule c "C" { when any(applicant.contacts, it.relaton == "x") then review }
      }
      `,
      'start -> r -> done',
    );
    const ds = diagnosticsOf(src, CODES);
    expect(ds.map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column }))).toEqual([
      { code: 'unknown-field', ...at(src, 'agee') },
      { code: 'unknown-field', ...at(src, 'listd') },
      { code: 'unknown-field', ...at(src, 'relaton') },
    ]);
    expect(ds.map((d) => d.fix?.replacement)).toEqual(['age', 'listed', 'relation']);
  });

  it('reports an unknown input or source before a dot, suggesting the closest one', () => {
    const src = policyWith(`ruleset r "R" {\n  rule a "A" { when aplicant.age < 18 then reject }\n}`, 'start -> r -> done');
    const [d] = diagnosticsOf(src, CODES);
    expect({ code: d.code, line: d.range.start.line, column: d.range.start.column }).toEqual({ code: 'unknown-name', ...at(src, 'aplicant') });
    expect(d.fix?.replacement).toBe('applicant');
  });

  it('says that a rule set id is not a value', () => {
    const src = policyWith(`ruleset r "R" {\n  rule a "A" { when r > 1 then reject }\n}`, 'start -> r -> done');
    const [d] = diagnosticsOf(src, CODES);
    expect(d.code).toBe('unknown-name');
    expect(d.message).toContain('is a rule set, not a value');
  });

  it('answers `x == null` with the way to test for a missing value, not a near-miss name', () => {
    const src = policyWith('ruleset r "R" {\n  rule no_zhima "No zhima" { when applicant.zhima == null then review }\n}', 'start -> r -> done');
    expect(spots(src, CODES)).toEqual([{ code: 'unknown-name', ...at(src, 'null') }]);
    const d = diagnosticsOf(src, CODES)[0];
    expect(d.message).toBe('unknown name `null`: the language has no null; an absent value is missing, tested with `x is missing` or `x is present`');
    expect(d.fix).toBeUndefined();
  });
});
