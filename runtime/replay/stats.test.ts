// Backtest statistics on the tiny policy (test-fixture.ts), against answers worked out by hand.
//
// Base: the policy as written (min_age 18, vendor_b in shadow). Candidate: min_age 21 and vendor_b
// switched on. 14 input lines: 12 records decode, line 11 is not JSON, A11's age is "old".
//
// By hand, base:      A0 A1 A5 A12 approve; A7 A8 A13 review; A2 (underage) A3 (listed) A4 A6
//                     (vendor_a) A9 (low income) reject; line 11 and A11 error.
// By hand, candidate: A0 approve; A7 A8 review; A1 A2 A12 (underage) A3 A4 A6 A5 A13 (vendor_b)
//                     A9 reject; two errors.

import { beforeAll, describe, expect, it } from 'vitest';
import { ReplayCore } from './core.js';
import { fileSource, runBacktest } from './engine.js';
import { finalizeReport } from './finalize.js';
import { buildPlan, type VersionPlan } from './plan.js';
import type { BacktestReport, RuleReport } from './report.js';
import { parseSweep } from './sweep.js';
import { TINY_ROWS, tempFile, tinyGraph, tinyJsonl, tinyRecord, version } from './test-fixture.js';
import { notLabelsNote, sweepMark } from './figures.js';
import { formatSummary } from './summary.js';
import { renderHtml } from './html.js';

let report: BacktestReport;
const swapLines: string[] = [];

beforeAll(async () => {
  const graph = tinyGraph();
  const sweep = parseSweep('min_age=18..21:1', graph);
  if ('error' in sweep) throw new Error(sweep.error);
  report = await runBacktest({
    base: version(graph),
    candidate: version(graph, ['min_age=21'], ['vendor_b=on']),
    data: fileSource(tempFile('tiny.jsonl', tinyJsonl()), 'jsonl'),
    workers: 0,
    sweep,
    swaps: (text) => void swapLines.push(...text.trimEnd().split('\n')),
  });
});

const rule = (id: string): RuleReport => report.rules.find((r) => r.id === id)!;

describe('decisions and totals', () => {
  it('refuses to report totals that do not reconcile', () => {
    const graph = tinyGraph();
    const core = new ReplayCore({ versions: [version(graph), version(graph)], outcomeLabel: 'bad_30dpd', swaps: false });
    core.jsonl(tinyJsonl(), 0, 1);
    const plans = [buildPlan(graph), buildPlan(graph)] as [VersionPlan, VersionPlan];
    const meta = { inputs: report.inputs, plans };
    expect(() => finalizeReport(core.partial, meta)).not.toThrow();
    core.partial.versions[1].decisions[0]++;
    expect(() => finalizeReport(core.partial, meta)).toThrow(/candidate: .* decisions for 14 records/);
  });

  it('counts every record once per version, and the totals reconcile', () => {
    expect(report.totals).toEqual({ records: 14, unreadable: 1, bad: 2, labelled: 13, notLabels: { count: 0, examples: [] }, versions: { base: { decided: 12, errors: 2 }, candidate: { decided: 12, errors: 2 } } });
    expect(report.decisions.base.counts).toEqual({ approve: 4, review: 3, reject: 5, error: 2 });
    expect(report.decisions.candidate.counts).toEqual({ approve: 1, review: 2, reject: 9, error: 2 });
    expect(report.decisions.base.approvalRate).toBe('0.285714'); // 4/14
    expect(report.decisions.candidate.rates.reject).toBe('0.642857'); // 9/14
  });
});

