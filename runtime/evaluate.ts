// The evaluator: `prepare(graph, overrides)` turns a decision graph into closures once;
// `decide(record)` then runs one decision with no tree walk and no name lookup.
//
// Semantics (docs: LANGUAGE.md): rules run in the graph's effective order; the first `reject`
// that fires ends the evaluation (later rules are `not_run`); `review` hits cap the final
// decision at review; `flag` hits are recorded only; `shadow` rules run and are recorded with no
// effect (a fault in one included); `off` rules do not run. A computed APR above 36% or missing
// turns an approve into review (`apr_cap`; a review's proposal above the cap carries `apr_cap` too), and so do terms no lender means (`invalid_limit` for a
// limit that is missing, zero or negative; `invalid_apr`, `invalid_term`, …: term-values.ts). Bad
// data, a fault (division by zero) or an unexpected exception yields an `error` result, never a
// throw.
//
// Where the language guide is silent:
// - A comparison with a missing value is false, so `not (x < 5)` is true when x is missing; a
//   missing bool in `and`/`or`/`not` is three-valued (false wins `and`, true wins `or`), and a
//   condition that ends missing does not fire. The rule's state is `missing` when it did not fire
//   and a missing value took part.
// - Division by zero, `floor`/`ceil` with a step ≤ 0 and `round` with fractional digits are
//   faults: the decision is `error`, naming the rule or node (`rule dti_high: division by zero`).
// - A source counts as called when a decision first reads one of its fields, whether or not the
//   record carries it (the policy would have queried it); a per-hit source is charged only when
//   its hit field is true in the record.
// - Reasons: a reject gives its own reason; a review gives every review hit's reason, then the
//   clause's (an approve's too), then the invalid terms' (`invalid_limit`, …), then `apr_cap`; an approve gives its
//   clause's reason if it has one. A rule without a reason is reported by its id.

import { GRAPH_SCHEMA, type DecisionGraph, type GraphNode, type RuleOutcome, type RuleSpec, type SourceSpec } from './graph.js';
import { Frame, GraphError, compileExpr, numConst, type Env, type Fn } from './closures.js';
import { compileOutcome, paramRuntime, runTerms, type COutcome, type RunTerms } from './outcome.js';
import { compileScorecard, runScorecard, type CompiledScorecard } from './scorecard.js';
import { checkOverrides, effectiveParam, type Overrides } from './overrides.js';
import { buildLayout, decodeRecord, recordName, type RecordLayout } from './record.js';
import {
  emptyMap,
  putKey,
  type DecisionResult,
  type JsonValue,
  type NodeTrace,
  type Reads,
  type RuleHit,
  type RuleState,
  type RuleTrace,
  type Terms,
  type Trace,
} from './result.js';
import { add, DataError, EvalFault, formatDate, isNum, numToString, parseDay, type Num } from './values.js';
import { VerdictError } from './errors.js';

export { GraphError } from './closures.js';

export interface DecideOptions {
  trace?: boolean;
  /** The record's 0-based position in its batch: its id when the first input has no id field. */
  index?: number;
  /**
   * The decision's date, `YYYY-MM-DD`, in place of the record's own `as_of` (or `applied_at`):
   * a live service decides as of its own today, whatever a request carries (a drawdown on a line
   * that expired yesterday must not pass because the body says `"as_of": "2020-01-01"`). Not a
   * date: a `VerdictError` (`bad-as-of`), thrown, as for any wrong argument.
   */
  asOf?: string;
}

/** A rule evaluated on its own (`evalRule`), whatever its switch and the rules before it. */
export type StandaloneState = 'hit' | 'pass' | 'missing' | 'error';

export interface RuleInfo {
  id: string;
  /** The rule set it belongs to. */
  node: string;
  outcome: RuleOutcome;
  /** After overrides. */
  switch: 'on' | 'off' | 'shadow';
  required: boolean;
}

export interface Evaluator {
  readonly graph: DecisionGraph;
  /** Every rule in the order rule sets are declared and rules run. */
  readonly rules: readonly RuleInfo[];
  decide(record: unknown, opts?: DecideOptions): DecisionResult;
  /** One rule's condition alone on a record: for standalone trigger rates. */
  evalRule(ruleId: string, record: unknown): StandaloneState;
  /** Every rule's condition alone on one record (decoded once). */
  evalRules(record: unknown): Record<string, StandaloneState>;
}

export interface PrepareOptions {
  /** Called each time a let is computed (tests count them); absent in production. */
  onLet?: (id: string) => void;
}

// ---------------------------------------------------------------------------------------------
// Compiled form

