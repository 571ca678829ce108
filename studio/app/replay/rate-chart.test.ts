import { describe, expect, it } from 'vitest';
import type { RuleReport } from '../../../runtime/replay/report.js';
import { rateRows } from './RateChart.js';
import { ppTrend } from './overlay.js';

const rule = (id: string, base: string, candidate: string, delta: string) =>
  ({ id, node: 'n', base: { triggerRate: base }, candidate: { triggerRate: candidate }, delta: { triggerRate: delta } }) as unknown as RuleReport;

describe('the trigger-rate chart', () => {
  it('calls a rule changed only when its shown delta is not 0.0 pp, coloured as on the graph', () => {
    const rows = rateRows([rule('tiny', '0.1', '0.1004', '0.0004'), rule('down', '0.5', '0.468', '-0.032'), rule('up', '0.1', '0.12', '0.02'), rule('same', '0.2', '0.2', '0')]);
    expect(rows.map((r) => [r.id, r.delta, r.changed, r.trend])).toEqual([
      ['tiny', '0.0 pp', false, 'flat'],
      ['down', '−3.2 pp', true, 'down'],
      ['up', '+2.0 pp', true, 'up'],
      ['same', '0.0 pp', false, 'flat'],
    ]);
    // The graph's overlay reads the same deltas the same way.
    expect(['0.0004', '-0.032', '0.02', '0'].map(ppTrend)).toEqual(['flat', 'down', 'up', 'flat']);
  });
});
