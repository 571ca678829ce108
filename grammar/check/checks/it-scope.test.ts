import { describe, expect, it } from 'vitest';
import { at, policyWith, spots } from '../test-kit.js';

const CODES = ['it-outside-list'] as const;
const inRule = (cond: string, decls = '') => policyWith(`${decls}\nruleset r "R" {\n  rule a "A" { when ${cond} then review }\n}`, 'start -> r -> done');

describe('it-scope', () => {
  it('accepts `it` and `it.field` in the second argument of list functions, nested too', () => {
    expect(spots(inRule('any(applicant.contacts, it.in_book and count(applicant.contacts, it.name == "x") > 0)'), CODES)).toEqual([]);
  });

  it('reports `it` in a rule, in a let and in the first argument of a list function', () => {
    const src = inRule('it.in_book or count(it) > 0', 'let bad = it.name');
    expect(spots(src, CODES)).toEqual([
      { code: 'it-outside-list', ...at(src, 'it.name') },
      { code: 'it-outside-list', ...at(src, 'it.in_book') },
      { code: 'it-outside-list', ...at(src, 'it)') },
    ]);
  });

  it('reports `it` in a function that is not a list function', () => {
    const src = inRule('abs(it) > 1');
    expect(spots(src, CODES)).toEqual([{ code: 'it-outside-list', ...at(src, 'it)') }]);
  });
});
