// The engine end to end on the sample policy and its 3,000 stored applicants: the same report
// whatever the number of workers and chunks, JSONL and CSV alike; a bad line in the middle counted
// once; flows walked from the probe agree with the evaluator's own traces.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { prepare } from '../evaluate.js';
import type { DecisionGraph } from '../graph.js';
import { parseOverrides } from '../overrides.js';
import { jsonlChunks } from './chunks.js';
import { ReplayCore } from './core.js';
import { fileSource, runBacktest, type BacktestOptions, type BacktestVersion } from './engine.js';
import type { BacktestReport } from './report.js';
import { parseSweep } from './sweep.js';
import { tempFile } from './test-fixture.js';

const root = join(import.meta.dirname, '..', '..');
const policyText = readFileSync(join(root, 'samples/application.policy'), 'utf8');
const jsonlPath = join(root, 'samples/data/applicants.jsonl');
const csvPath = join(root, 'samples/data/applicants.csv');
let graph: DecisionGraph;

const version = (set: string[] = [], sw: string[] = []): BacktestVersion => {
  const { overrides, errors } = parseOverrides(graph, { set, switch: sw });
  if (errors.length) throw new Error(errors.join('; '));
  return { file: 'samples/application.policy', text: policyText, graph, overrides, set, switch: sw };
};

/** The report with what legitimately differs between runs of the same data blanked out. */
const comparable = (r: BacktestReport, keepData = true) =>
  JSON.stringify({ ...r, inputs: { ...r.inputs, workers: null, data: keepData ? r.inputs.data : null } });

async function backtest(extra: Partial<BacktestOptions>): Promise<{ report: BacktestReport; swaps: string }> {
  let swaps = '';
  const sweep = parseSweep('min_phone_tenure=3..6:1', graph);
  if ('error' in sweep) throw new Error(sweep.error);
  const report = await runBacktest({
    base: version(),
    candidate: version(['min_phone_tenure=3'], ['fraud_b_trial=on']),
    data: fileSource(jsonlPath, 'jsonl'),
    sweep,
    swaps: (t) => {
      swaps += t;
    },
    ...extra,
  });
  return { report, swaps };
}

beforeAll(() => {
  graph = compileText(policyText).graph!;
});

