import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['unknown-function', 'wrong-arity'] as const;
const inRule = (cond: string) => policyWith(`ruleset r "R" {\n  rule a "A" { when ${cond} then review }\n}`, 'start -> r -> done');

describe('function-calls', () => {
  it('accepts every function of the language with its arities', () => {
    const conds = [
      'min(applicant.age, 3) > max(1, 2, 3)',
      'abs(applicant.age) > 1',
      'floor(applicant.income) > floor(applicant.income, 100)',
      'ceil(applicant.income, 100) > round(applicant.age, 2) and round(applicant.age) > 0',
      'coalesce(applicant.zhima, 0) > 500',
      'len(applicant.name) > len(applicant.contacts)',
      'contains(applicant.name, "x") and starts_with(applicant.name, "y")',
      'days_since(applicant.applied_at) > months_since(applicant.applied_at)',
      'count(applicant.contacts) > count(applicant.contacts, it.in_book)',
      'sum(applicant.contacts, 1) > avg(applicant.contacts, 2)',
      'any(applicant.contacts, it.in_book) and all(applicant.contacts, it.in_book)',
    ];
    for (const c of conds) expect(spots(inRule(c), CODES), c).toEqual([]);
  });

  it('reports an unknown function with the closest one', () => {
    const src = inRule('cout(applicant.contacts, it.in_book) > 0');
    expect(spots(src, CODES)).toEqual([{ code: 'unknown-function', ...at(src, 'cout') }]);
    expect(diagnosticsOf(src, CODES)[0].fix?.replacement).toBe('count');
    // The arguments of an unknown function are not typed: `it` in them is not a second error.
    expect(spots(src, ['it-outside-list'])).toEqual([]);
  });

  it('reports too few and too many arguments at the call', () => {
    const src = inRule('min(applicant.age) > 1 or floor(applicant.age, 1, 2) > 1 or any(applicant.contacts) or days_since() > 1');
    expect(spots(src, CODES)).toEqual([
      { code: 'wrong-arity', ...at(src, 'min(') },
      { code: 'wrong-arity', ...at(src, 'floor(') },
      { code: 'wrong-arity', ...at(src, 'any(') },
      { code: 'wrong-arity', ...at(src, 'days_since(') },
    ]);
    const messages = diagnosticsOf(src, CODES).map((d) => d.message);
    expect(messages[0]).toBe('`min(x, y, ...)` takes at least 2 arguments, not 1');
    expect(messages[1]).toBe('`floor(x[, step])` takes 1 or 2 arguments, not 3');
    expect(messages[3]).toBe('`days_since(date)` takes 1 argument, not 0');
  });

  it('reports a literal digits or step the function refuses at run time', () => {
    const src = inRule('round(applicant.age, 1.5) > 0 and floor(applicant.income, 0) > 0 and ceil(applicant.income, -5) > 0 and round(applicant.age, -2) > 0 and ceil(applicant.income, 0.5) > 0');
    expect(spots(src, ['invalid-argument'])).toEqual([
      { code: 'invalid-argument', ...at(src, '1.5') },
      { code: 'invalid-argument', ...at(src, '0)') },
      { code: 'invalid-argument', ...at(src, '-5') },
    ]);
    expect(diagnosticsOf(src, ['invalid-argument']).map((d) => d.message)).toEqual([
      'the digits of `round` must be a whole number from -20 to 34, not 1.5',
      'the step of `floor` must be positive, not 0',
      'the step of `ceil` must be positive, not -5',
    ]);
  });
});
