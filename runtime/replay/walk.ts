// Re-walking a decided record's flow from facts about it: which rules the decision reached (for
// in-flow trigger rates), which sources had been read before each rule set (for the suggested
// order), and the sequence of events that made the decision (for swap causes).
//
// The facts normally come from the probe (probe.ts: every condition alone on the record); when
// the walk disagrees with the decision's own hits, the engine redoes the record with a trace and
// walks from that instead, so a surprise costs time, never correctness.

import type { DecisionResult, Trace } from '../result.js';
import type { StandaloneState } from '../evaluate.js';
import type { BranchPlan, DecisionPlan, VersionPlan } from './plan.js';

/** What the walk needs to know about one record in one version. */
export interface FlowFacts {
  /** The state of each rule (plan index) as the flow would see it; undefined when unknown (not visited in a trace). */
  rules: readonly (StandaloneState | undefined)[];
  /** The arm taken at a branch: its index, -1 for else, 'error' when the condition faulted. */
  arm(node: BranchPlan): number | 'error';
  /** The clause taken at a decision: its index, -1 for else, 'error'. */
  clause(node: DecisionPlan): number | 'error';
}

export function traceFacts(plan: VersionPlan, trace: Trace): FlowFacts {
  const rules = new Map<string, StandaloneState>();
  const arms = new Map<string, number>();
  const clauses = new Map<string, number>();
  for (const n of trace.nodes) {
    if (n.kind === 'ruleset')
      for (const r of n.rules) {
        const s = r.state === 'hit' || r.state === 'shadow_hit' ? 'hit' : r.state === 'pass' || r.state === 'missing' || r.state === 'error' ? r.state : undefined;
        if (s) rules.set(r.rule, s);
      }
    else if (n.kind === 'branch') arms.set(n.id, n.arm === 'else' ? -1 : n.arm);
    else if (n.kind === 'decision') clauses.set(n.id, n.clause === 'else' ? -1 : n.clause);
  }
  return {
    rules: plan.rules.map((r) => rules.get(r.id)),
    arm: (node) => arms.get(node.id) ?? 'error',
    clause: (node) => clauses.get(node.id) ?? 'error',
  };
}

export type FlowEvent =
  /** A rule that ran; `effect` when it fired with an effect on the decision (reject or review, not shadow). */
  | { kind: 'rule'; rule: number; effect: boolean; off: boolean }
  | { kind: 'branch'; node: string; arm: number }
  | { kind: 'decision'; node: string; clause: number }
  | { kind: 'stop' };

/** Callbacks of a walk; all optional. */
export interface WalkSink {
  /** A rule set entered; `read` holds the sources read so far (1 = read). */
  enterSet?(set: number, read: Uint8Array): void;
  /** Counts of rules reached (an off rule included), by plan index: `sign` is added at each. */
  reached?: number[];
  sign?: number;
  event?(e: FlowEvent): void;
}

function mark(read: Uint8Array, sources: number[]): void {
  for (let i = 0; i < sources.length; i++) read[sources[i]] = 1;
}

/**
 * Walks the flow of `plan` for one decided record. Returns false when the walk's hits disagree
 * with the decision's (then the caller should walk again from a trace).
 */
/** What a walk reads of a decision: its hits, whether it faulted, and then which scores it had. */
export type WalkedResult = Pick<DecisionResult, 'decision' | 'hits' | 'scores'>;

// The walk and the counting around it run on every record, compiled for the shapes (hidden
// classes) of the objects they have met. Results come in several shapes (a lean result, a full or
// a failed one, a kind's own), and so would sinks; a shape first met after the compile (a kind
// settled at the end, a record that failed to decode) throws the compiled code away. So what a
// walk reads is always made here, in one shape each.

/** `r`'s walked part in the one shape of walked results (into `into` when given, else a new object). */
export function walkedOf(r: WalkedResult, into?: WalkedResult): WalkedResult {
  if (into === undefined) return { decision: r.decision, hits: r.hits, scores: r.scores };
  into.decision = r.decision;
  into.hits = r.hits;
  into.scores = r.scores;
  return into;
}

/**
 * A walk sink in the one shape of sinks (`WalkSink`'s members, absent ones undefined). Make each
 * kind of sink before the walks start: a member's first value of another type (a function where
 * there was none) also costs the compiled walks.
 */
export function walkSink(s: WalkSink): WalkSink {
  return { enterSet: s.enterSet, reached: s.reached, sign: s.sign ?? 1, event: s.event };
}

