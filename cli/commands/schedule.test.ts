import { describe, expect, it } from 'vitest';
import { runVerdict } from '../testing.js';

const verdict = (...argv: string[]) => runVerdict(argv);

describe('verdict schedule', () => {
  it('prints the trial schedule and the all-in APR: 12,000 over 12 months at 24%', async () => {
    const r = await verdict('schedule', '--amount', '12000', '--term', '12', '--rate', '24%');
    expect(r.code).toBe(0);
    expect(r.out).toContain('1         894.72    240.00  0.00   1134.72  11105.28');
    expect(r.out).toContain('12       1112.42     22.25  0.00   1134.67      0.00');
    expect(r.out).toContain('All-in APR 24.0002% (monthly IRR × 12, fees included): within the 36% cap');
  });

  it('--json gives the schedule with fees as amounts or shares, and exit 1 above the cap', async () => {
    const r = await verdict('schedule', '--amount', '10000', '--term', '12', '--rate', '30%', '--monthly-fee', '3%', '--upfront-fee', '200', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.terms).toEqual({ amount: '10000', months: 12, rate: '0.3', method: 'equal_installments', upfrontFee: { amount: '200' }, monthlyFee: { rate: '0.03' } });
    expect(j.periods[0]).toMatchObject({ fee: '300.00' });
    expect(j.received).toBe('9800.00');
    expect(j.withinCap).toBe(false);
    expect(Number(j.apr)).toBeGreaterThan(0.36);
  });

  it('takes every method', async () => {
    const r = await verdict('schedule', '--amount', '1000', '--term', '3', '--rate', '0.12', '--method', 'interest_first', '--json');
    expect(JSON.parse(r.out).periods.map((p: { payment: string }) => p.payment)).toEqual(['10.00', '10.00', '1010.00']);
  });

  it('reports bad input as a usage error', async () => {
    expect((await verdict('schedule', '--amount', '1000', '--term', '3')).err).toMatch(/give --amount, --term and --rate/);
    expect((await verdict('schedule', '--amount', '1000', '--term', '3', '--rate', '10%', '--method', 'balloon')).code).toBe(2);
    expect((await verdict('schedule', '--amount', '1000', '--term', '0', '--rate', '10%')).err).toMatch(/term/);
    expect((await verdict('schedule', '--amount', '1000', '--term', '3', '--rate', 'ten')).err).toMatch(/--rate takes a rate/);
  });

  it('refuses a bare rate above 1, an amount below the cent and one beyond the runtime bound', async () => {
    const bare = await verdict('schedule', '--amount', '12000', '--term', '12', '--rate', '24');
    expect(bare.code).toBe(2);
    expect(bare.err).toBe('verdict schedule: --rate 24 would be 2400%: write 24% for 24 percent, or 0.24 as a fraction\n');
    expect((await verdict('schedule', '--amount', '12000', '--term', '12', '--rate', '1')).code).toBe(1); // 100% is allowed, above the cap
    const cents = await verdict('schedule', '--amount', '12000.005', '--term', '12', '--rate', '24%');
    expect(cents.code).toBe(2);
    expect(cents.err).toContain('--amount takes an amount to the cent (at most 2 decimals), not 12000.005');
    expect((await verdict('schedule', '--amount', '12000.50', '--term', '12', '--rate', '24%')).code).toBe(0);
    const fee = await verdict('schedule', '--amount', '12000', '--term', '12', '--rate', '24%', '--upfront-fee', '10.001');
    expect(fee.code).toBe(2);
    expect(fee.err).toContain('--upfront-fee takes an amount to the cent');
    const huge = await verdict('schedule', '--amount', '99999999999999999999999999', '--term', '12', '--rate', '24%');
    expect(huge.code).toBe(2);
    expect(huge.err).toMatch(/--amount: .* is beyond the supported range \(.*below 10\^21/);
  });
});
