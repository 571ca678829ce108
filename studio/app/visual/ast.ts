// What the panels read from the policy as written (its AST): a rule and its rule set, the params a
// rule reads (directly or through lets), the params with their values as written.

import type { Expr, LetDecl, ParamDecl, Policy, RuleDecl, RuleSetDecl } from '../../../grammar/ast.js';

export function findRule(ast: Policy, id: string): { rule: RuleDecl; ruleset: RuleSetDecl } | undefined {
  for (const d of ast.declarations) if (d.kind === 'RuleSet') for (const rule of d.rules) if (rule.id.name === id) return { rule, ruleset: d };
  return undefined;
}

export const params = (ast: Policy): ParamDecl[] => ast.declarations.filter((d): d is ParamDecl => d.kind === 'Param' && d.id.name !== '');

function names(e: Expr, out: Set<string>): void {
  switch (e.kind) {
    case 'Name':
      out.add(e.name);
      return;
    case 'Member':
      return names(e.object, out);
    case 'Call':
      return e.args.forEach((a) => names(a, out));
    case 'Unary':
      return names(e.operand, out);
    case 'Binary':
      names(e.left, out);
      return names(e.right, out);
    case 'In':
      names(e.value, out);
      return names(e.list, out);
    case 'MissingTest':
      return names(e.operand, out);
    case 'Paren':
      return names(e.inner, out);
    case 'List':
      return e.items.forEach((i) => names(i, out));
    default:
      return;
  }
}

/** The params an expression reads, directly or through lets, in the order declared. */
export function paramsRead(ast: Policy, expr: Expr): ParamDecl[] {
  const lets = new Map(ast.declarations.filter((d): d is LetDecl => d.kind === 'Let').map((d) => [d.id.name, d]));
  const seen = new Set<string>();
  const todo = [expr];
  while (todo.length) {
    const found = new Set<string>();
    names(todo.pop()!, found);
    for (const n of found) {
      if (seen.has(n)) continue;
      seen.add(n);
      const l = lets.get(n);
      if (l) todo.push(l.expr);
    }
  }
  return params(ast).filter((p) => seen.has(p.id.name));
}

export const textAt = (text: string, r: { start: { offset: number }; end: { offset: number } }): string => text.slice(r.start.offset, r.end.offset);
