// The replay of records, one at a time: each record decided once by each version, probed once per
// version (probe.ts), its flow re-walked (walk.ts), and everything counted into a partial aggregate
// (aggregate.ts). The same class runs inside each worker thread and, for `workers: 0`, in the
// calling thread. No I/O: chunks of text come in, counts and swap lines go out.

import { prepare, type Evaluator, type StandaloneState } from '../evaluate.js';
import type { DecisionGraph, ParamValue } from '../graph.js';
import type { Overrides } from '../overrides.js';
import type { DecisionResult } from '../result.js';
import type { RecordItem } from '../data/records.js';
import { emptyPartial, OUTCOME_INDEX, pushExample, type BadCounts, type Partial, type VersionAgg } from './aggregate.js';
import { buildPlan, type VersionPlan } from './plan.js';
import { buildProbes, type ProbeIds } from './probe.js';
import { BAD_RECORD_LIMIT, type SwapCause, type VersionKey } from './report.js';
import { probeFacts, traceFacts, walkFlow, type FlowEvent, type FlowFacts } from './walk.js';

export interface VersionInit {
  graph: DecisionGraph;
  overrides: Overrides;
}

export interface SweepInit {
  param: string;
  /** Exact decimal strings. */
  values: string[];
}

export interface CoreInit {
  versions: [VersionInit, VersionInit];
  /** Read as `outcome.<label>`: true = bad, false = good, anything else = unlabelled. */
  outcomeLabel: string;
  sweep?: SweepInit;
  /** Produce one JSON line per flipped record, with both traces. */
  swaps: boolean;
}

interface Version {
  plan: VersionPlan;
  evaluator: Evaluator;
  probe: Evaluator;
  /** Where this version's answers are in its probe's states. */
  ids: ProbeIds;
  /** Per plan rule: its probe id. */
  ruleIds: string[];
  /** Per source index: the probe id telling whether its hit field is true, or undefined. */
  hitRule: (string | undefined)[];
  /** Per rule: reject outcome and switched on (a reject "in force"). */
  inForceReject: boolean[];
  /** Per rule: reject outcome. */
  rejectRule: boolean[];
  /** Scratch: each rule's probe state for the record at hand. */
  states: StandaloneState[];
  agg: VersionAgg;
}

/** The set bits of a test over n positions as a compact, stable key part. */
function bitsKey(n: number, test: (i: number) => boolean): string | number {
  if (n <= 30) {
    let b = 0;
    for (let i = 0; i < n; i++) if (test(i)) b |= 1 << i;
    return b;
  }
  let s = '';
  for (let i = 0; i < n; i++) s += test(i) ? '1' : '0';
  return s;
}

export class ReplayCore {
  readonly partial: Partial;
  private readonly v: [Version, Version];
  private readonly sweep: Evaluator[];
  private readonly read: [Uint8Array, Uint8Array];
  /** One probe evaluation answers for both versions (probe.ts). */
  private readonly sharedProbe: boolean;

  constructor(private readonly init: CoreInit) {
    const probes = buildProbes(init.versions);
    this.sharedProbe = probes.shared;
    this.v = init.versions.map((vi, i) => {
      const plan = buildPlan(vi.graph, vi.overrides);
      const ids = probes.ids[i];
      // The walk reads branch and decision answers under this version's probe ids.
      for (const n of plan.nodes) {
        if (n.kind === 'branch') n.probes = ids.arms.get(n.id) ?? n.probes;
        if (n.kind === 'decision') n.clauses = ids.clauses.get(n.id) ?? n.clauses;
      }
      return {
        plan,
        evaluator: prepare(vi.graph, vi.overrides),
        probe: probes.evaluators[i],
        ids,
        ruleIds: plan.rules.map((r) => ids.rules.get(r.id) ?? r.id),
        hitRule: plan.sources.map((s) => ids.hits.get(s.id)),
        inForceReject: plan.rules.map((r) => r.outcome === 'reject' && r.mode === 'on'),
        rejectRule: plan.rules.map((r) => r.outcome === 'reject'),
        states: new Array<StandaloneState>(plan.rules.length).fill('pass'),
        agg: undefined as unknown as VersionAgg,
      };
    }) as [Version, Version];
    this.partial = emptyPartial({
      rules: [this.v[0].plan.rules.length, this.v[1].plan.rules.length],
      sets: [this.v[0].plan.sets.length, this.v[1].plan.sets.length],
      sources: [this.v[0].plan.sources.length, this.v[1].plan.sources.length],
      sweepValues: init.sweep?.values.length ?? 0,
    });
    this.v[0].agg = this.partial.versions[0];
    this.v[1].agg = this.partial.versions[1];
    const cand = init.versions[1];
    this.sweep = (init.sweep?.values ?? []).map((value) => {
      const params: Record<string, ParamValue> = { ...cand.overrides.params, [init.sweep!.param]: { decimal: value } };
      return prepare(cand.graph, { params, switches: cand.overrides.switches });
    });
    this.read = [new Uint8Array(this.v[0].plan.sources.length), new Uint8Array(this.v[1].plan.sources.length)];
  }

