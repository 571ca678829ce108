// Which graph node (and rule) a text position belongs to, from the AST of the text as it is now,
// errors or not: the cursor selects a node, a click on a node finds its text. Light on purpose (no
// parser here): the page imports it, the worker computes the outline.

import type { Policy, Range } from '../../../grammar/ast.js';

export interface OutlineRule {
  id: string;
  range: Range;
}

export interface OutlineNode {
  id: string;
  kind: 'ruleset' | 'scorecard' | 'branch' | 'decision';
  range: Range;
  rules: OutlineRule[];
}

const OUTLINE_KIND = { RuleSet: 'ruleset', Scorecard: 'scorecard', Branch: 'branch', Decision: 'decision' } as const;

/** A range of its own: the AST's positions move when the next text is parsed incrementally. */
const own = (r: Range): Range => ({ start: { ...r.start }, end: { ...r.end } });

/** The flow nodes of the text as it is now, errors or not: cursor ↔ node, and click ↔ text. */
export function outlineOf(ast: Policy): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (const d of ast.declarations) {
    if (d.kind !== 'RuleSet' && d.kind !== 'Scorecard' && d.kind !== 'Branch' && d.kind !== 'Decision') continue;
    if (!d.id.name) continue;
    out.push({
      id: d.id.name,
      kind: OUTLINE_KIND[d.kind],
      range: own(d.range),
      rules: d.kind === 'RuleSet' ? d.rules.filter((r) => r.id.name).map((r) => ({ id: r.id.name, range: own(r.range) })) : [],
    });
  }
  return out;
}

export const within = (r: Range, offset: number) => r.start.offset <= offset && offset <= r.end.offset;

/** The node and rule at a text offset. */
export function nodeAt(outline: readonly OutlineNode[], offset: number): { node: string; rule?: string } | undefined {
  const n = outline.find((x) => within(x.range, offset));
  if (!n) return undefined;
  const r = n.rules.find((x) => within(x.range, offset));
  return r ? { node: n.id, rule: r.id } : { node: n.id };
}

