// The backtest report, schema `verdict.backtest/1`: what `verdict backtest --json` writes, what the
// HTML report (html.ts) and the terminal summary render. Plain JSON, no functions: counts are
// integers, rates and money are decimal strings computed from exact counts (never float sums), so
// that the same inputs give byte-identical reports whatever the number of workers.
//
// Conventions used throughout:
// - A `Rate` is a decimal string rounded half-even to 6 places (`"0.123457"`), or `null` when its
//   denominator is 0. Rates over "records" divide by `totals.records` (every input record).
// - `Money` is an exact decimal string (`"1.35"`); a per-applicant money figure is rounded
//   half-even to 6 places.
// - A record's `RecordRef` is its id (the first input's id field) when it has one, else its 0-based
//   position in the input. Example lists hold at most `EXAMPLE_LIMIT` refs: those of the smallest
//   input positions, in input order.
// - `base` and `candidate` are the two versions compared. A rule that exists in only one of them
//   has `null` stats for the other.
//
// Fields of `BacktestReport`:
// - `schema`: always `verdict.backtest/1`.
// - `inputs`: what was compared, to reproduce the run: each version's policy (file, id, title,
//   version, sha256 of the policy text, the overrides as typed and as applied), the data file (path,
//   format, byte size, sha256), the worker count, the outcome label used.
// - `totals`: records read (every input item, good or bad), items that could not be read at all,
//   bad records (unreadable, or undecodable by either version), and per version the decided
//   (approve + review + reject) and error counts; `decided + errors == records` holds for each
//   version and the swap matrix sums to `records` (the engine asserts both).
// - `decisions`: per version, counts and rates of approve / review / reject / error, and the
//   approval rate (approve / records).
// - `swaps`: the base × candidate outcome matrix (counts, example refs per cell), the number of
//   flipped records, and per flip direction the causes: the rule whose firing differs first in
//   evaluation order, or the branch arm or decision clause taken when no rule differs before it,
//   or an error; counted by cause with examples.
// - `rules`: per rule (in the base's evaluation order, then candidate-only rules) and per version:
//   switch, outcome, records that reached it in the flow, in-flow hits, trigger rate (hits /
//   reached), share (hits / records), standalone hits / rate (the rule alone on every record),
//   standalone missing and errors, unique rejects (records the rule alone would reject that no
//   other reject rule in force on the record's path would reject: the path each branch takes on
//   the record as if no rule had stopped it); `delta` = candidate − base for each rate.
// - `ruleSets`: per rule set and version: records reaching the set, pairwise overlap of the
//   rules' standalone hits among those records, each rule's unique catches (hits no other rule of
//   the set catches) and standalone cost per unique catch, and the suggested order: the order that
//   minimises expected source cost per applicant reaching the set under short-circuit (first
//   reject stops), exact by dynamic programming over subsets up to `EXACT_ORDER_LIMIT` rules,
//   greedy above (then `method: 'greedy'` and a note say so), with the saving it would bring.
// - `vendors`: pairs of rules of one rule set that each read one external per-hit source billed
//   on a field of the same name (two anti-fraud vendors): overlap, unique catches and cost per
//   unique catch of each, per version.
// - `cost`: per version, calls and charges per source, total cost and cost per applicant.
// - `outcomes`: with outcome labels (`outcome.<label>` true = bad): bad rate among approved per
//   version, of the swapped-in set (approved by the candidate, not by the base) and the swapped-
//   out set (approved by the base, not by the candidate), and the warning that rejected
//   applicants' outcomes are unknown (a label on a rejected applicant comes from history, not
//   from this policy). `null` when no record carries the label. `totals.labelled` counts the
//   records that carry one, `totals.notLabels` those whose label field holds another value.
// - `sweep`: for `--sweep PARAM=FROM..TO:STEP`, per value the candidate with that param value:
//   approval, review and reject rates, bad rate among approved (with its counts), cost per
//   applicant (same pass). `null` without sweep.
// - `badRecords`: records that could not be read or decoded (by either version), counted once
//   each, listed by position, id when known, line, reason and the versions that failed them;
//   `listed` holds at most `BAD_RECORD_LIMIT` (the smallest positions), `count` all of them.