  // -------------------------------------------------------------------------------------------
  // Input forms

  /**
   * A chunk of whole JSONL lines. `firstIndex` is the record position of its first non-blank line,
   * `firstLine` the 1-based line number of its first line. Returns the swap lines, if any.
   */
  jsonl(text: string, firstIndex: number, firstLine: number): string {
    const out: string[] = [];
    let index = firstIndex;
    let line = firstLine - 1;
    let pos = 0;
    const end = text.length;
    while (pos < end) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = end;
      line++;
      let s = text.slice(pos, nl);
      pos = nl + 1;
      if (line === 1 && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      if (s.charCodeAt(0) !== 123 /* { */ && s.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(s);
      } catch (e) {
        this.item({ index, line, unreadable: `line ${line}: invalid JSON: ${(e as Error).message}` }, out);
        index++;
        continue;
      }
      this.item({ index, line, record }, out);
      index++;
    }
    return out.join('');
  }

  /** Items read elsewhere (CSV, DuckDB), shipped as JSON text of a `RecordItem[]`. */
  items(json: string): string {
    const out: string[] = [];
    for (const item of JSON.parse(json) as RecordItem[]) this.item(item, out);
    return out.join('');
  }

  // -------------------------------------------------------------------------------------------

  item(item: RecordItem, out: string[]): void {
    const P = this.partial;
    P.records++;
    if (!('record' in item)) {
      P.unreadable++;
      for (const v of this.v) this.unreadable(v.agg);
      P.cells[15]++;
      pushExample(P.cellExamples[15], item.index, item.index);
      for (const s of P.sweep) s.decisions[3]++;
      this.bad(item.index, undefined, item.line, item.unreadable, ['base', 'candidate']);
      return;
    }
    const rec = item.record;
    const index = item.index;
    const rb = this.v[0].evaluator.decide(rec, { index });
    const rc = this.v[1].evaluator.decide(rec, { index });
    let sb: Record<string, StandaloneState>;
    let sc: Record<string, StandaloneState>;
    if (this.sharedProbe) {
      putScores(rec, this.v[0].ids.scores, rb);
      putScores(rec, this.v[1].ids.scores, rc);
      sb = sc = this.v[0].probe.evalRules(rec);
    } else {
      putScores(rec, this.v[0].ids.scores, rb);
      sb = this.v[0].probe.evalRules(rec);
      putScores(rec, this.v[1].ids.scores, rc);
      sc = this.v[1].probe.evalRules(rec);
    }
    const fb = this.count(0, rec, index, rb, sb);
    const fc = this.count(1, rec, index, rc, sc);

    const bi = OUTCOME_INDEX[rb.decision];
    const ci = OUTCOME_INDEX[rc.decision];
    const cell = bi * 4 + ci;
    P.cells[cell]++;
    pushExample(P.cellExamples[cell], index, rb.id);

    const label = labelOf(rec, this.init.outcomeLabel);
    if (label !== undefined) P.labelled++;
    if (rb.decision === 'approve') tally(P.approved[0], label);
    if (rc.decision === 'approve') tally(P.approved[1], label);
    if (rc.decision === 'approve' && rb.decision !== 'approve') tally(P.swappedIn, label);
    if (rb.decision === 'approve' && rc.decision !== 'approve') tally(P.swappedOut, label);

    const badB = dataError(rb);
    const badC = dataError(rc);
    if (badB !== undefined || badC !== undefined) {
      const versions: VersionKey[] = [];
      if (badB !== undefined) versions.push('base');
      if (badC !== undefined) versions.push('candidate');
      this.bad(index, typeof rb.id === 'string' ? rb.id : undefined, item.line, (badB ?? badC)!, versions);
    }

    let causeKey: string | undefined;
    if (rb.decision !== rc.decision) {
      const { key, cause } = this.cause(rb, rc, fb, fc);
      causeKey = key;
      const mapKey = `${cell}|${key}`;
      let c = P.causes.get(mapKey);
      if (!c) P.causes.set(mapKey, (c = { cell, key, cause, count: 0, examples: [] }));
      c.count++;
      pushExample(c.examples, index, rb.id);
      if (this.init.swaps) {
        const tb = this.v[0].evaluator.decide(rec, { index, trace: true });
        const tc = this.v[1].evaluator.decide(rec, { index, trace: true });
        out.push(`${JSON.stringify({ index, id: rb.id, line: item.line, cause: causeKey, base: tb, candidate: tc })}\n`);
      }
    }

    for (let i = 0; i < this.sweep.length; i++) {
      const r = this.sweep[i].decide(rec, { index });
      const s = P.sweep[i];
      s.decisions[OUTCOME_INDEX[r.decision]]++;
      if (r.decision === 'approve' && label !== undefined) {
        s.approvedLabelled++;
        if (label) s.approvedBad++;
      }
      this.bill(this.v[1].plan, r, undefined, s.sourceBilled);
    }
  }

