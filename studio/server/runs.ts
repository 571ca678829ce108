// Backtest runs started from the studio: the inputs checked as the CLI checks them, the replay on
// worker threads through the CLI's engine (runtime/replay), progress and cancellation while it runs,
// then the report kept in the workspace database and the flipped records (with both traces) in
// `.verdict/runs/ID.swaps.jsonl`.
//
// One run at a time per server: a backtest already spreads over every core, so a second one would
// only slow both down. Starting another while one runs is refused (409 `run-in-progress`).

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { VerdictError } from '../../runtime/errors.js';
import { runBacktest, type BacktestProgress, type BacktestVersion } from '../../runtime/replay/engine.js';
import { backtestVersion, compilePolicy, dataSourceFor } from '../../runtime/replay/inputs.js';
import { OUTCOMES, type BacktestReport, type Outcome } from '../../runtime/replay/report.js';
import { parseSweep, type SweepSpec } from '../../runtime/replay/sweep.js';
import { ApiError } from './errors.js';
import { policyKey, STATE_DIR } from './paths.js';
import { resolveDataset, type Dataset } from './records.js';
import { INTERRUPTED, type Run, type RunEnd, type RunHeadline, type RunInputs, type RunProgress, type RunSide, type RunStatus, type RunStore } from './runs-store.js';
import type { VersionStore } from './versions.js';
import { sha256 } from './workspace.js';

export const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{6}$/;
export const MAX_SWAPS_LIMIT = 500;

export interface RunsOptions {
  /** Worker threads per run (default: the machine's cores, as the CLI). */
  workers?: number;
  /** JSONL chunk size: smaller chunks show progress and take a cancel sooner (tests). */
  chunkBytes?: number;
  log: (line: string) => void;
}

export interface RunWithReport extends Run {
  report?: BacktestReport;
}

export interface SwapLine {
  index: number;
  id: string | number;
  line?: number;
  /** The cause's key, as in the report's swap causes. */
  cause: string;
  base: { decision: Outcome } & Record<string, unknown>;
  candidate: { decision: Outcome } & Record<string, unknown>;
}

interface SideRequest {
  version?: number;
  draft?: string;
  set: string[];
  switch: string[];
}

interface Active {
  id: string;
  controller: AbortController;
  progress: RunProgress;
  /** Settles once the run's end is stored. */
  settled: Promise<void>;
}

export class Runs {
  private active: Active | undefined;
  private closing = false;

  constructor(
    private readonly root: string,
    private readonly store: RunStore,
    private readonly versions: VersionStore,
    private readonly options: RunsOptions,
  ) {}

