import { describe, expect, it } from 'vitest';
import { decideCase } from '../testing/replay-fixture.js';
import { offerSchedule, termText } from './offer.js';

describe('the trial schedule of an offer', () => {
  it('lends the limit over the term at the APR of an offer priced by its APR: principal sums to the limit, the balance ends at 0', () => {
    const result = decideCase('prime applicant');
    expect(result.decision).toBe('approve');
    const plan = offerSchedule(result.terms);
    if (!plan || !('schedule' in plan)) throw new Error(`no schedule: ${JSON.stringify(plan)}`);
    expect(plan.nominal).toBe('apr');
    expect(plan.schedule.periods).toHaveLength(Number(result.terms!.term));
    expect(plan.schedule.totals.principal).toBe(Number(result.terms!.limit).toFixed(2));
    expect(plan.schedule.periods.at(-1)!.balance).toBe('0.00');
    expect(plan.schedule.terms.rate).toBe(result.terms!.apr);
  });

  it('uses the nominal rate, method and fees of a priced offer, as the decision computed them', () => {
    const plan = offerSchedule({ limit: '12000', term: '6', rate: '0.18', method: 'equal_principal', upfront_fee: '120', monthly_fee: '10', apr: '0.27' });
    if (!plan || !('schedule' in plan)) throw new Error('no schedule');
    expect(plan.nominal).toBe('rate');
    expect(plan.schedule.periods[0]).toMatchObject({ principal: '2000.00', interest: '180.00', fee: '10.00', payment: '2190.00' });
    expect(plan.schedule.received).toBe('11880.00');
  });

  it('says why there is no schedule, and shows none for terms that are no loan', () => {
    expect(offerSchedule({ limit: '5000', apr: '0.24' })).toEqual({ why: 'no schedule: the offer has no term' });
    expect(offerSchedule({ limit: '5000', term: '0', apr: '0.24' })).toEqual({ why: 'no schedule: the term must be a whole number of months from 1 to 600, not 0' });
    expect(offerSchedule({ line: 'revolving' })).toBeUndefined();
    expect(offerSchedule(undefined)).toBeUndefined();
  });
});

describe('the terms of an offer as written on screen', () => {
  it('gives rates in percent, amounts with cents, the term in months and the validity in days', () => {
    expect(termText('apr', '0.24')).toBe('24%');
    expect(termText('rate', '0.0015')).toBe('0.15%');
    expect(termText('limit', '14400')).toBe('14,400.00');
    expect(termText('upfront_fee', '12.5')).toBe('12.50');
    expect(termText('term', '12')).toBe('12 months');
    expect(termText('term', '1')).toBe('1 month');
    expect(termText('valid', '365')).toBe('365 days');
    expect(termText('line', 'revolving')).toBe('revolving');
    expect(termText('limit', null)).toBe('missing');
  });
});
