// Repayment schedules: one pure function from a loan's terms to its periods. The trial schedule
// shown at application and the schedule of the loan once drawn are both this function on the
// same terms, so they cannot differ: the terms are plain JSON (strings for amounts), and the
// schedule is a function of them alone.
//
// Rounding rule (stated once, here and in docs/language.md):
// - the monthly rate is the nominal annual rate / 12, kept exact (no rounding);
// - every amount of a period (principal, interest, fee, payment) is rounded to the cent,
//   half up (ROUND_HALF_UP), when it is computed — interest on the balance still owed;
// - a fee given as a share of the principal is rounded to the cent the same way;
// - the last period absorbs the remainder: its principal is the balance left, so the principal
//   of all periods sums exactly to the amount lent and the final balance is 0.

import Decimal from 'decimal.js';
import { MAX_TERM_MONTHS } from '../term-values.js';

/** Wide enough for (1 + r)^360 and the IRR search; rounding to cents is explicit. */
export const LoanDec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type LoanDec = Decimal;

export const METHODS = ['equal_installments', 'equal_principal', 'interest_first'] as const;
export type Method = (typeof METHODS)[number];

/** A fee: a money amount, or a share of the principal (`rate` 0.01 = 1%). */
export type Fee = { amount: string } | { rate: string };

/** A loan's terms as plain JSON: what an offer carries and what a drawn loan keeps. */
export interface LoanTerms {
  /** The amount lent. */
  amount: string;
  /** Months, a whole number from 1 to 600. */
  months: number;
  /** Nominal annual rate, `0.24` for 24%. */
  rate: string;
  method: Method;
  /** Taken from the amount when the loan is paid out. */
  upfrontFee?: Fee;
  /** Management or service fee added to every period. */
  monthlyFee?: Fee;
}

export interface Period {
  /** 1-based. */
  n: number;
  principal: string;
  interest: string;
  fee: string;
  /** principal + interest + fee: what the borrower pays this period. */
  payment: string;
  /** Principal still owed after this period. */
  balance: string;
}

export interface Schedule {
  terms: LoanTerms;
  /** The up-front fee, in money. */
  upfrontFee: string;
  /** What the borrower receives: the amount minus the up-front fee. */
  received: string;
  periods: Period[];
  totals: { principal: string; interest: string; fees: string; payment: string };
}

const CENT = 2;
const cents = (d: Decimal): Decimal => d.toDecimalPlaces(CENT, Decimal.ROUND_HALF_UP);
const money = (d: Decimal): string => d.toFixed(CENT);

/** A fee in money: an amount as given (to the cent), a rate times the principal (to the cent). */
export function feeAmount(fee: Fee | undefined, principal: Decimal.Value): Decimal {
  if (!fee) return new LoanDec(0);
  return 'amount' in fee ? cents(new LoanDec(fee.amount)) : cents(new LoanDec(fee.rate).times(principal));
}

const isDecimalText = (s: unknown): s is string => typeof s === 'string' && /^-?\d+(\.\d+)?$/.test(s);

/** Why the terms cannot make a schedule, or undefined when they can. */
export function invalidTerms(t: LoanTerms): string | undefined {
  if (!isDecimalText(t.amount) || new LoanDec(t.amount).lte(0)) return `the amount must be a positive number, not ${t.amount}`;
  if (!Number.isInteger(t.months) || t.months < 1 || t.months > MAX_TERM_MONTHS) return `the term must be a whole number of months from 1 to ${MAX_TERM_MONTHS}, not ${t.months}`;
  if (!isDecimalText(t.rate) || new LoanDec(t.rate).lt(0)) return `the rate must be a number at least 0, not ${t.rate}`;
  if (!METHODS.includes(t.method)) return `the method must be one of ${METHODS.join(', ')}, not ${t.method}`;
  for (const [name, fee] of [['up-front fee', t.upfrontFee], ['monthly fee', t.monthlyFee]] as const) {
    if (!fee) continue;
    const v = 'amount' in fee ? fee.amount : fee.rate;
    if (!isDecimalText(v) || new LoanDec(v).lt(0)) return `the ${name} must be a number at least 0, not ${v}`;
  }
  if (upfrontFeeTakingAll(t)) return 'the up-front fee must be less than the amount';
  return undefined;
}

/** The up-front fee in money when it takes the whole amount (no cash lent: no schedule, no APR); else undefined. */
export function upfrontFeeTakingAll(t: Pick<LoanTerms, 'amount' | 'upfrontFee'>): Decimal | undefined {
  const fee = feeAmount(t.upfrontFee, t.amount);
  return fee.gte(t.amount) ? fee : undefined;
}

/** The level payment (principal + interest) of an equal-installment loan, to the cent. */
function levelPayment(p: Decimal, r: Decimal, n: number): Decimal {
  if (r.isZero()) return cents(p.div(n));
  const g = r.plus(1).pow(n);
  return cents(p.times(r).times(g).div(g.minus(1)));
}

/** The schedule of a loan. Throws a RangeError on terms `invalidTerms` rejects. */
export function schedule(t: LoanTerms): Schedule {
  const why = invalidTerms(t);
  if (why) throw new RangeError(why);
  const p = new LoanDec(t.amount);
  const r = new LoanDec(t.rate).div(12);
  const n = t.months;
  const fee = feeAmount(t.monthlyFee, p);
  const upfront = feeAmount(t.upfrontFee, p);
  const level = t.method === 'equal_installments' ? levelPayment(p, r, n) : undefined;
  const evenPrincipal = t.method === 'equal_principal' ? cents(p.div(n)) : undefined;

  const periods: Period[] = [];
  let balance = p;
  const sum = { principal: new LoanDec(0), interest: new LoanDec(0), fees: new LoanDec(0), payment: new LoanDec(0) };
  for (let k = 1; k <= n; k++) {
    const interest = cents(balance.times(r));
    let principal: Decimal;
    if (k === n) principal = balance;
    else if (level) principal = Decimal.min(Decimal.max(level.minus(interest), 0), balance);
    else if (evenPrincipal) principal = Decimal.min(evenPrincipal, balance);
    else principal = new LoanDec(0);
    balance = balance.minus(principal);
    const payment = principal.plus(interest).plus(fee);
    periods.push({ n: k, principal: money(principal), interest: money(interest), fee: money(fee), payment: money(payment), balance: money(balance) });
    sum.principal = sum.principal.plus(principal);
    sum.interest = sum.interest.plus(interest);
    sum.fees = sum.fees.plus(fee);
    sum.payment = sum.payment.plus(payment);
  }
  return {
    terms: t,
    upfrontFee: money(upfront),
    received: money(p.minus(upfront)),
    periods,
    totals: { principal: money(sum.principal), interest: money(sum.interest), fees: money(sum.fees.plus(upfront)), payment: money(sum.payment) },
  };
}