describe('swaps', () => {
  it('fills the matrix with counts and example ids', () => {
    const cell = (b: string, c: string) => report.swaps.cells.find((x) => x.base === b && x.candidate === c)!;
    expect(cell('approve', 'approve')).toMatchObject({ count: 1, examples: ['A0'] });
    expect(cell('approve', 'reject')).toMatchObject({ count: 3, examples: ['A1', 'A5', 'A12'] });
    expect(cell('review', 'reject')).toMatchObject({ count: 1, examples: ['A13'] });
    expect(cell('review', 'review').count).toBe(2);
    expect(cell('reject', 'reject').count).toBe(5);
    // The unreadable line has no id: its position names it.
    expect(cell('error', 'error')).toMatchObject({ count: 2, examples: [10, 'A11'] });
    expect(report.swaps.flipped).toBe(4);
    expect(report.swaps.cells.reduce((t, c) => t + c.count, 0)).toBe(14);
  });

  it('names the rule that made each flip', () => {
    const cell = report.swaps.cells.find((x) => x.base === 'approve' && x.candidate === 'reject')!;
    expect(cell.causes!.map((c) => [c.key, c.count, c.examples])).toEqual([
      ['rule underage fired in candidate', 2, ['A1', 'A12']],
      ['rule vendor_b fired in candidate', 1, ['A5']],
    ]);
    expect(cell.causes![0].cause).toEqual({ kind: 'rule', rule: 'underage', node: 'checks', firedIn: 'candidate' });
    expect(report.swaps.causes.map((c) => [c.key, c.count])).toEqual([
      ['rule underage fired in candidate', 2],
      ['rule vendor_b fired in candidate', 2],
    ]);
  });

  it('writes each flipped record once, in input order, with both traces', () => {
    const lines = swapLines.map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['A1', 'A5', 'A12', 'A13']);
    expect(lines[0].base.decision).toBe('approve');
    expect(lines[0].candidate.decision).toBe('reject');
    expect(lines[0].base.trace.path).toEqual(['start', 'checks', 'credit', 'offer']);
    expect(lines[0].candidate.trace.path).toEqual(['start', 'checks']);
    expect(lines[3].cause).toBe('rule vendor_b fired in candidate');
  });
});

describe('rules', () => {
  it('underage: reached, hits, trigger rate, share, standalone, unique rejects, delta', () => {
    const r = rule('underage');
    expect(r.base).toMatchObject({ reached: 12, hits: 1, triggerRate: '0.083333', share: '0.071429', standaloneHits: 1, standaloneRate: '0.071429', standaloneErrors: 2, uniqueRejects: 1 });
    expect(r.candidate).toMatchObject({ reached: 12, hits: 3, triggerRate: '0.250000', share: '0.214286', standaloneHits: 3, uniqueRejects: 3 });
    // 3/12 − 1/12 = 1/6; 3/14 − 1/14 = 1/7
    expect(r.delta).toEqual({ triggerRate: '0.166667', share: '0.142857', standaloneRate: '0.142857', hits: 2 });
  });

  it('later rules are reached only by records no earlier reject stopped', () => {
    expect(rule('listed').base).toMatchObject({ reached: 11, hits: 1, triggerRate: '0.090909', uniqueRejects: 1 });
    expect(rule('listed').candidate).toMatchObject({ reached: 9, hits: 1, triggerRate: '0.111111' });
    expect(rule('vendor_a').base).toMatchObject({ reached: 10, hits: 2, triggerRate: '0.200000', standaloneHits: 2, uniqueRejects: 2 });
    // A6 is caught by vendor_b too once vendor_b is in force: no longer unique.
    expect(rule('vendor_a').candidate).toMatchObject({ reached: 8, hits: 2, triggerRate: '0.250000', uniqueRejects: 1 });
  });

  it('a shadow rule counts its shadow hits; switched on it stops records', () => {
    expect(rule('vendor_b').base).toMatchObject({ switch: 'shadow', reached: 8, hits: 2, triggerRate: '0.250000', standaloneHits: 3, uniqueRejects: 2 });
    expect(rule('vendor_b').candidate).toMatchObject({ switch: 'on', reached: 6, hits: 2, triggerRate: '0.333333', uniqueRejects: 2 });
    expect(rule('low_score').base).toMatchObject({ reached: 8, hits: 2, standaloneHits: 2, standaloneMissing: 1, uniqueRejects: null });
    // Of the base's approved A0 A1 A5 A12, only A5 is caught by a rule (vendor_b, in shadow); the
    // candidate, with vendor_b on, approves A0 alone, whom no rule catches.
    expect(rule('vendor_b').base!.approvedCaught).toEqual({ count: 1, labelled: 1, bad: 0, badRate: '0.000000' });
    expect(rule('vendor_b').candidate!.approvedCaught).toEqual({ count: 0, labelled: 0, bad: 0, badRate: null });
    expect(report.rules.filter((r) => r.id !== 'vendor_b').map((r) => r.base!.approvedCaught!.count)).toEqual([0, 0, 0, 0]);
    expect(rule('low_score').candidate).toMatchObject({ reached: 4, hits: 1, triggerRate: '0.250000' });
  });
});

