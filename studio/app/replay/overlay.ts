// What the graph draws over its nodes after a replay: the path of one decision (nodes visited,
// the rule that rejected, rules not run, the values each rule read), or the heat of a backtest
// (trigger rates and their deltas). Pure functions of a decision's trace or a backtest report;
// the node components read the result for their own id, never a copy of the nodes.

import { fmtCount, fmtPct, fmtPp } from '../../../runtime/replay/figures.js';
import type { BacktestReport, Rate, RuleStats } from '../../../runtime/replay/report.js';
import type { DecisionResult, JsonValue, Reads, RuleState } from '../../../runtime/result.js';
import { Dec } from '../../../runtime/values.js';

export interface Heat {
  /** 0 (cold) to 1 (the hottest rule or node of the report). */
  level: number;
  /** `12.3%`. */
  text: string;
  /** `+1.2 pp`, absent when there is no delta to show. */
  delta?: string;
  trend: 'up' | 'down' | 'flat';
  title: string;
}

export interface RuleOverlay {
  state?: RuleState;
  /** The rule whose reject made the decision. */
  decisive?: boolean;
  /** What the rule read: `applicant.age = 17 · min_age = 18`. */
  values?: string;
  /** The same, short enough for the rule's row: `age=17 · min_age=18`. */
  short?: string;
  heat?: Heat;
}

export interface NodeOverlay {
  visit?: 'visited' | 'skipped';
  /** 1-based position on the path. */
  step?: number;
  /** One line about the node: `score 645`, `→ carrier_checks`, the heat's rate. */
  note?: string;
  heat?: Heat;
  rules?: Record<string, RuleOverlay>;
  /** Scorecard: per characteristic, in order, `value → bin: points`. */
  characteristics?: string[];
  /** Scorecard: per characteristic, in order, the value read (short) and the points it scored. */
  points?: { value: string; points: string }[];
  /** Decision: the outcome row taken, 0-based (`else` is the last row). */
  outcome?: number | 'else';
  /** Branch: the arm taken, 0-based, or `else`. */
  arm?: number | 'else';
}

export interface GraphOverlay {
  kind: 'trace' | 'heat';
  nodes: Record<string, NodeOverlay>;
  /** A decision's path: node ids in the order visited, `start` first. */
  path?: readonly string[];
}

const SKIPPED: NodeOverlay = Object.freeze({ visit: 'skipped' }) as NodeOverlay;

/** The overlay of one node: on a path overlay a node off the path is skipped. */
export function overlayOf(overlay: GraphOverlay | undefined, node: string): NodeOverlay | undefined {
  if (!overlay) return undefined;
  return Object.hasOwn(overlay.nodes, node) ? overlay.nodes[node] : overlay.kind === 'trace' ? SKIPPED : undefined;
}

// ---------------------------------------------------------------------------------------------
// One decision

