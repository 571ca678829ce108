// What the replay needs to know about one version, worked out once from its graph and overrides:
// rules in flow order with their effective switch, rule sets, the flow as indices, the sources each
// rule, branch arm and scorecard reads (directly or through lets), and the sources' prices.
// Built identically in the main thread (to write the report) and in every worker (to walk flows).

import { childrenOf, type DecisionGraph, type GExpr, type GraphNode, type RuleOutcome } from '../graph.js';
import type { Overrides } from '../overrides.js';
import { armRuleId, clauseRuleId } from './probe.js';

export interface PlanSource {
  id: string;
  title?: string;
  origin: 'own' | 'external';
  kind: 'free' | 'per_hit' | 'per_query';
  /** Exact decimal string; "0" for a free source. */
  amount: string;
  /** The field whose truth bills a per-hit source. */
  hitField?: string;
}

export interface PlanRule {
  id: string;
  title?: string;
  /** Index of its rule set in `sets`. */
  set: number;
  outcome: RuleOutcome;
  mode: 'on' | 'off' | 'shadow';
  required: boolean;
  /** Source indices the condition reads, directly or through lets. */
  sources: number[];
  /** Params the condition reads, directly or through lets. */
  params: string[];
}

export interface PlanSet {
  id: string;
  title?: string;
  /** Global rule indices in effective (run) order, off rules included. */
  rules: number[];
  /** Source indices read by any rule of the set (the ones whose prior reads and hits matter to its order). */
  sources: number[];
}

export type PlanNode =
  | { kind: 'start'; id: string; next: number }
  | { kind: 'ruleset'; id: string; set: number; next: number }
  | { kind: 'scorecard'; id: string; sources: number[]; next: number }
  | BranchPlan
  | DecisionPlan;

export interface BranchPlan {
  kind: 'branch';
  id: string;
  arms: { sources: number[]; target: number }[];
  /** The ids of the arms' conditions in the probe (probe.ts). */
  probes: string[];
  otherwise: number;
  /** Some arm's condition reads a score, directly or through lets (known only once its scorecard has run). */
  scored: boolean;
}

export interface DecisionPlan {
  kind: 'decision';
  id: string;
  /** The ids of the clauses' conditions in the probe. */
  clauses: string[];
}

export interface VersionPlan {
  sources: PlanSource[];
  sourceIndex: Map<string, number>;
  /** Every rule, rule sets in declaration order, rules in run order within each. */
  rules: PlanRule[];
  ruleIndex: Map<string, number>;
  sets: PlanSet[];
  nodes: PlanNode[];
  start: number;
  /** Per-hit sources, by index. */
  perHit: number[];
}

interface Reads {
  sources: Set<string>;
  params: Set<string>;
}

/** Sources and params an expression reads, through lets (memoised in `lets`). */
function reads(e: GExpr, graph: DecisionGraph, memo: Map<string, Reads>, into: Reads = { sources: new Set(), params: new Set() }): Reads {
  const visit = (x: GExpr): void => {
    switch (x.op) {
      case 'field':
        if (x.owner === 'source') into.sources.add(x.id);
        return;
      case 'param':
        into.params.add(x.id);
        return;
      case 'let': {
        let r = memo.get(x.id);
        if (!r) {
          r = { sources: new Set(), params: new Set() };
          memo.set(x.id, r);
          const spec = graph.lets.find((l) => l.id === x.id);
          if (spec) reads(spec.expr, graph, memo, r);
        }
        for (const s of r.sources) into.sources.add(s);
        for (const p of r.params) into.params.add(p);
        return;
      }
      default:
        childrenOf(x).forEach(visit);
    }
  };
  visit(e);
  return into;
}