describe('one pass, any number of workers', () => {
  let single: { report: BacktestReport; swaps: string };

  beforeAll(async () => {
    single = await backtest({ workers: 0 });
  });

  it('reconciles: every record counted once per version', () => {
    const r = single.report;
    expect(r.totals.records).toBe(3000);
    for (const v of ['base', 'candidate'] as const) {
      expect(r.totals.versions[v].decided + r.totals.versions[v].errors).toBe(3000);
      expect(Object.values(r.decisions[v].counts).reduce((a, b) => a + b, 0)).toBe(3000);
    }
    expect(r.swaps.cells.reduce((t, c) => t + c.count, 0)).toBe(3000);
    expect(r.swaps.flipped).toBeGreaterThan(0);
  });

  it('gives the identical report and swap file with 1 and 2 worker threads and small chunks', async () => {
    const one = await backtest({ workers: 1, data: fileSource(jsonlPath, 'jsonl', undefined, 300_000) });
    const two = await backtest({ workers: 2, data: fileSource(jsonlPath, 'jsonl', undefined, 200_000) });
    expect(one.report.inputs.workers).toBe(1);
    expect(two.report.inputs.workers).toBe(2);
    expect(comparable(one.report)).toBe(comparable(single.report));
    expect(comparable(two.report)).toBe(comparable(single.report));
    expect(two.swaps).toBe(single.swaps);
    expect(single.swaps.trimEnd().split('\n')).toHaveLength(single.report.swaps.flipped);
  }, 120_000);

  it('stops when cancelled between chunks, with workers terminated and a stable code', async () => {
    const ctl = new AbortController();
    let chunks = 0;
    const run = backtest({
      workers: 1,
      data: fileSource(jsonlPath, 'jsonl', undefined, 100_000),
      signal: ctl.signal,
      onProgress: () => {
        if (++chunks === 2) ctl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'replay-cancelled' });
    expect(chunks).toBeLessThan(10);
  }, 60_000);

  it('fails with the sink\'s error when writing the swap file fails, whichever chunk it fails on, and the process lives on', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const failAt of [1, 3]) {
        let writes = 0;
        const run = backtest({
          workers: 2,
          data: fileSource(jsonlPath, 'jsonl', undefined, 100_000),
          swaps: async () => {
            await new Promise((r) => setTimeout(r, 5));
            if (++writes >= failAt) throw new Error('disk full');
          },
        });
        await expect(run).rejects.toThrow('disk full');
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 60_000);

  it('reads CSV to the same report as JSONL', async () => {
    const csv = await backtest({ workers: 0, data: fileSource(csvPath, 'csv', graph) });
    // Bad records keep their file line, which the CSV header shifts by one.
    const strip = (r: BacktestReport) => comparable({ ...r, badRecords: { ...r.badRecords, listed: r.badRecords.listed.map(({ line: _line, ...b }) => b) } }, false);
    expect(strip(csv.report)).toBe(strip(single.report));
    expect(csv.report.inputs.data.format).toBe('csv');
    // The reader's own digest of every byte it read, as sha256sum gives it.
    expect(csv.report.inputs.data.sha256).toBe(createHash('sha256').update(readFileSync(csvPath)).digest('hex'));
  });

  it('counts a line too long to read as that record\'s error, lets its bytes go, hashes them, and goes on', async () => {
    const lines = readFileSync(jsonlPath, 'utf8').trimEnd().split('\n');
    // A limit of 4,000 bytes stands for the longest text a line may make (512 MB): every sample line is shorter.
    lines.splice(1500, 0, `{"applicant": {"id": "HUGE", "name": "${'x'.repeat(9000)}"}}`);
    const path = tempFile('long-middle.jsonl', `${lines.join('\n')}\n`);
    for (const workers of [0, 2]) {
      const { report } = await backtest({ workers, data: { path, format: 'jsonl', chunks: (reading) => jsonlChunks(path, 2_000, { ...reading, maxLineBytes: 4_000 }) } });
      expect(report.totals.records).toBe(3001);
      expect(report.totals.unreadable).toBe(1);
      expect(report.badRecords.listed.filter((b) => b.index === 1500)).toEqual([{ index: 1500, line: 1501, reason: expect.stringContaining('line 1501: longer than 4,000 bytes') as string, versions: ['base', 'candidate'] }]);
      expect(report.inputs.data.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
      // The records after it are the sample's, in their places.
      expect(report.totals.bad).toBe(single.report.totals.bad + 1);
    }
  }, 60_000);

  it('counts a bad line in the middle once, lists it, and goes on', async () => {
    const lines = readFileSync(jsonlPath, 'utf8').trimEnd().split('\n');
    lines.splice(1500, 0, '{"applicant": {"id": "BROKEN"');
    const path = tempFile('bad-middle.jsonl', `${lines.join('\n')}\n`);
    const { report } = await backtest({ workers: 2, data: fileSource(path, 'jsonl', undefined, 500_000) });
    expect(report.totals.records).toBe(3001);
    expect(report.totals.unreadable).toBe(1);
    expect(report.totals.bad).toBe(single.report.totals.bad + 1);
    const listed = report.badRecords.listed.filter((b) => b.index === 1500);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ line: 1501, versions: ['base', 'candidate'] });
    expect(listed[0].reason).toMatch(/^line 1501: invalid JSON/);
    expect(report.decisions.base.counts.error).toBe(single.report.decisions.base.counts.error + 1);
    // A bad record after it keeps its id, one position further on.
    const later = single.report.badRecords.listed.find((b) => b.index >= 1500)!;
    expect(report.badRecords.listed.find((b) => b.id === later.id)).toMatchObject({ index: later.index + 1, line: later.line! + 1 });
  }, 120_000);
});

describe('flow walks', () => {
  it('agree with the evaluator traces on every sample record, for both versions', () => {
    const base = version();
    const cand = version(['min_phone_tenure=3', 'partner_max_dti=0.6'], ['zhima_low=on', 'fraud_b_trial=on']);
    const core = new ReplayCore({ versions: [base, cand], outcomeLabel: 'bad_30dpd', swaps: false });
    const text = readFileSync(jsonlPath, 'utf8');
    core.jsonl(text, 0, 1);
    expect(core.partial.retraced).toBe(0);

    // Reached counts from the evaluator's traces: the rules of each rule set on the path, up to the one that stopped it.
    for (const [vi, v] of [base, cand].entries()) {
      const ev = prepare(v.graph, v.overrides);
      const reached = new Map<string, number>();
      text
        .trimEnd()
        .split('\n')
        .forEach((line, index) => {
          const r = ev.decide(JSON.parse(line), { index, trace: true });
          for (const n of r.trace!.nodes)
            if (n.kind === 'ruleset')
              for (const t of n.rules) {
                if (t.state === 'not_run') break;
                reached.set(t.rule, (reached.get(t.rule) ?? 0) + 1);
                if (t.state === 'error' || (t.state === 'hit' && t.outcome === 'reject')) break;
              }
        });
      const agg = core.partial.versions[vi];
      const plan = [...reached.keys()];
      expect(plan.length).toBeGreaterThan(20);
      for (const [rule, n] of reached) {
        const g = v.graph.nodes.flatMap((node) => (node.kind === 'ruleset' ? node.rules.map((x) => x.id) : [])).indexOf(rule);
        expect([rule, agg.ruleReached[g]]).toEqual([rule, n]);
      }
    }
  });
});
