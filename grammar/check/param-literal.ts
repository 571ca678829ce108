import type { Expr } from '../ast.js';
import type { ExprIssue } from './infer.js';
import { printExpr } from './print.js';
import { BOOL, NUMBER, TEXT, type Ty } from './types.js';
import { unparen } from './walk.js';

/**
 * The type of a param's value, which must be a literal: a number (or negated number), a string, a
 * bool, or a list of literals of one type. `problem` says what is wrong otherwise.
 */
export function paramLiteralType(v: Expr): { type: Ty; problem?: ExprIssue } {
  const scalar = (e: Expr): Ty => {
    const u = unparen(e);
    if (u.kind === 'Number') return NUMBER;
    if (u.kind === 'Unary' && u.op === '-' && unparen(u.operand).kind === 'Number') return NUMBER;
    if (u.kind === 'String') return TEXT;
    if (u.kind === 'Bool') return BOOL;
    return undefined;
  };
  if (v.kind === 'Error') return { type: undefined };
  const u = unparen(v);
  if (u.kind === 'List') {
    let item: Ty;
    for (const it of u.items) {
      if (it.kind === 'Error') return { type: undefined };
      const t = scalar(it);
      if (!t) return { type: undefined, problem: { code: 'param-not-literal', range: it.range, message: `a param list holds literals only, not \`${printExpr(it)}\`` } };
      if (item && item.kind !== t.kind)
        return { type: undefined, problem: { code: 'type-mismatch', range: it.range, message: `a param list holds values of one type: \`${printExpr(it)}\` is ${t.kind}, the list is of ${item.kind}` } };
      item ??= t;
    }
    return { type: { kind: 'scalar_list', item: item ?? TEXT } };
  }
  const t = scalar(u);
  if (t) return { type: t };
  return {
    type: undefined,
    problem: { code: 'param-not-literal', range: v.range, message: `a param's value must be a literal (number, percent, string, bool or list of them), not \`${printExpr(v)}\`; use a \`let\` for a computed value` },
  };
}