  /** Checks the inputs, starts the replay, and answers once the run is stored as `running`. */
  async start(body: Record<string, unknown>): Promise<{ id: string; status: RunStatus }> {
    const policy = await policyKey(this.root, text(body, 'policy'), 'runs are kept');
    const baseRequest = sideRequest(body.base, 'base');
    const candidateRequest = sideRequest(body.candidate, 'candidate');
    const datasetPath = text(body, 'dataset');
    const outcomeLabel = optionalText(body, 'outcomeLabel');
    if (outcomeLabel !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(outcomeLabel)) throw new ApiError(400, 'bad-request', `outcomeLabel names a field of \`outcome\` (letters, digits, _), not ${JSON.stringify(outcomeLabel)}`);
    const sweepText = optionalText(body, 'sweep');
    this.refuseWhenBusy();

    const dataset = await resolveDataset(this.root, datasetPath);
    const base = await this.prepareSide(policy, baseRequest, 'base');
    const candidate = await this.prepareSide(policy, candidateRequest, 'candidate');
    let sweep: SweepSpec | undefined;
    if (sweepText !== undefined) {
      const parsed = parseSweep(sweepText, candidate.version.graph);
      if ('error' in parsed) throw new ApiError(422, 'bad-sweep', parsed.error.replace(/^--sweep /, 'sweep '));
      sweep = parsed;
    }

    // Claimed in the same tick as the last check: two requests cannot both start.
    this.refuseWhenBusy();
    const createdAt = new Date();
    const id = newRunId(createdAt);
    const inputs: RunInputs = {
      policy,
      base: base.side,
      candidate: candidate.side,
      dataset: dataset.rel,
      datasetFormat: dataset.format,
      datasetBytes: dataset.bytes,
      ...(outcomeLabel !== undefined ? { outcomeLabel } : {}),
      ...(sweepText !== undefined ? { sweep: sweepText } : {}),
    };
    const run: Run = { id, policy, status: 'running', createdAt: createdAt.toISOString(), inputs, progress: { records: 0, bytes: 0, totalBytes: dataset.bytes } };
    let release!: () => void;
    const active: Active = { id, controller: new AbortController(), progress: run.progress, settled: new Promise((resolve) => (release = resolve)) };
    this.active = active;
    let swaps: SwapFile;
    try {
      await mkdir(this.runsDir(), { recursive: true });
      swaps = await SwapFile.open(this.swapsFile(id));
      try {
        await this.store.insert(run);
      } catch (e) {
        await swaps.close().catch(() => undefined);
        throw e;
      }
    } catch (e) {
      this.active = undefined;
      release();
      throw e;
    }

    const replay = runBacktest({
      base: base.version,
      candidate: candidate.version,
      data: dataSourceFor(dataset.real, dataset.format, base.version.graph, this.options.chunkBytes),
      ...(this.options.workers !== undefined ? { workers: this.options.workers } : {}),
      ...(outcomeLabel !== undefined ? { outcomeLabel } : {}),
      ...(sweep ? { sweep } : {}),
      swaps: (line) => swaps.write(line),
      onProgress: (p: BacktestProgress) => (active.progress = { ...p }),
      signal: active.controller.signal,
    });
    void this.settle(active, inputs, dataset, swaps, replay).finally(() => {
      if (this.active === active) this.active = undefined;
      release();
    });
    return { id, status: 'running' };
  }

  private async settle(active: Active, inputs: RunInputs, dataset: Dataset, swaps: SwapFile, replay: Promise<BacktestReport>): Promise<void> {
    let end: RunEnd;
    try {
      const report = await replay;
      await swaps.close();
      // The engine names the data by the path it read; the report names it as the workspace does (and as the CLI run from the workspace would).
      report.inputs.data.path = dataset.rel;
      end = {
        status: 'done',
        progress: { ...active.progress, records: report.totals.records },
        inputs: { ...inputs, datasetSha256: report.inputs.data.sha256 },
        headline: headline(report),
        report: JSON.stringify(report),
      };
    } catch (e) {
      await swaps.close().catch(() => undefined);
      if (this.closing) end = { status: 'failed', progress: active.progress, error: INTERRUPTED };
      else if (e instanceof VerdictError && e.code === 'replay-cancelled') end = { status: 'cancelled', progress: active.progress, error: 'cancelled' };
      else if (e instanceof VerdictError) end = { status: 'failed', progress: active.progress, error: e.message.split(dataset.real).join(dataset.rel) };
      else {
        this.options.log(`verdict studio: run ${active.id} failed: ${(e as Error)?.stack ?? String(e)}`);
        end = { status: 'failed', progress: active.progress, error: `internal error: ${(e as Error)?.message ?? String(e)}` };
      }
    }
    try {
      await this.store.finish(active.id, end);
    } catch (e) {
      this.options.log(`verdict studio: could not store the end of run ${active.id}: ${(e as Error).message}`);
    }
  }

  private async prepareSide(policy: string, request: SideRequest, which: 'base' | 'candidate'): Promise<{ version: BacktestVersion; side: RunSide }> {
    let source: string;
    let label: string;
    if (request.version !== undefined) {
      const saved = await this.versions.get(policy, request.version);
      if (!saved) throw new ApiError(404, 'not-found', `the ${which}: ${policy} has no saved version ${request.version}`);
      source = saved.text;
      label = `${policy}@${request.version}`;
    } else {
      source = request.draft as string;
      label = policy;
    }
    const compiled = compilePolicy(label, source);
    if ('errors' in compiled) throw new ApiError(422, 'policy-errors', `the ${which} (${label}) does not compile:\n${compiled.errors.join('\n')}`);
    const { version, errors } = backtestVersion(label, compiled, request.set, request.switch);
    if (errors.length) throw new ApiError(422, 'bad-override', errors.map((e) => `the ${which}: ${e.replace(/^--/, '')}`).join('\n'));
    const side: RunSide = {
      ...(request.version !== undefined ? { version: request.version } : { draft: source }),
      set: request.set,
      switch: request.switch,
      label,
      sha256: sha256(version.text),
    };
    return { version, side };
  }

