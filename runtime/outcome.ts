// A decision's outcome as the evaluator (evaluate.ts) compiles and runs it: its terms, the all-in
// APR of a priced offer checked against the cap, and params turned into run-time values.

import { APR_CAP, FEE_TERMS } from '../grammar/check/terms.js';
import { allInApr, showApr } from './loan/apr.js';
import { LoanDec, invalidTerms, type LoanTerms, type Method } from './loan/schedule.js';
import { decimalText, type OutcomeSpec, type ValueType } from './graph.js';
import { GraphError, compileExpr, numConst, type Env, type Fn, type Frame } from './closures.js';
import { putKey, toJson, type JsonValue, type Terms } from './result.js';
import { moneyTerm, termValueProblem } from './term-values.js';
import { cmpNum, isNum, parseDate } from './values.js';

export interface CTerm {
  key: string;
  fn: Fn;
  /** The same, noting what it reads in the frame's `reads` (a traced decision). */
  traced: Fn;
  type: ValueType;
}

export interface COutcome {
  /** The decision node: names a fault in the terms. */
  node: string;
  decision: 'approve' | 'review' | 'reject';
  reason?: string;
  terms?: CTerm[];
  /** Its terms have a `rate`: the APR is computed from the schedule (`pricedWithinCap`). */
  priced: boolean;
}

const APR_LIMIT = numConst(APR_CAP);
/** The terms a priced offer's schedule is made from: one of them invalid says why its APR is unknown. */
const SCHEDULE_TERMS = new Set<string>(['limit', 'term', 'rate', ...FEE_TERMS]);

/**
 * The loan of a priced offer's terms as the result gives them (`limit`, `term`, `rate`, `method`,
 * fees as amounts): the one its `apr` is computed from, so that an embedding service that builds
 * the repayment schedule from a result (`schedule(offerLoan(result.terms))`, loan/schedule.ts)
 * shows the very loan that was checked against the cap. A term that is missing or not a number
 * comes through as text `invalidTerms` refuses (`""`, `NaN` months).
 */
export function offerLoan(terms: Terms): LoanTerms {
  const text = (k: string) => (typeof terms[k] === 'string' ? (terms[k] as string) : undefined);
  const fee = (k: string) => (text(k) === undefined ? undefined : { amount: text(k)! });
  return {
    amount: text('limit') ?? '',
    months: Number(text('term') ?? NaN),
    rate: text('rate') ?? '',
    method: (text('method') ?? 'equal_installments') as Method,
    upfrontFee: fee('upfront_fee'),
    monthlyFee: fee('monthly_fee'),
  };
}

/**
 * A priced offer (`rate`): computes its all-in APR from the schedule, fees included, into
 * `terms.apr`, and says whether it is within the cap. Terms that make no schedule (a missing
 * limit, a term of 0 months) leave `apr` null and are not within the cap: an approve is never
 * issued without its all-in rate shown to be at most 36%. Nor with a nominal `rate` above 36%:
 * interest is rounded to the cent, so the cash flows of a rate a hair above the cap can come to
 * exactly 3% a month (10,000 at 36.00000004%, interest first: 300.00 a month, an all-in 36%), and
 * an offer must not be issued whose stated annual rate is above the cap.
 */
function pricedWithinCap(terms: Terms): boolean {
  const loan = offerLoan(terms);
  const missingFee = ['upfront_fee', 'monthly_fee'].some((k) => k in terms && terms[k] === null);
  if (missingFee || invalidTerms(loan)) {
    putKey<JsonValue>(terms, 'apr', null);
    return false;
  }
  const apr = allInApr(loan);
  putKey<JsonValue>(terms, 'apr', showApr(apr));
  return !apr.gt(APR_CAP) && !new LoanDec(loan.rate).gt(APR_CAP);
}

export interface RunTerms {
  terms: Terms | undefined;
  /** The APR is over the cap, or missing (then it cannot be shown to be within it). */
  aprOver: boolean;
  /** The reasons (`invalid_<key>`, in the terms' order) of the terms no approve is issued with (term-values.ts); undefined when none. */
  invalid: string[] | undefined;
  /** Some invalid term is one the schedule of a priced offer is made from: it says why the APR is unknown. */
  invalidSchedule: boolean;
}

/**
 * Runs an outcome's terms: their values (a fault in one is the decision's), whether the APR is over
 * the cap, and which terms no approve is issued with. `lean`: the terms are not built (a lean result
 * carries none) unless the offer is priced, whose APR is computed from the built terms.
 */
export function runTerms(outcome: COutcome, frame: Frame, lean: boolean, traced = false): RunTerms {
  let aprOver = false;
  let invalid: string[] | undefined;
  let invalidSchedule = false;
  if (!outcome.terms) return { terms: undefined, aprOver, invalid, invalidSchedule };
  const terms: Terms | undefined = lean && !outcome.priced ? undefined : {};
  for (const t of outcome.terms) {
    const v = moneyTerm(t.key, traced ? t.traced(frame) : t.fn(frame));
    if (terms) putKey(terms, t.key, toJson(v, t.type));
    // An APR that is missing cannot be shown to be within the cap: it counts as over it.
    if (t.key === 'apr' && !(isNum(v) && cmpNum(v, APR_LIMIT) <= 0)) aprOver = true;
    if (termValueProblem(t.key, v) !== undefined) {
      (invalid ??= []).push(`invalid_${t.key}`);
      if (SCHEDULE_TERMS.has(t.key)) invalidSchedule = true;
    }
  }
  if (terms && 'rate' in terms && !pricedWithinCap(terms)) aprOver = true;
  return { terms, aprOver, invalid, invalidSchedule };
}

export function compileOutcome(o: OutcomeSpec, node: string, env: Env): COutcome {
  const c: COutcome = { node, decision: o.decision, priced: false };
  if (o.reason !== undefined) c.reason = o.reason;
  if (o.terms) {
    c.terms = Object.keys(o.terms).map((key) => ({ key, fn: compileExpr(o.terms![key], env, false), traced: compileExpr(o.terms![key], env, true), type: o.terms![key].type }));
    c.priced = c.terms.some((t) => t.key === 'rate');
  }
  return c;
}

/** A param's value (graph form) as a run-time value of its type. */
export function paramRuntime(v: unknown, type: ValueType, id: string): unknown {
  if (Array.isArray(v)) return v.map((x) => paramRuntime(x, type.kind === 'scalar_list' ? type.item : type, id));
  const decimal = decimalText(v);
  if (decimal !== undefined) return numConst(decimal);
  if (typeof v === 'string' && type.kind === 'date') {
    const d = parseDate(v);
    if (d === undefined) throw new GraphError(`param \`${id}\`: bad date ${JSON.stringify(v)}`);
    return d;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  throw new GraphError(`param \`${id}\`: bad value`);
}
