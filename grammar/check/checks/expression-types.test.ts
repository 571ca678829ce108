import { describe, expect, it } from 'vitest';
import { checkText, at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['type-mismatch'] as const;
const inRule = (cond: string, decls = '') => policyWith(`${decls}\nruleset r "R" {\n  rule a "A" { when ${cond} then review }\n}`, 'start -> r -> done');
const typeOfLet = (expr: string) => {
  const src = policyWith(`let x = ${expr}\nruleset r "R" {\n  rule a "A" { when x is missing then review }\n}`, 'start -> r -> done');
  const { analysis, diagnostics } = checkText(src);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const sym = analysis.symbols.get('x');
  if (sym?.kind !== 'let') throw new Error('no let');
  const info = analysis.exprs.get(sym.decl.expr)!;
  return { type: info.type?.kind, nullable: info.nullable };
};

describe('expression-types: inference', () => {
  it('mixes number and money as an analyst expects', () => {
    expect(typeOfLet('applicant.income + applicant.debt')).toEqual({ type: 'money', nullable: false });
    expect(typeOfLet('applicant.income * 3')).toEqual({ type: 'money', nullable: false });
    expect(typeOfLet('3 + applicant.income')).toEqual({ type: 'money', nullable: false });
    expect(typeOfLet('applicant.debt / applicant.income')).toEqual({ type: 'number', nullable: false });
    expect(typeOfLet('applicant.income / 2')).toEqual({ type: 'money', nullable: false });
    expect(typeOfLet('36% * 2')).toEqual({ type: 'number', nullable: false });
    expect(typeOfLet('min(applicant.income, 100)')).toEqual({ type: 'money', nullable: false });
    expect(typeOfLet('floor(applicant.income * 3, 100)')).toEqual({ type: 'money', nullable: false });
  });

  it('makes arithmetic with an optional or source field nullable, and comparisons never', () => {
    expect(typeOfLet('applicant.zhima + 1')).toEqual({ type: 'number', nullable: true });
    expect(typeOfLet('bureau.score * 2')).toEqual({ type: 'number', nullable: true });
    expect(typeOfLet('bureau.score > 2')).toEqual({ type: 'bool', nullable: false });
    expect(typeOfLet('coalesce(applicant.zhima, 0)')).toEqual({ type: 'number', nullable: false });
    expect(typeOfLet('avg(applicant.contacts, 1)')).toEqual({ type: 'number', nullable: true });
    expect(typeOfLet('count(applicant.contacts, it.since is missing)')).toEqual({ type: 'number', nullable: false });
  });
});

describe('expression-types: errors', () => {
  it('reports arithmetic on a non-number at the operand', () => {
    const src = inRule('applicant.name + 1 > 2');
    expect(spots(src, CODES)).toEqual([{ code: 'type-mismatch', ...at(src, 'applicant.name') }]);
  });

  it('rejects money times money', () => {
    const src = inRule('applicant.income * applicant.debt > 2');
    expect(spots(src, CODES)).toEqual([{ code: 'type-mismatch', ...at(src, 'applicant.income *') }]);
  });

  it('reports comparisons across families, enum ordering and bool ordering', () => {
    for (const cond of ['applicant.age == "x"', 'applicant.channel < "app"', 'bureau.listed > true', 'applicant.applied_at > 3', 'applicant.contacts == 1']) {
      const src = inRule(cond);
      expect(spots(src, CODES), cond).toEqual([{ code: 'type-mismatch', ...at(src, cond) }]);
    }
    expect(diagnosticsOf(inRule('applicant.applied_at > 3'), CODES)[0].message).toContain('days_since');
  });

  it('accepts text ordering, date with date, bool equality and enum with text', () => {
    for (const cond of ['applicant.name < "m"', 'applicant.applied_at <= applicant.applied_at', 'bureau.listed == true', 'applicant.channel == applicant.name'])
      expect(spots(inRule(cond), CODES), cond).toEqual([]);
  });

  it('reports non-bool operands of and/or/not', () => {
    const src = inRule('applicant.age and not applicant.name');
    expect(spots(src, CODES)).toEqual([
      { code: 'type-mismatch', ...at(src, 'applicant.age and') },
      { code: 'type-mismatch', ...at(src, 'applicant.name') },
    ]);
  });

  it('checks `in` lists against the value, literal or param', () => {
    const src = inRule('applicant.age in [1, "two"] or applicant.name in ages', 'param ages = [18, 20]');
    expect(spots(src, CODES)).toEqual([
      { code: 'type-mismatch', ...at(src, '"two"') },
      { code: 'type-mismatch', ...at(src, 'ages', 2) },
    ]);
  });

  it('types an empty list param by what it is tested against, and refuses two kinds of value', () => {
    expect(spots(inRule('applicant.age in none or applicant.age not in none', 'param none = []'), CODES)).toEqual([]);
    const src = inRule('applicant.age in none or applicant.name in none', 'param none = []');
    expect(spots(src, CODES)).toEqual([{ code: 'type-mismatch', ...at(src, 'none', 3) }]);
  });

  it('reports arguments of the wrong kind', () => {
    const src = inRule('days_since(applicant.age) > 1 or len(applicant.age) > 1 or any(applicant.contacts, it.name) or sum(applicant.age, 1) > 0');
    expect(spots(src, CODES)).toEqual([
      { code: 'type-mismatch', ...at(src, 'applicant.age)') },
      { code: 'type-mismatch', ...at(src, 'applicant.age)', 2) },
      { code: 'type-mismatch', ...at(src, 'it.name') },
      { code: 'type-mismatch', ...at(src, 'applicant.age, 1') },
    ]);
  });

  it('says how to read a whole input or a list', () => {
    const src = inRule('applicant > 1 or applicant.contacts.name == "x"');
    const ds = diagnosticsOf(src, CODES);
    expect(ds.map((d) => ({ line: d.range.start.line, column: d.range.start.column }))).toEqual([at(src, 'applicant >'), at(src, 'name ==')]);
    expect(ds[0].message).toContain('read one of its fields, such as `applicant.id`');
    expect(ds[1].message).toContain('list function');
  });

  it('does not cascade from an unknown name', () => {
    const src = inRule('nope + 1 > applicant.name');
    expect(spots(src, CODES)).toEqual([]);
  });
});
