// The probe: an extra evaluator that answers, for a record already decided, every question the
// flow's result does not: each rule's standalone state, which branch arm and which decision
// clause the flow took, and whether each per-hit source's hit field is true.
//
// It is the version's own graph turned into a single rule set of `flag` rules (the policy's rules,
// then one rule per branch arm, per decision clause and per per-hit source), evaluated with
// `evalRules`, which decodes the record once and runs every condition alone. Branch and decision
// conditions may read scores; the probe reads them from a pseudo-input (`$scores`) that the
// engine fills with the decision's own scores (`$` cannot start a policy name: no collision).
// Going through the public evaluator keeps the probe exactly as faithful as the flow: same decoder,
// same lets, same missing-value rules.
//
// Decoding a record is the dearest part of a probe, so when both versions are the same policy
// (the usual "same file, other overrides" backtest) one probe serves both: the candidate's
// conditions that read a param it changes, or a score, are added under `$c:` ids, reading `$c:`
// copies of the changed params and lets and the candidate's scores (`$cscores`); every other
// condition is the same for both versions and is evaluated once.

import { prepareForReplay, type ReplayEvaluator } from '../evaluate.js';
import type { DecisionGraph, GExpr, GraphNode, InputSpec, LetSpec, ParamSpec, RuleSpec } from '../graph.js';
import { childrenOf, isBranch, isDecision, isRuleSet } from '../graph.js';
import { effectiveParam, type Overrides } from '../overrides.js';

export const armRuleId = (node: string, arm: number): string => `$arm:${node}:${arm}`;
export const clauseRuleId = (node: string, clause: number): string => `$clause:${node}:${clause}`;
export const hitRuleId = (source: string): string => `$hit:${source}`;
/** A rule that always fires: `hit` exactly when the record decoded. */
export const DECODED_RULE = '$decoded';

const BASE_SCORES = '$scores';
const CANDIDATE_SCORES = '$cscores';
const CANDIDATE = '$c:';

/** Where a version's answers are in the probe's states. */
export interface ProbeIds {
  /** The pseudo-input the version's scores go in, or undefined when the policy has no scorecard. */
  scores: string | undefined;
  decoded: string;
  /** Policy rule id → probe id. */
  rules: Map<string, string>;
  /** Branch node id → probe id of each arm. */
  arms: Map<string, string[]>;
  /** Decision node id → probe id of each clause. */
  clauses: Map<string, string[]>;
  /** Per-hit source id → probe id of its hit field. */
  hits: Map<string, string>;
}

export interface Probes {
  /** One evaluator per version: the same one twice when shared. */
  evaluators: [ReplayEvaluator, ReplayEvaluator];
  shared: boolean;
  ids: [ProbeIds, ProbeIds];
}

interface VersionInput {
  graph: DecisionGraph;
  overrides: Overrides;
}

/** How one version's conditions are rewritten for the probe. */
interface Rewriter {
  /** Score reads go to this pseudo-input. */
  scores: string;
  /** Params read under another id (the candidate's changed params). */
  params: Map<string, string>;
  /** Lets read under another id (those reading a renamed param or a score). */
  lets: Map<string, string>;
}

function rewrite(e: GExpr, w: Rewriter): GExpr {
  const r = (x: GExpr) => rewrite(x, w);
  switch (e.op) {
    case 'score':
      return { op: 'field', owner: 'input', id: w.scores, field: e.id, type: { kind: 'number' }, nullable: true, range: e.range };
    case 'param':
      return w.params.has(e.id) ? { ...e, id: w.params.get(e.id)! } : e;
    case 'let':
      return w.lets.has(e.id) ? { ...e, id: w.lets.get(e.id)! } : e;
    case 'list':
      return { ...e, items: e.items.map(r) };
    case 'item_field':
      return { ...e, object: r(e.object) };
    case 'call':
      return { ...e, args: e.args.map(r) };
    case 'neg':
    case 'not':
    case 'is_missing':
      return { ...e, arg: r(e.arg) };
    case 'arith':
    case 'cmp':
    case 'and':
    case 'or':
      return { ...e, left: r(e.left), right: r(e.right) };
    case 'in':
      return { ...e, value: r(e.value), list: r(e.list) };
    default:
      return e;
  }
}