/** A value as a rule read it, short: text and numbers as they are, missing as `missing`. */
export function showValue(v: JsonValue, max = 40): string {
  let s: string;
  if (v === null) s = 'missing';
  else if (typeof v === 'boolean') s = String(v);
  // An exact quotient can run to 30 decimals: 8 say enough on screen (the … says there is more).
  else if (typeof v === 'string') s = /^-?\d+\.\d{9,}$/.test(v) ? `${v.slice(0, v.indexOf('.') + 9)}…` : v;
  else if (Array.isArray(v)) s = `[${v.length} item${v.length === 1 ? '' : 's'}]`;
  else s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export const showReads = (reads: Reads): string =>
  Object.entries(reads)
    .map(([k, v]) => `${k} = ${showValue(v)}`)
    .join(' · ');

/**
 * Reads in a rule's row, where a few words fit: the record's values (params are the policy's
 * thresholds, the same for every record: they stay in the tooltip), each field by its last name
 * (`carrier_profile.tenure_months` → `tenure_months`). A rule that read only params shows them.
 */
export function shortReads(reads: Reads, params?: ReadonlySet<string>): string {
  const all = Object.entries(reads);
  const own = params ? all.filter(([k]) => !params.has(k)) : all;
  return (own.length ? own : all).map(([k, v]) => `${k.slice(k.lastIndexOf('.') + 1)}=${showValue(v, 14)}`).join(' · ');
}

/** The path of a decision over the graph; undefined when the result has no trace. `params`: the
 * policy's param names, left out of the short form of what each rule read. */
export function traceOverlay(result: DecisionResult, params?: ReadonlySet<string>): GraphOverlay | undefined {
  const trace = result.trace;
  if (!trace) return undefined;
  const nodes: Record<string, NodeOverlay> = {};
  const steps = new Map(trace.path.map((id, i) => [id, i + 1]));
  // The decisive reject: the first in-force reject hit (the evaluator stops there).
  const decisive = result.decision === 'reject' ? result.hits.find((h) => h.outcome === 'reject' && !h.shadow) : undefined;
  for (const n of trace.nodes) {
    const o: NodeOverlay = { visit: 'visited', step: steps.get(n.id) };
    switch (n.kind) {
      case 'ruleset': {
        o.rules = {};
        let hits = 0;
        for (const r of n.rules) {
          const ro: RuleOverlay = { state: r.state };
          if (Object.keys(r.reads).length) {
            ro.values = showReads(r.reads);
            ro.short = shortReads(r.reads, params);
          }
          if (r.error) ro.values = ro.short = `error: ${r.error}`;
          if (decisive && decisive.node === n.id && decisive.rule === r.rule && r.state === 'hit') ro.decisive = true;
          if (r.state === 'hit' || r.state === 'shadow_hit') hits++;
          o.rules[r.rule] = ro;
        }
        o.note = hits ? `${hits} hit${hits === 1 ? '' : 's'}` : 'no hit';
        break;
      }
      case 'scorecard':
        o.note = `score ${n.score}`;
        o.characteristics = n.characteristics.map((c) => `${showValue(c.value, 16)} → ${c.bin}: ${c.points}`);
        o.points = n.characteristics.map((c) => ({ value: showValue(c.value, 12), points: c.points }));
        break;
      case 'branch':
        o.note = `${n.arm === 'else' ? 'else' : `condition ${n.arm + 1}`} → ${n.target}`;
        o.arm = n.arm;
        break;
      case 'decision':
        o.note = `${n.outcome}${n.reason ? ` “${n.reason}”` : ''}`;
        o.outcome = n.clause;
        break;
      case 'start':
        break;
    }
    nodes[n.id] = o;
  }
  // Nodes on the path without a node trace (none today) still count as visited.
  for (const id of trace.path) nodes[id] ??= { visit: 'visited', step: steps.get(id) };
  return { kind: 'trace', nodes, path: trace.path };
}

/**
 * Where an edge of the graph stands on a decision's path: `taken` when the decision went from
 * its source straight to its target (through this arm, for a branch's edge), else `off`.
 * Undefined when no path is drawn (no overlay, or a backtest's heat). The edges themselves stay
 * the graph's: this reads one edge against the overlay, it keeps no list of its own.
 */
export function edgeOnPath(overlay: GraphOverlay | undefined, edge: { from: string; to: string; kind: 'flow' | 'branch'; index?: number }): 'taken' | 'off' | undefined {
  const path = overlay?.kind === 'trace' ? overlay.path : undefined;
  if (!path) return undefined;
  let stepped = false;
  for (let i = 0; i + 1 < path.length && !stepped; i++) stepped = path[i] === edge.from && path[i + 1] === edge.to;
  if (!stepped) return 'off';
  if (edge.kind !== 'branch') return 'taken';
  // Two arms of one branch can lead to the same node: only the arm taken lights up.
  const arm = overlay!.nodes[edge.from]?.arm;
  const index = edge.index === undefined || edge.index === -1 ? 'else' : edge.index;
  return arm === undefined || arm === index ? 'taken' : 'off';
}

// ---------------------------------------------------------------------------------------------
// A backtest

const num = (r: Rate | undefined): number | null => (r === null || r === undefined ? null : Number(r));

/**
 * Which way a delta in percentage points goes, as it is shown (`fmtPp`): a delta that rounds to
 * `0.0 pp` is flat. For a rule's trigger rate, up is drawn red and down green, on the graph and in
 * the report's chart alike.
 */
export function ppTrend(delta: Rate | undefined): Heat['trend'] {
  const shown = fmtPp(delta);
  return shown === '—' || shown === '0.0 pp' ? 'flat' : shown.startsWith('−') ? 'down' : 'up';
}

function heatOf(rate: Rate, delta: Rate | undefined, max: number, title: string): Heat {
  const v = num(rate) ?? 0;
  return {
    level: max > 0 ? Math.min(1, v / max) : 0,
    text: fmtPct(rate),
    delta: delta === undefined || delta === null ? undefined : fmtPp(delta),
    trend: ppTrend(delta),
    title,
  };
}

/** One version's figures of a rule, for a hover: `base: 3.8% (82 of 2,186 reached) · on`. */
export const statsLine = (name: string, s: RuleStats | null) =>
  s ? `${name}: ${fmtPct(s.triggerRate)} (${fmtCount(s.hits)} of ${fmtCount(s.reached)} reached) · ${s.switch}` : `${name}: not in this version`;

/**
 * Trigger rates of the candidate (the base's for a rule only the base has) on every rule, the
 * share of records reaching each rule set, and the approval rate on the decision node; deltas are
 * candidate − base. Levels are relative to the hottest rule, and to the widest reach for nodes.
 */
export function heatOverlay(report: BacktestReport): GraphOverlay {
  const nodes: Record<string, NodeOverlay> = {};
  const rateOf = (r: BacktestReport['rules'][number]) => (r.candidate ?? r.base)?.triggerRate ?? null;
  const maxRule = Math.max(0, ...report.rules.map((r) => num(rateOf(r)) ?? 0));
  for (const r of report.rules) {
    const node = (nodes[r.node] ??= { rules: {} });
    const title = [`${r.id}: trigger rate (hits / records reaching the rule)`, statsLine('base', r.base), statsLine('candidate', r.candidate), `delta ${fmtPp(r.delta.triggerRate)}`].join('\n');
    node.rules![r.id] = { heat: heatOf(rateOf(r), r.base && r.candidate ? r.delta.triggerRate : undefined, maxRule, title) };
  }
  const records = report.totals.records;
  const share = (n: number) => new Dec(n).div(records).toDecimalPlaces(6).toString();
  const reach = (n: number | undefined) => (n === undefined || records === 0 ? null : share(n));
  for (const set of report.ruleSets) {
    const node = (nodes[set.id] ??= { rules: {} });
    const cand = reach(set.candidate?.reached ?? set.base?.reached);
    const base = reach(set.base?.reached);
    const delta = set.base && set.candidate && records > 0 ? share(set.candidate.reached - set.base.reached) : undefined;
    node.heat = heatOf(cand, delta, 1, `${set.id}: ${fmtCount(set.candidate?.reached ?? set.base?.reached ?? 0)} of ${fmtCount(records)} records reach it (base ${fmtPct(base)})`);
    node.note = `reached ${node.heat.text}${node.heat.delta && node.heat.trend !== 'flat' ? ` (${node.heat.delta})` : ''}`;
  }
  return { kind: 'heat', nodes };
}

/** Adds the approval rate to the decision node (its id comes from the graph, not the report). */
export function withDecisionHeat(overlay: GraphOverlay, report: BacktestReport, decisionNode: string | undefined): GraphOverlay {
  if (!decisionNode) return overlay;
  const { base, candidate } = report.decisions;
  const delta = base.approvalRate === null || candidate.approvalRate === null ? undefined : new Dec(candidate.approvalRate).minus(base.approvalRate).toString();
  const heat = heatOf(candidate.approvalRate, delta, 1, `approval rate: base ${fmtPct(base.approvalRate)}, candidate ${fmtPct(candidate.approvalRate)}`);
  return { ...overlay, nodes: { ...overlay.nodes, [decisionNode]: { heat, note: `approve ${heat.text}${heat.delta && heat.trend !== 'flat' ? ` (${heat.delta})` : ''}` } } };
}

// ---------------------------------------------------------------------------------------------
// For the editor and the visual editor

export interface RuleRates {
  node: string;
  base: RuleStats | null;
  candidate: RuleStats | null;
  delta: Rate;
}

export const ruleRates = (report: BacktestReport): Record<string, RuleRates> =>
  Object.fromEntries(report.rules.map((r) => [r.id, { node: r.node, base: r.base, candidate: r.candidate, delta: r.delta.triggerRate }]));

/** Markdown lines for a rule's hover: its last trigger rates. */
export function rateHover(id: string, r: RuleRates, label?: string): string[] {
  return [
    `**Last backtest**${label ? ` (${label})` : ''} · \`${id}\``,
    `${statsLine('base', r.base)}  \n${statsLine('candidate', r.candidate)}  \ndelta ${fmtPp(r.delta)}`,
  ];
}

/** The suggested order of each rule set, from the candidate (the base where the candidate lacks the set). */
export function suggestedOrders(report: BacktestReport): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const set of report.ruleSets) {
    const v = set.candidate ?? set.base;
    if (v) out[set.id] = [...v.order.suggested];
  }
  return out;
}
