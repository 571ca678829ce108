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

  it('reports a term given twice', () => {
    const src = offer('apr 18%\n apr 20%');
    expect(spots(src, CODES)).toEqual([{ code: 'duplicate-field', ...at(src, 'apr', 2) }]);
  });
});