const ON = 0;
const OFF = 1;
const SHADOW = 2;

interface CRule {
  id: string;
  /** How a fault names it: `rule dti_high`. */
  where: string;
  node: string;
  outcome: RuleOutcome;
  /** The reason recorded, the rule id when none is written. */
  reason: string;
  /** `[reason]`, frozen: the reasons of a lean result it rejects. */
  reasons: string[];
  mode: number;
  cond: Fn;
  condTraced: Fn;
  /** Shared, frozen: the same hit object serves every result. */
  hit: RuleHit;
  /** Where `answerInto` wants its answer (-1: nowhere). */
  answerAt: number;
}

/** A branch arm or a decision clause's condition. */
interface CCond {
  cond: Fn;
  condTraced: Fn;
  answerAt: number;
}

type CNode =
  | { kind: 'start'; id: string; next: number }
  | { kind: 'ruleset'; id: string; rules: CRule[]; next: number }
  | { kind: 'scorecard'; id: string; slot: number; card: CompiledScorecard; next: number }
  | { kind: 'branch'; id: string; arms: (CCond & { target: number })[]; otherwise: number }
  | { kind: 'decision'; id: string; clauses: (CCond & { outcome: COutcome })[]; otherwise: COutcome };

interface CSource {
  id: string;
  kind: SourceSpec['cost']['kind'];
  amount: Num;
  amountText: string;
  /** Its price is 0: a call is never charged. */
  free: boolean;
  hitSlot: number;
}

export function prepare(graph: DecisionGraph, overrides?: Partial<Overrides>, options: PrepareOptions = {}): Evaluator {
  return new PreparedPolicy(graph, overrides, options);
}

/** Standalone states as codes (`rulesDecoded`): the index in this list. */
export const STANDALONE_STATES: readonly StandaloneState[] = ['pass', 'hit', 'missing', 'error'];

/**
 * The evaluator with the replay's entry points: records already decoded into slots (by
 * replay/scan.ts or `decodeRecord`), shared by every evaluator of the same layout.
 */
export interface ReplayEvaluator extends Evaluator {
  readonly layout: RecordLayout;
  /**
   * `decide` on a record decoded into `vals` (this layout's slots; longer arrays are fine). Lean:
   * unless the decision is `error`, `scores`, `cost` and `sourcesCalled` are left empty (shared,
   * frozen); read them with `scoresInto` and `billInto` before this evaluator decides again. Its
   * `terms` are left out too, unless they carry a `rate` (the APR check then needs them built).
   * Its `hits` and `reasons` may be shared frozen arrays (none, or a rule's own reject reason).
   */
  decideDecoded(vals: unknown[], asOf: number | undefined, index: number): DecisionResult;
  /** The last decision's scores (run-time values) into `vals` at `slots` (scorecard index → slot, -1 to skip). */
  scoresInto(vals: unknown[], slots: Int32Array): void;
  /** Per source (graph order) of the last decision: +1 in `calls` when called, +1 in `billed` when charged. */
  billInto(calls: number[] | undefined, billed: number[]): void;
  /** Scorecard ids, in the order `scoresInto` reads them. */
  readonly scorecards: readonly string[];
  /**
   * `evalRules` on a decoded record: the code (STANDALONE_STATES) of every rule, in `rules` order,
   * except those marked 1 in `known` (answered already: `answerInto`), which are left as they are.
   */
  rulesDecoded(vals: unknown[], asOf: number | undefined, out: Uint8Array, known?: Uint8Array): void;
  /**
   * From now on, `decideDecoded` writes the standalone code of each condition it evaluates (rules,
   * branch arms, decision clauses) into `out` at the index `at` gives (-1: not wanted), and marks
   * it 1 in `known`. A condition alone on a record gives what it gives in the flow (expressions
   * are pure, a score is only read once its scorecard has run), so a probe can skip those.
   */
  answerInto(out: Uint8Array, known: Uint8Array, at: AnswerIndex): void;
}

/** Where `answerInto` writes the answer of each condition. */
export interface AnswerIndex {
  rule(id: string): number;
  arm(node: string, arm: number): number;
  clause(node: string, clause: number): number;
}

export function prepareForReplay(graph: DecisionGraph, overrides?: Partial<Overrides>): ReplayEvaluator {
  return new PreparedPolicy(graph, overrides, {});
}

