import { describe, expect, it } from 'vitest';
import { feeAmount, invalidTerms, schedule, type LoanTerms } from './schedule.js';

const base: LoanTerms = { amount: '12000', months: 12, rate: '0.24', method: 'equal_installments' };

describe('schedule', () => {
  it('12,000 over 12 months at 24% nominal, equal installments: 1,134.72 a month', () => {
    // By hand: r = 2%/month, 1.02^12 = 1.26824179…, 12000 × 0.02 × 1.26824179 / 0.26824179 = 1134.7148… → 1134.72.
    const s = schedule(base);
    expect(s.periods).toHaveLength(12);
    expect(s.periods.slice(0, 11).every((p) => p.payment === '1134.72')).toBe(true);
    expect(s.periods[0]).toEqual({ n: 1, principal: '894.72', interest: '240.00', fee: '0.00', payment: '1134.72', balance: '11105.28' });
    // The last period absorbs the rounding remainder: 5 cents less than the level payment.
    expect(s.periods[11]).toEqual({ n: 12, principal: '1112.42', interest: '22.25', fee: '0.00', payment: '1134.67', balance: '0.00' });
    expect(s.totals).toEqual({ principal: '12000.00', interest: '1616.59', fees: '0.00', payment: '13616.59' });
  });

  it('equal principal: the last period takes the cent left by rounding', () => {
    const s = schedule({ amount: '1000', months: 3, rate: '0.10', method: 'equal_principal' });
    expect(s.periods.map((p) => p.principal)).toEqual(['333.33', '333.33', '333.34']);
    expect(s.periods.map((p) => p.interest)).toEqual(['8.33', '5.56', '2.78']);
    expect(s.periods.map((p) => p.balance)).toEqual(['666.67', '333.34', '0.00']);
  });

  it('interest first: interest every month, the principal at the end', () => {
    const s = schedule({ amount: '1000', months: 3, rate: '0.12', method: 'interest_first' });
    expect(s.periods.map((p) => p.payment)).toEqual(['10.00', '10.00', '1010.00']);
    expect(s.periods.map((p) => p.balance)).toEqual(['1000.00', '1000.00', '0.00']);
  });

  it('fees: up-front taken from the amount, monthly added to each payment; rates to the cent half up', () => {
    const s = schedule({ ...base, upfrontFee: { rate: '0.01' }, monthlyFee: { amount: '10' } });
    expect(s.upfrontFee).toBe('120.00');
    expect(s.received).toBe('11880.00');
    expect(s.periods[0]).toMatchObject({ fee: '10.00', payment: '1144.72' });
    expect(s.totals.fees).toBe('240.00');
    expect(feeAmount({ rate: '0.005' }, '333')).toEqual(feeAmount({ amount: '1.67' }, '0')); // 1.665 → 1.67
  });

  it('principal always sums exactly to the amount', () => {
    for (const method of ['equal_installments', 'equal_principal', 'interest_first'] as const)
      for (const [amount, months, rate] of [['9999.99', 7, '0.1799'], ['500', 36, '0.35'], ['3000', 1, '0'], ['7777.77', 24, '0']] as const) {
        const s = schedule({ amount, months, rate, method });
        const sum = s.periods.reduce((t, p) => t + Math.round(Number(p.principal) * 100), 0);
        expect(sum).toBe(Math.round(Number(amount) * 100));
        expect(s.periods.at(-1)!.balance).toBe('0.00');
      }
  });

  it('the trial schedule equals the drawn loan’s: same terms, re-read from JSON, same schedule', () => {
    const offer: LoanTerms = { amount: '8000', months: 6, rate: '0.216', method: 'equal_principal', upfrontFee: { amount: '80' }, monthlyFee: { rate: '0.003' } };
    const trial = schedule(offer);
    const stored = JSON.parse(JSON.stringify(offer)) as LoanTerms;
    expect(schedule(stored)).toEqual(trial);
    expect(JSON.parse(JSON.stringify(trial))).toEqual(schedule(stored));
  });

  it('rejects terms it cannot schedule', () => {
    expect(invalidTerms({ ...base, months: 0 })).toMatch(/term/);
    expect(invalidTerms({ ...base, amount: '-1' })).toMatch(/amount/);
    expect(invalidTerms({ ...base, upfrontFee: { amount: '12000' } })).toMatch(/up-front/);
    expect(() => schedule({ ...base, rate: 'x' })).toThrow(RangeError);
    expect(invalidTerms(base)).toBeUndefined();
  });
});
