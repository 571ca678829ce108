// The same applicants as JSONL, CSV and Parquet give the same backtest report: only the data
// block of the inputs (path, format, size, hash) may differ, and the line of a bad record in the
// CSV (its header shifts every line by one).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { convertJsonlToParquet, parquetRanges, readData } from '../data/duckdb.js';
import { runGen } from '../data/generate.js';
import type { DecisionGraph } from '../graph.js';
import { parseOverrides } from '../overrides.js';
import { fileSource, runBacktest, type BacktestVersion, type DataSource } from './engine.js';
import { dataSourceFor } from './inputs.js';
import type { BacktestReport } from './report.js';
import { parseSweep } from './sweep.js';

const root = join(import.meta.dirname, '..', '..');
const policyText = readFileSync(join(root, 'samples/application.policy'), 'utf8');
const jsonlPath = join(root, 'samples/data/applicants.jsonl');
const csvPath = join(root, 'samples/data/applicants.csv');
let graph: DecisionGraph;
let parquetPath: string;

const version = (set: string[] = [], sw: string[] = []): BacktestVersion => {
  const { overrides, errors } = parseOverrides(graph, { set, switch: sw });
  if (errors.length) throw new Error(errors.join('; '));
  return { file: 'samples/application.policy', text: policyText, graph, overrides, set, switch: sw };
};

async function backtest(data: DataSource, workers = 2): Promise<{ report: BacktestReport; swaps: string }> {
  const sweep = parseSweep('min_phone_tenure=3..6:1', graph);
  if ('error' in sweep) throw new Error(sweep.error);
  let swaps = '';
  const report = await runBacktest({
    base: version(),
    candidate: version(['min_phone_tenure=3'], ['fraud_b_trial=on']),
    data,
    workers,
    sweep,
    swaps: (t) => {
      swaps += t;
    },
  });
  return { report, swaps };
}

const withoutData = (r: BacktestReport, lines = true) =>
  JSON.stringify({
    ...r,
    inputs: { ...r.inputs, data: null },
    badRecords: lines ? r.badRecords : { ...r.badRecords, listed: r.badRecords.listed.map(({ line: _line, ...b }) => b) },
  });

beforeAll(async () => {
  graph = compileText(policyText).graph!;
  parquetPath = join(mkdtempSync(join(tmpdir(), 'verdict-formats-')), 'applicants.parquet');
  await convertJsonlToParquet(jsonlPath, parquetPath);
});