import type { ParamValue } from '../graph.js';

export const BACKTEST_SCHEMA = 'verdict.backtest/1' as const;

/** Example refs kept per swap cell and per cause. */
export const EXAMPLE_LIMIT = 10;
/** Bad records listed in full; `badRecords.count` counts them all. */
export const BAD_RECORD_LIMIT = 1000;
/** Rule sets up to this many running rules get the exact suggested order; larger ones a greedy one. */
export const EXACT_ORDER_LIMIT = 16;

export type Outcome = 'approve' | 'review' | 'reject' | 'error';
export const OUTCOMES: readonly Outcome[] = ['approve', 'review', 'reject', 'error'];

export type VersionKey = 'base' | 'candidate';
export const VERSIONS: readonly VersionKey[] = ['base', 'candidate'];

/** Decimal string rounded to 6 places, null when the denominator is 0. */
export type Rate = string | null;
/** Exact decimal string. */
export type Money = string;
/** A record's id, or its 0-based position when it has none. */
export type RecordRef = string | number;

export type PerVersion<T> = Record<VersionKey, T>;

// ---------------------------------------------------------------------------------------------

export interface BacktestReport {
  schema: typeof BACKTEST_SCHEMA;
  inputs: ReportInputs;
  totals: Totals;
  decisions: PerVersion<DecisionStats>;
  swaps: SwapReport;
  rules: RuleReport[];
  ruleSets: RuleSetReport[];
  vendors: VendorComparison[];
  cost: PerVersion<CostReport>;
  outcomes: OutcomeReport | null;
  sweep: SweepReport | null;
  badRecords: BadRecordsReport;
}

// ---------------------------------------------------------------------------------------------
// Inputs and totals

export interface PolicyInput {
  /** The policy file as given on the command line (or a label when compared in memory). */
  file: string;
  policyId: string;
  title?: string;
  version?: string;
  /** sha256 (hex) of the policy text. */
  sha256: string;
  /** `--base-set` / `--candidate-set` and switch strings, as typed. */
  set: string[];
  switch: string[];
  /** The overrides as applied (params in graph form, switches by rule id). */
  overrides: { params: Record<string, ParamValue>; switches: Record<string, string> };
}

export interface ReportInputs {
  base: PolicyInput;
  candidate: PolicyInput;
  data: { path: string; format: string; bytes: number; sha256: string };
  workers: number;
  /** The outcome label read from `outcome.<label>` (bad when true). */
  outcomeLabel: string;
}

export interface VersionTotals {
  /** approve + review + reject */
  decided: number;
  errors: number;
}

export interface Totals {
  /** Every input item, readable or not. */
  records: number;
  /** Items that could not be read at all (invalid JSON line, broken CSV row). */
  unreadable: number;
  /** Distinct records listed in `badRecords` (unreadable, or an error from decoding in either version). */
  bad: number;
  /** Records whose `outcome.<label>` is a label (true or false, "true" or "false" in any case, 1 or 0). */
  labelled: number;
  /**
   * Records whose `outcome.<label>` holds a value that is not a label ("Y", 2, an object): counted
   * as unlabelled, and named here (the first `EXAMPLE_LIMIT` by position), since a bad rate
   * measured without them may not be the one the analyst expects.
   */
  notLabels: { count: number; examples: RecordRef[] };
  versions: PerVersion<VersionTotals>;
}

// ---------------------------------------------------------------------------------------------
// Decisions and swaps

export interface DecisionStats {
  counts: Record<Outcome, number>;
  rates: Record<Outcome, Rate>;
  /** approve / records */
  approvalRate: Rate;
}

