// The compiled graph as the page needs it: the `DecisionGraph` with every expression tree reduced
// to where it stands in the text. The page draws and links the graph, it never evaluates it, and
// the trees are four fifths of the graph's weight: leaving them in the worker keeps each keystroke's
// message small. The type follows the graph's schema, so a new field of the graph reaches the page.

import type { Range } from '../../../grammar/ast.js';
import type { DecisionGraph, GExpr } from '../../../runtime/graph.js';

/** Where an expression stands in the text. */
export interface ExprAt {
  range: Range;
}

export type Viewed<T> = T extends GExpr ? ExprAt : T extends readonly (infer U)[] ? Viewed<U>[] : T extends object ? { [K in keyof T]: Viewed<T[K]> } : T;

export type GraphView = Viewed<DecisionGraph>;
export type ViewNode = GraphView['nodes'][number];

const isExpr = (v: object): v is GExpr => 'op' in v && 'range' in v;

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v === null || typeof v !== 'object') return v;
  if (isExpr(v)) return { range: v.range };
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = strip(x);
  return out;
}

export function viewOf(graph: DecisionGraph): GraphView {
  return strip(graph) as GraphView;
}
