// Offer terms no approve is issued with, whatever the policy says: one rule for the evaluator,
// which turns such an approve into review (`invalid_<key>`: outcome.ts), and for the checker,
// which refuses a value known before run time (`invalid-term-value`: grammar/check/checks/terms.ts).

import { cmpNum, Dec, isIntegerNum, isNum, toDec, type Num } from './values.js';

/** The longest loan term in months (a schedule is made for 1 to 600: loan/schedule.ts). */
export const MAX_TERM_MONTHS = 600;

const atLeast = (v: unknown, min: number): v is Num => isNum(v) && cmpNum(v, min) >= 0;

/**
 * A money term as it is lent and charged, to the cent: `limit` down (an offer never lends more
 * than its policy computed: 3 × 3,333.333 is 9,999.99, not the 10,000.00 half up would make of
 * it), a fee half up (as the schedule charges it: loan/schedule.ts). What a result shows is then
 * what the schedule lends and charges, and what its APR is computed from. Other terms, and values
 * that are not numbers, as they are.
 */
export function moneyTerm(key: string, v: unknown): unknown {
  if (!isNum(v) || (typeof v === 'number' && Number.isInteger(v))) return v;
  const up = key === 'upfront_fee' || key === 'monthly_fee';
  if (key !== 'limit' && !up) return v;
  const d = toDec(v);
  // Most amounts are in cents already (runTerms calls this for every offer a backtest decides): no new decimal for them.
  return d.decimalPlaces() <= 2 ? v : d.toDecimalPlaces(2, up ? Dec.ROUND_HALF_UP : Dec.ROUND_DOWN);
}

/**
 * What is wrong with `v` as the value of term `key` of an approve, in words ("a term that is not
 * a whole number of months from 1 to 600"), or undefined when nothing is (an unknown key too).
 * A `limit` must be above zero; an `apr` not negative (a missing one cannot be shown within the
 * cap: that is `apr_cap`'s, not this); a `term` a whole number of months from 1 to 600; a `valid`
 * a whole number of days from 1; a `rate` or fee present and not negative. Missing values count
 * as wrong for every key but `apr`.
 */
export function termValueProblem(key: string, v: unknown): string | undefined {
  switch (key) {
    case 'limit':
      return isNum(v) && cmpNum(v, 0) > 0 ? undefined : 'a limit that is missing, zero or negative';
    case 'apr':
      return isNum(v) && cmpNum(v, 0) < 0 ? 'a negative APR' : undefined;
    case 'term':
      return atLeast(v, 1) && isIntegerNum(v) && cmpNum(v, MAX_TERM_MONTHS) <= 0 ? undefined : `a term that is not a whole number of months from 1 to ${MAX_TERM_MONTHS}`;
    case 'valid':
      return atLeast(v, 1) && isIntegerNum(v) ? undefined : 'a validity that is not a whole number of days from 1';
    case 'rate':
    case 'upfront_fee':
    case 'monthly_fee':
      return atLeast(v, 0) ? undefined : `${key === 'rate' ? 'a rate' : key === 'upfront_fee' ? 'an up-front fee' : 'a monthly fee'} that is missing or negative`;
    default:
      return undefined;
  }
}
