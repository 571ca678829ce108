// A replay worker thread: one ReplayCore fed with chunks by the engine (engine.ts). Messages in:
// `jsonl` (raw bytes of whole lines, transferred), `csv` (raw bytes of whole rows), `items` (JSON
// text of RecordItem[]), `parquet` (a range of a Parquet file's rows, read here), `finish`; taken
// one at a time, in the order they came (a Parquet range is read asynchronously). Messages out:
// `done` per chunk (with its swap lines), then `partial` after `finish`, or `error`.

import { setPriority } from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { VerdictError } from '../errors.js';
import type { DecisionGraph } from '../graph.js';
import { ReplayCore, type CoreInit } from './core.js';
import { readParquetRange } from './parquet.js';

/** A chunk of records to replay, by the engine's sequence number. */
export type ChunkMessage =
  | { type: 'jsonl'; seq: number; bytes: Uint8Array; firstIndex: number; firstLine: number }
  | { type: 'csv'; seq: number; bytes: Uint8Array; header: string; firstIndex: number; firstLine: number }
  | { type: 'items'; seq: number; json: string }
  | { type: 'parquet'; seq: number; path: string; start: number; end: number };

export type ToWorker =
  | ChunkMessage
  | { type: 'finish' }
  /** Taken at once: the work under way ends early, nothing more is taken, and the thread ends. */
  | { type: 'stop' };

export type FromWorker =
  /** `spare`: the chunk's buffer, handed back for the reader to fill again (engine.ts: `SpareBuffers`). */
  | { type: 'done'; seq: number; records: number; swaps: string; spare?: ArrayBuffer }
  | { type: 'partial'; partial: ReplayCore['partial'] }
  /** `code`: a VerdictError's (a user's mistake, said as it is); none for a fault. */
  | { type: 'error'; message: string; stack?: string; code?: string };

/** Marks the engine's workers in `workerData`: the module that starts them may start other workers too. */
export const REPLAY_WORKER = 'verdict.replay';

export interface WorkerData {
  kind: typeof REPLAY_WORKER;
  init: CoreInit;
}

/**
 * Replays one chunk into `core` (in a worker, or in the engine's thread with no workers): its swap
 * lines. `graph` types a Parquet range's cells; `stop` ends a Parquet range early.
 */
export async function replayChunk(core: ReplayCore, graph: DecisionGraph, m: ChunkMessage, stop: () => boolean): Promise<string> {
  switch (m.type) {
    case 'jsonl':
      return core.jsonlBytes(m.bytes, m.firstIndex, m.firstLine);
    case 'csv':
      return core.csv(m.bytes, m.header, m.firstIndex, m.firstLine);
    case 'items':
      return core.items(m.json);
    case 'parquet':
      return readParquetRange(core, graph, m.path, { start: m.start, end: m.end }, stop);
  }
}

/**
 * How much lower a replay worker runs than the rest of the process (`setpriority` niceness). A
 * worker's first few thousand records run in V8's slow tiers until its optimizing compiler, on
 * V8's own threads, has compiled the replay; on a machine whose cores the workers fill, those
 * threads (and the thread that reads and hashes the data) wait for CPU behind the workers, and the
 * slow phase drags on. Lower, the workers yield to them: measured on the 2-core machine, 1,000,000
 * JSONL applicants took 5-8% less wall and CPU time (`npm run bench -- backtest`, alternating runs).
 * It also keeps the studio's server thread responsive while a backtest runs. On Linux this is the
 * worker's thread alone; elsewhere it may be the whole process, which only makes it yield.
 */
export const WORKER_NICENESS = 10;

function serve(data: WorkerData): void {
  try {
    setPriority(WORKER_NICENESS);
  } catch {
    // Not allowed here (a sandbox): the worker runs at the process's priority, as fast, if later to warm up.
  }
  const port = parentPort!;
  let core: ReplayCore | undefined;
  const fail = (e: unknown) =>
    port.postMessage({ type: 'error', message: (e as Error).message ?? String(e), stack: (e as Error).stack, ...(e instanceof VerdictError ? { code: e.code } : {}) } satisfies FromWorker);
  try {
    core = new ReplayCore(data.init);
  } catch (e) {
    fail(e);
  }
  let stopping = false;
  const take = async (m: Exclude<ToWorker, { type: 'stop' }>, core: ReplayCore) => {
    if (stopping) return;
    if (m.type === 'finish') {
      port.postMessage({ type: 'partial', partial: core.partial } satisfies FromWorker);
      return;
    }
    const before = core.records;
    const swaps = await replayChunk(core, data.init.versions[0].graph, m, () => stopping);
    // The bytes of a chunk go back once read: nothing here keeps them past the chunk.
    const spare = m.type === 'jsonl' ? (m.bytes.buffer as ArrayBuffer) : undefined;
    port.postMessage({ type: 'done', seq: m.seq, records: core.records - before, swaps, ...(spare ? { spare } : {}) } satisfies FromWorker, spare ? [spare] : []);
  };
  // One message at a time, in order: a record's position decides which examples a worker keeps.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') {
      // Once the work under way has let go of its reader, nothing is left to run here.
      stopping = true;
      void queue.finally(() => port.close());
      return;
    }
    if (!core) return;
    const c = core;
    queue = queue.then(() => take(m, c)).catch(fail);
  });
}

// The engine starts its workers on the module that holds it (engine.ts, or the bundled CLI), which
// imports this one: the worker serves when it finds its mark, and stays inert everywhere else.
if (!isMainThread && (workerData as WorkerData | undefined)?.kind === REPLAY_WORKER) serve(workerData as WorkerData);
