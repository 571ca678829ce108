// Backtest: `verdict backtest` on 1,000,000 generated applicants (base vs candidate of the sample
// application policy, from JSONL), as a user runs it: the bundled CLI in a child process, wall
// time from spawn to exit, peak RSS of that process (all its threads). The dataset is generated
// once into the OS temp folder and reused by later runs. CSV and Parquet are timed on fewer records
// (both are rewritten as JSON lines and scanned like JSONL: CSV rows from their bytes, Parquet rows
// from the text DuckDB gives in each worker); the report says how many. Figures taken on a busy machine are worth little:
// the load average is printed beside them, and the CPU time (user + system) of the run, which a
// busy machine inflates less than the wall time.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { convertJsonlToParquet } from '../runtime/data/duckdb.js';
import { runGen } from '../runtime/data/generate.js';
import { machineLoad, now, repoRoot, type BenchOptions, type Row, type Section } from './measure.js';

const SEED = 42;

async function parquetDataset(count: number, log: (s: string) => void): Promise<string> {
  const path = join(tmpdir(), 'verdict-bench', `applicants-${count}-seed${SEED}.parquet`);
  if (existsSync(path)) return path;
  const jsonl = await dataset(count, 'jsonl', log);
  log(`backtest: converting ${count.toLocaleString('en-US')} applicants to Parquet into ${path} (once)`);
  const partial = `${path}.partial`;
  await convertJsonlToParquet(jsonl, partial);
  renameSync(partial, path);
  return path;
}

async function dataset(count: number, format: 'jsonl' | 'csv', log: (s: string) => void): Promise<string> {
  const dir = join(tmpdir(), 'verdict-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `applicants-${count}-seed${SEED}.${format}`);
  if (existsSync(path)) return path;
  log(`backtest: generating ${count.toLocaleString('en-US')} applicants as ${format} into ${path} (once; reused by later runs)`);
  const partial = `${path}.partial`;
  await runGen({ count, seed: SEED, format, path: partial });
  renameSync(partial, path);
  return path;
}

interface Run {
  ms: number;
  /** User + system CPU time of the child, all threads. */
  cpuS: number;
  maxRssMb: number;
  summary: string;
}

/** Runs the bundled CLI in a fresh process; the child reports its own peak RSS when it exits. */
function runCli(root: string, args: string[]): Promise<Run> {
  const bundle = join(root, 'dist', 'verdict.mjs');
  const wrapper = [
    `process.argv = [process.argv[0], ${JSON.stringify(bundle)}, ...${JSON.stringify(args)}];`,
    `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nMAXRSS_KB ' + u.maxRSS + ' CPU_US ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });`,
    `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); m.runCli();`,
  ].join('\n');
  // A file, not `-e`: worker threads inherit the flags of the process (`--input-type` would break them).
  const script = join(tmpdir(), 'verdict-bench', 'run-cli.mjs');
  writeFileSync(script, wrapper);
  return new Promise((resolve, reject) => {
    const t = now();
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = now() - t;
      const rss = /MAXRSS_KB (\d+) CPU_US (\d+)/.exec(err);
      if (code !== 0 || !rss) return reject(new Error(`verdict backtest failed (exit ${code}): ${err.slice(0, 2000)}`));
      resolve({ ms, cpuS: Number(rss[2]) / 1e6, maxRssMb: Number(rss[1]) / 1024, summary: out });
    });
  });
}