describe('the same report for every format', () => {
  let jsonl: { report: BacktestReport; swaps: string };

  beforeAll(async () => {
    jsonl = await backtest(fileSource(jsonlPath, 'jsonl'));
  }, 120_000);

  it('Parquet (through DuckDB) gives the report and swap file of JSONL', async () => {
    const parquet = await backtest({ path: parquetPath, format: 'parquet', items: () => readData(parquetPath, 'parquet', graph) });
    expect(parquet.report.totals.records).toBe(3000);
    expect(parquet.report.badRecords.count).toBeGreaterThan(0);
    expect(parquet.report.inputs.data.format).toBe('parquet');
    expect(parquet.report.inputs.data.sha256).not.toBe(jsonl.report.inputs.data.sha256);
    expect(withoutData(parquet.report)).toBe(withoutData(jsonl.report));
    expect(parquet.swaps).toBe(jsonl.swaps);
  }, 120_000);

  it('Parquet read in the workers, by ranges of row groups, gives the report and swap file of JSONL', async () => {
    // Small row groups (DuckDB writes at least 2,048 rows to one): the 3,000 rows are read as several ranges, spread over the workers.
    const grouped = join(mkdtempSync(join(tmpdir(), 'verdict-formats-')), 'grouped.parquet');
    await convertJsonlToParquet(jsonlPath, grouped, 500);
    const ranges = await parquetRanges(grouped, 1000);
    expect(ranges.length).toBeGreaterThanOrEqual(2);
    expect(ranges[0].start).toBe(0);
    expect(ranges.at(-1)!.end).toBe(3000);
    ranges.forEach((r, i) => i > 0 && expect(r.start).toBe(ranges[i - 1].end));
    const source: DataSource = { path: grouped, format: 'parquet', parquet: { ranges: () => parquetRanges(grouped, 1000) } };
    for (const workers of [2, 0]) {
      const parquet = await backtest(source, workers);
      expect(parquet.report.totals.records).toBe(3000);
      expect(parquet.report.inputs.workers).toBe(workers);
      // The report says how many workers ran; nothing else depends on them.
      expect(withoutData({ ...parquet.report, inputs: { ...parquet.report.inputs, workers: 2 } })).toBe(withoutData(jsonl.report));
      expect(parquet.swaps).toBe(jsonl.swaps);
    }
    // Progress counts each range as its share of the file: the last report is the whole file.
    let last = { records: 0, bytes: 0, totalBytes: undefined as number | undefined };
    await runBacktest({ base: version(), candidate: version(['min_phone_tenure=3']), data: source, workers: 2, onProgress: (p) => (last = { ...p, totalBytes: p.totalBytes }) });
    expect(last.records).toBe(3000);
    expect(last.totalBytes).toBeGreaterThan(0);
    expect(last.bytes).toBe(last.totalBytes);
    // The front ends' source (one range here: the sample file is one row group).
    const whole = await backtest(dataSourceFor(parquetPath, 'parquet', graph));
    expect(withoutData(whole.report)).toBe(withoutData(jsonl.report));
    // Left to choose, the engine replays a file this small (3,000 rows) in the calling thread (engine.ts: SMALL_PARQUET_ROWS).
    const chosen = await runBacktest({ base: version(), candidate: version(['min_phone_tenure=3']), data: dataSourceFor(parquetPath, 'parquet', graph) });
    expect(chosen.inputs.workers).toBe(0);
    expect(chosen.totals.records).toBe(3000);
  }, 120_000);

  it('a Parquet file of one large row group is cut into ranges, read by every worker, with the report of JSONL', async () => {
    // The sample's 3,000 rows in one row group (as pyarrow writes up to a million rows): cut into
    // as many ranges as asked (one per core by default), in order, each read by a worker.
    const single = join(mkdtempSync(join(tmpdir(), 'verdict-formats-')), 'single.parquet');
    await convertJsonlToParquet(jsonlPath, single, 1_000_000);
    expect(await parquetRanges(single, 1_000_000)).toEqual([{ start: 0, end: 3000 }]);
    expect(await parquetRanges(single, 1000, 2)).toEqual([{ start: 0, end: 1500 }, { start: 1500, end: 3000 }]);
    const ranges = await parquetRanges(single, 1000, 3);
    expect(ranges).toEqual([{ start: 0, end: 1000 }, { start: 1000, end: 2000 }, { start: 2000, end: 3000 }]);
    expect(await parquetRanges(single, 1000)).toHaveLength(availableParallelism());
    const parquet = await backtest({ path: single, format: 'parquet', parquet: { ranges: () => parquetRanges(single, 1000, 3) } }, 2);
    expect(parquet.report.totals.records).toBe(3000);
    expect(withoutData(parquet.report)).toBe(withoutData(jsonl.report));
    expect(parquet.swaps).toBe(jsonl.swaps);
    // The engine asks for one range per worker that will read (one in the calling thread).
    const asked: number[] = [];
    for (const workers of [2, 0]) {
      const run = await backtest({ path: single, format: 'parquet', parquet: { ranges: (cuts) => (asked.push(cuts), parquetRanges(single, 1000, cuts)) } }, workers);
      expect(withoutData({ ...run.report, inputs: { ...run.report.inputs, workers: 2 } })).toBe(withoutData(jsonl.report));
    }
    expect(asked).toEqual([2, 1]);
  }, 120_000);

  it('a Parquet backtest cancelled while the workers read stops soon, and the process lives on', async () => {
    // 24,000 generated applicants in ranges of 4,096 rows: cancelled when the first range is done,
    // the workers are in the middle of others. A worker terminated while DuckDB reads would abort the
    // whole process (this test's too); asked to stop, it closes DuckDB and ends on its own.
    const dir = mkdtempSync(join(tmpdir(), 'verdict-formats-'));
    const jsonl = join(dir, 'many.jsonl');
    await runGen({ count: 24_000, seed: 7, path: jsonl });
    const file = join(dir, 'many.parquet');
    await convertJsonlToParquet(jsonl, file, 4096);
    const ranges = await parquetRanges(file, 4096);
    expect(ranges.length).toBeGreaterThanOrEqual(4);
    for (const workers of [2, 0]) {
      const ctl = new AbortController();
      let done = 0;
      const run = runBacktest({
        base: version(),
        candidate: version(['min_phone_tenure=3']),
        data: { path: file, format: 'parquet', parquet: { ranges: () => parquetRanges(file, 4096) } },
        workers,
        signal: ctl.signal,
        onProgress: (p) => {
          done = p.records;
          ctl.abort();
        },
      });
      await expect(run).rejects.toMatchObject({ code: 'replay-cancelled' });
      expect(done).toBeLessThan(24_000);
    }
    // Still here, and a new run works.
    const again = await backtest(dataSourceFor(parquetPath, 'parquet', graph));
    expect(again.report.totals.records).toBe(3000);
  }, 120_000);

  it('CSV gives the report of JSONL, bad-record lines aside', async () => {
    const csv = await backtest(fileSource(csvPath, 'csv', graph));
    expect(csv.report.inputs.data.format).toBe('csv');
    expect(withoutData(csv.report, false)).toBe(withoutData(jsonl.report, false));
    // The lines themselves: one further on in the CSV, for the header.
    expect(csv.report.badRecords.listed.map((b) => b.line)).toEqual(jsonl.report.badRecords.listed.map((b) => b.line! + 1));
  }, 120_000);

  it('CSV saved by a spreadsheet (TRUE and FALSE cells) gives the report of JSONL', async () => {
    // Bool cells and outcome labels as Excel writes them, in two cases; JSON inside list cells untouched.
    const text = readFileSync(csvPath, 'utf8').replace(/(^|,)(true|false)(?=,|\r?$)/gm, (_, lead: string, w: string) => lead + (w === 'true' ? 'TRUE' : 'False'));
    expect(text.match(/,TRUE(?=,|$)/gm)!.length).toBeGreaterThan(3000);
    const path = join(mkdtempSync(join(tmpdir(), 'verdict-formats-')), 'excel.csv');
    writeFileSync(path, text);
    const csv = await backtest(fileSource(path, 'csv', graph));
    expect(csv.report.outcomes!.approved.base.labelled).toBe(jsonl.report.outcomes!.approved.base.labelled);
    expect(withoutData(csv.report, false)).toBe(withoutData(jsonl.report, false));
  }, 120_000);
});