/**
 * The rules on a record's path as if no rule had stopped it, marked 1 in `on` (by plan index): those
 * of every rule set the flow passes through when each branch takes the arm its conditions give on
 * the record. The path ends at a decision, at a branch whose condition faulted, and at a branch that
 * reads a score once the record's own flow had stopped before it (a reject in force that hit, a
 * fault, or any point of a flow that ended in an error): its scorecard did not run for the record,
 * so the arm it would take is not known.
 */
export function pathRules(plan: VersionPlan, facts: FlowFacts, errored: boolean, on: Uint8Array): void {
  for (let i = 0; i < on.length; i++) on[i] = 0;
  const states = facts.rules;
  let stopped = errored;
  let ni = plan.start;
  for (let steps = 0; ni >= 0 && steps <= plan.nodes.length; steps++) {
    const node = plan.nodes[ni];
    switch (node.kind) {
      case 'start':
      case 'scorecard':
        ni = node.next;
        break;
      case 'ruleset': {
        const rules = plan.sets[node.set].rules;
        for (let i = 0; i < rules.length; i++) {
          const g = rules[i];
          on[g] = 1;
          if (stopped) continue;
          const rule = plan.rules[g];
          const state = states[g];
          if (rule.mode === 'on' && ((state === 'hit' && rule.outcome === 'reject') || state === 'error')) stopped = true;
        }
        ni = node.next;
        break;
      }
      case 'branch': {
        if (node.scored && stopped) return;
        const arm = facts.arm(node);
        if (arm === 'error') return;
        ni = arm < 0 ? node.otherwise : node.arms[arm].target;
        break;
      }
      case 'decision':
        return;
    }
  }
}

export function walkFlow(plan: VersionPlan, result: WalkedResult, facts: FlowFacts, read: Uint8Array, sink: WalkSink): boolean {
  for (let i = 0; i < read.length; i++) read[i] = 0;
  const hits = result.hits;
  let k = 0;
  const errored = result.decision === 'error';
  const reached = sink.reached;
  const sign = sink.sign ?? 1;
  const states = facts.rules;
  let ni = plan.nodes[plan.start].kind === 'start' ? (plan.nodes[plan.start] as { next: number }).next : -1;
  for (let steps = 0; ni >= 0 && steps <= plan.nodes.length; steps++) {
    const node = plan.nodes[ni];
    switch (node.kind) {
      case 'start':
        ni = node.next;
        break;
      case 'ruleset': {
        const set = plan.sets[node.set];
        sink.enterSet?.(node.set, read);
        for (const g of set.rules) {
          const rule = plan.rules[g];
          if (reached !== undefined) reached[g] += sign;
          if (rule.mode === 'off') {
            sink.event?.({ kind: 'rule', rule: g, effect: false, off: true });
            continue;
          }
          const state = states[g];
          mark(read, rule.sources);
          if (state === 'error' && rule.mode === 'shadow') {
            // A shadow rule's fault stops nothing (evaluate.ts).
            if (rule.outcome !== 'flag') sink.event?.({ kind: 'rule', rule: g, effect: false, off: false });
            continue;
          }
          if (state === 'error' || state === undefined) {
            sink.event?.({ kind: 'stop' });
            return k === hits.length && errored;
          }
          const fired = state === 'hit';
          if (fired) {
            if (k >= hits.length || hits[k].rule !== rule.id) return false;
            k++;
          }
          const effect = fired && rule.mode === 'on' && rule.outcome !== 'flag';
          if (rule.outcome !== 'flag') sink.event?.({ kind: 'rule', rule: g, effect, off: false });
          if (effect && rule.outcome === 'reject') {
            sink.event?.({ kind: 'stop' });
            return k === hits.length;
          }
        }
        ni = node.next;
        break;
      }
      case 'scorecard':
        mark(read, node.sources);
        if (errored && !Object.prototype.hasOwnProperty.call(result.scores, node.id)) {
          sink.event?.({ kind: 'stop' });
          return k === hits.length;
        }
        ni = node.next;
        break;
      case 'branch': {
        const arm = facts.arm(node);
        const evaluated = arm === 'error' ? node.arms.length : arm < 0 ? node.arms.length : arm + 1;
        for (let i = 0; i < evaluated && i < node.arms.length; i++) mark(read, node.arms[i].sources);
        if (arm === 'error') {
          sink.event?.({ kind: 'stop' });
          return k === hits.length && errored;
        }
        sink.event?.({ kind: 'branch', node: node.id, arm });
        ni = arm < 0 ? node.otherwise : node.arms[arm].target;
        break;
      }
      case 'decision': {
        const clause = facts.clause(node);
        if (clause === 'error') {
          sink.event?.({ kind: 'stop' });
          return k === hits.length && errored;
        }
        sink.event?.({ kind: 'decision', node: node.id, clause });
        return k === hits.length;
      }
    }
  }
  return k === hits.length;
}
