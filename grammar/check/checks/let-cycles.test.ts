import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['let-cycle'] as const;

describe('let-cycles', () => {
  it('accepts lets that build on each other without a circle', () => {
    expect(spots(policyWith('let a = applicant.age + 1\nlet b = a * 2\nlet c = a + b\n'), CODES)).toEqual([]);
  });

  it('reports every let of a circle with the loop', () => {
    const src = policyWith('let a = b + 1\nlet b = c + 1\nlet c = a + 1\nlet d = a\n');
    expect(spots(src, CODES)).toEqual([
      { code: 'let-cycle', ...at(src, 'a =') },
      { code: 'let-cycle', ...at(src, 'b =') },
      { code: 'let-cycle', ...at(src, 'c =') },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('let `a` depends on itself: a → b → c → a');
  });

  it('reports a let that reads itself', () => {
    const src = policyWith('let a = a + 1\n');
    expect(spots(src, CODES)).toEqual([{ code: 'let-cycle', ...at(src, 'a =') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('let `a` depends on itself: a → a');
  });
});
