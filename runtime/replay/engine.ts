// The backtest engine: streams the data once, spreads it over worker threads (a small file stays
// in the calling thread: `SMALL_TEXT_BYTES`), merges their partial aggregates and writes the report.
//
// Memory stays bounded whatever the input's size: the reader never runs more than
// MAX_IN_FLIGHT chunks ahead of each worker (it awaits a free slot before reading on), and a
// worker keeps only counts. JSONL and CSV go to the workers as raw bytes of whole lines or rows
// (transferred, not copied): the reading thread only finds where they end, the workers parse
// them. A Parquet file goes as ranges of its rows, each read by DuckDB in the worker that replays
// it; records read elsewhere go as JSON text of a batch.
// The report does not depend on the number of workers: every aggregate is an integer count, a
// map of counts or the smallest record positions (aggregate.ts), and swap lines are written in
// input order.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VerdictError } from '../errors.js';
import { decimalText, type DecisionGraph } from '../graph.js';
import type { Overrides } from '../overrides.js';
import { fieldKinds, type RecordItem } from '../data/records.js';
import { rowsIn, type RowRange } from '../data/duckdb.js';
import { emptyPartial, mergePartial, type Partial } from './aggregate.js';
import { csvChunks, jsonlChunks, SpareBuffers, type ChunkReading, type CsvPart, type JsonlChunk } from './chunks.js';
import { ReplayCore, type CoreInit } from './core.js';
import { finalizeReport } from './finalize.js';
import { buildPlan } from './plan.js';
import type { BacktestReport, PolicyInput } from './report.js';
import type { SweepSpec } from './sweep.js';
import { replayChunk, REPLAY_WORKER, type ChunkMessage, type FromWorker, type ToWorker, type WorkerData } from './worker.js';

export interface BacktestVersion {
  /** The policy file (or a label). */
  file: string;
  /** The policy text: its sha256 goes in the report. */
  text: string;
  graph: DecisionGraph;
  overrides: Overrides;
  /** The override strings as typed, for the report. */
  set?: string[];
  switch?: string[];
}

/** Where records come from. Exactly one of `chunks`, `csv`, `parquet` and `items`; `path` names the data in the report. */
export interface DataSource {
  path: string;
  format: string;
  /**
   * Raw JSONL as chunks of whole lines (see chunks.ts), read with `reading`: its `hash` takes every
   * byte read (the data's sha256), its `spare` holds the buffers of chunks already replayed.
   */
  chunks?: (reading: ChunkReading) => AsyncIterable<JsonlChunk>;
  /** Records read elsewhere (Parquet through DuckDB); the sha256 is taken by reading `path`. */
  items?: () => AsyncIterable<RecordItem>;
  /**
   * Raw CSV as chunks of whole rows (see chunks.ts), read in the workers; `kinds` types the cells
   * (records.ts: `fieldKinds`). The `hash` of `reading` takes every byte read (the data's sha256).
   */
  csv?: { chunks: (reading: ChunkReading) => AsyncIterable<CsvPart>; kinds: [string, string][] };
  /**
   * Parquet at `path`, read in the workers through DuckDB, a range of rows at a time (duckdb.ts:
   * `parquetRanges`, `readRecordsDuckdb`), its cells typed by the base version's graph. `cuts`:
   * the ranges a large row group is cut into (the workers that will read it, at least 1).
   */
  parquet?: { ranges: (cuts: number) => Promise<RowRange[]> };
}

export interface BacktestProgress {
  records: number;
  bytes: number;
  /** The data file's size, when known. */
  totalBytes?: number;
}

export interface BacktestOptions {
  base: BacktestVersion;
  candidate: BacktestVersion;
  data: DataSource;
  /** Worker threads; 0 runs in this thread. Default: the machine's cores, or 0 for a small file (`SMALL_TEXT_BYTES`, `SMALL_PARQUET_ROWS`). */
  workers?: number;
  /** `outcome.<label>` marks a bad applicant. Default `bad_30dpd`. */
  outcomeLabel?: string;
  sweep?: SweepSpec;
  /** Receives the swap lines (JSONL: flipped records with both traces), in input order. */
  swaps?: (text: string) => void | Promise<void>;
  onProgress?: (p: BacktestProgress) => void;
  /** Stops the run between chunks: the promise rejects with a `replay-cancelled` VerdictError. */
  signal?: AbortSignal;
}

