// Which values compare with which: one family on each side (numbers and money; text and enums;
// dates; bools with `==`/`!=` only), and a string literal compared with an enum must be one of
// its values. Shared by comparisons, `in`, and `coalesce`.

import type { CompareOp, Expr, Range } from '../ast.js';
import type { ValueType } from '../../runtime/graph.js';
import type { ExprIssue } from './infer.js';
import { printExpr, quote } from './print.js';
import { didYouMean } from './suggest.js';
import { isNumeric, showType } from './types.js';
import { unparen } from './walk.js';

export type Report = (issue: ExprIssue) => void;

/**
 * Reports when `a op b` has no meaning, and validates a string literal compared with an enum.
 * `what` words the message for `coalesce(a, b)` and `a in [b...]`. Returns false on a type mismatch.
 */
export function comparable(report: Report, op: CompareOp, ae: Expr, a: ValueType, be: Expr, b: ValueType, at: Range, what?: 'coalesce' | 'in'): boolean {
  // Runs for every comparison of the policy: no closures here.
  const why = mismatch(op, ae, a, be, b);
  if (why === undefined) {
    if (a.kind === 'enum') enumLiteral(report, be, a, ae);
    if (b.kind === 'enum') enumLiteral(report, ae, b, be);
    return true;
  }
  const message =
    what === 'coalesce' ? `\`coalesce\` needs two values of one type, not ${showType(a)} and ${showType(b)}`
    : what === 'in' ? `\`${printExpr(ae)}\` is ${showType(a)} and cannot be found in a list of ${showType(b)}`
    : why;
  report({ code: 'type-mismatch', range: at, message });
  return false;
}

const isTextual = (t: ValueType): boolean => t.kind === 'text' || t.kind === 'enum';

/** Why `a op b` has no meaning, or undefined when it has one. */
function mismatch(op: CompareOp, ae: Expr, a: ValueType, be: Expr, b: ValueType): string | undefined {
  const equality = op === '==' || op === '!=';
  if (isNumeric(a) && isNumeric(b)) return undefined;
  if (a.kind === 'date' && b.kind === 'date') return undefined;
  if (a.kind === 'bool' && b.kind === 'bool') return equality ? undefined : `bools compare with \`==\` or \`!=\` only, not \`${op}\``;
  if (isTextual(a) && isTextual(b)) {
    if ((a.kind === 'enum' || b.kind === 'enum') && !equality) return `enum values have no order: compare them with \`==\`, \`!=\` or \`in\`, not \`${op}\``;
    return undefined;
  }
  const hint = a.kind === 'date' || b.kind === 'date' ? '; for a date, compare `days_since(...)` or `months_since(...)` with a number' : '';
  return `cannot compare ${showType(a)} with ${showType(b)} (\`${printExpr(ae)} ${op} ${printExpr(be)}\`)${hint}`;
}

/**
 * A string literal compared with an enum (`other`) must be one of its values. `via` points the
 * report at the use of a list param rather than at the param's own text.
 */
export function enumLiteral(report: Report, e: Expr, type: { kind: 'enum'; values: string[] }, other: Expr, via?: { param: string; at: Range }): void {
  const lit = unparen(e);
  if (lit.kind !== 'String' || type.values.includes(lit.value)) return;
  const fix = didYouMean(lit.value, type.values, lit.range);
  const where = via ? ` (in param \`${via.param}\`)` : '';
  report({
    code: 'invalid-enum-value',
    range: via?.at ?? lit.range,
    message: `${quote(lit.value)}${where} is not a value of \`${printExpr(other)}\`: ${showType(type)}`,
    ...(fix && { fix: { ...fix, message: `did you mean ${quote(fix.replacement)}?`, replacement: quote(fix.replacement) } }),
  });
}
