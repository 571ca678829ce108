// Where every name of a policy stands: one occurrence per written name, keyed by what it denotes
// (`param:min_age`, `field:applicant.age`, `node:prescreen`, ...), built from the AST and the
// checker's analysis. Go to definition, references, rename, hover and semantic highlighting all
// read this one index, so they agree on what a name is.

import type { Expr, Ident, Policy, Range } from '../../../grammar/ast.js';
import type { Analysis } from '../../../grammar/check/index.js';
import { walkExpr } from '../../../grammar/check/walk.js';

export type OccurrenceKind = 'param' | 'let' | 'input' | 'source' | 'field' | 'node' | 'rule' | 'function' | 'term';

export interface Occurrence {
  /** `${kind}:${name}`; fields are `field:${owner}.${field}`. */
  key: string;
  kind: OccurrenceKind;
  range: Range;
  /** True where the name is declared. */
  decl: boolean;
}

export const keyOf = (kind: OccurrenceKind, name: string): string => `${kind}:${name}`;
export const nameOfKey = (key: string): string => key.slice(key.indexOf(':') + 1);

/** Every occurrence in text order. */
export function buildOccurrences(ast: Policy, analysis: Analysis): Occurrence[] {
  const out: Occurrence[] = [];
  const add = (kind: OccurrenceKind, name: string, range: Range, decl = false) => {
    if (name) out.push({ key: keyOf(kind, name), kind, range, decl });
  };
  const ident = (kind: OccurrenceKind, id: Ident | undefined, decl = false) => {
    if (id?.name) add(kind, id.name, id.range, decl);
  };

  for (const d of ast.declarations) {
    switch (d.kind) {
      case 'Input':
      case 'Source':
        ident(d.kind === 'Input' ? 'input' : 'source', d.id, true);
        for (const f of d.fields) add('field', `${d.id.name}.${f.name.name}`, f.name.range, true);
        if (d.kind === 'Source' && d.cost?.kind === 'per_hit') add('field', `${d.id.name}.${d.cost.when.name}`, d.cost.when.range);
        break;
      case 'Param':
        ident('param', d.id, true);
        break;
      case 'Let':
        ident('let', d.id, true);
        break;
      case 'RuleSet':
        ident('node', d.id, true);
        for (const r of d.rules) ident('rule', r.id, true);
        break;
      case 'Scorecard':
        ident('node', d.id, true);
        break;
      case 'Branch':
        ident('node', d.id, true);
        for (const a of d.arms) ident('node', a.target);
        ident('node', d.else?.target);
        break;
      case 'Decision':
        ident('node', d.id, true);
        for (const o of [...d.clauses.map((c) => c.outcome), ...(d.else ? [d.else] : [])]) for (const t of o.terms ?? []) ident('term', t.key);
        break;
      case 'Flow':
        for (const chain of d.chains) for (const n of chain.nodes) if (n.name !== 'start') ident('node', n);
        break;
    }
  }

  for (const site of analysis.sites) {
    for (const { expr, ref } of analysis.siteRefs.get(site.expr) ?? []) {
      if (ref.kind === 'param' || ref.kind === 'let') add(ref.kind, ref.id, expr.range);
      else if (ref.kind === 'score') add('node', ref.id, expr.range);
      else if (ref.kind === 'field' && expr.kind === 'Member') {
        add('field', `${ref.id}.${ref.field}`, expr.property.range);
        const owner = unparenExpr(expr.object);
        if (owner.kind === 'Name') add(ref.owner, ref.id, owner.range);
      }
    }
    walkExpr(site.expr, (x) => {
      if (x.kind === 'Call') add('function', x.callee.name, x.callee.range);
    });
  }
  return out.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

function unparenExpr(e: Expr): Expr {
  while (e.kind === 'Paren') e = e.inner;
  return e;
}

/** The occurrence under the cursor: a name that contains the offset or ends right at it. */
export function occurrenceAt(occurrences: readonly Occurrence[], offset: number): Occurrence | undefined {
  let lo = 0;
  let hi = occurrences.length - 1;
  // Binary search for the last occurrence starting at or before the offset.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (occurrences[mid].range.start.offset <= offset) lo = mid + 1;
    else hi = mid - 1;
  }
  const o = occurrences[hi];
  return o && offset <= o.range.end.offset ? o : undefined;
}

export function declarationOf(occurrences: readonly Occurrence[], key: string): Occurrence | undefined {
  return occurrences.find((o) => o.key === key && o.decl);
}

export function referencesOf(occurrences: readonly Occurrence[], key: string): Occurrence[] {
  return occurrences.filter((o) => o.key === key);
}