/** Whether an expression reads a score, directly or through lets (`seen`: lets already looked at). */
function readsScore(e: GExpr, graph: DecisionGraph, seen: Set<string>): boolean {
  if (e.op === 'score') return true;
  if (e.op === 'let') {
    if (seen.has(e.id)) return false;
    seen.add(e.id);
    const spec = graph.lets.find((l) => l.id === e.id);
    return spec !== undefined && readsScore(spec.expr, graph, seen);
  }
  return childrenOf(e).some((c) => readsScore(c, graph, seen));
}

export function buildPlan(graph: DecisionGraph, overrides?: Partial<Overrides>): VersionPlan {
  const memo = new Map<string, Reads>();
  const sources: PlanSource[] = graph.sources.map((s) => ({
    id: s.id,
    ...(s.title !== undefined ? { title: s.title } : {}),
    origin: s.origin,
    kind: s.cost.kind,
    amount: s.cost.kind === 'free' ? '0' : s.cost.amount,
    ...(s.cost.kind === 'per_hit' && s.cost.hitField !== undefined ? { hitField: s.cost.hitField } : {}),
  }));
  const sourceIndex = new Map(sources.map((s, i) => [s.id, i]));
  const srcIdx = (names: Iterable<string>) => [...names].map((n) => sourceIndex.get(n)).filter((i): i is number => i !== undefined).sort((a, b) => a - b);
  const switches = overrides?.switches ?? {};
  const rules: PlanRule[] = [];
  const sets: PlanSet[] = [];
  const nodeIndex = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const at = (id: string) => nodeIndex.get(id) ?? -1;

  const nodes: PlanNode[] = graph.nodes.map((n: GraphNode): PlanNode => {
    switch (n.kind) {
      case 'start':
        return { kind: 'start', id: n.id, next: at(n.next) };
      case 'ruleset': {
        const set: PlanSet = { id: n.id, ...(n.title !== undefined ? { title: n.title } : {}), rules: [], sources: [] };
        const setSources = new Set<number>();
        for (const r of n.rules) {
          const rd = reads(r.when, graph, memo);
          const state = Object.prototype.hasOwnProperty.call(switches, r.id) ? switches[r.id] : r.switch;
          const rule: PlanRule = {
            id: r.id,
            ...(r.title !== undefined ? { title: r.title } : {}),
            set: sets.length,
            outcome: r.outcome,
            mode: state === 'off' ? 'off' : state === 'shadow' ? 'shadow' : 'on',
            required: r.switch === 'required',
            sources: srcIdx(rd.sources),
            params: [...rd.params].sort(),
          };
          for (const s of rule.sources) setSources.add(s);
          set.rules.push(rules.length);
          rules.push(rule);
        }
        set.sources = [...setSources].sort((a, b) => a - b);
        sets.push(set);
        return { kind: 'ruleset', id: n.id, set: sets.length - 1, next: at(n.next) };
      }
      case 'scorecard': {
        const rd: Reads = { sources: new Set(), params: new Set() };
        for (const c of n.characteristics) reads(c.expr, graph, memo, rd);
        return { kind: 'scorecard', id: n.id, sources: srcIdx(rd.sources), next: at(n.next) };
      }
      case 'branch':
        return {
          kind: 'branch',
          id: n.id,
          arms: n.arms.map((a) => ({ sources: srcIdx(reads(a.when, graph, memo).sources), target: at(a.target) })),
          probes: n.arms.map((_, i) => armRuleId(n.id, i)),
          otherwise: at(n.else),
          scored: n.arms.some((a) => readsScore(a.when, graph, new Set())),
        };
      case 'decision':
        return { kind: 'decision', id: n.id, clauses: n.clauses.map((_, i) => clauseRuleId(n.id, i)) };
    }
  });
  return {
    sources,
    sourceIndex,
    rules,
    ruleIndex: new Map(rules.map((r, i) => [r.id, i])),
    sets,
    nodes,
    start: graph.nodes.findIndex((n) => n.kind === 'start'),
    perHit: sources.flatMap((s, i) => (s.kind === 'per_hit' ? [i] : [])),
  };
}