class PreparedPolicy implements ReplayEvaluator {
  readonly rules: RuleInfo[] = [];
  readonly layout: RecordLayout;
  private readonly frame: Frame;
  /** The frame's own slots (`decideDecoded` lends it others). */
  private readonly ownVals: unknown[];
  private readonly ruleList: CRule[] = [];
  private readonly nodes: CNode[];
  private readonly start: number;
  private readonly sources: CSource[];
  private readonly ruleIndex = new Map<string, CRule>();
  private readonly scorecardIds: string[] = [];
  /** Per-decision state: review reasons so far, where a fault would be, the reads of the last branch or decision. */
  private reviews: string[] | undefined;
  private where = '';
  /** `runFlow`'s hits so far: `NO_HITS` until one fires. */
  private hits: RuleHit[] = NO_HITS;
  private lastReads: Reads | undefined;
  /** `answerInto`'s arrays, and whether the decision at hand writes them (`decideDecoded` only). */
  private answers: Uint8Array | undefined;
  private known: Uint8Array | undefined;
  private answering = false;

  constructor(
    readonly graph: DecisionGraph,
    overrides: Partial<Overrides> | undefined,
    options: PrepareOptions,
  ) {
    // The graph's shape is trusted past this point: a graph read from a file goes through `loadGraph` (schema.ts).
    if (typeof graph !== 'object' || graph === null || graph.schema !== GRAPH_SCHEMA)
      throw new GraphError(`not a ${GRAPH_SCHEMA} decision graph (\`schema\` is ${JSON.stringify((graph as { schema?: unknown } | null)?.schema)}): compile a policy with compileText, or read a saved graph with loadGraph`);
    const problems = overrides ? checkOverrides(graph, overrides) : [];
    if (problems.length) throw new GraphError(`invalid overrides: ${problems.join('; ')}`);
    this.layout = buildLayout(graph);
    this.sources = graph.sources.map((s) => {
      const amount = s.cost.kind === 'free' ? 0 : numConst(s.cost.amount);
      const hitSlot = s.cost.kind === 'per_hit' ? this.layout.slotOf(s.id, s.cost.hitField ?? '') : -1;
      if (s.cost.kind === 'per_hit' && hitSlot < 0) throw new GraphError(`source \`${s.id}\`: unknown hit field \`${s.cost.hitField}\``);
      return { id: s.id, kind: s.cost.kind, amount, amountText: numToString(amount), free: numToString(amount) === '0', hitSlot };
    });
    const scoreSlot = new Map<string, number>();
    for (const n of graph.nodes)
      if (n.kind === 'scorecard') {
        scoreSlot.set(n.id, this.scorecardIds.length);
        this.scorecardIds.push(n.id);
      }
    const env: Env = {
      layout: this.layout,
      sourceIndex: new Map(graph.sources.map((s, i) => [s.id, i])),
      params: new Map(graph.params.map((p) => [p.id, paramRuntime(effectiveParam(p, overrides), p.type, p.id)])),
      letSlot: new Map(graph.lets.map((l, i) => [l.id, i])),
      letTypes: graph.lets.map((l) => l.expr.type),
      letFns: [],
      scoreSlot,
    };
    graph.lets.forEach((l, i) => {
      const body = compileExpr(l.expr, env, false);
      const onLet = options.onLet;
      env.letFns[i] = onLet ? (f) => (onLet(l.id), body(f)) : body;
    });
    this.frame = new Frame(this.layout.size, graph.lets.length, graph.sources.length, this.scorecardIds.length);
    this.ownVals = this.frame.vals;

    const nodeIndex = new Map(graph.nodes.map((n, i) => [n.id, i]));
    const target = (id: string, from: string) => {
      const i = nodeIndex.get(id);
      if (i === undefined) throw new GraphError(`node \`${from}\` leads to unknown node \`${id}\``);
      return i;
    };
    const switches = overrides?.switches;
    this.nodes = graph.nodes.map((n) => this.compileNode(n, env, target, switches, scoreSlot));
    const start = graph.nodes.findIndex((n) => n.kind === 'start');
    if (start < 0) throw new GraphError('the graph has no start node');
    this.start = start;
  }

