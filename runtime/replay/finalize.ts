// From the merged partial aggregate to the report (report.ts): rates and money as exact decimal
// strings from integer counts, rule and rule-set statistics, suggested orders, vendor comparisons.
// Pure: the same partial always gives the same report.

import { VerdictError } from '../errors.js';
import { Dec } from '../values.js';
import { mergeExamples, type Example, type Partial, type VersionAgg } from './aggregate.js';
import { suggestOrder, type OrderModel, type Signature } from './order.js';
import type { VersionPlan } from './plan.js';
import {
  BACKTEST_SCHEMA,
  OUTCOMES,
  VERSIONS,
  type BacktestReport,
  type BadRateStats,
  type CauseCount,
  type CostReport,
  type DecisionStats,
  type Money,
  type Rate,
  type RecordRef,
  type ReportInputs,
  type RuleReport,
  type RuleSetReport,
  type RuleSetVersion,
  type RuleStats,
  type SweepReport,
  type SwapCell,
  type VendorComparison,
  type VersionKey,
} from './report.js';

export interface FinalizeMeta {
  inputs: ReportInputs;
  plans: [VersionPlan, VersionPlan];
  sweep?: { param: string; from: string; to: string; step: string; values: string[]; current?: string };
}

const PLACES = 6;

export function rate(num: number, den: number): Rate {
  if (den === 0) return null;
  return new Dec(num).div(den).toDecimalPlaces(PLACES, Dec.ROUND_HALF_EVEN).toFixed(PLACES);
}

const rateDelta = (a: [number, number], b: [number, number]): Rate =>
  a[1] === 0 || b[1] === 0 ? null : new Dec(b[0]).div(b[1]).minus(new Dec(a[0]).div(a[1])).toDecimalPlaces(PLACES, Dec.ROUND_HALF_EVEN).toFixed(PLACES);

const money = (d: InstanceType<typeof Dec>): Money => d.toFixed();
const moneyPer = (total: InstanceType<typeof Dec>, den: number): Money => (den === 0 ? '0' : total.div(den).toDecimalPlaces(PLACES, Dec.ROUND_HALF_EVEN).toFixed());

export function finalizeReport(p: Partial, meta: FinalizeMeta): BacktestReport {
  const [pb, pc] = meta.plans;
  const records = p.records;
  VERSIONS.forEach((key, v) => {
    const d = p.versions[v].decisions;
    if (d[0] + d[1] + d[2] + d[3] !== records) throw new VerdictError('replay-reconcile', `${key}: ${d.join(' + ')} decisions for ${records} records`);
  });
  if (p.cells.reduce((a, b) => a + b, 0) !== records) throw new VerdictError('replay-reconcile', `swap matrix holds ${p.cells.reduce((a, b) => a + b, 0)} records of ${records}`);

  const versionTotals = (v: number) => {
    const d = p.versions[v].decisions;
    return { decided: d[0] + d[1] + d[2], errors: d[3] };
  };
  return {
    schema: BACKTEST_SCHEMA,
    inputs: meta.inputs,
    totals: { records, unreadable: p.unreadable, bad: p.badCount, labelled: p.labelled, notLabels: { count: p.notLabels, examples: refs(p.notLabelExamples) }, versions: { base: versionTotals(0), candidate: versionTotals(1) } },
    decisions: { base: decisionStats(p.versions[0].decisions, records), candidate: decisionStats(p.versions[1].decisions, records) },
    swaps: swapReport(p),
    rules: ruleReports(p, pb, pc),
    ruleSets: ruleSetReports(p, pb, pc),
    vendors: vendorComparisons(p, meta.plans),
    cost: { base: costReport(p.versions[0], pb, records), candidate: costReport(p.versions[1], pc, records) },
    outcomes:
      p.labelled === 0
        ? null
        : {
            label: meta.inputs.outcomeLabel,
            approved: { base: badRate(p.approved[0]), candidate: badRate(p.approved[1]) },
            swappedIn: badRate(p.swappedIn),
            swappedOut: badRate(p.swappedOut),
            warning:
              'Outcomes are known only for applicants who were approved when the data was collected: the bad rate of applicants a version rejects, or of swapped-in applicants the past policy rejected, cannot be measured from this data.',
          },
    sweep: meta.sweep ? sweepReport(p, meta.sweep, pc, records) : null,
    badRecords: {
      count: p.badCount,
      listed: [...p.bad].sort((a, b) => a.index - b.index),
      truncated: p.badCount > p.bad.length,
    },
  };
}

