import { describe, expect, it } from 'vitest';
import { paramLiteralType } from '../param-literal.js';
import { at, checkText, policyWith, spots } from '../test-kit.js';

const CODES = ['param-not-literal', 'type-mismatch'] as const;

describe('params', () => {
  it('accepts number, percent, negative, string, bool and list literals, and types them', () => {
    const src = policyWith('param a = 1_000\nparam b = 36%\nparam c = -5\nparam d = "x"\nparam e = true\nparam f = ["a", "b"]\nparam g = [1, 2.5]\n');
    expect(spots(src, CODES)).toEqual([]);
    const { analysis } = checkText(src);
    const typeOf = (id: string) => {
      const s = analysis.symbols.get(id);
      return s?.kind === 'param' ? paramLiteralType(s.decl.value).type : undefined;
    };
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(typeOf)).toEqual([
      { kind: 'number' },
      { kind: 'number' },
      { kind: 'number' },
      { kind: 'text' },
      { kind: 'bool' },
      { kind: 'scalar_list', item: { kind: 'text' } },
      { kind: 'scalar_list', item: { kind: 'number' } },
    ]);
  });

  it('reports a computed value, a name and a non-literal list item', () => {
    const src = policyWith('param a = 1 + 2\nparam b = applicant.age\nparam c = [1, applicant.age]\n');
    expect(spots(src, CODES)).toEqual([
      { code: 'param-not-literal', ...at(src, '1 + 2') },
      { code: 'param-not-literal', ...at(src, 'applicant.age\n') },
      { code: 'param-not-literal', ...at(src, 'applicant.age]') },
    ]);
  });

  it('reports a list mixing types', () => {
    const src = policyWith('param a = [1, "two"]\n');
    expect(spots(src, CODES)).toEqual([{ code: 'type-mismatch', ...at(src, '"two"') }]);
  });
});