  private compileNode(
    n: GraphNode,
    env: Env,
    target: (id: string, from: string) => number,
    switches: Record<string, string> | undefined,
    scoreSlot: Map<string, number>,
  ): CNode {
    const both = (e: Parameters<typeof compileExpr>[0]) => ({ cond: compileExpr(e, env, false), condTraced: compileExpr(e, env, true), answerAt: -1 });
    switch (n.kind) {
      case 'start':
        return { kind: 'start', id: n.id, next: target(n.next, n.id) };
      case 'ruleset': {
        const rules = n.rules.map((r) => this.compileRule(r, n.id, env, switches));
        return { kind: 'ruleset', id: n.id, rules, next: target(n.next, n.id) };
      }
      case 'scorecard':
        return { kind: 'scorecard', id: n.id, slot: scoreSlot.get(n.id)!, card: compileScorecard(n, env), next: target(n.next, n.id) };
      case 'branch':
        return {
          kind: 'branch',
          id: n.id,
          arms: n.arms.map((a) => ({ ...both(a.when), target: target(a.target, n.id) })),
          otherwise: target(n.else, n.id),
        };
      case 'decision':
        return {
          kind: 'decision',
          id: n.id,
          clauses: n.clauses.map((c) => ({ ...both(c.when), outcome: compileOutcome(c.outcome, n.id, env) })),
          otherwise: compileOutcome(n.else, n.id, env),
        };
    }
  }

  private compileRule(r: RuleSpec, node: string, env: Env, switches: Record<string, string> | undefined): CRule {
    const override = switches && Object.prototype.hasOwnProperty.call(switches, r.id) ? switches[r.id] : undefined;
    const state = override ?? r.switch;
    const mode = state === 'off' ? OFF : state === 'shadow' ? SHADOW : ON;
    const reason = r.reason ?? r.id;
    const hit: RuleHit = { rule: r.id, node, outcome: r.outcome, reason };
    if (mode === SHADOW) hit.shadow = true;
    const c: CRule = {
      id: r.id,
      where: `rule ${r.id}`,
      node,
      outcome: r.outcome,
      reason,
      reasons: Object.freeze([reason]) as unknown as string[],
      mode,
      cond: compileExpr(r.when, env, false),
      condTraced: compileExpr(r.when, env, true),
      hit: Object.freeze(hit),
      answerAt: -1,
    };
    this.ruleIndex.set(r.id, c);
    this.ruleList.push(c);
    this.rules.push({ id: r.id, node, outcome: r.outcome, switch: mode === OFF ? 'off' : mode === SHADOW ? 'shadow' : 'on', required: r.switch === 'required' });
    return c;
  }

  // -------------------------------------------------------------------------------------------

  decide(record: unknown, opts?: DecideOptions): DecisionResult {
    const f = this.frame;
    f.begin();
    f.vals = this.ownVals;
    this.answering = false;
    const index = opts?.index ?? 0;
    const asOf = opts?.asOf === undefined ? undefined : asOfOption(opts.asOf);
    if (opts?.trace === true) return this.runTraced(record, index, asOf);
    try {
      f.asOf = decodeRecord(this.layout, record, f.vals, asOf);
    } catch (e) {
      return this.failure(this.nameOf(record, index), e, '', [], undefined);
    }
    return this.runFlow(index, false);
  }

  decideDecoded(vals: unknown[], asOf: number | undefined, index: number): DecisionResult {
    const f = this.frame;
    f.begin();
    f.vals = vals;
    f.asOf = asOf;
    // `runFlow` never throws (a fault is an error result), and `decide` clears the flag itself.
    this.answering = this.answers !== undefined;
    const r = this.runFlow(index, true);
    this.answering = false;
    return r;
  }

  answerInto(out: Uint8Array, known: Uint8Array, at: AnswerIndex): void {
    this.answers = out;
    this.known = known;
    for (const n of this.nodes) {
      if (n.kind === 'ruleset') for (const r of n.rules) r.answerAt = at.rule(r.id);
      else if (n.kind === 'branch') n.arms.forEach((a, i) => (a.answerAt = at.arm(n.id, i)));
      else if (n.kind === 'decision') n.clauses.forEach((c, i) => (c.answerAt = at.clause(n.id, i)));
    }
  }

  /** A condition in the flow, its answer noted when `answerInto` asks for it: whether it holds. */
  private holds(c: CCond): boolean {
    const f = this.frame;
    if (!this.answering || c.answerAt < 0) return c.cond(f) === true;
    f.missing = false;
    const v = c.cond(f);
    this.answers![c.answerAt] = answerCode(v, f);
    this.known![c.answerAt] = 1;
    return v === true;
  }

  get scorecards(): readonly string[] {
    return this.scorecardIds;
  }

  scoresInto(vals: unknown[], slots: Int32Array): void {
    const s = this.frame.scores;
    for (let i = 0; i < slots.length; i++) if (slots[i] >= 0) vals[slots[i]] = s[i];
  }

  billInto(calls: number[] | undefined, billed: number[]): void {
    const f = this.frame;
    for (let i = 0; i < f.calledCount; i++) {
      const si = f.called[i];
      const s = this.sources[si];
      if (calls) calls[si]++;
      if (s.kind === 'per_query' ? !s.free : s.kind === 'per_hit' && f.vals[s.hitSlot] === true && !s.free) billed[si]++;
    }
  }