/** Examples as the report names them. */
const refs = (ex: Example[]): RecordRef[] => ex.map((e) => e[1]);

function decisionStats(d: number[], records: number): DecisionStats {
  const counts = { approve: d[0], review: d[1], reject: d[2], error: d[3] };
  return {
    counts,
    rates: { approve: rate(d[0], records), review: rate(d[1], records), reject: rate(d[2], records), error: rate(d[3], records) },
    approvalRate: rate(d[0], records),
  };
}

const badRate = (c: { count: number; labelled: number; bad: number }): BadRateStats => ({ ...c, badRate: rate(c.bad, c.labelled) });

const byCount = (a: CauseCount, b: CauseCount) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function swapReport(p: Partial): SwapReport {
  const perCell = new Map<number, CauseCount[]>();
  const overall = new Map<string, CauseCount & { ex: [number, string | number][] }>();
  for (const c of p.causes.values()) {
    const list = perCell.get(c.cell) ?? [];
    list.push({ key: c.key, cause: c.cause, count: c.count, examples: refs(c.examples) });
    perCell.set(c.cell, list);
    const o = overall.get(c.key);
    if (!o) overall.set(c.key, { key: c.key, cause: c.cause, count: c.count, examples: [], ex: c.examples.slice() });
    else {
      o.count += c.count;
      o.ex = mergeExamples(o.ex, c.examples);
    }
  }
  const cells: SwapCell[] = [];
  let flipped = 0;
  for (let b = 0; b < 4; b++)
    for (let c = 0; c < 4; c++) {
      const i = b * 4 + c;
      const cell: SwapCell = { base: OUTCOMES[b], candidate: OUTCOMES[c], count: p.cells[i], examples: refs(p.cellExamples[i]) };
      if (b !== c) {
        flipped += p.cells[i];
        cell.causes = (perCell.get(i) ?? []).sort(byCount);
      }
      cells.push(cell);
    }
  const causes = [...overall.values()].map(({ ex, ...c }) => ({ ...c, examples: refs(ex) })).sort(byCount);
  return { cells, flipped, flippedRate: rate(flipped, p.records), causes };
}

type SwapReport = BacktestReport['swaps'];

// ---------------------------------------------------------------------------------------------
// Rules

function ruleStats(a: VersionAgg, plan: VersionPlan, g: number, records: number): RuleStats {
  const r = plan.rules[g];
  return {
    switch: r.mode,
    required: r.required,
    outcome: r.outcome,
    reached: a.ruleReached[g],
    hits: a.ruleHits[g],
    triggerRate: rate(a.ruleHits[g], a.ruleReached[g]),
    share: rate(a.ruleHits[g], records),
    standaloneHits: a.standaloneHits[g],
    standaloneRate: rate(a.standaloneHits[g], records),
    standaloneMissing: a.standaloneMissing[g],
    standaloneErrors: a.standaloneErrors[g],
    uniqueRejects: r.outcome === 'reject' ? a.uniqueRejects[g] : null,
    approvedCaught: approvedCaught(a, g),
  };
}

/** The approved records rule `g` catches alone, and their bad rate (aggregate.ts: `approvedCaught`). */
const approvedCaught = (a: VersionAgg, g: number): BadRateStats => badRate({ count: a.approvedCaught[g], labelled: a.approvedCaughtLabelled[g], bad: a.approvedCaughtBad[g] });

