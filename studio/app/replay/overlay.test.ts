import { describe, expect, it } from 'vitest';
import { decideCase, phoneTenureReport } from '../testing/replay-fixture.js';
import { edgeOnPath, heatOverlay, overlayOf, rateHover, ruleRates, showValue, suggestedOrders, traceOverlay, withDecisionHeat } from './overlay.js';

describe('the path of one decision on the graph', () => {
  it('lights the nodes visited, marks the rule that rejected with what it read, greys the rules not run and the nodes not reached', () => {
    const result = decideCase('phone in use 4 months');
    expect(result.decision).toBe('reject');
    const o = traceOverlay(result)!;
    expect(o.kind).toBe('trace');
    expect(result.trace!.path).toEqual(['start', 'prescreen', 'verification', 'route', 'carrier_checks']);
    expect(overlayOf(o, 'prescreen')).toMatchObject({ visit: 'visited', step: 2 });
    expect(overlayOf(o, 'route')).toMatchObject({ visit: 'visited', note: 'else → carrier_checks' });

    const carrier = overlayOf(o, 'carrier_checks')!;
    expect(carrier.rules!.phone_tenure_short).toEqual({
      state: 'hit',
      decisive: true,
      values: 'carrier_profile.tenure_months = 4 · min_phone_tenure = 6',
      short: 'tenure_months=4 · min_phone_tenure=6',
    });
    // Given the policy's params, the short form keeps the record's values only.
    const lean = traceOverlay(decideCase('phone in use 4 months'), new Set(['min_phone_tenure', 'min_age']))!;
    expect(overlayOf(lean, 'carrier_checks')!.rules!.phone_tenure_short.short).toBe('tenure_months=4');
    expect(overlayOf(lean, 'carrier_checks')!.rules!.phone_tenure_short.values).toBe('carrier_profile.tenure_months = 4 · min_phone_tenure = 6');
    expect(overlayOf(lean, 'prescreen')!.rules!.underage.short).toBe('age=32');
    expect(carrier.rules!.low_call_activity).toEqual({ state: 'not_run' });
    // Rules that passed carry their values and no mark of decision.
    expect(overlayOf(o, 'prescreen')!.rules!.underage).toEqual({ state: 'pass', values: 'applicant.age = 32 · min_age = 18', short: 'age=32 · min_age=18' });
    expect(overlayOf(o, 'prescreen')!.rules!.zhima_low.state).toBe('off');

    for (const id of ['partner_checks', 'credit', 'app_score', 'offer']) expect(overlayOf(o, id)).toEqual({ visit: 'skipped' });
    // Only one rule is decisive.
    const decisive = Object.values(o.nodes).flatMap((n) => Object.values(n.rules ?? {})).filter((r) => r.decisive);
    expect(decisive).toHaveLength(1);
  });

  it('shows the score, the bins and the outcome row taken on an approve; a review marks no rule decisive', () => {
    const approve = traceOverlay(decideCase('prime applicant'))!;
    expect(overlayOf(approve, 'offer')).toMatchObject({ visit: 'visited', outcome: 0, note: 'approve' });
    expect(overlayOf(approve, 'app_score')!.note).toMatch(/^score \d+/);
    expect(overlayOf(approve, 'app_score')!.characteristics![0]).toMatch(/^32 → \[25, 40\): 30$/);
    expect(overlayOf(approve, 'partner_checks')!.visit).toBe('skipped');

    const review = traceOverlay(decideCase('grey-zone score'))!;
    expect(overlayOf(review, 'offer')!.outcome).toBe(2);
    expect(Object.values(review.nodes).some((n) => Object.values(n.rules ?? {}).some((r) => r.decisive))).toBe(false);
  });

  it('lights the edges the decision took, arm included, and marks every other edge off the path', async () => {
    const o = traceOverlay(decideCase('phone in use 4 months'))!;
    const flow = (from: string, to: string) => ({ from, to, kind: 'flow' as const });
    const arm = (from: string, to: string, index: number) => ({ from, to, kind: 'branch' as const, index });
    expect(edgeOnPath(o, flow('start', 'prescreen'))).toBe('taken');
    expect(edgeOnPath(o, flow('prescreen', 'verification'))).toBe('taken');
    // route took its else (index -1) to carrier_checks, not its first arm to partner_checks.
    expect(edgeOnPath(o, arm('route', 'carrier_checks', -1))).toBe('taken');
    expect(edgeOnPath(o, arm('route', 'partner_checks', 0))).toBe('off');
    // An arm to the same target that was not the one taken stays off.
    expect(edgeOnPath(o, arm('route', 'carrier_checks', 0))).toBe('off');
    // The decision stopped at carrier_checks: the edges after it, and edges that skip a step, are off.
    expect(edgeOnPath(o, flow('carrier_checks', 'credit'))).toBe('off');
    expect(edgeOnPath(o, flow('start', 'verification'))).toBe('off');
    // No path drawn: no edge is marked either way.
    expect(edgeOnPath(undefined, flow('start', 'prescreen'))).toBeUndefined();
    expect(edgeOnPath(heatOverlay(await phoneTenureReport()), flow('start', 'prescreen'))).toBeUndefined();
  });

  it('reads a scorecard on the path as value and points per characteristic', () => {
    const o = traceOverlay(decideCase('prime applicant'))!;
    expect(overlayOf(o, 'app_score')!.points![0]).toEqual({ value: '32', points: '30' });
  });

  it('draws nothing for a result without a trace, and no overlay at all means no node is marked', () => {
    const { trace: _t, ...bare } = decideCase('prime applicant');
    expect(traceOverlay(bare)).toBeUndefined();
    expect(overlayOf(undefined, 'offer')).toBeUndefined();
  });

  it('writes values short: missing, lists by size, long text cut', () => {
    expect(showValue(null)).toBe('missing');
    expect(showValue([{ a: '1' }, { a: '2' }])).toBe('[2 items]');
    expect(showValue(true)).toBe('true');
    expect(showValue('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(showValue('0.2025008859413759935199716498759682')).toBe('0.20250088…');
    expect(showValue('-12.123456789')).toBe('-12.12345678…');
    expect(showValue('0.12345678')).toBe('0.12345678');
    expect(showValue('A0.123456789x')).toBe('A0.123456789x');
  });
});

describe('the heat of a backtest on the graph', () => {
  it('puts the candidate trigger rate and its delta on every rule, the reach on every rule set, the approval on the decision', async () => {
    const report = await phoneTenureReport();
    const o = withDecisionHeat(heatOverlay(report), report, 'offer');
    expect(o.kind).toBe('heat');
    const tenure = report.rules.find((r) => r.id === 'phone_tenure_short')!;
    expect(Number(tenure.delta.triggerRate)).toBeLessThan(0);
    const heat = overlayOf(o, 'carrier_checks')!.rules!.phone_tenure_short.heat!;
    expect(heat.trend).toBe('down');
    expect(heat.delta).toMatch(/^−\d+\.\d pp$/);
    expect(heat.text).toBe(`${(Number(tenure.candidate!.triggerRate) * 100).toFixed(1)}%`);
    // Levels are relative to the hottest rule.
    const levels = Object.values(o.nodes).flatMap((n) => Object.values(n.rules ?? {}).map((r) => r.heat!.level));
    expect(Math.max(...levels)).toBe(1);
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(0);
    // An unchanged rule has no trend.
    expect(overlayOf(o, 'prescreen')!.rules!.underage.heat!.trend).toBe('flat');
    const prescreen = report.ruleSets.find((r) => r.id === 'prescreen')!.candidate!.reached;
    expect(overlayOf(o, 'prescreen')!.note).toBe(`reached ${((prescreen / report.totals.records) * 100).toFixed(1)}%`);
    expect(overlayOf(o, 'carrier_checks')!.note).toMatch(/^reached \d+\.\d%$/);
    expect(overlayOf(o, 'offer')!.note).toMatch(/^approve \d+\.\d% \(\+\d+\.\d pp\)$/);
    // A heat overlay does not grey the nodes it has nothing on.
    expect(overlayOf(o, 'route')).toBeUndefined();
  });

  it('gives the suggested order of each rule set and the rates of a rule for the hover', async () => {
    const report = await phoneTenureReport();
    const orders = suggestedOrders(report);
    expect(Object.keys(orders).sort()).toEqual(['carrier_checks', 'credit', 'partner_checks', 'prescreen', 'verification']);
    expect(orders.verification).toEqual(report.ruleSets.find((s) => s.id === 'verification')!.candidate!.order.suggested);
    const lines = rateHover('phone_tenure_short', ruleRates(report).phone_tenure_short, 'v1 → draft');
    expect(lines[0]).toContain('v1 → draft');
    expect(lines[1]).toMatch(/base: \d+\.\d% \(\d+ of \d+ reached\) · on/);
    expect(lines[1]).toMatch(/delta −\d+\.\d pp/);
  });
});
