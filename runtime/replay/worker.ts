// A replay worker thread: one ReplayCore fed with chunks by the engine (engine.ts). Messages in:
// `jsonl` (raw bytes of whole lines, transferred), `items` (JSON text of RecordItem[]), `finish`.
// Messages out: `done` per chunk (with its swap lines), then `partial` after `finish`, or `error`.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ReplayCore, type CoreInit } from './core.js';

export type ToWorker =
  | { type: 'jsonl'; seq: number; bytes: Uint8Array; firstIndex: number; firstLine: number }
  | { type: 'csv'; seq: number; bytes: Uint8Array; header: string; firstIndex: number; firstLine: number }
  | { type: 'items'; seq: number; json: string }
  | { type: 'finish' };

export type FromWorker =
  | { type: 'done'; seq: number; records: number; swaps: string }
  | { type: 'partial'; partial: ReplayCore['partial'] }
  | { type: 'error'; message: string; stack?: string };

/** Marks the engine's workers in `workerData`: the module that starts them may start other workers too. */
export const REPLAY_WORKER = 'verdict.replay';

export interface WorkerData {
  kind: typeof REPLAY_WORKER;
  init: CoreInit;
}

function serve(data: WorkerData): void {
  const port = parentPort!;
  let core: ReplayCore | undefined;
  const fail = (e: unknown) => port.postMessage({ type: 'error', message: (e as Error).message ?? String(e), stack: (e as Error).stack } satisfies FromWorker);
  try {
    core = new ReplayCore(data.init);
  } catch (e) {
    fail(e);
  }
  port.on('message', (m: ToWorker) => {
    if (!core) return;
    try {
      if (m.type === 'finish') {
        port.postMessage({ type: 'partial', partial: core.partial } satisfies FromWorker);
        return;
      }
      const before = core.records;
      const swaps =
        m.type === 'jsonl' ? core.jsonlBytes(m.bytes, m.firstIndex, m.firstLine) : m.type === 'csv' ? core.csv(m.bytes, m.header, m.firstIndex, m.firstLine) : core.items(m.json);
      port.postMessage({ type: 'done', seq: m.seq, records: core.records - before, swaps } satisfies FromWorker);
    } catch (e) {
      fail(e);
    }
  });
}

// The engine starts its workers on the module that holds it (engine.ts, or the bundled CLI), which
// imports this one: the worker serves when it finds its mark, and stays inert everywhere else.
if (!isMainThread && (workerData as WorkerData | undefined)?.kind === REPLAY_WORKER) serve(workerData as WorkerData);