  private bad(index: number, id: string | undefined, line: number | undefined, reason: string, versions: VersionKey[]): void {
    const P = this.partial;
    P.badCount++;
    if (P.bad.length < BAD_RECORD_LIMIT) P.bad.push({ index, ...(id !== undefined ? { id } : {}), ...(line !== undefined ? { line } : {}), reason, versions });
  }

  private unreadable(a: VersionAgg): void {
    a.decisions[3]++;
    for (let g = 0; g < a.standaloneErrors.length; g++) a.standaloneErrors[g]++;
  }

  /** Counts one version's result; returns the facts its flow was walked from (undefined when it did not decode). */
  private count(vi: 0 | 1, rec: unknown, index: number, r: DecisionResult, st: Record<string, StandaloneState>): FlowFacts | undefined {
    const v = this.v[vi];
    const a = v.agg;
    const plan = v.plan;
    a.decisions[OUTCOME_INDEX[r.decision]]++;
    this.bill(plan, r, a.sourceCalls, a.sourceBilled);

    const rules = plan.rules;
    const states = v.states;
    let inForce = 0;
    for (let g = 0; g < rules.length; g++) {
      const s = (states[g] = st[v.ruleIds[g]]);
      if (s === 'hit') {
        a.standaloneHits[g]++;
        if (v.inForceReject[g]) inForce++;
      } else if (s === 'missing') a.standaloneMissing[g]++;
      else if (s === 'error') a.standaloneErrors[g]++;
    }
    for (let g = 0; g < rules.length; g++) if (v.rejectRule[g] && states[g] === 'hit' && inForce - (v.inForceReject[g] ? 1 : 0) === 0) a.uniqueRejects[g]++;
    for (const h of r.hits) {
      const g = plan.ruleIndex.get(h.rule);
      if (g !== undefined) a.ruleHits[g]++;
    }
    if (st[v.ids.decoded] !== 'hit') return undefined;

    const read = this.read[vi];
    const sink = (sign: 1 | -1) => ({
      enterSet: (s: number, seen: Uint8Array) => {
        a.setReached[s] += sign;
        const m = a.setSignatures[s];
        const key = this.signature(v, s, seen, st);
        const n = (m.get(key) ?? 0) + sign;
        if (n === 0) m.delete(key);
        else m.set(key, n);
      },
      reachRule: (g: number) => void (a.ruleReached[g] += sign),
    });
    let facts: FlowFacts = probeFacts(states, st);
    if (!walkFlow(plan, r, facts, read, sink(1))) {
      // The probe disagrees with the decision (not expected): take back what that walk counted, and
      // walk again from the decision's own trace.
      walkFlow(plan, r, facts, read, sink(-1));
      this.partial.retraced++;
      facts = traceFacts(plan, v.evaluator.decide(rec, { index, trace: true }).trace!);
      walkFlow(plan, r, facts, read, sink(1));
    }
    return facts;
  }

  /** A record's signature at a rule set: standalone hits of its rules, sources read before it, per-hit sources that would bill. */
  private signature(v: Version, s: number, seen: Uint8Array, st: Record<string, StandaloneState>): string {
    const set = v.plan.sets[s];
    const ruleIdx = set.rules;
    const srcs = set.sources;
    const hits = bitsKey(ruleIdx.length, (i) => v.states[ruleIdx[i]] === 'hit');
    const prior = bitsKey(srcs.length, (j) => seen[srcs[j]] === 1);
    const charged = bitsKey(srcs.length, (j) => {
      const h = v.hitRule[srcs[j]];
      return h !== undefined && st[h] === 'hit';
    });
    return `${hits}:${prior}:${charged}`;
  }

