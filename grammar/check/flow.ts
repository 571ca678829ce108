// The flow as a graph: edges written in `flow { }` chains plus the targets branches name, the
// nodes reachable from `start`, and which scorecards have surely run before each node.

import type { FlowDecl, FlowNodeDecl, Ident, Policy, Range } from '../ast.js';
import type { Sym } from './symbols.js';

export const START = 'start';

export interface FlowEdge {
  from: string;
  to: string;
  kind: 'flow' | 'branch';
  /** Branch arm index; -1 for a branch's `else`. */
  index?: number;
  /** Where the target is written (a chain's ident or a branch arm's target). */
  at: Ident;
  /** The whole written edge: `a -> b` in a chain, the arm of a branch. */
  range: Range;
}

export interface FlowInfo {
  decls: FlowDecl[];
  /** Declared nodes (rule sets, scorecards, branches, decisions) by id, first declaration wins. */
  nodes: Map<string, FlowNodeDecl>;
  /** Edges between known nodes (and from `start`), chain duplicates removed, in written order. */
  edges: FlowEdge[];
  out: Map<string, FlowEdge[]>;
  /** Nodes reachable from `start`, `start` included, in breadth-first order. */
  reachable: string[];
  reachableSet: Set<string>;
  /** Breadth-first parent, for printing the shortest path to a node. */
  parent: Map<string, string>;
  /** Scorecards that have run on every path from `start` to the node (reachable nodes only). */
  scoresBefore: Map<string, Set<string>>;
}

const isNodeSym = (s: Sym | undefined): s is Extract<Sym, { decl: FlowNodeDecl }> =>
  s?.kind === 'ruleset' || s?.kind === 'scorecard' || s?.kind === 'branch' || s?.kind === 'decision';

export function analyzeFlow(ast: Policy, symbols: Map<string, Sym>): FlowInfo {
  const decls = ast.declarations.filter((d): d is FlowDecl => d.kind === 'Flow');
  const nodes = new Map<string, FlowNodeDecl>();
  for (const s of symbols.values()) if (isNodeSym(s)) nodes.set(s.id, s.decl);
  const known = (name: string) => name === START || nodes.has(name);

  const edges: FlowEdge[] = [];
  const seen = new Set<string>();
  for (const flow of decls)
    for (const chain of flow.chains)
      for (let i = 0; i + 1 < chain.nodes.length; i++) {
        const a = chain.nodes[i];
        const b = chain.nodes[i + 1];
        if (!known(a.name) || !known(b.name) || b.name === START) continue;
        const key = `${a.name}\u0000${b.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        edges.push({ from: a.name, to: b.name, kind: 'flow', at: b, range: { start: a.range.start, end: b.range.end } });
      }
  for (const node of nodes.values()) {
    if (node.kind !== 'Branch') continue;
    node.arms.forEach((arm, index) => {
      if (known(arm.target.name) && arm.target.name !== START)
        edges.push({ from: node.id.name, to: arm.target.name, kind: 'branch', index, at: arm.target, range: arm.range });
    });
    const e = node.else;
    if (e && known(e.target.name) && e.target.name !== START)
      edges.push({ from: node.id.name, to: e.target.name, kind: 'branch', index: -1, at: e.target, range: e.range });
  }

  const out = new Map<string, FlowEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }

  const parent = new Map<string, string>();
  const reachable: string[] = [];
  const reachableSet = new Set<string>();
  if (out.has(START)) {
    reachable.push(START);
    reachableSet.add(START);
    for (let i = 0; i < reachable.length; i++)
      for (const e of out.get(reachable[i]) ?? [])
        if (!reachableSet.has(e.to)) {
          reachableSet.add(e.to);
          reachable.push(e.to);
          parent.set(e.to, e.from);
        }
  }

  return { decls, nodes, edges, out, reachable, reachableSet, parent, scoresBefore: scoresBefore(reachable, edges, nodes) };
}

/**
 * A forward "must" data-flow: the scorecards run before a node are those run on every incoming
 * path. Iterated to a fixpoint, so that it stays correct (if useless) on a flow with a cycle.
 */
function scoresBefore(reachable: string[], edges: FlowEdge[], nodes: Map<string, FlowNodeDecl>): Map<string, Set<string>> {
  const preds = new Map<string, string[]>();
  for (const e of edges) {
    const list = preds.get(e.to);
    if (list) list.push(e.from);
    else preds.set(e.to, [e.from]);
  }
  const before = new Map<string, Set<string> | undefined>(); // undefined = "everything" (not yet reached)
  for (const n of reachable) before.set(n, n === START ? new Set() : undefined);
  const after = (n: string): Set<string> | undefined => {
    const b = before.get(n);
    if (!b) return undefined;
    if (nodes.get(n)?.kind !== 'Scorecard') return b;
    return new Set([...b, n]);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const n of reachable) {
      if (n === START) continue;
      let acc: Set<string> | undefined;
      for (const p of preds.get(n) ?? []) {
        if (!before.has(p)) continue;
        const a = after(p);
        if (!a) continue;
        acc = acc ? new Set([...acc].filter((x) => a.has(x))) : new Set(a);
      }
      const old = before.get(n);
      if (acc && (!old || old.size !== acc.size)) {
        before.set(n, acc);
        changed = true;
      }
    }
  }
  const result = new Map<string, Set<string>>();
  for (const [n, s] of before) result.set(n, s ?? new Set());
  return result;
}

/** `start → identity → fraud`: the shortest path from `start` to a reachable node. */
export function pathTo(flow: FlowInfo, node: string): string[] {
  const path = [node];
  for (let cur = node; flow.parent.has(cur); ) {
    cur = flow.parent.get(cur)!;
    path.push(cur);
  }
  return path.reverse();
}
