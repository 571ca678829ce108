import { describe, expect, it } from 'vitest';
import { allInApr, monthlyIrr, showApr } from './apr.js';
import { LoanDec, type LoanTerms } from './schedule.js';

const base: LoanTerms = { amount: '12000', months: 12, rate: '0.24', method: 'equal_installments' };

describe('all-in APR', () => {
  it('without fees it is the nominal rate (up to the cent rounding of the payment)', () => {
    // The payment 1134.7148… is rounded up to 1134.72, so the IRR is a hair above 2%/month.
    expect(showApr(allInApr(base))).toBe('0.240002');
    expect(allInApr({ ...base, method: 'interest_first', amount: '1000', rate: '0.12' }).minus('0.12').abs().lt('1e-10')).toBe(true);
  });

  it('is the IRR that discounts the payments back to what was received', () => {
    const i = monthlyIrr('100', ['60', '60']);
    // 100 = 60v + 60v², v = 1/(1+i): v = (−60 + √27600)/120 = 0.88443…, i = 1/v − 1 = 0.1306624 (by hand).
    const back = new LoanDec(60).div(i.plus(1)).plus(new LoanDec(60).div(i.plus(1).pow(2)));
    expect(back.minus(100).abs().lt('1e-8')).toBe(true);
    expect(i.toDecimalPlaces(8).toString()).toBe('0.13066239');
  });

  it('a loan whose rate of return is exactly 36% is at the cap, not over it (the solver\'s last step is not a rate)', () => {
    // 10,000 received; 300 a month for 11 months, then 10,300: exactly 3% a month (by hand).
    const apr = allInApr({ amount: '10000', months: 12, rate: '0.36', method: 'interest_first' });
    expect(apr.toString()).toBe('0.36');
    expect(showApr(apr)).toBe('0.36');
    expect(allInApr({ amount: '1000', months: 3, rate: '0.36', method: 'interest_first' }).toString()).toBe('0.36');
  });

  it('an APR above the cap by less than the last shown place is shown rounded up, never as the cap', () => {
    // 36% nominal: the payment rounded up to the cent puts the all-in APR a hair above 36%.
    const apr = allInApr({ ...base, rate: '0.36' });
    expect(apr.gt('0.36')).toBe(true);
    expect(showApr(apr)).toBe('0.360001');
    expect(showApr(new LoanDec('0.3600004'))).toBe('0.360001');
    expect(showApr(new LoanDec('0.36'))).toBe('0.36');
    expect(showApr(new LoanDec('0.3599996'))).toBe('0.36');
    expect(showApr(new LoanDec('0.2400004'))).toBe('0.24');
  });

  it('a nominal 30% with a 3% monthly fee is far above the 36% cap', () => {
    const apr = allInApr({ ...base, amount: '10000', rate: '0.30', monthlyFee: { rate: '0.03' } });
    expect(apr.gt('0.36')).toBe(true);
    expect(showApr(apr)).toBe('0.868266');
  });

  it('a nominal rate under 36% with fees can cross the cap', () => {
    const t: LoanTerms = { ...base, rate: '0.30', upfrontFee: { rate: '0.02' }, monthlyFee: { rate: '0.002' } };
    expect(new LoanDec(t.rate).lt('0.36')).toBe(true);
    expect(allInApr(t).gt('0.36')).toBe(true);
    expect(allInApr({ ...t, upfrontFee: undefined }).lt('0.36')).toBe(true);
  });

  it('zero rate and no fees: 0', () => {
    expect(allInApr({ ...base, rate: '0' }).isZero()).toBe(true);
  });

  it('is deterministic', () => {
    const t: LoanTerms = { ...base, months: 36, upfrontFee: { amount: '199' }, monthlyFee: { amount: '12.5' } };
    expect(allInApr(t).toString()).toBe(allInApr(JSON.parse(JSON.stringify(t))).toString());
  });
});