/**
 * Under this size, a JSONL or CSV file is replayed in the calling thread unless `workers` says
 * otherwise: each worker starts a thread and compiles the replay anew (about half a second of CPU
 * before it runs at full speed), which a small file does not earn back, and the calling thread,
 * when it has replayed before (the studio's server), is compiled already. Measured through the
 * CLI on the 2-core machine: 60,000 applicants (95 MB) take 1.8–2.1 s in one thread and 2.5–2.8 s
 * on two workers; at 120,000 (190 MB) the two are even; at 200,000 the workers win (2.5 s
 * against 3.5 s).
 */
export const SMALL_TEXT_BYTES = 64 * 1024 * 1024;
/** The same for a Parquet file, in rows (about as many records as 64 MB of JSONL): 20,000 take 2.2 s in one thread, 2.5–2.7 s on two workers. */
export const SMALL_PARQUET_ROWS = 40_000;

/** Chunks a reader may run ahead of each worker. */
const MAX_IN_FLIGHT = 2;
/** How long a worker asked to stop may take before it is terminated. */
const STOP_GRACE_MS = 30_000;
/** Records per batch when records (not bytes) are shipped. */
const ITEM_BATCH = 2000;

/** A data file as a source: JSONL and CSV as raw chunks, read in the workers. */
export function fileSource(path: string, format: 'jsonl' | 'csv', graph?: DecisionGraph, chunkBytes?: number): DataSource {
  return format === 'jsonl'
    ? { path, format, chunks: (reading) => jsonlChunks(path, chunkBytes, reading) }
    : { path, format, csv: { chunks: (reading) => csvChunks(path, chunkBytes, reading), kinds: graph ? [...fieldKinds(graph)] : [] } };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function policyInput(v: BacktestVersion): PolicyInput {
  const p = v.graph.policy;
  return {
    file: v.file,
    policyId: p.id,
    ...(p.title !== undefined ? { title: p.title } : {}),
    ...(p.version !== undefined ? { version: p.version } : {}),
    sha256: sha256(v.text),
    set: v.set ?? [],
    switch: v.switch ?? [],
    overrides: { params: { ...v.overrides.params }, switches: { ...v.overrides.switches } },
  };
}

export async function runBacktest(opts: BacktestOptions): Promise<BacktestReport> {
  const init: CoreInit = {
    versions: [
      { graph: opts.base.graph, overrides: opts.base.overrides },
      { graph: opts.candidate.graph, overrides: opts.candidate.overrides },
    ],
    outcomeLabel: opts.outcomeLabel ?? 'bad_30dpd',
    ...(opts.sweep ? { sweep: { param: opts.sweep.param, values: opts.sweep.values } } : {}),
    swaps: !!opts.swaps,
    ...(opts.data.csv ? { csvKinds: opts.data.csv.kinds } : {}),
  };
  const data = opts.data;
  if ([data.chunks, data.items, data.csv, data.parquet].filter((x) => x !== undefined).length !== 1) throw new VerdictError('replay-source', 'a data source gives one of chunks, csv, parquet or items');
  const totalBytes = await stat(data.path).then(
    (s) => s.size,
    () => undefined,
  );

  // A Parquet file's ranges first: an unreadable file fails here, with DuckDB's reason, before any worker starts.
  const ranges = data.parquet ? await data.parquet.ranges(Math.max(1, opts.workers ?? availableParallelism())) : [];
  const rows = rowsIn(ranges);
  const small = data.parquet ? rows < SMALL_PARQUET_ROWS : (data.chunks || data.csv) && totalBytes !== undefined && totalBytes < SMALL_TEXT_BYTES;
  const workers = opts.workers ?? (small ? 0 : availableParallelism());
  const spare = new SpareBuffers();
  const runner: Runner = workers > 0 ? new Pool(workers, workerEntry(), init, spare) : new Local(init);

  // Swap lines come back per chunk, in any order; they are written in chunk order.
  const pendingSwaps = new Map<number, string>();
  let nextSwap = 0;
  let swapWrite: Promise<void> = Promise.resolve();
  const flushSwaps = () => {
    while (pendingSwaps.has(nextSwap)) {
      const text = pendingSwaps.get(nextSwap)!;
      pendingSwaps.delete(nextSwap++);
      if (text && opts.swaps) {
        const sink = opts.swaps;
        swapWrite = swapWrite.then(() => sink(text));
        // Awaited between chunks and at the end, where a failed write fails the backtest; marked
        // handled here so that a write failing while the loop awaits something else is not an
        // unhandled rejection that ends the process.
        swapWrite.catch(() => {});
      }
    }
  };
  let done = { records: 0, bytes: 0 };
  runner.onDone = (seq, records, swaps, bytes) => {
    pendingSwaps.set(seq, swaps);
    flushSwaps();
    done = { records: done.records + records, bytes: done.bytes + bytes };
    opts.onProgress?.({ ...done, totalBytes });
  };

  let expected = 0;
  let seq = 0;
  let dataHash: Promise<string>;
  let partial: Partial;
  const cancelled = () => new VerdictError('replay-cancelled', 'the backtest was cancelled');
  const checkCancel = () => {
    if (opts.signal?.aborted) throw cancelled();
  };
  // A cancel stops the workers at once (a Parquet range can take seconds), not only between chunks.
  const onAbort = () => runner.cancel(cancelled());
  opts.signal?.addEventListener('abort', onAbort);
  try {
    checkCancel();
    if (data.chunks) {
      const h = createHash('sha256');
      for await (const chunk of data.chunks({ spare, hash: h })) {
        checkCancel();
        expected += chunk.records;
        if (chunk.tooLong) {
          // A line too long to become a text: that record's error, as `run` says it.
          const item: RecordItem = { index: chunk.firstIndex, line: chunk.firstLine, unreadable: chunk.tooLong.unreadable };
          await runner.send({ type: 'items', seq: seq++, json: JSON.stringify([item]) }, chunk.tooLong.letGo);
        } else await runner.send({ type: 'jsonl', seq: seq++, bytes: chunk.bytes, firstIndex: chunk.firstIndex, firstLine: chunk.firstLine }, chunk.bytes.byteLength, chunk.bytes);
        await swapWrite;
      }
      dataHash = Promise.resolve(h.digest('hex'));
    } else if (data.csv) {
      const h = createHash('sha256');
      for await (const part of data.csv.chunks({ hash: h })) {
        checkCancel();
        if ('chunk' in part) {
          expected += part.chunk.records;
          const c = part.chunk;
          await runner.send({ type: 'csv', seq: seq++, bytes: c.bytes, header: c.header, firstIndex: c.firstIndex, firstLine: c.firstLine }, c.bytes.byteLength, c.bytes);
        } else {
          expected += 1;
          await runner.send({ type: 'items', seq: seq++, json: JSON.stringify([part.item]) }, 0);
        }
        await swapWrite;
      }
      dataHash = Promise.resolve(h.digest('hex'));
    } else if (data.parquet) {
      dataHash = hashFile(data.path);
      dataHash.catch(() => {});
      // Progress in bytes: each range stands for its share of the file's rows.
      for (const range of ranges) {
        checkCancel();
        expected += range.end - range.start;
        const bytes = totalBytes && rows ? Math.round((totalBytes * range.end) / rows) - Math.round((totalBytes * range.start) / rows) : 0;
        await runner.send({ type: 'parquet', seq: seq++, path: data.path, start: range.start, end: range.end }, bytes);
        await swapWrite;
      }
    } else {
      dataHash = hashFile(data.path);
      dataHash.catch(() => {});
      let batch: RecordItem[] = [];
      const send = async () => {
        checkCancel();
        expected += batch.length;
        await runner.send({ type: 'items', seq: seq++, json: JSON.stringify(batch) }, 0);
        batch = [];
        await swapWrite;
      };
      for await (const item of data.items!()) {
        batch.push(item);
        if (batch.length >= ITEM_BATCH) await send();
      }
      if (batch.length) await send();
    }
    checkCancel();
    partial = await runner.finish();
  } catch (e) {
    await runner.abort();
    throw e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  await swapWrite;
  if (partial.records !== expected) throw new VerdictError('replay-reconcile', `${expected} records read, ${partial.records} replayed`);

  const [pb, pc] = [buildPlan(opts.base.graph, opts.base.overrides), buildPlan(opts.candidate.graph, opts.candidate.overrides)];
  return finalizeReport(partial, {
    inputs: {
      base: policyInput(opts.base),
      candidate: policyInput(opts.candidate),
      data: { path: data.path, format: data.format, bytes: totalBytes ?? 0, sha256: await dataHash },
      workers,
      outcomeLabel: init.outcomeLabel,
    },
    plans: [pb, pc],
    ...(opts.sweep ? { sweep: { ...opts.sweep, ...currentValue(opts.candidate, opts.sweep.param) } } : {}),
  });
}

/** A version's own value of a numeric param (its override, else the policy's default), as `{ current }`. */
function currentValue(v: BacktestVersion, param: string): { current?: string } {
  const current = decimalText(Object.hasOwn(v.overrides.params, param) ? v.overrides.params[param] : v.graph.params.find((p) => p.id === param)?.default);
  return current !== undefined ? { current } : {};
}

// ---------------------------------------------------------------------------------------------
// Runners: in this thread, or a pool of worker threads

interface Runner {
  onDone: (seq: number, records: number, swaps: string, bytes: number) => void;
  /**
   * Replays a chunk, once there is room for it: `bytes` is its share of the file (for progress),
   * `transfer` the bytes a worker takes over (they are detached here).
   */
  send(m: ChunkMessage, bytes: number, transfer?: Uint8Array): Promise<void>;
  finish(): Promise<Partial>;
  /** Stops the work under way as soon as it can; what awaits the runner then throws `e`. */
  cancel(e: Error): void;
  /** Stops the runner for good (its workers finish what they read, close it and exit). */
  abort(): Promise<void>;
}

class Local implements Runner {
  onDone: Runner['onDone'] = () => {};
  private readonly core: ReplayCore;
  private readonly graph: DecisionGraph;
  private stopped = false;

  constructor(init: CoreInit) {
    this.core = new ReplayCore(init);
    this.graph = init.versions[0].graph;
  }

  cancel(): void {
    this.stopped = true;
  }

  async send(m: ChunkMessage, bytes: number): Promise<void> {
    const before = this.core.records;
    const swaps = await replayChunk(this.core, this.graph, m, () => this.stopped);
    this.onDone(m.seq, this.core.records - before, swaps, bytes);
  }

  async finish(): Promise<Partial> {
    return this.core.partial;
  }

  async abort(): Promise<void> {}
}

interface Slot {
  worker: Worker;
  /** The worker's thread has ended. */
  exited: boolean;
  inFlight: number;
  /** Bytes of each chunk in flight, by sequence number (for progress). */
  bytes: Map<number, number>;
}

class Pool implements Runner {
  onDone: Runner['onDone'] = () => {};
  private readonly slots: Slot[];
  private waiting: (() => void)[] = [];
  private failure: Error | undefined;
  private partials: (Partial | undefined)[];
  private finishing: ((p: Partial) => void) | undefined;
  private stopping = false;
  private rejectFinish: ((e: Error) => void) | undefined;

  constructor(
    size: number,
    entry: WorkerEntry,
    init: CoreInit,
    /** Where the buffers of replayed chunks go back to (their workers hand them back). */
    private readonly spare: SpareBuffers,
  ) {
    this.partials = new Array(size).fill(undefined);
    this.slots = Array.from({ length: size }, (_, i) => {
      const data: WorkerData = { kind: REPLAY_WORKER, init };
      // A young generation larger than V8's default: a replay allocates many short-lived values per
      // record, and fewer scavenges save a few percent of its time (measured: `npm run bench -- backtest`).
      const worker = new Worker(entry.url, { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: 32 }, ...(entry.eval ? { eval: true } : {}) });
      const slot: Slot = { worker, exited: false, inFlight: 0, bytes: new Map() };
      worker.on('message', (m: FromWorker) => this.message(i, m));
      worker.on('error', (e) => this.fail(e));
      worker.on('exit', (code) => {
        slot.exited = true;
        if (code !== 0 && !this.stopping && this.partials[i] === undefined) this.fail(new Error(`replay worker ${i} stopped (exit code ${code})`));
      });
      return slot;
    });
  }

  private message(i: number, m: FromWorker): void {
    const slot = this.slots[i];
    if (m.type === 'done') {
      slot.inFlight--;
      const bytes = slot.bytes.get(m.seq) ?? 0;
      slot.bytes.delete(m.seq);
      if (m.spare) this.spare.put(m.spare);
      this.onDone(m.seq, m.records, m.swaps, bytes);
      this.wake();
    } else if (m.type === 'partial') {
      this.partials[i] = m.partial;
      if (this.partials.every((p) => p !== undefined) && this.finishing) {
        // Merged in worker order into an empty partial: sums and smallest-k lists do not care.
        const merged = this.partials.reduce((a, b) => mergePartial(a, b!), emptyPartialLike(this.partials[0]!));
        this.finishing(merged);
      }
    } else {
      // A user's mistake found in a worker (a Parquet file DuckDB cannot read) keeps its code and words.
      const e = m.code !== undefined ? new VerdictError(m.code, m.message) : new VerdictError('replay-worker', `replay worker failed: ${m.message}`);
      if (m.stack && m.code === undefined) e.stack = m.stack;
      this.fail(e);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.rejectFinish?.(this.failure);
    this.wake();
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const f of w) f();
  }

  /** The slot with the fewest chunks in flight, once one is below the limit. */
  private async slot(): Promise<Slot> {
    for (;;) {
      if (this.failure) throw this.failure;
      let best: Slot | undefined;
      for (const s of this.slots) if (s.inFlight < MAX_IN_FLIGHT && (!best || s.inFlight < best.inFlight)) best = s;
      if (best) return best;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  async send(m: ChunkMessage, bytes: number, transfer?: Uint8Array): Promise<void> {
    const slot = await this.slot();
    slot.inFlight++;
    slot.bytes.set(m.seq, bytes);
    slot.worker.postMessage(m satisfies ToWorker, transfer ? [transfer.buffer as ArrayBuffer] : []);
  }

  async finish(): Promise<Partial> {
    while (this.slots.some((s) => s.inFlight > 0)) {
      if (this.failure) break;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (this.failure) {
      await this.abort();
      throw this.failure;
    }
    const merged = await new Promise<Partial>((resolve, reject) => {
      this.finishing = resolve;
      this.rejectFinish = reject;
      for (const s of this.slots) s.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    });
    // The report does not wait for the threads to end (some 30 ms): they have nothing left to do,
    // and the process, or the studio's server, outlives them.
    void this.abort();
    return merged;
  }

  cancel(e: Error): void {
    this.fail(e);
  }

  /**
   * Each worker is asked to stop: it leaves the range it reads (DuckDB closed first), and its
   * thread ends on its own. Terminating a thread while a native DuckDB call of it is under way
   * would abort the whole process; a worker that has not ended after STOP_GRACE_MS is terminated.
   */
  async abort(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.exited) return resolve();
            const timer = setTimeout(() => void s.worker.terminate().then(() => resolve()), STOP_GRACE_MS);
            s.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            s.worker.postMessage({ type: 'stop' } satisfies ToWorker);
          }),
      ),
    );
  }
}