  /** A decision with its trace, `record` decoded first into the frame's slots as `begin` left them. */
  private runTraced(record: unknown, index: number, asOf: number | undefined): DecisionResult {
    const f = this.frame;
    let id: string | number = index;
    const hits: RuleHit[] = [];
    const trace: Trace = { asOf: null, path: [], nodes: [], lets: [], sources: [], notReached: [] };
    this.where = '';
    try {
      try {
        f.asOf = decodeRecord(this.layout, record, f.vals, asOf);
      } catch (e) {
        id = this.nameOf(record, index);
        throw e;
      }
      id = this.recordId(index);
      trace.asOf = f.asOf === undefined ? null : formatDate(f.asOf);
      f.letLog = trace.lets;
      this.reviews = undefined;
      let rejectedBy: CRule | undefined;
      let outcome: COutcome | undefined;
      let ni = this.start;
      for (let steps = 0; ni >= 0; steps++) {
        if (steps > this.nodes.length) throw new GraphError('the flow loops');
        const node = this.nodes[ni];
        this.where = node.id;
        trace.path.push(node.id);
        switch (node.kind) {
          case 'start':
            trace.nodes.push({ kind: 'start', id: node.id });
            ni = node.next;
            break;
          case 'ruleset':
            rejectedBy = this.runRuleSetTraced(node, hits, trace);
            ni = rejectedBy ? -1 : node.next;
            break;
          case 'scorecard':
            f.scores[node.slot] = runScorecard(node.card, f, trace);
            ni = node.next;
            break;
          case 'branch': {
            const arm = this.firstTrue(node.arms, trace);
            ni = arm < 0 ? node.otherwise : node.arms[arm].target;
            trace.nodes.push({ kind: 'branch', id: node.id, arm: arm < 0 ? 'else' : arm, target: this.nodes[ni].id, reads: this.lastReads! });
            break;
          }
          case 'decision': {
            const clause = this.firstTrue(node.clauses, trace);
            outcome = clause < 0 ? node.otherwise : node.clauses[clause].outcome;
            const t: NodeTrace = { kind: 'decision', id: node.id, clause: clause < 0 ? 'else' : clause, outcome: outcome.decision, reads: this.lastReads! };
            if (outcome.reason !== undefined) t.reason = outcome.reason;
            trace.nodes.push(t);
            ni = -1;
            break;
          }
        }
      }
      this.noteNotReached(trace);
      return this.finish(id, hits, rejectedBy, outcome, trace, false);
    } catch (e) {
      f.reads = null;
      f.letLog = null;
      this.noteNotReached(trace);
      return this.failure(id, e, this.where, hits, trace);
    }
  }

  /** The rules of the rule sets the trace's path did not reach (`Trace.notReached`). */
  private noteNotReached(trace: Trace): void {
    const reached = new Set(trace.path);
    for (const n of this.nodes)
      if (n.kind === 'ruleset' && !reached.has(n.id)) for (const r of n.rules) trace.notReached.push({ node: n.id, rule: r.id, state: r.mode === OFF ? 'off' : 'not_run' });
  }

  /**
   * The name of a record that could not be decoded, read raw. That record may be a caller's object
   * whose reads throw (a getter, a proxy, a revoked proxy): the read that failed decoding would
   * fail again here, and `decide` never throws, so it is then named by its position.
   */
  private nameOf(record: unknown, index: number): string | number {
    try {
      return recordName(this.layout, record) ?? index;
    } catch {
      return index;
    }
  }

  /** The record's name in results: its id field when it has one, else its position. */
  private recordId(index: number): string | number {
    const idSlot = this.layout.idSlot;
    const named = idSlot >= 0 ? this.frame.vals[idSlot] : undefined;
    return typeof named === 'string' ? named : named !== undefined && isNum(named) ? numToString(named) : index;
  }