export const backtestSection: Section = {
  id: 'backtest',
  title: 'Backtest',
  async run({ quick, log }: BenchOptions): Promise<Row[]> {
    const root = repoRoot();
    // The launcher rebuilds a stale bundle; run it once so that the timed runs do not pay for that.
    spawnSync(process.execPath, [join(root, 'cli/bin/verdict.js'), '--version'], { cwd: root, stdio: 'ignore' });
    const count = quick ? 50_000 : 1_000_000;
    const csvCount = quick ? 20_000 : 200_000;
    const jsonl = await dataset(count, 'jsonl', log);
    const csv = await dataset(csvCount, 'csv', log);
    const parquet = await parquetDataset(csvCount, log);
    const policy = join(root, 'samples/application.policy');
    const common = ['--candidate-set', 'min_phone_tenure=3', '--json', join(tmpdir(), 'verdict-bench', 'report.json')];

    // The same run several times: on a shared 2-core VM one run's wall time can differ from the
    // next by a third; the median and the best of three say more than any one of them.
    const rounds = quick ? 1 : 3;
    const runs: Run[] = [];
    for (let i = 1; i <= rounds; i++) {
      log(`backtest: ${count.toLocaleString('en-US')} records from JSONL (${(statSync(jsonl).size / 1e9).toFixed(2)} GB), base vs candidate${rounds > 1 ? `, run ${i} of ${rounds}` : ''}`);
      runs.push(await runCli(root, ['backtest', policy, '--data', jsonl, ...common]));
    }
    runs.sort((a, b) => a.ms - b.ms);
    const j = runs[runs.length >> 1];
    const best = runs[0];
    const workers = /\((\d+) workers\)/.exec(j.summary)?.[1] ?? '?';
    log(`backtest: ${csvCount.toLocaleString('en-US')} records from CSV`);
    const c = await runCli(root, ['backtest', policy, '--data', csv, ...common]);
    log(`backtest: ${csvCount.toLocaleString('en-US')} records from Parquet`);
    const pq = await runCli(root, ['backtest', policy, '--data', parquet, ...common]);
    log(`backtest: machine load ${machineLoad()}`);
    const recs = (n: number, ms: number) => (n * 1000) / ms;
    return [
      {
        name: `${count.toLocaleString('en-US')} applicants, JSONL: wall${rounds > 1 ? ` (median of ${rounds})` : ''}`,
        figure: j.ms / 1000,
        unit: 's',
        target: { kind: 'max', value: quick ? (5 * count) / 1e6 : 5 },
        note: `\`verdict backtest\` in a fresh process, ${workers} workers, base vs --candidate-set min_phone_tenure=3, --json written; ${quick ? 'quick run: target scaled to the record count' : 'spawn to exit'}`,
      },
      ...(rounds > 1 ? [{ name: `${count.toLocaleString('en-US')} applicants, JSONL: wall (best of ${rounds})`, figure: best.ms / 1000, unit: 's', note: `the runs took ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(', ')} s` }] : []),
      { name: `${count.toLocaleString('en-US')} applicants, JSONL: peak RSS`, figure: j.maxRssMb, unit: 'MB', target: { kind: 'max', value: 1024 }, note: 'maxRSS of the CLI process (all threads)' },
      { name: `${count.toLocaleString('en-US')} applicants, JSONL: CPU time`, figure: j.cpuS, unit: 's', note: `user + system of the CLI process, all threads (of the median run): the wall time is at best this over the cores${rounds > 1 ? `; the runs took ${runs.map((r) => r.cpuS.toFixed(1)).join(', ')} s` : ''}` },
      { name: '  JSONL records per second', figure: recs(count, j.ms), unit: 'rec/s' },
      { name: `${csvCount.toLocaleString('en-US')} applicants, CSV: wall`, figure: c.ms / 1000, unit: 's' },
      { name: `${csvCount.toLocaleString('en-US')} applicants, CSV: CPU time`, figure: c.cpuS, unit: 's' },
      { name: '  CSV records per second', figure: recs(csvCount, c.ms), unit: 'rec/s', note: 'the reading thread only finds where rows end; the workers rewrite each row as a JSON line and scan it' },
      { name: `${csvCount.toLocaleString('en-US')} applicants, CSV: peak RSS`, figure: c.maxRssMb, unit: 'MB', target: { kind: 'max', value: 1024 } },
      { name: `${csvCount.toLocaleString('en-US')} applicants, Parquet: wall`, figure: pq.ms / 1000, unit: 's' },
      { name: `${csvCount.toLocaleString('en-US')} applicants, Parquet: CPU time`, figure: pq.cpuS, unit: 's' },
      { name: '  Parquet records per second', figure: recs(csvCount, pq.ms), unit: 'rec/s', note: 'rows read by DuckDB in the workers, a range of row groups each, each row\'s text rewritten as a JSON line and scanned there' },
      { name: `${csvCount.toLocaleString('en-US')} applicants, Parquet: peak RSS`, figure: pq.maxRssMb, unit: 'MB', target: { kind: 'max', value: 1024 } },
    ];
  },
};
