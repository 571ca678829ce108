// The all-in APR: the annualised internal rate of return of the borrower's cash flows, fees
// included. Received at t0: the amount minus the up-front fee; paid at month k: the period's
// payment (principal + interest + monthly fee). The monthly IRR i solves
//     received = Σ payment_k / (1 + i)^k
// and the APR is i × 12 — nominal annualisation, the convention China's 36% rule is read with
// (not the effective (1 + i)^12 − 1, which would be higher).
//
// Solved with decimal.js by Newton's method kept inside a bracket [lo, hi] that always holds the
// root (a step leaving it is replaced by bisection), until the bracket or the step is below
// 1e-12 of monthly rate (1.2e-11 annual, well within the 1e-10 asked). Deterministic: the same
// flows give the same digits.

import Decimal from 'decimal.js';
import { APR_CAP } from '../../grammar/check/terms.js';
import { LoanDec, schedule, type LoanTerms, type Schedule } from './schedule.js';

const TOL = new LoanDec('1e-12');

/**
 * The monthly IRR of `received` now against `payments` at months 1..n. Every payment ≥ 0 and
 * their sum ≥ received > 0 (a loan repays its principal), so the root is at or above 0.
 */
export function monthlyIrr(received: Decimal.Value, payments: readonly Decimal.Value[]): Decimal {
  const r0 = new LoanDec(received);
  const flows = payments.map((p) => new LoanDec(p));
  if (r0.lte(0)) throw new RangeError('the amount received must be positive');
  // f(i) = Σ p_k (1+i)^-k − received: decreasing in i, f(0) ≥ 0.
  const f = (i: Decimal): [Decimal, Decimal] => {
    const v = new LoanDec(1).div(i.plus(1));
    let pv = new LoanDec(0);
    let dpv = new LoanDec(0);
    let vk = new LoanDec(1);
    for (let k = 1; k <= flows.length; k++) {
      vk = vk.times(v);
      pv = pv.plus(flows[k - 1].times(vk));
      dpv = dpv.minus(flows[k - 1].times(k).times(vk).times(v));
    }
    return [pv.minus(r0), dpv];
  };
  let lo = new LoanDec(0);
  if (f(lo)[0].lte(0)) return lo;
  let hi = new LoanDec(1);
  while (f(hi)[0].gt(0)) hi = hi.times(2);
  let x = lo.plus(hi).div(2);
  for (let step = 0; step < 500; step++) {
    const [fx, dfx] = f(x);
    if (fx.isZero()) return x;
    if (fx.gt(0)) lo = x;
    else hi = x;
    let next = dfx.isZero() ? undefined : x.minus(fx.div(dfx));
    if (!next || next.lte(lo) || next.gte(hi)) next = lo.plus(hi).div(2);
    const moved = next.minus(x).abs();
    x = next;
    if (moved.lt(TOL) || hi.minus(lo).lt(TOL)) break;
  }
  return x;
}

/**
 * Places the all-in APR is kept to. The IRR is solved to 1e-12 a month (1.2e-11 a year), so the
 * tenth place is sure: a loan whose rate of return is exactly 3% a month is 0.36, not a hair above
 * the cap by the solver's last step.
 */
const APR_PLACES = 10;

/** The all-in APR of a schedule (monthly IRR × 12), to ten decimal places (the solver's accuracy): what the cap compares. */
export function allInAprOf(s: Schedule): Decimal {
  return monthlyIrr(s.received, s.periods.map((p) => p.payment)).times(12).toDecimalPlaces(APR_PLACES, Decimal.ROUND_HALF_UP);
}

/** The all-in APR of loan terms (throws a RangeError on invalid terms, like `schedule`). */
export function allInApr(t: LoanTerms): Decimal {
  return allInAprOf(schedule(t));
}

/**
 * An APR as shown: a decimal rate to 6 places (0.0001%), half up — for display only; the cap
 * compares the ten-place value. An APR above the cap by less than half a unit of the last place is
 * shown rounded up (0.360001), never as the cap itself beside a verdict that it is above it.
 */
export function showApr(apr: Decimal): string {
  const shown = apr.toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
  return (apr.gt(APR_CAP) && shown.lte(APR_CAP) ? apr.toDecimalPlaces(6, Decimal.ROUND_UP) : shown).toString();
}
