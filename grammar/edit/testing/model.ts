// The graph-level model of each visual act, for the property test: what the decision graph must
// become, computed from the previous graph alone (never from the edited text). Graphs are compared
// without source ranges, edges as a set.

import Decimal from 'decimal.js';
import {
  costOrdered,
  type BranchNode,
  type DecisionGraph,
  type Edge,
  type GExpr,
  type GraphNode,
  type ParamValue,
  type RuleSetNode,
  type RuleSpec,
} from '../../../runtime/graph.js';
import type { NewNode, NewRule, VisualAct } from '../types.js';

/** Where a new expression's compiled form comes from: the one it was copied from. */
export interface Hint {
  /** Condition copied from this rule: `when`, `sources`, `costRank`, `costSource`. */
  ruleFrom?: Record<string, string>;
  /** Characteristic copied from [scorecard id, index]. */
  charFrom?: [string, number];
}

type Loose = Record<string, unknown>;

/** A copy without source ranges, edges in a canonical order. */
export function normalize(g: DecisionGraph): DecisionGraph {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const out: Loose = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'range' && x !== undefined) out[k] = strip(x);
    return out;
  };
  const n = strip(g) as DecisionGraph;
  n.edges = sortEdges(n.edges);
  return n;
}

const edgeKey = (e: Omit<Edge, 'range'>) => `${e.kind} ${e.from} ${e.index ?? ''} ${e.to}`;
const sortEdges = (edges: Edge[]): Edge[] => [...edges].sort((a, b) => (edgeKey(a) < edgeKey(b) ? -1 : edgeKey(a) > edgeKey(b) ? 1 : 0));

/** The edges a valid graph's nodes imply. */
function edgesOf(nodes: GraphNode[]): Edge[] {
  const out: Edge[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    if (n.kind === 'start' || n.kind === 'ruleset' || n.kind === 'scorecard') {
      // A node whose successor was deleted has no flow edge (the text then fails the checker).
      if (n.next === undefined) continue;
      const e = { from: n.id, to: n.next, kind: 'flow' as const };
      if (!seen.has(edgeKey(e))) (seen.add(edgeKey(e)), out.push(e as Edge));
    } else if (n.kind === 'branch') {
      n.arms.forEach((a, index) => out.push({ from: n.id, to: a.target, kind: 'branch', index } as Edge));
      out.push({ from: n.id, to: n.else, kind: 'branch', index: -1 } as Edge);
    }
  }
  return sortEdges(out);
}

const clone = <T>(x: T): T => structuredClone(x);

