import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['unknown-term', 'invalid-term-value', 'duplicate-field'] as const;
const offer = (terms: string) =>
  policyWith(`decision offer "O" {\n  when applicant.age > 18 => approve {\n    ${terms}\n  }\n  else => reject\n}\n`, 'start -> offer');

describe('terms', () => {
  it('accepts every known term with a value of its kind', () => {
    expect(spots(offer('line single\n limit min(applicant.income * 3, 5000)\n apr 18%\n term 12\n valid 30'), CODES)).toEqual([]);
  });

  it('reports an unknown term with the closest key', () => {
    const src = offer('limt 5000');
    expect(spots(src, CODES)).toEqual([{ code: 'unknown-term', ...at(src, 'limt') }]);
    expect(diagnosticsOf(src, CODES)[0].fix?.replacement).toBe('limit');
  });

  it('reports a line that is not revolving or single, with a fix', () => {
    const src = offer('line revolvng');
    expect(spots(src, CODES)).toEqual([{ code: 'invalid-term-value', ...at(src, 'revolvng') }]);
    const [d] = diagnosticsOf(src, CODES);
    expect(d.message).toBe('`line` takes `revolving` or `single`, not `revolvng`');
    expect(d.fix?.replacement).toBe('revolving');
  });

  it('reports a numeric term given a non-number', () => {
    const src = offer('limit applicant.name\n apr "18%"');
    expect(spots(src, CODES)).toEqual([
      { code: 'invalid-term-value', ...at(src, 'applicant.name') },
      { code: 'invalid-term-value', ...at(src, '"18%"') },
    ]);
  });

  it('reports an approve term known before run time that no approve is issued with', () => {
    const src = offer('limit 0\n apr -5%\n term 0.5\n valid 0\n line single');
    expect(spots(src, CODES)).toEqual([
      { code: 'invalid-term-value', ...at(src, '0\n apr') },
      { code: 'invalid-term-value', ...at(src, '-5%') },
      { code: 'invalid-term-value', ...at(src, '0.5\n') },
      { code: 'invalid-term-value', ...at(src, '0\n line') },
    ]);
    expect(diagnosticsOf(src, CODES).map((d) => d.message)).toEqual([
      'an approve is never issued with a limit that is missing, zero or negative: `limit 0` is 0',
      'an approve is never issued with a negative APR: `apr -5%` is -0.05',
      'an approve is never issued with a term that is not a whole number of months from 1 to 600: `term 0.5` is 0.5',
      'an approve is never issued with a validity that is not a whole number of days from 1: `valid 0` is 0',
    ]);
    // A 0% APR is a real offer; a review's terms are a proposal for a person; computed values are checked at run time.
    expect(spots(offer('limit 1000\n apr 0%\n term 600\n valid 1'), CODES)).toEqual([]);
    expect(spots(offer('limit applicant.income - 5000\n apr 18%'), CODES)).toEqual([]);
    const review = policyWith('decision offer "O" {\n  when applicant.age > 18 => review "look" {\n    limit 0\n  }\n  else => reject\n}\n', 'start -> offer');
    expect(spots(review, CODES)).toEqual([]);
  });

  it('reports a term given twice', () => {
    const src = offer('apr 18%\n apr 20%');
    expect(spots(src, CODES)).toEqual([{ code: 'duplicate-field', ...at(src, 'apr', 2) }]);
  });
});