describe('rule sets, vendors and suggested order', () => {
  it('overlap and unique catches among records reaching the set', () => {
    const checks = report.ruleSets.find((s) => s.id === 'checks')!;
    expect(checks.base!.reached).toBe(12);
    expect(checks.base!.overlap).toEqual([{ a: 'vendor_a', b: 'vendor_b', both: 1 }]);
    expect(checks.base!.catches.find((c) => c.rule === 'vendor_b')).toEqual({ rule: 'vendor_b', catches: 3, unique: 2, standaloneCost: '1.5', costPerUniqueCatch: '0.75' });
    expect(checks.candidate!.catches.find((c) => c.rule === 'underage')).toMatchObject({ catches: 3, unique: 3, standaloneCost: '0', costPerUniqueCatch: '0' });
  });

  it('compares the two fraud vendors', () => {
    const base = report.vendors.find((v) => v.version === 'base')!;
    expect(base).toEqual({
      ruleSet: 'checks',
      version: 'base',
      reached: 12,
      a: { rule: 'vendor_a', source: 'fraud_a', catches: 2, unique: 1, standaloneCost: '2', costPerUniqueCatch: '2', approvedCaught: { count: 0, labelled: 0, bad: 0, badRate: null } },
      // Vendor B in shadow flagged A5, whom the base approved and who turned out good.
      b: { rule: 'vendor_b', source: 'fraud_b', catches: 3, unique: 2, standaloneCost: '1.5', costPerUniqueCatch: '0.75', approvedCaught: { count: 1, labelled: 1, bad: 0, badRate: '0.000000' } },
      both: 1,
      either: 4,
    });
  });

  it('keeps an order that is already cheapest, and moves a cheaper stopper forward', () => {
    const checks = report.ruleSets.find((s) => s.id === 'checks')!;
    // Base: vendor_b is shadow, it stops nothing, so it belongs last: 3.00 over 12 records.
    expect(checks.base!.order).toMatchObject({
      method: 'exact',
      current: ['underage', 'listed', 'vendor_a', 'vendor_b'],
      suggested: ['underage', 'listed', 'vendor_a', 'vendor_b'],
      currentCostPerApplicant: '0.25',
      savingTotal: '0',
    });
    // Candidate: vendor_b (0.50 per hit) first stops A6 before vendor_a bills it 1.00: 2.50.
    expect(checks.candidate!.order).toEqual({
      method: 'exact',
      current: ['underage', 'listed', 'vendor_a', 'vendor_b'],
      suggested: ['underage', 'listed', 'vendor_b', 'vendor_a'],
      currentCostPerApplicant: '0.25',
      suggestedCostPerApplicant: '0.208333',
      savingPerApplicant: '0.041667',
      savingTotal: '0.5',
    });
    const credit = report.ruleSets.find((s) => s.id === 'credit')!;
    expect(credit.base!.order.currentCostPerApplicant).toBe('2');
  });
});