  /**
   * A decision without a trace on the record decoded in the frame's slots. `lean` (`decideDecoded`):
   * the result leaves out what `decideDecoded` says. Its hits stay the shared empty `NO_HITS` until
   * a rule fires (`hits`); a full result never shares them.
   */
  private runFlow(index: number, lean: boolean): DecisionResult {
    const f = this.frame;
    let id: string | number = index;
    this.hits = NO_HITS;
    this.where = '';
    try {
      id = this.recordId(index);
      this.reviews = undefined;
      let rejectedBy: CRule | undefined;
      let outcome: COutcome | undefined;
      const nodes = this.nodes;
      let ni = this.start;
      for (let steps = 0; ni >= 0; steps++) {
        if (steps > nodes.length) throw new GraphError('the flow loops');
        const node = nodes[ni];
        this.where = node.id;
        switch (node.kind) {
          case 'start':
            ni = node.next;
            break;
          case 'ruleset':
            rejectedBy = this.runRuleSet(node.rules);
            ni = rejectedBy ? -1 : node.next;
            break;
          case 'scorecard':
            f.scores[node.slot] = runScorecard(node.card, f, undefined);
            ni = node.next;
            break;
          case 'branch': {
            const arm = this.firstTrue(node.arms, undefined);
            ni = arm < 0 ? node.otherwise : node.arms[arm].target;
            break;
          }
          case 'decision': {
            const clause = this.firstTrue(node.clauses, undefined);
            outcome = clause < 0 ? node.otherwise : node.clauses[clause].outcome;
            ni = -1;
            break;
          }
        }
      }
      const hits = this.hits;
      return this.finish(id, lean || hits !== NO_HITS ? hits : [], rejectedBy, outcome, undefined, lean);
    } catch (e) {
      const hits = this.hits;
      return this.failure(id, e, this.where, hits === NO_HITS ? [] : hits, undefined);
    }
  }

  /**
   * Runs a rule set for `runFlow`; returns the rule that rejected, if one did. Hits go to `hits`,
   * review reasons to `reviews`, and `where` names the rule only when its condition throws (the
   * fault's result reads it), not before every rule.
   */
  private runRuleSet(rules: CRule[]): CRule | undefined {
    let i = 0;
    for (;;) {
      try {
        for (; i < rules.length; i++) {
          const r = rules[i];
          if (r.mode === OFF || !this.holds(r)) continue;
          if (this.hits === NO_HITS) this.hits = [r.hit];
          else this.hits.push(r.hit);
          if (r.mode === SHADOW) continue;
          if (r.outcome === 'reject') return r;
          if (r.outcome === 'review') (this.reviews ??= []).push(r.reason);
        }
        return undefined;
      } catch (e) {
        // A shadow rule decides nothing, a fault in it included (its trace says `error`): the rule
        // set goes on after it. (Here, not in the loop, which stays as small as it runs.)
        if (rules[i].mode === SHADOW) {
          i++;
          continue;
        }
        this.where = rules[i].where;
        throw e;
      }
    }
  }