  private refuseWhenBusy(): void {
    if (this.closing) throw new ApiError(503, 'closed', 'the studio is shutting down');
    if (this.active) throw new ApiError(409, 'run-in-progress', `run ${this.active.id} is still running: wait for it or cancel it (POST /api/runs/${this.active.id}/cancel)`);
  }

  async get(id: string): Promise<RunWithReport> {
    const run = await this.find(id);
    if (run.status !== 'done') return run;
    const report = await this.store.report(id);
    return report === undefined ? run : { ...run, report: JSON.parse(report) as BacktestReport };
  }

  /** Newest first, without the draft texts. */
  async list(policy: string | undefined): Promise<Run[]> {
    const key = policy === undefined ? undefined : await policyKey(this.root, policy, 'runs are kept');
    return (await this.store.list(key)).map((run) => this.live({ ...run, inputs: { ...run.inputs, base: withoutDraft(run.inputs.base), candidate: withoutDraft(run.inputs.candidate) } }));
  }

  /** Asks the run to stop and answers once it has (a run that ended meanwhile keeps its status). */
  async cancel(id: string): Promise<{ id: string; status: RunStatus }> {
    const run = await this.find(id);
    const active = this.active;
    if (active?.id !== id) return { id, status: run.status };
    active.controller.abort();
    await active.settled;
    return { id, status: (await this.find(id)).status };
  }

  /**
   * Forgets a run that has ended: its row, then its swap lines. A running run is refused (409): cancel it
   * first. The id is checked as every run route checks it, so the file removed is `.verdict/runs/ID.swaps.jsonl`.
   */
  async delete(id: string): Promise<void> {
    const run = await this.find(id);
    if (run.status === 'running') throw new ApiError(409, 'run-in-progress', `run ${id} is still running: cancel it first (POST /api/runs/${id}/cancel), then delete it`);
    // Another request may have deleted it since `find`: that one answered, this one finds nothing.
    if (!(await this.store.delete(id))) throw new ApiError(404, 'not-found', `there is no run ${id}`);
    try {
      await rm(this.swapsFile(id), { force: true });
    } catch (e) {
      // The run is gone from the database (and from every answer); only its file stays behind.
      this.options.log(`verdict studio: run ${id} deleted, but not its swap lines ${this.swapsFile(id)}: ${(e as Error).message}`);
    }
  }

  /** The report as JSON text, when the run is done. */
  async report(id: string): Promise<BacktestReport> {
    const run = await this.find(id);
    const text = run.status === 'done' ? await this.store.report(id) : undefined;
    if (text === undefined) throw new ApiError(409, 'no-report', `run ${id} has no report: it is ${run.status}${run.error ? ` (${run.error})` : ''}`);
    return JSON.parse(text) as BacktestReport;
  }

  /** The run's flipped records in input order, filtered by swap cell (base outcome `from`, candidate outcome `to`). */
  async swaps(id: string, filter: { from?: string; to?: string; offset: number; limit: number }): Promise<SwapLine[]> {
    for (const [name, value] of [['from', filter.from], ['to', filter.to]] as const) {
      if (value !== undefined && !(OUTCOMES as readonly string[]).includes(value)) throw new ApiError(400, 'bad-request', `\`${name}\` is one of ${OUTCOMES.join(', ')}, not ${JSON.stringify(value)}`);
    }
    await this.find(id);
    const file = this.swapsFile(id);
    const out: SwapLine[] = [];
    if (!existsSync(file)) return out;
    const input = createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    let skipped = 0;
    try {
      for await (const text of lines) {
        if (out.length >= filter.limit) break;
        let swap: SwapLine;
        try {
          swap = JSON.parse(text) as SwapLine;
        } catch {
          continue; // the line a running replay is writing right now
        }
        if (filter.from !== undefined && swap.base.decision !== filter.from) continue;
        if (filter.to !== undefined && swap.candidate.decision !== filter.to) continue;
        if (skipped++ < filter.offset) continue;
        out.push(swap);
      }
    } finally {
      lines.close();
      input.destroy();
    }
    return out;
  }

