// The shape of a policy's flow, read from the AST: which nodes are declared (in order) and which
// edges the flow chains and branch arms write. For a text the checker rejects (an act that left a
// dangling name or an orphan on purpose) there is no graph to compare, but the shape still says
// whether the act did exactly what the model predicts.

import type { Declaration, Policy } from '../../ast.js';
import { isFlowNode } from '../../ast.js';
import type { DecisionGraph } from '../../../runtime/graph.js';

export interface Shape {
  /** `kind id`, in declaration order (`start` left out). */
  nodes: string[];
  /** `flow a b` / `branch a <arm index, -1 for else> b`, sorted, each once. */
  edges: string[];
}

const KIND: Record<string, string> = { RuleSet: 'ruleset', Scorecard: 'scorecard', Branch: 'branch', Decision: 'decision' };

const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

export function shapeOfAst(ast: Policy): Shape {
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const d of ast.declarations) {
    if (d.kind === 'Flow') {
      for (const c of d.chains) for (let i = 0; i + 1 < c.nodes.length; i++) edges.push(`flow ${c.nodes[i].name} ${c.nodes[i + 1].name}`);
      continue;
    }
    if (!isFlowNode(d)) continue;
    nodes.push(`${KIND[d.kind]} ${d.id.name}`);
    if (d.kind === 'Branch') {
      d.arms.forEach((a, i) => edges.push(`branch ${d.id.name} ${i} ${a.target.name}`));
      if (d.else) edges.push(`branch ${d.id.name} -1 ${d.else.target.name}`);
    }
  }
  return { nodes, edges: sorted(edges) };
}

/** The shape a (model) graph describes; a linear node whose `next` is gone has no flow edge. */
export function shapeOfGraph(g: DecisionGraph): Shape {
  const nodes: string[] = [];
  const edges: string[] = [];
  for (const n of g.nodes) {
    if (n.kind !== 'start') nodes.push(`${n.kind} ${n.id}`);
    if (n.kind === 'start' || n.kind === 'ruleset' || n.kind === 'scorecard') {
      if (n.next !== undefined) edges.push(`flow ${n.id} ${n.next}`);
    } else if (n.kind === 'branch') {
      n.arms.forEach((a, i) => edges.push(`branch ${n.id} ${i} ${a.target}`));
      edges.push(`branch ${n.id} -1 ${n.else}`);
    }
  }
  return { nodes, edges: sorted(edges) };
}

/**
 * The declarations as written, without positions and without branch targets (the shape holds
 * those): what an act that only rewires, adds or deletes a node must leave as it was.
 */
export function declarationsBesideFlow(ast: Policy): Map<string, string> {
  const out = new Map<string, string>();
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'range' && x !== undefined) o[k] = strip(x);
    return o;
  };
  ast.declarations.forEach((d: Declaration) => {
    if (d.kind === 'Flow') return;
    const copy = strip(d) as Record<string, unknown>;
    if (d.kind === 'Branch') {
      for (const a of copy.arms as Record<string, unknown>[]) delete a.target;
      if (copy.else) delete (copy.else as Record<string, unknown>).target;
    }
    // Every text here starts valid, so names are unique.
    out.set(`${d.kind} ${d.id.name}`, JSON.stringify(copy));
  });
  return out;
}
