// Generic traversal of expressions, and the places where expressions stand in a policy.

import type { Expr } from '../ast.js';

/**
 * Visits `e` and every sub-expression, parents first, left to right. Iterative (long `a + b + ...`
 * chains must not overflow the stack) and allocation-free per node: it runs over every expression
 * of the policy on each check.
 */
export function walkExpr(e: Expr, visit: (e: Expr) => void): void {
  const stack: Expr[] = [e];
  while (stack.length) {
    const cur = stack.pop()!;
    visit(cur);
    switch (cur.kind) {
      case 'List':
        for (let i = cur.items.length - 1; i >= 0; i--) stack.push(cur.items[i]);
        break;
      case 'Call':
        for (let i = cur.args.length - 1; i >= 0; i--) stack.push(cur.args[i]);
        break;
      case 'Member':
        stack.push(cur.object);
        break;
      case 'Unary':
        stack.push(cur.operand);
        break;
      case 'Binary':
        stack.push(cur.right, cur.left);
        break;
      case 'In':
        stack.push(cur.list, cur.value);
        break;
      case 'MissingTest':
        stack.push(cur.operand);
        break;
      case 'Paren':
        stack.push(cur.inner);
        break;
      default:
        break;
    }
  }
}

/** Strips parentheses. */
export function unparen(e: Expr): Expr {
  while (e.kind === 'Paren') e = e.inner;
  return e;
}