function ruleReports(p: Partial, pb: VersionPlan, pc: VersionPlan): RuleReport[] {
  const ids = [...pb.rules.map((r) => r.id), ...pc.rules.map((r) => r.id).filter((id) => !pb.ruleIndex.has(id))];
  const records = p.records;
  return ids.map((id) => {
    const gb = pb.ruleIndex.get(id);
    const gc = pc.ruleIndex.get(id);
    const base = gb === undefined ? null : ruleStats(p.versions[0], pb, gb, records);
    const candidate = gc === undefined ? null : ruleStats(p.versions[1], pc, gc, records);
    const spec = gb !== undefined ? pb.rules[gb] : pc.rules[gc!];
    const plan = gb !== undefined ? pb : pc;
    const both = base && candidate;
    return {
      id,
      node: plan.sets[spec.set].id,
      ...(spec.title !== undefined ? { title: spec.title } : {}),
      base,
      candidate,
      delta: {
        triggerRate: both ? rateDelta([base.hits, base.reached], [candidate.hits, candidate.reached]) : null,
        share: both ? rateDelta([base.hits, records], [candidate.hits, records]) : null,
        standaloneRate: both ? rateDelta([base.standaloneHits, records], [candidate.standaloneHits, records]) : null,
        hits: both ? candidate.hits - base.hits : null,
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Rule sets

/** Prices of a plan scaled to integers: 10^(most decimal places of any price). */
function priceScale(plan: VersionPlan): { scale: number; prices: number[] } {
  const places = Math.max(0, ...plan.sources.map((s) => new Dec(s.amount).decimalPlaces()));
  const scale = 10 ** places;
  return { scale, prices: plan.sources.map((s) => new Dec(s.amount).times(scale).toNumber()) };
}

function parseBits(part: string, n: number): boolean[] {
  if (n <= 30) {
    const b = Number(part);
    return Array.from({ length: n }, (_, i) => (b & (1 << i)) !== 0);
  }
  return Array.from({ length: n }, (_, i) => part[i] === '1');
}

/** The order model of one rule set of one version, from the signatures counted by the workers. */
export function setModel(plan: VersionPlan, s: number, signatures: Map<string, number>): OrderModel {
  const set = plan.sets[s];
  const { prices } = priceScale(plan);
  const srcPos = new Map(set.sources.map((src, j) => [src, j]));
  const keys = [...signatures.keys()].sort();
  const sigs: Signature[] = keys.map((key) => {
    const [h, pr, ch] = key.split(':');
    return { hits: parseBits(h, set.rules.length), prior: parseBits(pr, set.sources.length), charged: parseBits(ch, set.sources.length), count: signatures.get(key)! };
  });
  return {
    rules: set.rules.map((g) => {
      const r = plan.rules[g];
      return { id: r.id, running: r.mode !== 'off', stops: r.mode === 'on' && r.outcome === 'reject', shadow: r.mode === 'shadow', sources: r.sources.map((src) => srcPos.get(src)!) };
    }),
    sources: set.sources.map((src) => ({ kind: plan.sources[src].kind, price: prices[src] })),
    signatures: sigs,
  };
}

/** Scaled cost of rule r's sources over the model's records, sources read before the set excluded. */
function standaloneCost(model: OrderModel, r: number): number {
  let total = 0;
  for (const sig of model.signatures)
    for (const j of model.rules[r].sources) {
      if (sig.prior[j]) continue;
      const s = model.sources[j];
      if (s.kind === 'per_query' || (s.kind === 'per_hit' && sig.charged[j])) total += s.price * sig.count;
    }
  return total;
}

function ruleSetVersion(p: Partial, v: number, plan: VersionPlan, s: number): RuleSetVersion {
  const model = setModel(plan, s, p.versions[v].setSignatures[s]);
  const { scale } = priceScale(plan);
  const reached = p.versions[v].setReached[s];
  const n = model.rules.length;
  const overlap = [];
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const both = model.signatures.reduce((t, sig) => t + (sig.hits[a] && sig.hits[b] ? sig.count : 0), 0);
      if (both > 0) overlap.push({ a: model.rules[a].id, b: model.rules[b].id, both });
    }
  const catches = model.rules.map((rule, r) => {
    let c = 0;
    let unique = 0;
    for (const sig of model.signatures) {
      if (!sig.hits[r]) continue;
      c += sig.count;
      if (sig.hits.every((h, k) => k === r || !h)) unique += sig.count;
    }
    const cost = new Dec(standaloneCost(model, r)).div(scale);
    return { rule: rule.id, catches: c, unique, standaloneCost: money(cost), costPerUniqueCatch: unique === 0 ? null : moneyPer(cost, unique) };
  });
  const o = suggestOrder(model);
  const cur = new Dec(o.currentCost).div(scale);
  const sug = new Dec(o.suggestedCost).div(scale);
  return {
    reached,
    rules: model.rules.map((r) => r.id),
    overlap,
    catches,
    order: {
      method: o.method,
      ...(o.note ? { note: o.note } : {}),
      current: o.current.map((r) => model.rules[r].id),
      suggested: o.suggested.map((r) => model.rules[r].id),
      currentCostPerApplicant: moneyPer(cur, reached),
      suggestedCostPerApplicant: moneyPer(sug, reached),
      savingPerApplicant: moneyPer(cur.minus(sug), reached),
      savingTotal: money(cur.minus(sug)),
    },
  };
}

function ruleSetReports(p: Partial, pb: VersionPlan, pc: VersionPlan): RuleSetReport[] {
  const ids = [...pb.sets.map((s) => s.id), ...pc.sets.map((s) => s.id).filter((id) => !pb.sets.some((s) => s.id === id))];
  return ids.map((id) => {
    const sb = pb.sets.findIndex((s) => s.id === id);
    const sc = pc.sets.findIndex((s) => s.id === id);
    const title = (sb >= 0 ? pb.sets[sb] : pc.sets[sc]).title;
    return {
      id,
      ...(title !== undefined ? { title } : {}),
      base: sb < 0 ? null : ruleSetVersion(p, 0, pb, sb),
      candidate: sc < 0 ? null : ruleSetVersion(p, 1, pc, sc),
    };
  });
}

/**
 * Two vendors doing the same job: rules of one set, same outcome, each reading exactly one source,
 * both sources external and billed per hit on a field of the same name (`hit`).
 */
function vendorComparisons(p: Partial, plans: [VersionPlan, VersionPlan]): VendorComparison[] {
  const out: VendorComparison[] = [];
  plans.forEach((plan, v) => {
    const version: VersionKey = VERSIONS[v];
    const { scale } = priceScale(plan);
    plan.sets.forEach((set, s) => {
      const candidates = set.rules
        .map((g, pos) => ({ g, pos, rule: plan.rules[g] }))
        .filter(({ rule }) => rule.sources.length === 1 && plan.sources[rule.sources[0]].origin === 'external' && plan.sources[rule.sources[0]].kind === 'per_hit');
      let model: OrderModel | undefined;
      for (let i = 0; i < candidates.length; i++)
        for (let k = i + 1; k < candidates.length; k++) {
          const x = candidates[i];
          const y = candidates[k];
          const sx = plan.sources[x.rule.sources[0]];
          const sy = plan.sources[y.rule.sources[0]];
          if (sx.id === sy.id || sx.hitField !== sy.hitField || x.rule.outcome !== y.rule.outcome) continue;
          model ??= setModel(plan, s, p.versions[v].setSignatures[s]);
          let cx = 0;
          let cy = 0;
          let both = 0;
          for (const sig of model.signatures) {
            const hx = sig.hits[x.pos];
            const hy = sig.hits[y.pos];
            if (hx) cx += sig.count;
            if (hy) cy += sig.count;
            if (hx && hy) both += sig.count;
          }
          const side = (rule: string, source: string, catches: number, pos: number, g: number) => {
            const unique = catches - both;
            const cost = new Dec(standaloneCost(model!, pos)).div(scale);
            return { rule, source, catches, unique, standaloneCost: money(cost), costPerUniqueCatch: unique === 0 ? null : moneyPer(cost, unique), approvedCaught: approvedCaught(p.versions[v], g) };
          };
          out.push({
            ruleSet: set.id,
            version,
            reached: p.versions[v].setReached[s],
            a: side(x.rule.id, sx.id, cx, x.pos, x.g),
            b: side(y.rule.id, sy.id, cy, y.pos, y.g),
            both,
            either: cx + cy - both,
          });
        }
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cost and sweep

function billedCost(plan: VersionPlan, billed: number[]): { total: InstanceType<typeof Dec>; per: InstanceType<typeof Dec>[] } {
  const per = plan.sources.map((s, i) => new Dec(s.amount).times(billed[i]));
  return { total: per.reduce((a, b) => a.plus(b), new Dec(0)), per };
}

function costReport(a: VersionAgg, plan: VersionPlan, records: number): CostReport {
  const { total, per } = billedCost(plan, a.sourceBilled);
  return {
    sources: plan.sources.map((s, i) => ({ source: s.id, calls: a.sourceCalls[i], billed: a.sourceBilled[i], cost: money(per[i]) })),
    total: money(total),
    perApplicant: moneyPer(total, records),
  };
}

function sweepReport(p: Partial, sweep: NonNullable<FinalizeMeta['sweep']>, plan: VersionPlan, records: number): SweepReport {
  return {
    param: sweep.param,
    from: sweep.from,
    to: sweep.to,
    step: sweep.step,
    ...(sweep.current !== undefined ? { current: sweep.current } : {}),
    points: sweep.values.map((value, i) => {
      const s = p.sweep[i];
      return {
        value,
        approved: s.decisions[0],
        approvalRate: rate(s.decisions[0], records),
        reviewed: s.decisions[1],
        reviewRate: rate(s.decisions[1], records),
        rejected: s.decisions[2],
        rejectRate: rate(s.decisions[2], records),
        labelled: s.approvedLabelled,
        bad: s.approvedBad,
        badRateApproved: rate(s.approvedBad, s.approvedLabelled),
        costPerApplicant: moneyPer(billedCost(plan, s.sourceBilled).total, records),
      };
    }),
  };
}
