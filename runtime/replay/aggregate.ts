// Partial aggregates: what a worker accumulates over the records it decided, and how two partials
// merge. Everything is an integer count, a bounded list of the smallest record positions, or a map
// of counts, so that merging is exact and order-free: any split of the records over any number of
// workers merges to the same totals. Plain data (arrays and Maps) so that it crosses postMessage.

import type { Outcome, SwapCause, VersionKey } from './report.js';
import { BAD_RECORD_LIMIT, EXAMPLE_LIMIT } from './report.js';

/** An example: the record's input position (for ordering) and how the report names it. */
export type Example = [index: number, ref: string | number];

export interface VersionAgg {
  /** approve, review, reject, error (OUTCOME_INDEX order). */
  decisions: number[];
  ruleReached: number[];
  ruleHits: number[];
  standaloneHits: number[];
  standaloneMissing: number[];
  standaloneErrors: number[];
  uniqueRejects: number[];
  /**
   * Per rule, among the records this version approved: those on whose path the rule alone hits (a
   * shadow, off or flag rule, which did not stop them), how many of those carry the outcome label,
   * and how many are bad.
   */
  approvedCaught: number[];
  approvedCaughtLabelled: number[];
  approvedCaughtBad: number[];
  setReached: number[];
  /** Per rule set: signature (standalone hits | sources read before the set | per-hit sources hit) → records. */
  setSignatures: Map<string, number>[];
  sourceCalls: number[];
  sourceBilled: number[];
}

export interface BadCounts {
  count: number;
  labelled: number;
  bad: number;
}

export interface CauseAgg {
  /** The swap cell (base-major index) and the cause's text key; the map key is `cell|key`. */
  cell: number;
  key: string;
  cause: SwapCause;
  count: number;
  examples: Example[];
}

export interface SweepAgg {
  decisions: number[];
  approvedLabelled: number;
  approvedBad: number;
  sourceBilled: number[];
}

export interface BadAgg {
  index: number;
  id?: string;
  line?: number;
  reason: string;
  versions: VersionKey[];
}

export interface Partial {
  records: number;
  unreadable: number;
  /** Records carrying the outcome label (true or false). */
  labelled: number;
  /** Records whose outcome label holds a value that is not a label ("Y", 2), and the first of them. */
  notLabels: number;
  notLabelExamples: Example[];
  /** Records whose flow walk disagreed with the decision and was redone from a trace (expected 0). */
  retraced: number;
  /** Records whose candidate decision was the base's (twin versions, twin.ts: a speed figure, not a statistic). */
  twinned: number;
  versions: [VersionAgg, VersionAgg];
  /** 16 cells, base-major. */
  cells: number[];
  cellExamples: Example[][];
  causes: Map<string, CauseAgg>;
  approved: [BadCounts, BadCounts];
  swappedIn: BadCounts;
  swappedOut: BadCounts;
  sweep: SweepAgg[];
  badCount: number;
  bad: BadAgg[];
}

export const OUTCOME_INDEX: Record<Outcome, number> = { approve: 0, review: 1, reject: 2, error: 3 };

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const badCounts = (): BadCounts => ({ count: 0, labelled: 0, bad: 0 });

export interface Shape {
  rules: [number, number];
  sets: [number, number];
  sources: [number, number];
  sweepValues: number;
}

export function emptyVersion(rules: number, sets: number, sources: number): VersionAgg {
  return {
    decisions: zeros(4),
    ruleReached: zeros(rules),
    ruleHits: zeros(rules),
    standaloneHits: zeros(rules),
    standaloneMissing: zeros(rules),
    standaloneErrors: zeros(rules),
    uniqueRejects: zeros(rules),
    approvedCaught: zeros(rules),
    approvedCaughtLabelled: zeros(rules),
    approvedCaughtBad: zeros(rules),
    setReached: zeros(sets),
    setSignatures: Array.from({ length: sets }, () => new Map<string, number>()),
    sourceCalls: zeros(sources),
    sourceBilled: zeros(sources),
  };
}

export function emptyPartial(shape: Shape): Partial {
  return {
    records: 0,
    unreadable: 0,
    labelled: 0,
    notLabels: 0,
    notLabelExamples: [],
    retraced: 0,
    twinned: 0,
    versions: [0, 1].map((v) => emptyVersion(shape.rules[v], shape.sets[v], shape.sources[v])) as [VersionAgg, VersionAgg],
    cells: zeros(16),
    cellExamples: Array.from({ length: 16 }, () => []),
    causes: new Map(),
    approved: [badCounts(), badCounts()],
    swappedIn: badCounts(),
    swappedOut: badCounts(),
    sweep: Array.from({ length: shape.sweepValues }, () => ({ decisions: zeros(4), approvedLabelled: 0, approvedBad: 0, sourceBilled: zeros(shape.sources[1]) })),
    badCount: 0,
    bad: [],
  };
}