export type SwapCause =
  /** The first rule in evaluation order whose effective firing (reject or review, not shadow) differs. */
  | { kind: 'rule'; rule: string; node: string; firedIn: VersionKey }
  /** Same rule effects up to a branch that routes the record differently. */
  | { kind: 'branch'; node: string; base: number | 'else'; candidate: number | 'else' }
  /** Same rule effects, a different clause of the decision node. */
  | { kind: 'clause'; node: string; base: number | 'else'; candidate: number | 'else' }
  /** One version failed the record. */
  | { kind: 'error'; version: VersionKey | 'both'; reason: string }
  /** A computed APR above the cap turned an approve into review in one version. */
  | { kind: 'apr_cap'; version: VersionKey }
  /** An offer term no approve is issued with (`invalid_limit`, `invalid_term`, …) turned an approve into review in one version. */
  | { kind: 'terms'; reason: string; version: VersionKey }
  /** Nothing above explains it (e.g. the same clause with different terms): should not occur. */
  | { kind: 'other'; detail: string };

export interface CauseCount {
  /** A stable text key of the cause (`rule phone_tenure_short fired in base`), for display and sorting. */
  key: string;
  cause: SwapCause;
  count: number;
  examples: RecordRef[];
}

export interface SwapCell {
  base: Outcome;
  candidate: Outcome;
  count: number;
  examples: RecordRef[];
  /** Only for flipped cells (base ≠ candidate): causes by count, descending, then key. */
  causes?: CauseCount[];
}

export interface SwapReport {
  /** All 16 cells, base-major in `OUTCOMES` order. */
  cells: SwapCell[];
  flipped: number;
  flippedRate: Rate;
  /** Causes over all flips, by count descending then key. */
  causes: CauseCount[];
}

// ---------------------------------------------------------------------------------------------
// Rules

export interface RuleStats {
  switch: 'on' | 'off' | 'shadow';
  required: boolean;
  outcome: 'reject' | 'review' | 'flag';
  /** Records whose decision evaluated the rule's rule set up to this rule (an off rule still counts as reached). */
  reached: number;
  /** In-flow hits (a shadow rule's shadow hits included); 0 for an off rule. */
  hits: number;
  /** hits / reached */
  triggerRate: Rate;
  /** hits / records */
  share: Rate;
  standaloneHits: number;
  /** standaloneHits / records (the rule alone on every record, whatever its switch). */
  standaloneRate: Rate;
  /** Records where the rule alone met a missing value and did not fire. */
  standaloneMissing: number;
  /** Records where the rule alone faulted or the record could not be decoded. */
  standaloneErrors: number;
  /**
   * For a reject rule: records it alone would reject that no other reject rule in force would,
   * among the rules on the record's path (each branch taking the arm it takes on the record, as if
   * no rule had stopped it; walk.ts: `pathRules`). A rule behind an arm the record does not take
   * counts neither way for it. Null for other rules.
   */
  uniqueRejects: number | null;
  /**
   * Among the records this version approved, those on whose path the rule alone hits (it did not
   * stop them: a shadow, off or flag rule), with their bad rate. Set beside the bad rate of all
   * approved records (`outcomes.approved`), it says whether the rule picks out worse applicants:
   * what a vendor on trial in shadow would have caught, and what switching a rule on would cost.
   * Absent from reports written before it was counted (runs stored by the studio then).
   */
  approvedCaught?: BadRateStats;
}

export interface RuleReport {
  id: string;
  /** The rule set it belongs to (the base's, else the candidate's). */
  node: string;
  title?: string;
  base: RuleStats | null;
  candidate: RuleStats | null;
  /** candidate − base, 6 places; null when the rule is missing from a version or a rate is null. */
  delta: { triggerRate: Rate; share: Rate; standaloneRate: Rate; hits: number | null };
}

// ---------------------------------------------------------------------------------------------
// Rule sets: overlap and suggested order

export interface PairOverlap {
  a: string;
  b: string;
  /** Records reaching the set that both rules catch (standalone). */
  both: number;
}

export interface RuleCatch {
  rule: string;
  /** Standalone hits among records reaching the set. */
  catches: number;
  /** Of those, records no other rule of the set catches. */
  unique: number;
  /**
   * What the rule's sources would bill if the rule ran on every record reaching the set; a source
   * a record had read before the set (a partner rule set reading the carrier profile first) is
   * not billed again for it.
   */
  standaloneCost: Money;
  /** standaloneCost / unique (6 places), null when unique is 0. */
  costPerUniqueCatch: Money | null;
}

