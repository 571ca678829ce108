// Offer terms no approve is issued with, whatever the policy says: one rule for the evaluator,
// which turns such an approve into review (`invalid_<key>`: outcome.ts), and for the checker,
// which refuses a value known before run time (`invalid-term-value`: grammar/check/checks/terms.ts).

import { cmpNum, isIntegerNum, isNum, type Num } from './values.js';

/** The longest loan term in months (a schedule is made for 1 to 600: loan/schedule.ts). */
export const MAX_TERM_MONTHS = 600;

const atLeast = (v: unknown, min: number): v is Num => isNum(v) && cmpNum(v, min) >= 0;

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