/** Keeps an example when fewer than the limit are held (records arrive in increasing position). */
export function pushExample(list: Example[], index: number, ref: string | number): void {
  if (list.length < EXAMPLE_LIMIT) list.push([index, ref]);
}

const addInto = (a: number[], b: number[]): void => {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
};

const addCounts = (a: BadCounts, b: BadCounts): void => {
  a.count += b.count;
  a.labelled += b.labelled;
  a.bad += b.bad;
};

/** The smallest `limit` examples of two lists, in position order. */
export function mergeExamples(a: Example[], b: Example[], limit = EXAMPLE_LIMIT): Example[] {
  return [...a, ...b].sort((x, y) => x[0] - y[0]).slice(0, limit);
}

function mergeSignatures(a: Map<string, number>, b: Map<string, number>): void {
  for (const [k, n] of b) a.set(k, (a.get(k) ?? 0) + n);
}

/** Adds the counts of `y` into `x` (one version's, same shape). */
export function mergeVersion(x: VersionAgg, y: VersionAgg): void {
  addInto(x.decisions, y.decisions);
  addInto(x.ruleReached, y.ruleReached);
  addInto(x.ruleHits, y.ruleHits);
  addInto(x.standaloneHits, y.standaloneHits);
  addInto(x.standaloneMissing, y.standaloneMissing);
  addInto(x.standaloneErrors, y.standaloneErrors);
  addInto(x.uniqueRejects, y.uniqueRejects);
  addInto(x.approvedCaught, y.approvedCaught);
  addInto(x.approvedCaughtLabelled, y.approvedCaughtLabelled);
  addInto(x.approvedCaughtBad, y.approvedCaughtBad);
  addInto(x.setReached, y.setReached);
  x.setSignatures.forEach((m, i) => mergeSignatures(m, y.setSignatures[i]));
  addInto(x.sourceCalls, y.sourceCalls);
  addInto(x.sourceBilled, y.sourceBilled);
}

/** Zeroes every count of `x` in place. */
export function clearVersion(x: VersionAgg): void {
  for (const a of [x.decisions, x.ruleReached, x.ruleHits, x.standaloneHits, x.standaloneMissing, x.standaloneErrors, x.uniqueRejects, x.approvedCaught, x.approvedCaughtLabelled, x.approvedCaughtBad, x.setReached, x.sourceCalls, x.sourceBilled]) a.fill(0);
  for (const m of x.setSignatures) m.clear();
}

/** Adds `b` into `a`. */
export function mergePartial(a: Partial, b: Partial): Partial {
  a.records += b.records;
  a.unreadable += b.unreadable;
  a.labelled += b.labelled;
  a.notLabels += b.notLabels;
  a.notLabelExamples = mergeExamples(a.notLabelExamples, b.notLabelExamples);
  a.retraced += b.retraced;
  a.twinned += b.twinned;
  for (let v = 0; v < 2; v++) {
    mergeVersion(a.versions[v], b.versions[v]);
    addCounts(a.approved[v], b.approved[v]);
  }
  addInto(a.cells, b.cells);
  a.cellExamples = a.cellExamples.map((ex, i) => mergeExamples(ex, b.cellExamples[i]));
  for (const [key, c] of b.causes) {
    const have = a.causes.get(key);
    if (!have) a.causes.set(key, { ...c, examples: c.examples.slice() });
    else {
      have.count += c.count;
      have.examples = mergeExamples(have.examples, c.examples);
    }
  }
  addCounts(a.swappedIn, b.swappedIn);
  addCounts(a.swappedOut, b.swappedOut);
  a.sweep.forEach((s, i) => {
    const t = b.sweep[i];
    addInto(s.decisions, t.decisions);
    s.approvedLabelled += t.approvedLabelled;
    s.approvedBad += t.approvedBad;
    addInto(s.sourceBilled, t.sourceBilled);
  });
  a.badCount += b.badCount;
  a.bad = [...a.bad, ...b.bad].sort((x, y) => x.index - y.index).slice(0, BAD_RECORD_LIMIT);
  return a;
}