  /** Calls (when `calls` is given) and billed calls per source of one result. */
  private bill(plan: VersionPlan, r: DecisionResult, calls: number[] | undefined, billed: number[]): void {
    const called = r.sourcesCalled;
    for (let i = 0; i < called.length; i++) {
      const s = plan.sourceIndex.get(called[i]);
      if (s === undefined) continue;
      if (calls) calls[s]++;
      if (r.cost.bySource[called[i]] !== '0') billed[s]++;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Swap causes

  private events(vi: 0 | 1, r: DecisionResult, facts: FlowFacts): FlowEvent[] {
    const events: FlowEvent[] = [];
    walkFlow(this.v[vi].plan, r, facts, this.read[vi], { event: (e) => events.push(e) });
    return events;
  }

  private cause(rb: DecisionResult, rc: DecisionResult, fb: FlowFacts | undefined, fc: FlowFacts | undefined): { key: string; cause: SwapCause } {
    if (rb.decision === 'error' || rc.decision === 'error') {
      const version = rb.decision === 'error' && rc.decision === 'error' ? 'both' : rb.decision === 'error' ? 'base' : 'candidate';
      const r = rb.decision === 'error' ? rb : rc;
      const reason = r.error?.field !== undefined ? `bad data at ${r.error.field}` : (r.error?.message ?? r.reasons[0] ?? 'error');
      return { key: `error in ${version}: ${reason}`, cause: { kind: 'error', version, reason } };
    }
    const eb = fb ? this.events(0, rb, fb) : [];
    const ec = fc ? this.events(1, rc, fc) : [];
    const pb = this.v[0].plan;
    const pc = this.v[1].plan;
    const show = (i: number) => (i < 0 ? 'else' : i);
    for (let i = 0; i < Math.max(eb.length, ec.length); i++) {
      const a = eb[i];
      const b = ec[i];
      if (a && b && a.kind === 'rule' && b.kind === 'rule') {
        const ra = pb.rules[a.rule];
        const rcRule = pc.rules[b.rule];
        if (ra.id === rcRule.id) {
          if (a.effect === b.effect) continue;
          const firedIn: VersionKey = a.effect ? 'base' : 'candidate';
          const node = pb.sets[ra.set].id;
          return { key: `rule ${ra.id} fired in ${firedIn}`, cause: { kind: 'rule', rule: ra.id, node, firedIn } };
        }
      } else if (a && b && a.kind === 'branch' && b.kind === 'branch' && a.node === b.node) {
        if (a.arm === b.arm) continue;
        return { key: `branch ${a.node}: ${show(a.arm)} → ${show(b.arm)}`, cause: { kind: 'branch', node: a.node, base: show(a.arm), candidate: show(b.arm) } };
      } else if (a && b && a.kind === 'decision' && b.kind === 'decision' && a.node === b.node) {
        if (a.clause === b.clause) continue;
        return { key: `clause ${a.node}: ${show(a.clause)} → ${show(b.clause)}`, cause: { kind: 'clause', node: a.node, base: show(a.clause), candidate: show(b.clause) } };
      } else if (a && b && a.kind === 'stop' && b.kind === 'stop') continue;
      const describe = (e: FlowEvent | undefined, plan: VersionPlan) =>
        !e ? 'nothing' : e.kind === 'rule' ? `rule ${plan.rules[e.rule].id}` : e.kind === 'stop' ? 'a stop' : `${e.kind} ${e.node}`;
      const detail = `the flows differ: base runs ${describe(a, pb)}, candidate runs ${describe(b, pc)}`;
      return { key: detail, cause: { kind: 'other', detail } };
    }
    for (const [r, version] of [
      [rb, 'base'],
      [rc, 'candidate'],
    ] as const)
      if (r.reasons.includes('apr_cap') && !(version === 'base' ? rc : rb).reasons.includes('apr_cap'))
        return { key: `apr_cap in ${version}`, cause: { kind: 'apr_cap', version } };
    const detail = 'the same flow gave different outcomes';
    return { key: detail, cause: { kind: 'other', detail } };
  }
}

/** Gives the probe a version's scores, under that version's pseudo-input. */
function putScores(rec: unknown, input: string | undefined, r: DecisionResult): void {
  if (input !== undefined && typeof rec === 'object' && rec !== null && !Array.isArray(rec)) (rec as Record<string, unknown>)[input] = r.scores;
}

function labelOf(rec: unknown, label: string): boolean | undefined {
  if (typeof rec !== 'object' || rec === null) return undefined;
  const o = Object.hasOwn(rec, 'outcome') ? (rec as Record<string, unknown>).outcome : undefined;
  if (typeof o !== 'object' || o === null || !Object.hasOwn(o, label)) return undefined;
  const v = (o as Record<string, unknown>)[label];
  return v === true ? true : v === false ? false : undefined;
}

function tally(c: BadCounts, label: boolean | undefined): void {
  c.count++;
  if (label === undefined) return;
  c.labelled++;
  if (label) c.bad++;
}

/** The reason of a data error (bad field, undecodable record), undefined for any other result. */
function dataError(r: DecisionResult): string | undefined {
  if (r.decision !== 'error' || r.error?.field === undefined) return undefined;
  return r.reasons[0] ?? r.error.message;
}
