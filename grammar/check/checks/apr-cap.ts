import Decimal from 'decimal.js';
import type { DecisionOutcome, Expr } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import type { Sym } from '../symbols.js';
import { APR_CAP } from '../terms.js';
import { decimalOf } from '../types.js';
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

function outcome(ctx: CheckContext, o: DecisionOutcome, cap: Decimal): void {
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
 * a param's literal default, a let or arithmetic on them. (A computed APR is capped at run time.)
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