describe('fields named like Object.prototype members', () => {
  it('`__proto__` and `constructor` are declared fields like any other, in every format', async () => {
    const text = `policy p "P" version 1
input applicant {
  id: text
  __proto__: number?
  constructor: number?
  applied_at: date
}
ruleset basics "Basics" {
  rule big "Big" {
    when applicant.__proto__ > 5
    then reject "big"
  }
  rule c "C" {
    when applicant.constructor > 3
    then review "c"
  }
}
decision d "D" {
  else => approve
}
flow {
  start -> basics -> d
}
`;
    const g = compileText(text).graph!;
    expect(Object.keys(g.inputs[0].fields).sort()).toEqual(['__proto__', 'applied_at', 'constructor', 'id']);
    const dir = mkdtempSync(join(tmpdir(), 'verdict-proto-'));
    const records = [
      ['A1', 3, 2],
      ['A2', 6, 4],
      ['A3', 1, 9],
    ] as const;
    const jsonl = join(dir, 'p.jsonl');
    const csv = join(dir, 'p.csv');
    writeFileSync(jsonl, records.map(([id, p, c]) => `{"applicant":{"id":"${id}","__proto__":${p},"constructor":${c},"applied_at":"2025-01-01"}}\n`).join(''));
    writeFileSync(csv, `applicant.id,applicant.__proto__,applicant.constructor,applicant.applied_at\n${records.map(([id, p, c]) => `${id},${p},${c},2025-01-01\n`).join('')}`);
    const parquet = join(dir, 'p.parquet');
    await convertJsonlToParquet(jsonl, parquet);
    const v = { file: 'p.policy', text, graph: g, overrides: parseOverrides(g, {}).overrides, set: [], switch: [] };
    for (const [path, format] of [[jsonl, 'jsonl'], [csv, 'csv'], [parquet, 'parquet']] as const) {
      const report = await runBacktest({ base: v, candidate: v, data: dataSourceFor(path, format, g), workers: 0 });
      expect([format, report.decisions.base.counts]).toEqual([format, { approve: 1, review: 1, reject: 1, error: 0 }]);
      expect(report.totals.bad).toBe(0);
    }
    expect(({} as Record<string, unknown>).big).toBeUndefined();
  }, 60_000);
});
