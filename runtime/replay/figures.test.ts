// The figures as people read them, and the note under a sweep whose values approve applicants the
// data has no outcome for.

import { describe, expect, it } from 'vitest';
import { fmtMoney, sweepUnlabelledNote } from './figures.js';
import { formatSummary } from './summary.js';
import { renderHtml } from './html.js';
import { fileSource, runBacktest } from './engine.js';
import { parseSweep } from './sweep.js';
import { tempFile, tinyGraph, tinyJsonl, version } from './test-fixture.js';

describe('figures', () => {
  it('rounds money for reading', () => {
    expect(fmtMoney('43856')).toBe('43,856.00');
    expect(fmtMoney('2.25076', 4)).toBe('2.2508');
  });

  it('says nothing under a sweep whose approved applicants all carry an outcome, and how many do not otherwise', () => {
    expect(sweepUnlabelledNote([{ approved: 3, labelled: 3 }])).toBeUndefined();
    expect(sweepUnlabelledNote([{ approved: 3, labelled: 3 }, { approved: 1040, labelled: 40 }])).toMatch(/up to 1,000 approved at a value have no outcome/);
  });

  it('puts bad/labelled beside each sweep value, and the note when some approved have no outcome, in the summary and the HTML', async () => {
    const graph = tinyGraph();
    const sweep = parseSweep('min_age=18..21:1', graph);
    if ('error' in sweep) throw new Error(sweep.error);
    const report = await runBacktest({ base: version(graph), candidate: version(graph, ['min_age=21'], ['vendor_b=on']), data: fileSource(tempFile('tiny.jsonl', tinyJsonl()), 'jsonl'), workers: 0, sweep });
    const text = formatSummary(report);
    expect(text).toMatch(/^\s+18\s+3\s+21\.43%\s+14\.29%\s+50\.00%\s+33\.33% \(1\/3\)/m);
    expect(text).not.toContain('no outcome in the data');
    // The same points with outcomes missing for some approved applicants.
    const missing = { ...report, sweep: { ...report.sweep!, points: report.sweep!.points.map((p) => ({ ...p, labelled: p.labelled - 1, bad: 0 })) } };
    expect(formatSummary(missing)).toContain('up to 1 approved at a value have no outcome in the data');
    expect(renderHtml(missing)).toContain('up to 1 approved at a value have no outcome in the data');
  });
});