function emptyPartialLike(p: Partial): Partial {
  return emptyPartial({
    rules: [p.versions[0].ruleReached.length, p.versions[1].ruleReached.length],
    sets: [p.versions[0].setReached.length, p.versions[1].setReached.length],
    sources: [p.versions[0].sourceCalls.length, p.versions[1].sourceCalls.length],
    sweepValues: p.sweep.length,
  });
}

// ---------------------------------------------------------------------------------------------
// Where the worker's code is

interface WorkerEntry {
  url: URL | string;
  eval?: boolean;
}

/**
 * Where workers start: on the replay workers' own bundle when it sits beside this module (the
 * bundled CLI: scripts/build-cli.mjs builds both), else on this very module (it imports worker.ts,
 * which serves when started as a replay worker): the bundled CLI without its sibling, or engine.js
 * beside worker.js. From TypeScript source (tests, tsx scripts) the worker first registers tsx,
 * then imports engine.ts.
 */
function workerEntry(): WorkerEntry {
  const here = new URL(import.meta.url);
  if (!here.pathname.endsWith('.ts')) {
    const own = new URL('replay-worker.mjs', here);
    return { url: here.pathname.endsWith('.mjs') && own.href !== here.href && existsSync(own) ? own : here };
  }
  const require = createRequire(here);
  const api = pathToFileURL(require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs')).href;
  return { url: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(here.href)}); });`, eval: true };
}
