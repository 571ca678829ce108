// The loan terms in the language, end to end: checked, compiled, decided.
import { describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { prepare } from '../evaluate.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOverrides } from '../overrides.js';
import { fileSource, runBacktest } from '../replay/engine.js';
import { offerLoan } from '../outcome.js';
import { allInAprOf, showApr } from './apr.js';
import { schedule } from './schedule.js';

const policy = (terms: string, decls = '') => `policy t "Test" version 1
input req {
  id: text
  amount: money
  months: number
  rate: number
  fee: money?
}
${decls}
decision offer "Offer" {
  when req.amount > 0 => approve { ${terms} }
  else => reject "none"
}
flow { start -> offer }
`;

const codes = (text: string) => compileText(text).diagnostics.map((d) => `${d.code}: ${d.message}`);
const decide = (terms: string, req: Record<string, unknown>, decls = '') => {
  const r = compileText(policy(terms, decls));
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return prepare(r.graph).decide({ req: { id: 'R1', amount: '12000', months: 12, rate: '0.24', ...req } });
};

describe('loan terms in the checker', () => {
  it('accepts method, rate and fees; an existing `apr` offer is unchanged', () => {
    expect(codes(policy('limit 12000 term 12 rate 24% method equal_principal upfront_fee 1% monthly_fee 10'))).toEqual([]);
    expect(codes(policy('limit 12000 term 12 apr 24%'))).toEqual([]);
  });

  it('rejects a bad method, fees without rate, rate with apr, rate without limit or term', () => {
    expect(codes(policy('limit 1 term 12 rate 10% method equal_installment'))[0]).toMatch(/^invalid-term-value: `method` takes `equal_installments`/);
    expect(codes(policy('limit 1 term 12 apr 20% monthly_fee 10'))).toEqual([expect.stringMatching(/^invalid-term-value: `monthly_fee` needs `rate`/)]);
    expect(codes(policy('limit 1 term 12 apr 20% rate 10%'))).toEqual([expect.stringMatching(/^invalid-term-value: `apr` is computed from `rate`/)]);
    expect(codes(policy('rate 10%'))).toEqual(['invalid-term-value: `rate` needs `limit` and `term` to compute the schedule and the all-in APR']);
    expect(codes(policy('limit 1 term 12 rate 10% upfront_fee f', 'param f = 1%'))[0]).toMatch(/reads a name as an amount/);
  });

  it('a literal offer whose all-in APR is above 36% does not compile, though its nominal rate is 30%', () => {
    expect(codes(policy('limit 10000 term 12 rate 30% monthly_fee 3%'))).toEqual([
      'apr-cap: the all-in APR of this offer is 86.8266% (nominal 30% with its fees), above the 36% cap',
    ]);
    // Exactly 36% (interest first: 3% a month on the whole amount) is within the cap.
    expect(codes(policy('limit 10000 term 12 method interest_first rate 36%'))).toEqual([]);
    // Above the cap by a hair (the payment rounded up to the cent): shown above it, as the run-time `apr` is.
    expect(codes(policy('limit 12000 term 12 rate 36%'))).toEqual(['apr-cap: the all-in APR of this offer is 36.0001% (nominal 36% with its fees), above the 36% cap']);
    expect(codes(policy('limit 10000 term 12 rate 30% upfront_fee 2% monthly_fee 0.2%'))).toHaveLength(1);
    expect(codes(policy('limit 10000 term 12 rate 30% monthly_fee 0.2%'))).toEqual([]);
  });
});

describe('loan terms at run time', () => {
  it('computes the all-in APR into `apr`; a percent fee is a share of the limit', () => {
    const r = decide('limit req.amount term req.months rate req.rate upfront_fee 1% monthly_fee 10', {});
    expect(r.decision).toBe('approve');
    expect(r.terms).toEqual({ limit: '12000', term: '12', rate: '0.24', upfront_fee: '120', monthly_fee: '10', apr: expect.any(String) });
    expect(Number(r.terms!.apr)).toBeGreaterThan(0.26);
    expect(Number(r.terms!.apr)).toBeLessThan(0.36);
  });

  it('turns an approve into review (`apr_cap`) when the fees push the all-in rate over 36%, nominal 30% or not', () => {
    const r = decide('limit req.amount term req.months rate req.rate monthly_fee req.amount * 3%', { rate: '0.30' });
    expect(r.decision).toBe('review');
    expect(r.reasons).toEqual(['apr_cap']);
    expect(r.terms!.apr).toBe('0.868266');
  });

  it('never approves a nominal rate above 36%, even when cent rounding brings its cash flows to exactly 36%', () => {
    // 10,000 interest first: 36.00000004% a year is 300.0000003 a month, charged 300.00 — an
    // all-in 36%, at the cap; the offer still states an annual rate above it.
    const terms = 'limit req.amount term req.months method interest_first rate req.rate';
    for (const rate of ['0.3600000004', '0.36000000000000000001']) {
      const r = decide(terms, { amount: '10000', rate });
      expect([rate, r.decision, r.reasons, r.terms!.apr]).toEqual([rate, 'review', ['apr_cap'], '0.36']);
    }
    expect(decide(terms, { amount: '10000', rate: '0.36' }).decision).toBe('approve');
    expect(decide(terms, { amount: '10000', rate: '0.3599999996' }).decision).toBe('approve');
  });

  it('gives the loan its APR was computed from, for the service to build the schedule the borrower is shown', () => {
    const r = decide('limit req.amount term req.months method interest_first rate req.rate upfront_fee 1% monthly_fee req.fee', { amount: '8000', fee: '4.999995' });
    expect(r.decision).toBe('approve');
    const loan = offerLoan(r.terms!);
    // The fee as the schedule charges it: to the cent, half up.
    expect(loan).toEqual({ amount: '8000', months: 12, rate: '0.24', method: 'interest_first', upfrontFee: { amount: '80' }, monthlyFee: { amount: '5' } });
    expect(showApr(allInAprOf(schedule(loan)))).toBe(r.terms!.apr);
    // Without `method` the schedule is the default one, as in the APR.
    const plain = decide('limit req.amount term req.months rate req.rate', {});
    expect(offerLoan(plain.terms!).method).toBe('equal_installments');
    expect(showApr(allInAprOf(schedule(offerLoan(plain.terms!))))).toBe(plain.terms!.apr);
  });

  it('shows money terms as they are lent and charged: the limit to the cent down, a fee to the cent half up', () => {
    const r = decide('limit req.amount * 3 term req.months rate req.rate monthly_fee req.amount * 0.0005', { amount: '3333.333' });
    expect(r.decision).toBe('approve');
    // 9,999.999 lent as 10,000.00 would be more than the policy's limit.
    expect(r.terms).toMatchObject({ limit: '9999.99', monthly_fee: '1.67' });
    const s = schedule(offerLoan(r.terms!));
    expect(s.totals.principal).toBe('9999.99');
    expect(showApr(allInAprOf(s))).toBe(r.terms!.apr);
    // A limit that rounds down to nothing is no limit.
    expect(decide('limit req.amount term req.months rate req.rate', { amount: '0.004' }).reasons).toEqual(['invalid_limit']);
  });

  it('terms that make no schedule leave `apr` null and never approve; the bad term is named', () => {
    const r = decide('limit req.amount term req.months rate req.rate monthly_fee req.fee', { months: 0, fee: '5' });
    expect(r.decision).toBe('review');
    expect(r.reasons).toEqual(['invalid_term']);
    expect(r.terms!.apr).toBeNull();
    expect(decide('limit req.amount term req.months rate req.rate monthly_fee req.fee', { fee: null }).reasons).toEqual(['invalid_monthly_fee']);
    expect(decide('limit req.amount term req.months rate req.rate monthly_fee req.fee', { fee: '5', rate: '-0.01' }).reasons).toEqual(['invalid_rate']);
    // Terms each valid that still make no schedule (an up-front fee as large as the loan): the APR is unknown.
    expect(decide('limit req.amount term req.months rate req.rate upfront_fee req.fee', { fee: '12000' }).reasons).toEqual(['apr_cap']);
    expect(decide('limit req.amount term req.months rate req.rate monthly_fee req.fee', { fee: '5' }).decision).toBe('approve');
  });

  it('an offer with its APR given is not approved with a negative APR, a term or validity that is not a positive whole number', () => {
    const reasons = (terms: string, req: Record<string, unknown> = {}) => {
      const r = decide(terms, req);
      return r.decision === 'approve' ? 'approve' : r.reasons;
    };
    expect(reasons('limit req.amount apr 20% - req.rate')).toEqual(['invalid_apr']);
    expect(reasons('limit req.amount apr req.rate - req.rate')).toBe('approve'); // 0% is a real promotion
    expect(reasons('limit req.amount apr 20% term req.months', { months: 0 })).toEqual(['invalid_term']);
    expect(reasons('limit req.amount apr 20% term req.months', { months: 1.5 })).toEqual(['invalid_term']);
    expect(reasons('limit req.amount apr 20% term req.months', { months: 601 })).toEqual(['invalid_term']);
    expect(reasons('limit req.amount apr 20% term req.months', { months: 600 })).toBe('approve');
    expect(reasons('limit req.amount apr 20% term 12 valid 0 - req.months')).toEqual(['invalid_valid']);
    expect(reasons('limit req.amount apr 20% term 12 valid req.months')).toBe('approve');
    // Every bad term is named, in the terms' order, before the cap.
    expect(reasons('limit 0 - req.amount apr 20% - req.rate term 0 - req.months')).toEqual(['invalid_limit', 'invalid_apr', 'invalid_term']);
  });
});

describe('an approve with a limit no lender means to grant', () => {
  const text = (terms: string) => policy(terms).replace('when req.amount > 0 => approve', 'when req.months > 0 => approve');
  const run = (terms: string, req: Record<string, unknown>) => {
    const g = compileText(text(terms)).graph!;
    return prepare(g).decide({ req: { id: 'R1', amount: '12000', months: 12, rate: '0.24', ...req } });
  };

  it('is a review (`invalid_limit`) when the limit is zero, negative or missing, priced or not; the terms stay as a proposal', () => {
    for (const amount of ['-15000', '0', '-0.01']) {
      const r = run('limit req.amount apr 24%', { amount });
      expect([amount, r.decision, r.reasons]).toEqual([amount, 'review', ['invalid_limit']]);
      expect(r.terms!.limit).toBe(amount === '-0.01' ? '-0.01' : amount);
    }
    const missing = run('limit req.fee apr 24%', { fee: null });
    expect([missing.decision, missing.reasons, missing.terms!.limit]).toEqual(['review', ['invalid_limit'], null]);
    // Priced: the limit is named, not the APR cap its missing schedule would trip.
    expect(run('limit req.amount term req.months rate req.rate', { amount: '-5000' }).reasons).toEqual(['invalid_limit']);
    expect(run('limit req.amount apr 24%', { amount: '0.01' }).decision).toBe('approve');
  });

  it('is the same in a backtest, whose results are lean', async () => {
    const g = compileText(text('limit req.amount apr 24%')).graph!;
    const dir = mkdtempSync(join(tmpdir(), 'verdict-limit-'));
    const path = join(dir, 'r.jsonl');
    writeFileSync(path, ['-15000', '0', '5000', '7000'].map((a, i) => `{"req":{"id":"R${i}","amount":"${a}","months":12,"rate":"0.24"}}\n`).join(''));
    const v = { file: 't.policy', text: text('limit req.amount apr 24%'), graph: g, overrides: parseOverrides(g, {}).overrides, set: [], switch: [] };
    const report = await runBacktest({ base: v, candidate: v, data: fileSource(path, 'jsonl', g), workers: 0 });
    expect(report.decisions.base.counts).toEqual({ approve: 2, review: 2, reject: 0, error: 0 });
  });
});