  /** `runRuleSet` with every rule's state and reads in the trace, `not_run` after a reject or a fault. */
  private runRuleSetTraced(node: Extract<CNode, { kind: 'ruleset' }>, hits: RuleHit[], trace: Trace): CRule | undefined {
    const out: RuleTrace[] = [];
    trace.nodes.push({ kind: 'ruleset', id: node.id, rules: out });
    const rules = node.rules;
    const notRun = (from: number) => {
      for (let j = from; j < rules.length; j++) out.push(ruleTrace(rules[j], rules[j].mode === OFF ? 'off' : 'not_run', emptyMap()));
    };
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r.mode === OFF) {
        out.push(ruleTrace(r, 'off', emptyMap()));
        continue;
      }
      this.where = r.where;
      let fired: boolean;
      try {
        fired = this.traceRule(r, out);
      } catch (e) {
        // A shadow rule's fault is in its trace (`error`) and stops nothing.
        if (r.mode === SHADOW) continue;
        notRun(i + 1);
        throw e;
      }
      if (!fired) continue;
      hits.push(r.hit);
      if (r.mode === SHADOW) continue;
      if (r.outcome === 'reject') {
        notRun(i + 1);
        return r;
      }
      if (r.outcome === 'review') (this.reviews ??= []).push(r.reason);
    }
    return undefined;
  }

  /** Index of the first condition that is true, -1 for none; with a trace, their reads in `lastReads`. */
  private firstTrue(arms: readonly CCond[], trace: Trace | undefined): number {
    const f = this.frame;
    if (!trace) {
      for (let i = 0; i < arms.length; i++) if (this.holds(arms[i])) return i;
      return -1;
    }
    const reads = emptyMap<JsonValue>();
    this.lastReads = reads;
    f.reads = reads;
    try {
      for (let i = 0; i < arms.length; i++) if (arms[i].condTraced(f) === true) return i;
      return -1;
    } finally {
      f.reads = null;
    }
  }

  /** Runs one rule with its reads noted; returns whether it fired (shadow or not). */
  private traceRule(r: CRule, out: RuleTrace[]): boolean {
    const f = this.frame;
    const reads = emptyMap<JsonValue>();
    f.reads = reads;
    f.missing = false;
    let v: unknown;
    try {
      v = r.condTraced(f);
    } catch (e) {
      const t = ruleTrace(r, 'error', reads);
      t.error = e instanceof DataError ? e.message : errorText(e);
      out.push(t);
      throw e;
    } finally {
      f.reads = null;
    }
    const fired = v === true;
    const state: RuleState = fired ? (r.mode === SHADOW ? 'shadow_hit' : 'hit') : v === undefined || f.missing ? 'missing' : 'pass';
    out.push(ruleTrace(r, state, reads));
    return fired;
  }

  private finish(id: string | number, hits: RuleHit[], rejectedBy: CRule | undefined, outcome: COutcome | undefined, trace: Trace | undefined, lean: boolean): DecisionResult {
    const reviews = this.reviews;
    let decision: DecisionResult['decision'];
    let reasons: string[];
    let terms: Terms | undefined;
    if (rejectedBy) {
      decision = 'reject';
      // A lean result shares the rule's frozen `[reason]`.
      reasons = lean ? rejectedBy.reasons : [rejectedBy.reason];
    } else if (!outcome) {
      throw new GraphError('the flow ended without a decision');
    } else if (outcome.decision === 'reject') {
      decision = 'reject';
      reasons = outcome.reason !== undefined ? [outcome.reason] : lean ? NO_REASONS : [];
    } else {
      this.where = outcome.node;
      decision = outcome.decision;
      let priced: RunTerms;
      if (trace && outcome.terms) {
        // The values behind the terms (income, multiple, caps), on the decision node's trace.
        const reads = emptyMap<JsonValue>();
        this.frame.reads = reads;
        try {
          priced = runTerms(outcome, this.frame, lean, true);
        } finally {
          this.frame.reads = null;
        }
        const node = trace.nodes[trace.nodes.length - 1];
        if (node?.kind === 'decision') node.termReads = reads;
      } else priced = runTerms(outcome, this.frame, lean);
      terms = priced.terms;
      if (reviews) decision = 'review';
      // The outcome's own reason comes after the review rules' (an approve capped at review keeps it).
      const own = outcome.reason !== undefined;
      // An approve is never issued with terms no lender means (a limit that is missing, zero or
      // negative, a negative APR, a term of 0 months: term-values.ts), nor with an APR
      // above the cap or unknown. A priced offer's APR is unknown because of a bad term of its
      // schedule: that one says it.
      const invalid = outcome.decision === 'approve' ? priced.invalid : undefined;
      // A review's proposal is an offer too (the checker refuses a literal APR above the cap on
      // one): above the cap or unknown, it says so, so that no reviewer issues it as it stands.
      const cap = priced.aprOver && (outcome.decision === 'approve' || outcome.decision === 'review') && !(priced.invalidSchedule && outcome.priced);
      // The review reasons are this decision's own array (each decision starts with none): the result takes it.
      reasons = reviews ?? (lean && !own && !cap && invalid === undefined ? NO_REASONS : []);
      if (own) reasons.push(outcome.reason!);
      if (invalid !== undefined) reasons.push(...invalid);
      if (cap) reasons.push('apr_cap');
      if (invalid !== undefined || cap) decision = 'review';
    }
    const result: DecisionResult = lean
      ? { id, decision, reasons, hits, terms, scores: LEAN_SCORES, cost: LEAN_COST, sourcesCalled: LEAN_CALLED }
      : { id, decision, reasons, hits, terms, scores: this.scores(), cost: this.cost(trace), sourcesCalled: this.sourcesCalled() };
    if (trace) result.trace = trace;
    return result;
  }

  private failure(id: string | number, e: unknown, where: string, hits: RuleHit[], trace: Trace | undefined): DecisionResult {
    let field: string | undefined;
    let message: string;
    if (e instanceof DataError) {
      field = e.field;
      message = e.detail;
    } else if (e instanceof EvalFault) message = where ? `${where}: ${e.message}` : e.message;
    else message = `internal: ${errorText(e)}`;
    const result: DecisionResult = {
      id,
      decision: 'error',
      reasons: [field ? `${field}: ${message}` : message],
      hits,
      scores: this.scores(),
      cost: this.cost(trace),
      sourcesCalled: this.sourcesCalled(),
      error: field ? { field, message } : { message },
    };
    if (trace) result.trace = trace;
    return result;
  }

  private scores(): Record<string, string> {
    const out: Record<string, string> = {};
    const s = this.frame.scores;
    for (let i = 0; i < s.length; i++) if (s[i] !== undefined) putKey(out, this.scorecardIds[i], numToString(s[i] as Num));
    return out;
  }

  private cost(trace: Trace | undefined): DecisionResult['cost'] {
    const f = this.frame;
    const bySource: Record<string, string> = {};
    let total: Num = 0;
    for (let i = 0; i < f.calledCount; i++) {
      const s = this.sources[f.called[i]];
      const charged = s.kind === 'per_query' || (s.kind === 'per_hit' && f.vals[s.hitSlot] === true);
      const charge = charged ? s.amountText : '0';
      if (charged) total = add(total, s.amount);
      putKey(bySource, s.id, charge);
      if (trace) trace.sources.push({ id: s.id, charge });
    }
    return { total: numToString(total), bySource };
  }

  private sourcesCalled(): string[] {
    const { called, calledCount } = this.frame;
    const out = new Array<string>(calledCount);
    for (let i = 0; i < calledCount; i++) out[i] = this.sources[called[i]].id;
    return out;
  }

  // -------------------------------------------------------------------------------------------

  evalRule(ruleId: string, record: unknown): StandaloneState {
    const r = this.ruleIndex.get(ruleId);
    if (!r) throw new RangeError(`unknown rule \`${ruleId}\``);
    if (!this.load(record)) return 'error';
    return this.standalone(r);
  }

  evalRules(record: unknown): Record<string, StandaloneState> {
    const out: Record<string, StandaloneState> = {};
    const ok = this.load(record);
    for (const [id, r] of this.ruleIndex) putKey(out, id, ok ? this.standalone(r) : 'error');
    return out;
  }

  rulesDecoded(vals: unknown[], asOf: number | undefined, out: Uint8Array, known?: Uint8Array): void {
    const f = this.frame;
    f.begin();
    f.vals = vals;
    f.asOf = asOf;
    const rules = this.ruleList;
    for (let i = 0; i < rules.length; i++) if (known === undefined || known[i] !== 1) out[i] = this.standaloneCode(rules[i]);
  }

  /** A rule's condition alone on the frame's record, as its code: the index in STANDALONE_STATES (a fault is an error, 3). */
  private standaloneCode(r: CRule): number {
    const f = this.frame;
    f.missing = false;
    try {
      return answerCode(r.cond(f), f);
    } catch {
      return 3;
    }
  }

  private load(record: unknown): boolean {
    const f = this.frame;
    f.begin();
    f.vals = this.ownVals;
    try {
      f.asOf = decodeRecord(this.layout, record, f.vals);
      return true;
    } catch {
      return false;
    }
  }

  private standalone(r: CRule): StandaloneState {
    return STANDALONE_STATES[this.standaloneCode(r)];
  }
}