export interface SuggestedOrder {
  /** `exact`: optimal by dynamic programming over subsets; `greedy`: above EXACT_ORDER_LIMIT rules. */
  method: 'exact' | 'greedy';
  note?: string;
  /** Running rules (not off) in the current effective order. */
  current: string[];
  suggested: string[];
  /** Expected source cost per applicant reaching the set, counting each source the first time the set reads it. */
  currentCostPerApplicant: Money;
  suggestedCostPerApplicant: Money;
  /** Per applicant reaching the set, and in total over the replayed records. */
  savingPerApplicant: Money;
  savingTotal: Money;
}

export interface RuleSetVersion {
  /** Records whose decision entered the set. */
  reached: number;
  /** Every rule of the set (off and shadow included), effective order. */
  rules: string[];
  overlap: PairOverlap[];
  catches: RuleCatch[];
  order: SuggestedOrder;
}

export interface RuleSetReport {
  id: string;
  title?: string;
  base: RuleSetVersion | null;
  candidate: RuleSetVersion | null;
}

export interface VendorSide {
  rule: string;
  source: string;
  catches: number;
  unique: number;
  standaloneCost: Money;
  costPerUniqueCatch: Money | null;
  /** The rule's `approvedCaught` (RuleStats): approved records it alone catches, and their bad rate. Absent from older reports. */
  approvedCaught?: BadRateStats;
}

export interface VendorComparison {
  ruleSet: string;
  version: VersionKey;
  /** Records reaching the set. */
  reached: number;
  a: VendorSide;
  b: VendorSide;
  both: number;
  /** Caught by either. */
  either: number;
}

// ---------------------------------------------------------------------------------------------
// Cost, outcomes, sweep, bad records

export interface SourceCost {
  source: string;
  /** Decisions that read the source. */
  calls: number;
  /** Calls that were billed (every call for per-query, hits for per-hit, none for free). */
  billed: number;
  cost: Money;
}

export interface CostReport {
  sources: SourceCost[];
  total: Money;
  /** total / records, 6 places. */
  perApplicant: Money;
}

export interface BadRateStats {
  /** Records in the set. */
  count: number;
  /** Of those, carrying the label. */
  labelled: number;
  bad: number;
  /** bad / labelled */
  badRate: Rate;
}

export interface OutcomeReport {
  label: string;
  approved: PerVersion<BadRateStats>;
  /** Approved by the candidate and not by the base. */
  swappedIn: BadRateStats;
  /** Approved by the base and not by the candidate. */
  swappedOut: BadRateStats;
  warning: string;
}

export interface SweepPoint {
  /** The param value, exact decimal text. */
  value: string;
  approvalRate: Rate;
  approved: number;
  /** Sent to manual review and rejected, with their shares of all records: the review workload a cut-off makes. */
  reviewed: number;
  reviewRate: Rate;
  rejected: number;
  rejectRate: Rate;
  /** Of the approved, those whose outcome label is known, and the bad among them. */
  labelled: number;
  bad: number;
  /** bad / labelled: the approved whose outcome is unknown (rejected when the data was collected) are not in it. */
  badRateApproved: Rate;
  costPerApplicant: Money;
}

export interface SweepReport {
  param: string;
  from: string;
  to: string;
  step: string;
  /**
   * The candidate's own value of the param (its override, else the policy's default), exact
   * decimal text: where the policy stands today among the swept values. Absent in reports stored
   * by an earlier release.
   */
  current?: string;
  points: SweepPoint[];
}

export interface BadRecord {
  index: number;
  id?: string;
  /** 1-based line in the input, when known. */
  line?: number;
  reason: string;
  /** Who could not take the record: both versions for an unreadable line. */
  versions: VersionKey[];
}

export interface BadRecordsReport {
  count: number;
  listed: BadRecord[];
  truncated: boolean;
}