/** The params whose effective values differ between two sets of overrides of one graph. */
export function changedParams(graph: DecisionGraph, a: Overrides, b: Overrides): Set<string> {
  return new Set(graph.params.filter((p) => JSON.stringify(effectiveParam(p, a)) !== JSON.stringify(effectiveParam(p, b))).map((p) => p.id));
}

/** Whether each let reads (directly or through other lets) one of `params`, or a score (unless `scores` is false). */
export function letDependence(graph: DecisionGraph, params: Set<string>, scores = true): (id: string) => boolean {
  const letSpec = new Map(graph.lets.map((l) => [l.id, l]));
  const letMemo = new Map<string, boolean>();
  const letDeps = (id: string): boolean => {
    if (!letMemo.has(id)) {
      letMemo.set(id, false);
      const spec = letSpec.get(id);
      letMemo.set(id, spec ? dependsOn(spec.expr, params, letDeps, scores) : false);
    }
    return letMemo.get(id)!;
  };
  return letDeps;
}

/** Whether an expression reads (directly or through lets) one of `params`, or a score (unless `scores` is false). */
export function dependsOn(e: GExpr, params: Set<string>, letDeps: (id: string) => boolean, scores = true): boolean {
  const d = (x: GExpr) => dependsOn(x, params, letDeps, scores);
  switch (e.op) {
    case 'score':
      return scores;
    case 'param':
      return params.has(e.id);
    case 'let':
      return letDeps(e.id);
    default:
      return childrenOf(e).some(d);
  }
}

/** Every condition of a graph that the probe evaluates: `[policy id, expression]`, by kind. */
function conditions(graph: DecisionGraph) {
  const rules: [string, GExpr][] = [];
  const arms: [string, number, GExpr][] = [];
  const clauses: [string, number, GExpr][] = [];
  for (const n of graph.nodes) if (isRuleSet(n)) for (const r of n.rules) rules.push([r.id, r.when]);
  for (const n of graph.nodes) {
    if (isBranch(n)) n.arms.forEach((a, i) => arms.push([n.id, i, a.when]));
    if (isDecision(n)) n.clauses.forEach((c, i) => clauses.push([n.id, i, c.when]));
  }
  return { rules, arms, clauses };
}

class ProbeBuilder {
  readonly rules: RuleSpec[] = [];
  readonly lets: LetSpec[];
  readonly params: ParamSpec[];
  readonly inputs: InputSpec[];

  constructor(private readonly graph: DecisionGraph) {
    this.lets = [];
    this.params = [...graph.params];
    this.inputs = [...graph.inputs];
  }

  add(id: string, when: GExpr, w: Rewriter): string {
    this.rules.push({ id, switch: 'on', when: rewrite(when, w), outcome: 'flag', sources: [], costRank: 0, writtenIndex: this.rules.length, range: when.range });
    return id;
  }

  scoresInput(id: string): void {
    const scorecards = this.graph.nodes.filter((n) => n.kind === 'scorecard');
    this.inputs.push({ id, fields: Object.fromEntries(scorecards.map((s) => [s.id, { type: { kind: 'number' }, optional: true }])), range: this.graph.nodes[0].range });
  }

  build(): DecisionGraph {
    const range = this.graph.nodes[0].range;
    const nodes: GraphNode[] = [
      { kind: 'start', id: 'start', next: '$probe', range },
      { kind: 'ruleset', id: '$probe', order: 'written', rules: this.rules, next: '$end', range },
      { kind: 'decision', id: '$end', clauses: [], else: { decision: 'approve', range }, range },
    ];
    return { schema: this.graph.schema, policy: this.graph.policy, inputs: this.inputs, sources: this.graph.sources, params: this.params, lets: this.lets, nodes, edges: [] };
  }
}