  /** Stops the run in progress, if any; it is stored as failed (interrupted). */
  async close(): Promise<void> {
    this.closing = true;
    const active = this.active;
    if (!active) return;
    active.controller.abort();
    await active.settled;
  }

  private async find(id: string): Promise<Run> {
    if (!RUN_ID.test(id)) throw new ApiError(400, 'bad-request', `${JSON.stringify(id)} is not a run id`);
    const run = await this.store.get(id);
    if (!run) throw new ApiError(404, 'not-found', `there is no run ${id}`);
    return this.live(run);
  }

  /** A running run's progress is in memory; the database has it once the run ends. */
  private live(run: Run): Run {
    return this.active?.id === run.id && run.status === 'running' ? { ...run, progress: { ...this.active.progress } } : run;
  }

  private runsDir(): string {
    return join(this.root, STATE_DIR, 'runs');
  }

  private swapsFile(id: string): string {
    // Every caller has checked the id (RUN_ID); this keeps the file in .verdict/runs/ whatever comes next.
    if (!RUN_ID.test(id)) throw new ApiError(400, 'bad-request', `${JSON.stringify(id)} is not a run id`);
    return join(this.runsDir(), `${id}.swaps.jsonl`);
  }
}

/** The swap lines of a run, written in input order as the engine hands them over. */
class SwapFile {
  private constructor(private readonly out: WriteStream) {
    out.on('error', () => undefined); // surfaced by write() and close()
  }

  static async open(path: string): Promise<SwapFile> {
    const out = createWriteStream(path, { flags: 'w' });
    await once(out, 'open');
    return new SwapFile(out);
  }

  async write(text: string): Promise<void> {
    if (this.out.errored) throw this.out.errored;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    if (!this.out.writableEnded) this.out.end();
    await finished(this.out);
  }
}

function headline(r: BacktestReport): RunHeadline {
  return {
    records: r.totals.records,
    flipped: r.swaps.flipped,
    flippedRate: r.swaps.flippedRate,
    approvalRate: { base: r.decisions.base.approvalRate, candidate: r.decisions.candidate.approvalRate },
    costPerApplicant: { base: r.cost.base.perApplicant, candidate: r.cost.candidate.perApplicant },
    badRateApproved: r.outcomes ? { base: r.outcomes.approved.base.badRate, candidate: r.outcomes.approved.candidate.badRate } : null,
  };
}

/** `20250102-030405-a1b2c3`: sortable, readable, and safe as a file name. */
function newRunId(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${randomBytes(3).toString('hex')}`;
}

function withoutDraft(side: RunSide): RunSide {
  const { draft: _draft, ...rest } = side;
  return rest;
}

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new ApiError(400, 'bad-request', `the body needs \`${name}\` as a non-empty string`);
  return value;
}

function optionalText(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'bad-request', `\`${name}\` is a string`);
  return value;
}

function sideRequest(value: unknown, which: string): SideRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ApiError(400, 'bad-request', `the body needs \`${which}\` as an object: { "version": N } or { "draft": "policy text" }, with optional "set" and "switch" lists`);
  const side = value as Record<string, unknown>;
  const hasVersion = side.version !== undefined && side.version !== null;
  const hasDraft = side.draft !== undefined && side.draft !== null;
  if (hasVersion === hasDraft) throw new ApiError(400, 'bad-request', `\`${which}\` takes exactly one of \`version\` (a saved version's number) and \`draft\` (a policy text)`);
  if (hasVersion && !(typeof side.version === 'number' && Number.isSafeInteger(side.version) && side.version >= 1))
    throw new ApiError(400, 'bad-request', `\`${which}.version\` is a saved version's number (1, 2, ...), not ${JSON.stringify(side.version)}`);
  if (hasDraft && typeof side.draft !== 'string') throw new ApiError(400, 'bad-request', `\`${which}.draft\` is the policy text, a string`);
  return {
    ...(hasVersion ? { version: side.version as number } : { draft: side.draft as string }),
    set: stringList(side.set, `${which}.set`),
    switch: stringList(side.switch, `${which}.switch`),
  };
}

export function stringList(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ApiError(400, 'bad-request', `\`${name}\` is a list of strings such as "min_age=21"`);
  return value as string[];
}