describe('cost, outcomes, sweep, bad records', () => {
  it('calls and cost per source and per applicant', () => {
    const base = report.cost.base;
    expect(base.sources).toEqual([
      { source: 'blacklist', calls: 11, billed: 0, cost: '0' },
      { source: 'fraud_a', calls: 10, billed: 2, cost: '2' },
      { source: 'fraud_b', calls: 8, billed: 2, cost: '1' },
      { source: 'bureau', calls: 8, billed: 8, cost: '16' },
    ]);
    expect(base.total).toBe('19');
    expect(base.perApplicant).toBe('1.357143'); // 19/14
    expect(report.cost.candidate.total).toBe('11');
    expect(report.cost.candidate.perApplicant).toBe('0.785714');
  });

  it('bad rates among approved, swapped in and swapped out, with the warning', () => {
    const o = report.outcomes!;
    expect(o.approved.base).toEqual({ count: 4, labelled: 4, bad: 1, badRate: '0.250000' });
    expect(o.approved.candidate).toEqual({ count: 1, labelled: 1, bad: 0, badRate: '0.000000' });
    expect(o.swappedIn).toEqual({ count: 0, labelled: 0, bad: 0, badRate: null });
    expect(o.swappedOut).toEqual({ count: 3, labelled: 3, bad: 1, badRate: '0.333333' });
    expect(o.warning).toMatch(/rejects?.*cannot be measured/);
  });

  it('marks where the candidate stands among the swept values: its override, else the policy\'s default', async () => {
    expect(report.sweep!.current).toBe('21'); // --candidate-set min_age=21
    expect(sweepMark(report)).toBe(3);
    expect(formatSummary(report)).toContain("  * the candidate's own value of min_age");
    expect(formatSummary(report)).toMatch(/\n\s+21\* /);
    const graph = tinyGraph();
    const sweep = parseSweep('min_age=16..20:2', graph);
    if ('error' in sweep) throw new Error(sweep.error);
    const plain = await runBacktest({ base: version(graph), candidate: version(graph), data: fileSource(tempFile('tiny.jsonl', tinyJsonl()), 'jsonl'), workers: 0, sweep });
    expect(plain.sweep!.current).toBe('18'); // the policy's default
    expect(sweepMark(plain)).toBe(1);
    expect(renderHtml(plain)).toContain('the dashed line marks its own value, 18');
    // A value the sweep does not reach marks nothing.
    expect(sweepMark({ ...plain, sweep: { ...plain.sweep!, current: '19' } })).toBe(-1);
  });

  it('sweeps the candidate over min_age in the same pass', () => {
    expect(report.sweep!.points).toEqual([
      // Approved with vendor_b on: A0, A1 (bad), A12 at 18 and 19; A0, A12 at 20; A0 at 21. Every record is labelled.
      // Reviewed at every value: A7 and A8 (25); rejected: the rest of the 12 records that decode.
      { value: '18', approved: 3, approvalRate: '0.214286', reviewed: 2, reviewRate: '0.142857', rejected: 7, rejectRate: '0.500000', labelled: 3, bad: 1, badRateApproved: '0.333333', costPerApplicant: '1.071429' },
      { value: '19', approved: 3, approvalRate: '0.214286', reviewed: 2, reviewRate: '0.142857', rejected: 7, rejectRate: '0.500000', labelled: 3, bad: 1, badRateApproved: '0.333333', costPerApplicant: '1.071429' },
      { value: '20', approved: 2, approvalRate: '0.142857', reviewed: 2, reviewRate: '0.142857', rejected: 8, rejectRate: '0.571429', labelled: 2, bad: 0, badRateApproved: '0.000000', costPerApplicant: '0.928571' },
      { value: '21', approved: 1, approvalRate: '0.071429', reviewed: 2, reviewRate: '0.142857', rejected: 9, rejectRate: '0.642857', labelled: 1, bad: 0, badRateApproved: '0.000000', costPerApplicant: '0.785714' },
    ]);
  });

  it('counts the records whose label holds another value, and names the first', async () => {
    // A0 "Y", A1 2 and A4 an object are not labels; A2 null and A3 (no outcome) carry none; A5 "1"
    // and A6 "false" are labels, as are the booleans of A7 to A13 (A11 does not decode: still one).
    const graph = tinyGraph();
    const odd: Record<string, unknown> = { A0: 'Y', A1: 2, A2: null, A4: { v: 1 }, A5: '1', A6: 'false' };
    const lines = TINY_ROWS.filter((r) => r !== 'unreadable').map((r) => {
      const rec = tinyRecord(r);
      if (r[0] === 'A3') delete rec.outcome;
      else if (Object.hasOwn(odd, r[0])) rec.outcome = { bad_30dpd: odd[r[0]] };
      return JSON.stringify(rec);
    });
    const r = await runBacktest({ base: version(graph), candidate: version(graph), data: fileSource(tempFile('labels.jsonl', `${lines.join('\n')}\n`), 'jsonl'), workers: 0 });
    expect(r.totals.labelled).toBe(8);
    expect(r.totals.notLabels).toEqual({ count: 3, examples: ['A0', 'A1', 'A4'] });
    // Approved (both versions alike): A0 A1 A5 A12; only A5 ("1", bad) and A12 (false) are labelled.
    expect(r.outcomes!.approved.base).toEqual({ count: 4, labelled: 2, bad: 1, badRate: '0.500000' });
    const note = '3 records hold a value in outcome.bad_30dpd that is not a label (true or false, "true" or "false" in any case, 1 or 0), counted as unlabelled: A0, A1, A4.';
    expect(notLabelsNote(r)).toBe(note);
    expect(formatSummary(r)).toContain(note);
    expect(renderHtml(r)).toContain(note.replaceAll('"', '&quot;'));
    expect(notLabelsNote(report)).toBeUndefined();
  });

  it('lists the unreadable line and the undecodable record once each, by position, id and reason', () => {
    expect(report.badRecords.count).toBe(2);
    expect(report.badRecords.truncated).toBe(false);
    expect(report.badRecords.listed[0]).toMatchObject({ index: 10, line: 11, versions: ['base', 'candidate'] });
    expect(report.badRecords.listed[0].reason).toMatch(/^line 11: invalid JSON/);
    expect(report.badRecords.listed[1]).toEqual({ index: 11, id: 'A11', line: 12, reason: 'applicant.age: not a number: "old"', versions: ['base', 'candidate'] });
  });
});
