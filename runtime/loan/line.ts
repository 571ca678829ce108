// Credit lines: a line's state as plain JSON and its rules as pure functions (every change
// returns a new line; the one given is never modified).
//
// - Revolving (循环额度): valid about a year; available = limit − principal outstanding, so
//   repaying a loan restores its amount. Any overdue loan blocks drawdown, whatever remains.
// - Single-use (单次单批): one drawdown, of the whole limit — or of a lower amount where the
//   product allows it (`allowLower`); after it, no second drawdown even once repaid (a new
//   application is needed). It expires after its validity, 7–15 days typically.
//
// Dates are `YYYY-MM-DD`; a line is usable from `validFrom` through `validTo` inclusive. Amounts
// are decimal strings, kept to the cent.

import Decimal from 'decimal.js';
import { LoanDec } from './schedule.js';
import { formatDate, parseDate, parseDay } from '../values.js';

export type LineKind = 'revolving' | 'single';

export interface DrawnLoan {
  /** `<line id>-<n>`, n counting drawdowns from 1. */
  id: string;
  amount: string;
  drawnOn: string;
  /** Principal not yet repaid. */
  outstanding: string;
  overdue: boolean;
}

export interface Repayment {
  loanId: string;
  amount: string;
  on: string;
}

export interface CreditLine {
  id: string;
  kind: LineKind;
  limit: string;
  validFrom: string;
  validTo: string;
  /** Single-use only: a drawdown below the limit is allowed. */
  allowLower: boolean;
  loans: DrawnLoan[];
  repayments: Repayment[];
}

export type DrawdownRefusal = 'invalid_amount' | 'invalid_date' | 'not_yet_valid' | 'expired' | 'overdue' | 'already_drawn' | 'must_draw_whole' | 'above_available';
export type RepayRefusal = 'invalid_amount' | 'invalid_date' | 'unknown_loan' | 'above_outstanding';

export type LineChange<R extends string> = { ok: true; line: CreditLine; loanId?: string } | { ok: false; reason: R };

const money = (d: Decimal): string => d.toFixed(2);
const positiveCents = (s: string): Decimal | undefined => {
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return undefined;
  const d = new LoanDec(s);
  return d.gt(0) ? d : undefined;
};

/** A new line with nothing drawn, valid for `validDays` days from `opened` (that day included). */
export function openLine(o: { id: string; kind: LineKind; limit: string; opened: string; validDays: number; allowLower?: boolean }): CreditLine {
  const start = parseDate(o.opened);
  if (start === undefined || o.opened.length !== 10) throw new RangeError(`not a date: ${o.opened}`);
  if (!Number.isInteger(o.validDays) || o.validDays < 1) throw new RangeError(`validity must be a whole number of days ≥ 1, not ${o.validDays}`);
  if (!positiveCents(o.limit)) throw new RangeError(`the limit must be a positive amount, not ${o.limit}`);
  return { id: o.id, kind: o.kind, limit: money(new LoanDec(o.limit)), validFrom: o.opened, validTo: formatDate(start + o.validDays - 1), allowLower: !!o.allowLower, loans: [], repayments: [] };
}

const isDay = (s: string): boolean => parseDay(s) !== undefined;
const inForce = (line: CreditLine, asOf: string): 'not_yet_valid' | 'expired' | undefined =>
  asOf < line.validFrom ? 'not_yet_valid' : asOf > line.validTo ? 'expired' : undefined;

export const outstanding = (line: CreditLine): Decimal => line.loans.reduce((s, l) => s.plus(l.outstanding), new LoanDec(0));
export const hasOverdue = (line: CreditLine): boolean => line.loans.some((l) => l.overdue);

/**
 * What could be drawn on `asOf` by the limit alone: 0 outside the validity or once a single-use
 * line is drawn; for a revolving line, limit − outstanding. An overdue loan does not change it
 * (the limit still remains), but `drawdown` refuses while one is overdue.
 */
export function available(line: CreditLine, asOf: string): string {
  if (!isDay(asOf) || inForce(line, asOf)) return money(new LoanDec(0));
  if (line.kind === 'single') return money(line.loans.length ? new LoanDec(0) : new LoanDec(line.limit));
  return money(Decimal.max(new LoanDec(line.limit).minus(outstanding(line)), 0));
}

/** Draws `amount` on `asOf`: a new loan, or the reason it is refused. */
export function drawdown(line: CreditLine, amount: string, asOf: string): LineChange<DrawdownRefusal> {
  const a = positiveCents(amount);
  if (!a) return { ok: false, reason: 'invalid_amount' };
  if (!isDay(asOf)) return { ok: false, reason: 'invalid_date' };
  const when = inForce(line, asOf);
  if (when) return { ok: false, reason: when };
  if (hasOverdue(line)) return { ok: false, reason: 'overdue' };
  if (line.kind === 'single') {
    if (line.loans.length) return { ok: false, reason: 'already_drawn' };
    if (a.lt(line.limit) && !line.allowLower) return { ok: false, reason: 'must_draw_whole' };
  }
  if (a.gt(available(line, asOf))) return { ok: false, reason: 'above_available' };
  const id = `${line.id}-${line.loans.length + 1}`;
  const loan: DrawnLoan = { id, amount: money(a), drawnOn: asOf, outstanding: money(a), overdue: false };
  return { ok: true, line: { ...line, loans: [...line.loans, loan] }, loanId: id };
}

/**
 * Repays `amount` of a loan's principal on `asOf`. Repaid in full, the loan is no longer overdue.
 * A revolving line gets the amount back; a single-use line does not (`available` stays 0).
 */
export function repay(line: CreditLine, loanId: string, amount: string, asOf: string): LineChange<RepayRefusal> {
  const a = positiveCents(amount);
  if (!a) return { ok: false, reason: 'invalid_amount' };
  if (!isDay(asOf)) return { ok: false, reason: 'invalid_date' };
  const loan = line.loans.find((l) => l.id === loanId);
  if (!loan) return { ok: false, reason: 'unknown_loan' };
  if (a.gt(loan.outstanding)) return { ok: false, reason: 'above_outstanding' };
  const left = new LoanDec(loan.outstanding).minus(a);
  const loans = line.loans.map((l) => (l.id === loanId ? { ...l, outstanding: money(left), overdue: left.isZero() ? false : l.overdue } : l));
  return { ok: true, line: { ...line, loans, repayments: [...line.repayments, { loanId, amount: money(a), on: asOf }] } };
}

/** Marks a loan overdue (or, with `overdue` false, no longer overdue). */
export function markOverdue(line: CreditLine, loanId: string, overdue = true): LineChange<'unknown_loan' | 'repaid'> {
  const loan = line.loans.find((l) => l.id === loanId);
  if (!loan) return { ok: false, reason: 'unknown_loan' };
  if (overdue && new LoanDec(loan.outstanding).isZero()) return { ok: false, reason: 'repaid' };
  return { ok: true, line: { ...line, loans: line.loans.map((l) => (l.id === loanId ? { ...l, overdue } : l)) } };
}
