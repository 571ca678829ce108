// Twin versions: a backtest of one policy against itself with other params (`--candidate-set
// min_phone_tenure=3`), the everyday "what if we loosen this threshold" question. When the changed
// params are read only by conditions (rules, branch arms, decision clauses) and both versions
// switch every rule the same way, the two decisions of a record can differ only through those
// conditions. The shared probe (probe.ts) evaluates each of them for both versions anyway; where
// every such pair of answers agrees on a record, and none faulted, the candidate would evaluate
// exactly the base's expressions on the same values (expressions are pure), so its decision is
// the base's: same outcome, reasons, hits, terms, scores and calls. The core then skips deciding
// it. A faulting pair is never taken as agreeing: two faults may differ in their message.
//
// Scores: the probe answers the candidate's conditions that read a score with the base's scores
// first. When every pair agrees, the two flows visit the same scorecards, so those are the
// candidate's scores too (a score is only read where its scorecard has run: the checker's
// `score-not-computed`). When a pair differs, the candidate decides on its own and the probe runs
// again with the candidate's scores.

import type { DecisionGraph, GExpr } from '../graph.js';
import type { Overrides } from '../overrides.js';
import { changedParams, dependsOn, letDependence, type ProbeIds } from './probe.js';

/**
 * The probe states to compare per record, as `[base, candidate, base, candidate, …]` indices (only
 * the conditions whose candidate answer is a state of its own), or undefined when the versions
 * are not twins. `at` maps a probe id to its state index.
 */
export function twinPairs(graph: DecisionGraph, base: Overrides, cand: Overrides, ids: [ProbeIds, ProbeIds], at: (id: string) => number): Int32Array | undefined {
  const mode = (o: Overrides, id: string, own: string) => (Object.prototype.hasOwnProperty.call(o.switches, id) ? o.switches[id] : own);
  for (const n of graph.nodes) if (n.kind === 'ruleset') for (const r of n.rules) if (mode(base, r.id, r.switch) !== mode(cand, r.id, r.switch)) return undefined;
  const changed = changedParams(graph, base, cand);
  const letDeps = letDependence(graph, changed, false);
  // Everything but the conditions themselves (scorecards, outcomes' terms): none of it may read a
  // changed param, directly or through a let. Scores are the same for twins, so reading one is fine.
  if (expressionsOutsideConditions(graph).some((e) => dependsOn(e, changed, letDeps, false))) return undefined;
  const pairs: number[] = [];
  const pair = (b: string | undefined, c: string | undefined) => {
    if (b === undefined || c === undefined) throw new Error('twin versions: a condition is missing from the probe');
    if (b !== c) pairs.push(at(b), at(c));
  };
  const [bi, ci] = ids;
  for (const [id, b] of bi.rules) pair(b, ci.rules.get(id));
  for (const [node, arms] of bi.arms) arms.forEach((b, i) => pair(b, ci.arms.get(node)?.[i]));
  for (const [node, clauses] of bi.clauses) clauses.forEach((b, i) => pair(b, ci.clauses.get(node)?.[i]));
  return Int32Array.from(pairs);
}

/** The expressions of a graph's nodes other than rule, branch and clause conditions. */
function expressionsOutsideConditions(graph: DecisionGraph): GExpr[] {
  const out: GExpr[] = [];
  for (const n of graph.nodes)
    switch (n.kind) {
      case 'start':
      case 'ruleset':
      case 'branch':
        break;
      case 'scorecard':
        for (const c of n.characteristics) out.push(c.expr);
        break;
      case 'decision':
        for (const o of [...n.clauses.map((c) => c.outcome), n.else]) out.push(...Object.values(o.terms ?? {}));
        break;
      default: {
        const unknown: never = n;
        throw new Error(`twin versions: unknown node ${JSON.stringify(unknown)}`);
      }
    }
  return out;
}

/** Whether the probe's answers (`codes`) agree on every pair, none of them a fault. */
export function twinsAgree(codes: Uint8Array, pairs: Int32Array, fault: number): boolean {
  for (let i = 0; i < pairs.length; i += 2) {
    const b = codes[pairs[i]];
    if (b !== codes[pairs[i + 1]] || b === fault) return false;
  }
  return true;
}
