// Who refers to a declaration: flow chains, branch targets, and every expression that reads the
// name (a param, let, scorecard score, input or source). Syntactic, so that it works on a policy
// with errors too: a bare name, or the root of `x.field`, spelled as the declaration.

import type { Expr, Ident, Policy, Range } from '../ast.js';
import { TERMS, isTermKey } from '../check/terms.js';
import { walkExpr } from '../check/walk.js';
import type { Reference } from './types.js';

export function referencesTo(policy: Policy, name: string): Reference[] {
  const out: Reference[] = [];
  const reads = (e: Expr, what: string) => {
    walkExpr(e, (x) => {
      if (x.kind === 'Name' && x.name === name) out.push({ range: x.range, what });
    });
  };
  for (const d of policy.declarations) {
    switch (d.kind) {
      case 'Let':
        if (d.id.name !== name) reads(d.expr, `let \`${d.id.name}\` reads it`);
        break;
      case 'RuleSet':
        for (const r of d.rules) reads(r.when, `rule \`${r.id.name}\` in \`${d.id.name}\` reads it`);
        break;
      case 'Scorecard':
        for (const c of d.characteristics) reads(c.expr, `scorecard \`${d.id.name}\` reads it`);
        break;
      case 'Branch': {
        d.arms.forEach((a, i) => {
          reads(a.when, `branch \`${d.id.name}\`, arm ${i + 1}, reads it`);
          target(out, a.target, name, `branch \`${d.id.name}\`, arm ${i + 1}, leads to it`);
        });
        if (d.else) target(out, d.else.target, name, `branch \`${d.id.name}\`, \`else\`, leads to it`);
        break;
      }
      case 'Decision': {
        const outcome = (terms: { key: Ident; value: Expr }[] | undefined, where: string) => {
          for (const t of terms ?? []) {
            // `line revolving`: a word, not a name.
            if (isTermKey(t.key.name) && TERMS[t.key.name].value.kind === 'word') continue;
            reads(t.value, `decision \`${d.id.name}\`, ${where}, term \`${t.key.name}\` reads it`);
          }
        };
        d.clauses.forEach((c, i) => {
          reads(c.when, `decision \`${d.id.name}\`, clause ${i + 1}, reads it`);
          outcome(c.outcome.terms, `clause ${i + 1}`);
        });
        outcome(d.else?.terms, '`else`');
        break;
      }
      case 'Flow':
        for (const c of d.chains)
          c.nodes.forEach((n, i) => {
            if (n.name !== name) return;
            const around = c.nodes.slice(Math.max(0, i - 1), i + 2).map((x) => x.name).join(' -> ');
            out.push({ range: n.range, what: `flow: \`${around}\`` });
          });
        break;
      default:
        break;
    }
  }
  return out;
}

function target(out: Reference[], id: Ident, name: string, what: string): void {
  if (id.name === name) out.push({ range: id.range as Range, what });
}