/** The probe of one version on its own, its conditions under their plain ids. */
function singleProbe(graph: DecisionGraph, builder = new ProbeBuilder(graph)): ProbeIds {
  const hasScores = graph.nodes.some((n) => n.kind === 'scorecard');
  const w: Rewriter = { scores: BASE_SCORES, params: new Map(), lets: new Map() };
  if (hasScores) builder.scoresInput(BASE_SCORES);
  builder.lets.push(...graph.lets.map((l) => ({ ...l, expr: rewrite(l.expr, w) })));
  const { rules, arms, clauses } = conditions(graph);
  const ids: ProbeIds = { scores: hasScores ? BASE_SCORES : undefined, decoded: DECODED_RULE, rules: new Map(), arms: new Map(), clauses: new Map(), hits: new Map() };
  builder.add(DECODED_RULE, { op: 'bool', value: true, type: { kind: 'bool' }, nullable: false, range: graph.nodes[0].range }, w);
  for (const [id, when] of rules) ids.rules.set(id, builder.add(id, when, w));
  for (const [node, i, when] of arms) push(ids.arms, node, builder.add(armRuleId(node, i), when, w));
  for (const [node, i, when] of clauses) push(ids.clauses, node, builder.add(clauseRuleId(node, i), when, w));
  for (const s of graph.sources)
    if (s.cost.kind === 'per_hit' && s.cost.hitField !== undefined)
      ids.hits.set(s.id, builder.add(hitRuleId(s.id), { op: 'field', owner: 'source', id: s.id, field: s.cost.hitField, type: { kind: 'bool' }, nullable: true, range: s.range }, w));
  return ids;
}

const push = (m: Map<string, string[]>, k: string, v: string) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

/** The probe graph of one version (exported for tests): its conditions under their plain ids. */
export function probeGraph(graph: DecisionGraph): DecisionGraph {
  const b = new ProbeBuilder(graph);
  singleProbe(graph, b);
  return b.build();
}

/** The probes of a base and a candidate: one shared evaluator when both are the same policy. */
export function buildProbes([base, cand]: [VersionInput, VersionInput]): Probes {
  const probeParams = (o: Overrides): Partial<Overrides> => ({ params: o.params });
  if (JSON.stringify(base.graph) !== JSON.stringify(cand.graph)) {
    const make = (v: VersionInput) => {
      const b = new ProbeBuilder(v.graph);
      const ids = singleProbe(v.graph, b);
      return { evaluator: prepareForReplay(b.build(), probeParams(v.overrides)), ids };
    };
    const pb = make(base);
    const pc = make(cand);
    return { evaluators: [pb.evaluator, pc.evaluator], shared: false, ids: [pb.ids, pc.ids] };
  }

  const graph = base.graph;
  const builder = new ProbeBuilder(graph);
  const baseIds = singleProbe(graph, builder);
  const changed = changedParams(graph, base.overrides, cand.overrides);
  const letDeps = letDependence(graph, changed);
  const w: Rewriter = {
    scores: CANDIDATE_SCORES,
    params: new Map([...changed].map((p) => [p, CANDIDATE + p])),
    lets: new Map(graph.lets.filter((l) => letDeps(l.id)).map((l) => [l.id, CANDIDATE + l.id])),
  };
  for (const p of graph.params) if (changed.has(p.id)) builder.params.push({ ...p, id: CANDIDATE + p.id, default: effectiveParam(p, cand.overrides) });
  for (const l of graph.lets) if (w.lets.has(l.id)) builder.lets.push({ ...l, id: w.lets.get(l.id)!, expr: rewrite(l.expr, w) });
  const hasScores = baseIds.scores !== undefined;
  if (hasScores) builder.scoresInput(CANDIDATE_SCORES);

  const candIds: ProbeIds = { scores: hasScores ? CANDIDATE_SCORES : undefined, decoded: DECODED_RULE, rules: new Map(), arms: new Map(), clauses: new Map(), hits: baseIds.hits };
  const own = (id: string, when: GExpr) => (dependsOn(when, changed, letDeps) ? builder.add(CANDIDATE + id, when, w) : id);
  const { rules, arms, clauses } = conditions(graph);
  for (const [id, when] of rules) candIds.rules.set(id, own(id, when));
  for (const [node, i, when] of arms) push(candIds.arms, node, own(armRuleId(node, i), when));
  for (const [node, i, when] of clauses) push(candIds.clauses, node, own(clauseRuleId(node, i), when));
  const evaluator = prepareForReplay(builder.build(), probeParams(base.overrides));
  return { evaluators: [evaluator, evaluator], shared: true, ids: [baseIds, candIds] };
}
