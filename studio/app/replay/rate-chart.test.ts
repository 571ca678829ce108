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

  it('writes `off` for a rule switched off, with no bar, and the counts behind the rates on hover', () => {
    const stats = (sw: string, hits: number, reached: number, rate: string) => ({ switch: sw, hits, reached, triggerRate: rate });
    const rules = [
      { id: 'zhima_low', node: 'prescreen', base: stats('off', 0, 2844, '0.000000'), candidate: stats('on', 13, 2844, '0.004571'), delta: { triggerRate: '0.004571' } },
      { id: 'phone_tenure_short', node: 'carrier_checks', base: stats('on', 82, 2186, '0.037511'), candidate: stats('on', 11, 2186, '0.005032'), delta: { triggerRate: '-0.032479' } },
    ] as unknown as RuleReport[];
    const [off, on] = rateRows(rules);
    expect([off.base, off.baseText, off.candidate, off.candidateText]).toEqual([null, 'off', 0.004571, '0.5%']);
    expect([on.baseText, on.candidateText, on.delta]).toEqual(['3.8%', '0.5%', '−3.2 pp']);
    expect(on.title.split('\n')).toEqual([
      'phone_tenure_short (carrier_checks): trigger rate = hits / records reaching the rule',
      'base: 3.8% (82 of 2,186 reached) · on',
      'candidate: 0.5% (11 of 2,186 reached) · on',
      'delta −3.2 pp',
    ]);
  });
});
