// `verdict backtest`: replay stored applicants through a base and a candidate version and report
// every difference (runtime/replay). The candidate is a second policy file, or the base file with
// candidate overrides; the base may carry overrides of its own.

import { dataFormatOf } from '../../runtime/data/duckdb.js';
import { VerdictError } from '../../runtime/errors.js';
import { runBacktest, type BacktestProgress, type BacktestVersion } from '../../runtime/replay/engine.js';
import { renderHtml } from '../../runtime/replay/html.js';
import { backtestVersion, dataSourceFor } from '../../runtime/replay/inputs.js';
import { createProgress, type Progress } from '../../runtime/replay/progress.js';
import { formatSummary } from '../../runtime/replay/summary.js';
import { parseSweep } from '../../runtime/replay/sweep.js';
import { list, str, UsageError, type CommandSpec } from '../args.js';
import { compilePolicyFile, compilePolicyText, ensureReadable, openOutputStream, writeOutputFile } from '../files.js';
import { parseSavedRef, readSavedVersion } from '../saved-version.js';
import { terminalText } from '../terminal.js';
import type { DecisionGraph } from '../../runtime/graph.js';

export const backtest: CommandSpec = {
  name: 'backtest',
  usage:
    'verdict backtest BASE.policy[@N] [CANDIDATE.policy[@N]] --data FILE [--base-set P=V]... [--candidate-set P=V]... [--candidate-switch RULE=STATE]... [--json FILE] [--html FILE] [--swaps FILE] [--sweep P=FROM..TO:STEP] [--workers N]',
  summary: 'Replay stored applicants through a base and a candidate version: decisions, swaps and their causes, rule rates, cost, bad rates, suggested orders.',
  details: [
    'The candidate is CANDIDATE.policy, or BASE.policy itself with --candidate-set / --candidate-switch.',
    'FILE@N names version N of FILE as saved by the studio (in the .verdict/ folder of its workspace).',
    'Data: JSONL, or CSV with dotted column paths (applicant.age), streamed in bounded memory; bad',
    'records are counted as errors and listed by id and reason, and never stop the run.',
    'Outcome labels: `outcome.bad_30dpd` (true = bad) unless --label names another.',
    '',
    'Examples:',
    '  verdict backtest samples/application.policy --data samples/data/applicants.jsonl --candidate-set min_phone_tenure=3',
    '  verdict backtest v1.policy v2.policy --data applicants.csv --json report.json --swaps swaps.jsonl',
    '  verdict backtest samples/application.policy@3 samples/application.policy --data samples/data/applicants.jsonl',
    '  verdict backtest samples/application.policy --data samples/data/applicants.jsonl --sweep min_phone_tenure=3..12:1',
  ].join('\n'),
  options: {
    data: { type: 'string', value: 'FILE', help: 'Stored records: .jsonl, .csv or .parquet' },
    format: { type: 'string', value: 'jsonl|csv|parquet', help: 'Data format when the file name does not say' },
    'base-set': { type: 'string', multiple: true, keyed: true, value: 'P=V', help: 'Override a param of the base' },
    'base-switch': { type: 'string', multiple: true, keyed: true, value: 'RULE=STATE', help: 'Switch a rule of the base on, off or shadow' },
    'candidate-set': { type: 'string', multiple: true, keyed: true, value: 'P=V', help: 'Override a param of the candidate' },
    'candidate-switch': { type: 'string', multiple: true, keyed: true, value: 'RULE=STATE', help: 'Switch a rule of the candidate on, off or shadow' },
    sweep: { type: 'string', value: 'P=FROM..TO:STEP', help: 'Also replay the candidate with each value of a numeric param' },
    json: { type: 'string', value: 'FILE', help: 'Write the full report (schema verdict.backtest/1)' },
    html: { type: 'string', value: 'FILE', help: 'Write a self-contained HTML report' },
    swaps: { type: 'string', value: 'FILE', help: 'Write the flipped records with both traces, as JSONL' },
    workers: { type: 'string', value: 'N', help: 'Worker threads (default: the number of cores, or this thread alone for a JSONL or CSV file under 64 MB or a Parquet file under 40,000 rows; 0 = this thread)' },
    label: { type: 'string', value: 'NAME', help: 'Outcome label read as outcome.NAME (default bad_30dpd)' },
  },
  async run(args, io) {
    const [baseFile, candidateFile, ...rest] = args.positionals;
    if (!baseFile || rest.length) throw new UsageError('backtest takes BASE.policy and optionally CANDIDATE.policy. Run `verdict backtest --help` for usage.');
    const dataFile = str(args.values.data);
    if (!dataFile) throw new UsageError('backtest needs --data FILE (JSONL, CSV or Parquet)');
    // The policies first, as they are named first (FILE@N, a saved version, is read later).
    for (const file of [baseFile, candidateFile]) if (file !== undefined && !parseSavedRef(file)) await ensureReadable(file);
    await ensureReadable(dataFile);
    const format = str(args.values.format) ?? dataFormatOf(dataFile);
    if (format !== 'jsonl' && format !== 'csv' && format !== 'parquet')
      throw new UsageError(`cannot read ${dataFile} as ${format ?? 'an unknown format'}: name it .jsonl, .csv or .parquet, or pass --format jsonl|csv|parquet`);
    const workersText = str(args.values.workers);
    const workers = workersText === undefined ? undefined : Number(workersText);
    if (workers !== undefined && !(Number.isSafeInteger(workers) && workers >= 0 && workers <= 256)) throw new UsageError(`--workers takes a whole number from 0 to 256, not ${workersText}`);
    const candSet = list(args.values['candidate-set']);
    const candSwitch = list(args.values['candidate-switch']);
    const sweepText = str(args.values.sweep);
    if (!candidateFile && !candSet.length && !candSwitch.length && !sweepText)
      throw new UsageError('nothing to compare: give CANDIDATE.policy, or candidate overrides (--candidate-set, --candidate-switch), or --sweep');

    // One policy file with two sets of overrides is read and compiled once. FILE@N is a saved version.
    const compiled = new Map<string, Promise<{ text: string; graph: DecisionGraph }>>();
    const load = async (file: string) => {
      const saved = parseSavedRef(file);
      return saved ? compilePolicyText(file, await readSavedVersion(saved), io.stderr) : compilePolicyFile(file, io.stderr);
    };
    const version = async (file: string, set: string[], sw: string[], which: string): Promise<BacktestVersion> => {
      if (!compiled.has(file)) compiled.set(file, load(file));
      const { version, errors } = backtestVersion(file, await compiled.get(file)!, set, sw);
      if (errors.length) throw new UsageError(errors.map((e) => `${which}: ${e.replace(/^--(set|switch)/, `--${which}-$1`)}`).join('\n'));
      return version;
    };
    const base = await version(baseFile, list(args.values['base-set']), list(args.values['base-switch']), 'base');
    const candidate = await version(candidateFile ?? baseFile, candSet, candSwitch, 'candidate');
    let sweep;
    if (sweepText) {
      const parsed = parseSweep(sweepText, candidate.graph);
      if ('error' in parsed) throw new UsageError(parsed.error);
      sweep = parsed;
    }

    const swapsFile = str(args.values.swaps);
    const swapsOut = swapsFile ? await openOutputStream(swapsFile) : undefined;
    const data = dataSourceFor(dataFile, format, base.graph);
    let progress: Progress | undefined;
    let shown = 0;
    const onProgress = (p: BacktestProgress) => {
      // The total in records is estimated from the bytes read so far, once there are some.
      progress ??= createProgress({ isTTY: io.isTTY, write: io.stderr, label: 'replay', ...(p.totalBytes && p.bytes ? { total: Math.round((p.records * p.totalBytes) / p.bytes) } : {}) });
      progress.tick(p.records - shown);
      shown = p.records;
    };
    // A failed write of the swaps file stops the replay and is reported as the reason. The sink
    // itself never rejects: the engine may not be awaiting it when it fails (worker threads).
    const stop = new AbortController();
    let swapsFailed: unknown;
    const writeSwaps = (text: string) =>
      swapsOut!.write(text).catch((e: unknown) => {
        swapsFailed ??= e;
        stop.abort();
      });
    let report;
    try {
      report = await runBacktest({
        base,
        candidate,
        data,
        ...(workers !== undefined ? { workers } : {}),
        ...(str(args.values.label) ? { outcomeLabel: str(args.values.label) } : {}),
        ...(sweep ? { sweep } : {}),
        ...(swapsOut ? { swaps: writeSwaps, signal: stop.signal } : {}),
        onProgress,
      });
    } catch (e) {
      if (swapsFailed !== undefined) throw swapsFailed;
      if (e instanceof VerdictError && e.code === 'data-file') throw new UsageError(e.message);
      throw e;
    } finally {
      // 100% only when the replay went through (the total was estimated from bytes).
      (progress as Progress | undefined)?.done(report !== undefined);
    }
    if (swapsFailed !== undefined) throw swapsFailed;
    if (swapsOut) await swapsOut.close();

    const jsonFile = str(args.values.json);
    if (jsonFile) await writeOutputFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    const htmlFile = str(args.values.html);
    if (htmlFile) await writeOutputFile(htmlFile, renderHtml(report));
    // The report has no outcomes when no record carries the label (runtime/replay/report.ts): a
    // label named on the command line that is nowhere in the data is most likely a typo.
    const label = str(args.values.label);
    if (label !== undefined && report.outcomes === null)
      io.stderr(`verdict backtest: warning: no record has the outcome label \`outcome.${label}\`: bad rates are not computed\n`);
    // Record ids and reasons come from the data: none of their characters may act on the terminal.
    await io.write(terminalText(formatSummary(report, 10, io.stdoutColumns)));
    return 0;
  },
};
