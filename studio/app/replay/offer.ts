// An offer's terms as a loan, for the trial repayment schedule the test panel shows under an
// approve (or a review's proposed offer). The same pure schedule as the runtime and the CLI's
// `verdict schedule`; terms that make no schedule say why instead.

import { METHODS, invalidTerms, schedule, type LoanTerms, type Method, type Schedule } from '../../../runtime/loan/schedule.js';
import type { Terms } from '../../../runtime/result.js';

export type OfferSchedule = { schedule: Schedule; nominal: 'rate' | 'apr' } | { why: string } | undefined;

const text = (terms: Terms, k: string): string | undefined => (typeof terms[k] === 'string' ? (terms[k] as string) : undefined);

/**
 * The schedule of an offer: `limit` lent over `term` months at `rate` (or at `apr` for an offer
 * priced by its APR alone, which carries no fee), `method` and the fees as the decision computed
 * them. Undefined when the terms are no loan at all (no limit and no term).
 */
export function offerSchedule(terms: Terms | undefined): OfferSchedule {
  if (!terms) return undefined;
  const limit = text(terms, 'limit');
  const term = text(terms, 'term');
  if (limit === undefined && term === undefined) return undefined;
  const nominal = text(terms, 'rate') !== undefined ? 'rate' : 'apr';
  const rate = text(terms, nominal);
  if (limit === undefined || term === undefined || rate === undefined) return { why: `no schedule: the offer has no ${[limit === undefined && 'limit', term === undefined && 'term', rate === undefined && 'rate'].filter(Boolean).join(', ')}` };
  const method = (text(terms, 'method') ?? 'equal_installments') as Method;
  const fee = (k: string) => (text(terms, k) === undefined ? undefined : { amount: text(terms, k)! });
  const loan: LoanTerms = { amount: limit, months: Number(term), rate, method: METHODS.includes(method) ? method : method, upfrontFee: fee('upfront_fee'), monthlyFee: fee('monthly_fee') };
  const why = invalidTerms(loan);
  return why ? { why: `no schedule: ${why}` } : { schedule: schedule(loan), nominal };
}