export function expected(prev: DecisionGraph, act: VisualAct, hint: Hint = {}): DecisionGraph {
  const g = clone(prev);
  const node = (id: string) => g.nodes.find((n) => n.id === id)!;
  const allRules = () => g.nodes.flatMap((n) => (n.kind === 'ruleset' ? n.rules : []));
  const written = (s: RuleSetNode) => [...s.rules].sort((a, b) => a.writtenIndex - b.writtenIndex);
  const setWritten = (s: RuleSetNode, rules: RuleSpec[]) => {
    rules.forEach((r, i) => (r.writtenIndex = i));
    s.rules = s.order === 'cost' ? costOrdered(rules) : rules;
  };
  const move = <T>(list: T[], from: number, to: number): T[] => {
    const out = [...list];
    const [x] = out.splice(from, 1);
    out.splice(to, 0, x);
    return out;
  };
  const linear = (n: GraphNode): n is Extract<GraphNode, { next: string }> => n.kind === 'start' || n.kind === 'ruleset' || n.kind === 'scorecard';
  /** Every edge into `x` leads to `to` instead. */
  const redirect = (x: string, to: string) => {
    for (const n of g.nodes) {
      if (linear(n) && n.next === x) n.next = to;
      if (n.kind === 'branch') {
        for (const a of n.arms) if (a.target === x) a.target = to;
        if (n.else === x) n.else = to;
      }
    }
  };
  const setEdge = (from: string, arm: number | 'else' | undefined, to: string) => {
    const f = node(from);
    if (f.kind === 'branch') {
      if (arm === 'else') f.else = to;
      else f.arms[arm!].target = to;
    } else if (linear(f)) f.next = to;
  };
  const ruleFrom = (r: NewRule): RuleSpec => {
    const src = allRules().find((x) => x.id === hint.ruleFrom![r.id])!;
    const spec: Loose = { id: r.id, switch: 'on', when: clone(src.when), outcome: r.outcome, sources: [...src.sources], costRank: src.costRank, writtenIndex: 0 };
    if (r.title) spec.title = r.title;
    if (r.reason) spec.reason = r.reason;
    if (src.costSource) spec.costSource = src.costSource;
    return spec as unknown as RuleSpec;
  };
  const build = (n: NewNode, next: string | undefined): GraphNode => {
    const base: Loose = { id: n.id };
    if (n.title) base.title = n.title;
    switch (n.kind) {
      case 'ruleset': {
        const rules = (n.rules ?? []).map(ruleFrom);
        rules.forEach((r, i) => (r.writtenIndex = i));
        return { ...base, kind: 'ruleset', order: 'written', rules, next } as unknown as GraphNode;
      }
      case 'scorecard': {
        const [sc, i] = hint.charFrom!;
        const c = (node(sc) as Extract<GraphNode, { kind: 'scorecard' }>).characteristics[i];
        const characteristics = [{ label: n.characteristic, expr: clone(c.expr), bins: [{ test: { kind: 'else' }, points: '0' }] }];
        return { ...base, kind: 'scorecard', base: n.base === undefined ? '0' : new Decimal(n.base).toFixed(), characteristics, next } as unknown as GraphNode;
      }
      case 'branch': {
        const when = clone(allRules().find((x) => x.id === hint.ruleFrom![n.id])!.when);
        return { ...base, kind: 'branch', arms: [{ when, target: n.then }], else: n.else } as unknown as GraphNode;
      }
      case 'decision': {
        const out: Loose = { decision: n.outcome };
        if (n.reason) out.reason = n.reason;
        return { ...base, kind: 'decision', clauses: [], else: out } as unknown as GraphNode;
      }
    }
  };
  const place = (n: GraphNode) => {
    let at = -1;
    g.nodes.forEach((x, i) => x.kind === n.kind && (at = i));
    g.nodes.splice(at < 0 ? g.nodes.length : at + 1, 0, n);
  };
  /** A new node on the edge from → to (a branch arm when `arm` is given). */
  const onEdge = (from: string, arm: number | 'else' | undefined, to: string, n: NewNode) => {
    const lin = n.kind === 'ruleset' || n.kind === 'scorecard';
    place(build(n, lin ? to : undefined));
    setEdge(from, arm, n.id);
  };

  switch (act.kind) {
    case 'move-rule': {
      const s = node(act.ruleset) as RuleSetNode;
      const w = written(s);
      setWritten(s, move(w, w.findIndex((r) => r.id === act.rule), act.to));
      break;
    }
    case 'order-rules': {
      const s = node(act.ruleset) as RuleSetNode;
      const w = written(s);
      setWritten(s, act.rules.map((id) => w.find((r) => r.id === id)!));
      break;
    }
    case 'set-order': {
      const s = node(act.ruleset) as RuleSetNode;
      const w = written(s);
      s.order = act.order;
      setWritten(s, w);
      break;
    }
    case 'move-arm': {
      const b = node(act.branch) as BranchNode;
      b.arms = move(b.arms, act.arm, act.to);
      break;
    }
    case 'move-clause': {
      const d = node(act.decision) as Extract<GraphNode, { kind: 'decision' }>;
      d.clauses = move(d.clauses, act.clause, act.to);
      break;
    }
    case 'move-node': {
      const x = node(act.node) as Extract<GraphNode, { next: string }>;
      redirect(act.node, x.next);
      const a = node(act.after) as Extract<GraphNode, { next: string }>;
      x.next = a.next;
      a.next = act.node;
      break;
    }
    case 'set-switch': {
      allRules().find((r) => r.id === act.rule)!.switch = act.state;
      break;
    }
    case 'set-param': {
      g.params.find((p) => p.id === act.param)!.default = literal(act.value);
      break;
    }
    case 'connect':
      setEdge(act.from, act.arm, act.to);
      break;
    case 'insert-on-edge':
      onEdge(act.from, act.arm, act.to, act.node);
      break;
    case 'add-node': {
      const after = node(act.after!) as Extract<GraphNode, { next: string }>;
      onEdge(act.after!, undefined, after.next, act.node);
      break;
    }
    case 'add-rule': {
      const s = node(act.ruleset) as RuleSetNode;
      const w = written(s);
      w.splice(act.at ?? w.length, 0, ruleFrom(act.rule));
      setWritten(s, w);
      break;
    }
    case 'delete-rule': {
      const s = node(act.ruleset) as RuleSetNode;
      setWritten(s, written(s).filter((r) => r.id !== act.rule));
      break;
    }
    case 'delete-node': {
      const x = node(act.node);
      g.nodes.splice(g.nodes.indexOf(x), 1);
      if (linear(x)) redirect(act.node, x.next);
      else {
        // Nothing to bridge to: the flow edges into it go, branch arms keep naming it (dangling,
        // for the author to rewire).
        for (const n of g.nodes) if (linear(n) && n.next === act.node) (n as { next?: string }).next = undefined;
      }
      break;
    }
    case 'edit-rule': {
      const r = allRules().find((x) => x.id === act.rule)! as unknown as Loose;
      if (act.when !== undefined) {
        const src = allRules().find((x) => x.id === hint.ruleFrom![act.rule])!;
        Object.assign(r, { when: clone(src.when), sources: [...src.sources], costRank: src.costRank });
        if (src.costSource) r.costSource = src.costSource;
        else delete r.costSource;
      }
      if (act.outcome) r.outcome = act.outcome;
      if (act.reason === null || act.reason === '') delete r.reason;
      else if (act.reason !== undefined) r.reason = act.reason;
      if (act.title === null || act.title === '') delete r.title;
      else if (act.title !== undefined) r.title = act.title;
      // A new cost rank moves the rule under `order cost`.
      for (const s of g.nodes) if (s.kind === 'ruleset' && s.rules.includes(r as unknown as RuleSpec)) setWritten(s, written(s));
      break;
    }
  }
  g.edges = edgesOf(g.nodes);
  return g;
}

/** A param literal as the graph holds it: numbers exact (`15%` = 0.15), strings and bools as is. */
function literal(text: string): ParamValue {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t.startsWith('"')) return JSON.parse(t) as string;
  const pct = t.endsWith('%');
  const d = new Decimal(t.replace(/_/g, '').replace('%', ''));
  return { decimal: (pct ? d.div(100) : d).toFixed() };
}

export { edgesOf };
export type { GExpr };