/** `DecideOptions.asOf` as a day: a wrong one is the caller's mistake, said at once. */
function asOfOption(text: string): number {
  const day = typeof text === 'string' ? parseDay(text) : undefined;
  if (day === undefined) throw new VerdictError('bad-as-of', `asOf: expected a date YYYY-MM-DD, not ${JSON.stringify(text)}`);
  return day;
}

/**
 * The message of something thrown. A caller's object in the record can throw anything from a
 * getter, even a value whose own `toString` or `message` throws: that must not escape `decide`.
 */
function errorText(e: unknown): string {
  try {
    return e instanceof Error ? String(e.message) : String(e);
  } catch {
    return 'an exception that cannot be shown';
  }
}

/** The code (index in STANDALONE_STATES) of what a condition gave: hit 1, missing 2 (no value, or a missing value met on the way), pass 0. */
const answerCode = (v: unknown, f: Frame): number => (v === true ? 1 : v === undefined || f.missing ? 2 : 0);

/** The hits of a lean result where no rule fired, and its reasons when there are none: shared, frozen. */
const NO_HITS: RuleHit[] = Object.freeze([]) as unknown as RuleHit[];
const NO_REASONS: string[] = Object.freeze([]) as unknown as string[];
const LEAN_SCORES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);
const LEAN_COST: DecisionResult['cost'] = Object.freeze({ total: '0', bySource: LEAN_SCORES });
const LEAN_CALLED: string[] = Object.freeze([]) as unknown as string[];

/** Whether a result is a lean one of `decideDecoded` (its scores, cost and calls are in the evaluator). */
export const isLeanResult = (r: DecisionResult): boolean => r.cost === LEAN_COST;


function ruleTrace(r: CRule, state: RuleState, reads: Reads): RuleTrace {
  const t: RuleTrace = { rule: r.id, state, outcome: r.outcome, reads };
  if (r.mode === SHADOW) t.shadow = true;
  return t;
}
