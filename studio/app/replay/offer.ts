// An offer's terms as a loan, for the trial repayment schedule the test panel shows under an
// approve (or a review's proposed offer). The same pure schedule as the runtime and the CLI's
// `verdict schedule`; terms that make no schedule say why instead.

import { METHODS, invalidTerms, schedule, type LoanTerms, type Method, type Schedule } from '../../../runtime/loan/schedule.js';
import { fmtMoney } from '../../../runtime/replay/figures.js';
import type { JsonValue, Terms } from '../../../runtime/result.js';
import { Dec } from '../../../runtime/values.js';
import { showValue } from './overlay.js';

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

const MONEY_TERMS = new Set(['limit', 'upfront_fee', 'monthly_fee']);
const RATE_TERMS = new Set(['apr', 'rate']);
const isDecimal = (v: JsonValue): v is string => typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v);

/**
 * A term as an analyst reads it: rates in percent (`0.24` → `24%`, exact), amounts grouped with
 * cents, the term in months and the validity in days (the units of the language); anything else
 * as it is.
 */
export function termText(key: string, value: JsonValue): string {
  if (isDecimal(value)) {
    if (RATE_TERMS.has(key)) return `${new Dec(value).times(100).toString()}%`;
    if (MONEY_TERMS.has(key)) return fmtMoney(value);
    if (key === 'term') return `${value} month${value === '1' ? '' : 's'}`;
    if (key === 'valid') return `${value} day${value === '1' ? '' : 's'}`;
  }
  return showValue(value);
}
