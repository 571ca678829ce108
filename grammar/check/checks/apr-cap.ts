import Decimal from 'decimal.js';
import type { DecisionOutcome, Expr } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import type { Sym } from '../symbols.js';
import { APR_CAP, TERMS, isShareOfLimit } from '../terms.js';
import { allInApr, showApr } from '../../../runtime/loan/apr.js';
import { invalidTerms, upfrontFeeTakingAll, type Fee, type LoanTerms, type Method } from '../../../runtime/loan/schedule.js';
import { decimalOf } from '../types.js';
import { moneyTerm } from '../../../runtime/term-values.js';
import { Dec } from '../../../runtime/values.js';
import { unparen } from '../walk.js';

const percent = (d: Decimal) => `${d.times(100).toString()}%`;

/**
 * The value of an expression made of literals, literal params and lets of them only (`18%`,
 * `base_apr + 2%`, `max(a, b)`), or undefined when it depends on the record.
 */
export function constantValue(e: Expr, symbols: Map<string, Sym>, seen = new Set<string>()): Decimal | undefined {
  const u = unparen(e);
  switch (u.kind) {
    case 'Number':
      return decimalOf(u.value);
    case 'Unary':
      if (u.op !== '-') return undefined;
      return constantValue(u.operand, symbols, seen)?.neg();
    case 'Name': {
      const s = symbols.get(u.name);
      if ((s?.kind !== 'param' && s?.kind !== 'let') || seen.has(u.name)) return undefined;
      return constantValue(s.kind === 'param' ? s.decl.value : s.decl.expr, symbols, new Set([...seen, u.name]));
    }
    case 'Binary': {
      const l = constantValue(u.left, symbols, seen);
      const r = l && constantValue(u.right, symbols, seen);
      if (!l || !r) return undefined;
      if (u.op === '+') return l.plus(r);
      if (u.op === '-') return l.minus(r);
      if (u.op === '*') return l.times(r);
      if (u.op === '/') return r.isZero() ? undefined : l.div(r);
      return undefined;
    }
    case 'Call': {
      if (u.callee.name !== 'min' && u.callee.name !== 'max') return undefined;
      const args = u.args.map((a) => constantValue(a, symbols, seen));
      if (!args.length || args.some((a) => !a)) return undefined;
      return u.callee.name === 'min' ? Decimal.min(...(args as Decimal[])) : Decimal.max(...(args as Decimal[]));
    }
    default:
      return undefined;
  }
}

/** The loan terms of a priced offer (`rate`) when every one is known before run time. */
function literalLoan(o: DecisionOutcome, symbols: Map<string, Sym>): LoanTerms | undefined {
  const given = new Map((o.terms ?? []).map((t) => [t.key.name, t.value] as const));
  const num = (k: string) => {
    const e = given.get(k);
    return e && constantValue(e, symbols);
  };
  const fee = (k: string): Fee | undefined | null => {
    const e = given.get(k);
    if (!e) return undefined;
    const v = constantValue(e, symbols);
    if (!v) return null;
    const u = unparen(e);
    return u.kind === 'Number' && isShareOfLimit(u.raw) ? { rate: v.toString() } : { amount: inCents(k, v) };
  };
  const [rate, limit, term] = [num('rate'), num('limit'), num('term')];
  const [upfrontFee, monthlyFee] = [fee('upfront_fee'), fee('monthly_fee')];
  const m = unparen(given.get('method') ?? ({ kind: 'Name', name: 'equal_installments' } as Expr));
  const words = TERMS.method.value.kind === 'word' ? TERMS.method.value.words : [];
  if (!rate || !limit || !term || upfrontFee === null || monthlyFee === null || m.kind !== 'Name' || !words.includes(m.name)) return undefined;
  return { amount: inCents('limit', limit), months: term.toNumber(), rate: rate.toString(), method: m.name as Method, upfrontFee, monthlyFee };
}

/** A money term as the runtime lends and charges it (term-values.ts: `moneyTerm`), as text. */
const inCents = (key: string, d: Decimal): string => String(moneyTerm(key, new Dec(d.toString())));

/** The up-front fee of otherwise valid terms when it takes the whole amount (the schedule's own rule). */
const feeTakingAll = (t: LoanTerms): Decimal | undefined => (invalidTerms({ ...t, upfrontFee: undefined }) ? undefined : upfrontFeeTakingAll(t));

function outcome(ctx: CheckContext, o: DecisionOutcome, cap: Decimal): void {
  const rateTerm = o.terms?.find((t) => t.key.name === 'rate');
  const rate = rateTerm && constantValue(rateTerm.value, ctx.analysis.symbols);
  // A stated annual rate above the cap is never approved, whatever the rounding of its schedule
  // makes of its all-in APR (runtime/outcome.ts: `pricedWithinCap`), nor whatever the limit.
  const loan = rateTerm && !rate?.gt(cap) ? literalLoan(o, ctx.analysis.symbols) : undefined;
  const fee = loan && feeTakingAll(loan);
  if (rateTerm && rate?.gt(cap))
    ctx.report('apr-cap', rateTerm.value, `the nominal rate ${percent(rate)} is above the ${percent(cap)} cap: no such offer is approved (every approve would be a review, \`apr_cap\`)`);
  else if (loan && fee) {
    const at = o.terms!.find((t) => t.key.name === 'upfront_fee')!;
    ctx.report('apr-cap', at.value, `the up-front fee of ${fee.toString()} takes the whole loan of ${loan.amount}: the borrower receives nothing, so the offer has no all-in APR within the ${percent(cap)} cap (every approve would be a review, \`apr_cap\`)`);
  } else if (loan && !invalidTerms(loan)) {
    const apr = allInApr(loan);
    const at = o.terms!.find((t) => t.key.name === 'rate')!;
    if (apr.gt(cap))
      ctx.report('apr-cap', at.value, `the all-in APR of this offer is ${percent(new Decimal(showApr(apr)))} (nominal ${percent(new Decimal(loan.rate))} with its fees), above the ${percent(cap)} cap`);
  }
  for (const term of o.terms ?? []) {
    if (term.key.name !== 'apr') continue;
    const v = constantValue(term.value, ctx.analysis.symbols);
    if (!v || v.lte(cap)) continue;
    const u = unparen(term.value);
    const sym = u.kind === 'Name' ? ctx.analysis.symbols.get(u.name) : undefined;
    const via = sym?.kind === 'param' ? ` (the default of param \`${sym.id}\`)` : sym?.kind === 'let' ? ` (let \`${sym.id}\`)` : '';
    ctx.report('apr-cap', term.value, `APR ${percent(v)}${via} is above the ${percent(cap)} all-in cap`);
  }
}

/**
 * No offer carries an APR above the 36% all-in cap when it is known before run time: a literal,
 * a param's literal default, a let or arithmetic on them. For a priced offer (`rate`, fees,
 * `limit`, `term` all known) the all-in APR is the IRR of its schedule (runtime/loan/apr.ts).
 * (A computed APR is capped at run time.)
 */
export const aprCap: Check = {
  name: 'apr-cap',
  codes: ['apr-cap'],
  run(ctx) {
    const cap = new Decimal(APR_CAP);
    for (const d of ctx.ast.declarations) {
      if (d.kind !== 'Decision') continue;
      for (const c of d.clauses) outcome(ctx, c.outcome, cap);
      if (d.else) outcome(ctx, d.else, cap);
    }
  },
};
