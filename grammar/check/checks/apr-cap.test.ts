import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['apr-cap'] as const;
const offer = (apr: string, decls = '') =>
  policyWith(`${decls}\ndecision offer "O" {\n  when applicant.age > 18 => approve { apr ${apr} }\n  else => review { apr ${apr} }\n}\n`, 'start -> offer');

describe('apr-cap', () => {
  it('allows 36% itself and anything below', () => {
    expect(spots(offer('36%'), CODES)).toEqual([]);
    expect(spots(offer('0.36'), CODES)).toEqual([]);
    expect(spots(offer('35.99%'), CODES)).toEqual([]);
  });

  it('reports a literal above the cap, in every outcome', () => {
    const src = offer('36.5%');
    expect(spots(src, CODES)).toEqual([
      { code: 'apr-cap', ...at(src, '36.5%') },
      { code: 'apr-cap', ...at(src, '36.5%', 2) },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('APR 36.5% is above the 36% all-in cap');
  });

  it('reports a param whose literal default is above the cap, used as the APR', () => {
    const src = offer('base_apr', 'param base_apr = 40%');
    expect(spots(src, CODES)).toEqual([
      { code: 'apr-cap', ...at(src, 'base_apr', 2) },
      { code: 'apr-cap', ...at(src, 'base_apr', 3) },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('APR 40% (the default of param `base_apr`) is above the 36% all-in cap');
  });

  it('folds arithmetic on literals and params, but leaves computed APRs to run time', () => {
    expect(spots(offer('base_apr + 20%', 'param base_apr = 20%'), CODES)).toHaveLength(2);
    expect(spots(offer('max(30%, 37%)'), CODES)).toHaveLength(2);
    const viaLet = offer('high', 'param base_apr = 30%\nlet high = base_apr * 2');
    expect(diagnosticsOf(viaLet, CODES)[0].message).toBe('APR 60% (let `high`) is above the 36% all-in cap');
    expect(spots(offer('applicant.age / 100'), CODES)).toEqual([]);
  });
});

describe('apr-cap: an up-front fee that takes the whole loan', () => {
  const priced = (terms: string) =>
    policyWith(`decision offer "O" {\n  when applicant.age > 18 => approve { ${terms} }\n  else => reject\n}\n`, 'start -> offer');

  it('reports a literal fee as large as the literal limit: no cash lent, so no APR within the cap', () => {
    const src = priced('limit 1000  term 12  rate 20%  upfront_fee 1000');
    expect(spots(src, CODES)).toEqual([{ code: 'apr-cap', ...at(src, '1000', 2) }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe(
      'the up-front fee of 1000 takes the whole loan of 1000: the borrower receives nothing, so the offer has no all-in APR within the 36% cap (every approve would be a review, `apr_cap`)',
    );
    expect(spots(priced('limit 1000  term 12  rate 20%  upfront_fee 100%'), CODES)).toHaveLength(1);
  });

  it('leaves a fee below the limit to the APR, and other bad terms to invalid-term-value', () => {
    expect(spots(priced('limit 1000  term 12  rate 0%  upfront_fee 999.99'), CODES)).toHaveLength(1); // an APR far above the cap
    expect(spots(priced('limit 1000  term 12  rate 20%  upfront_fee 10'), CODES)).toEqual([]);
    expect(spots(priced('limit 1000  term 0  rate 20%  upfront_fee 1000'), CODES)).toEqual([]);
  });

  it('reports a nominal rate above the cap, whatever the limit, even one cent rounding brings to 36% all-in', () => {
    // 10,000 interest first at 36.0000004%: 300.00 a month, an all-in APR of exactly 36%.
    const src = priced('limit 10000  term 12  rate 36.0000004%  method interest_first');
    expect(spots(src, CODES)).toEqual([{ code: 'apr-cap', ...at(src, '36.0000004%') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('the nominal rate 36.0000004% is above the 36% cap: no such offer is approved (every approve would be a review, `apr_cap`)');
    expect(spots(priced('limit applicant.age * 100  term 12  rate 40%'), CODES)).toHaveLength(1);
    expect(spots(priced('limit 10000  term 12  rate 36%  method interest_first'), CODES)).toEqual([]);
  });
});
