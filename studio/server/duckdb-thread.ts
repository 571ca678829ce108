// DuckDB on its own thread. Loading its native library takes half a second or more of synchronous work;
// on the main thread that would stall every HTTP request of the page's first load. The thread runs one
// statement at a time, in the order they arrive.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type SqlValue = string | number | boolean | null;
export type Row = Record<string, unknown>;

type Reply = { id: number; rows?: Row[]; error?: string };

// Plain CommonJS evaluated by the worker: a source string rather than a file, so that the CLI bundle
// (one file) carries it without a second entry point. It only executes what the main thread sends.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let connection, instance;
let queue = (async () => {
  const { DuckDBInstance } = require(workerData.modulePath);
  instance = await DuckDBInstance.create(workerData.file);
  connection = await instance.connect();
})();
queue.then(() => parentPort.postMessage({ id: -1 }), (e) => parentPort.postMessage({ id: -1, error: String(e && e.message || e) }));
parentPort.on('message', ({ id, sql, params, close }) => {
  queue = queue.then(async () => {
    if (close) {
      try { await connection.run('CHECKPOINT'); } finally { connection.closeSync(); instance.closeSync(); }
      parentPort.postMessage({ id, rows: [] });
      return;
    }
    const result = await connection.runAndReadAll(sql, params);
    parentPort.postMessage({ id, rows: result.getRowObjectsJS() });
  }).catch((e) => parentPort.postMessage({ id, error: String(e && e.message || e) }));
});
`;

export class DuckDBThread {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (e: Error) => void }>();
  private exited: Error | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.error !== undefined) waiting.reject(new Error(reply.error));
      else waiting.resolve(reply.rows ?? []);
    });
    const fail = (e: Error) => {
      this.exited = e;
      for (const waiting of this.pending.values()) waiting.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the DuckDB thread exited (code ${code})`)));
  }

  /** Starts the thread and opens the database file; rejects with DuckDB's own message (a lock held by another process, say). */
  static async open(file: string): Promise<DuckDBThread> {
    // Resolved here, where module resolution knows the package (the bundle defines `require` for this).
    const modulePath = createRequire(import.meta.url).resolve('@duckdb/node-api');
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { modulePath, file } });
    const thread = new DuckDBThread(worker);
    try {
      await thread.expect(-1);
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    return thread;
  }

  private expect(id: number): Promise<Row[]> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  query(sql: string, params: Record<string, SqlValue> = {}): Promise<Row[]> {
    const id = this.nextId++;
    const reply = this.expect(id);
    if (!this.exited) this.worker.postMessage({ id, sql, params });
    return reply;
  }

  /** Checkpoints and closes the database after the statements already sent, then ends the thread. */
  async close(): Promise<void> {
    const id = this.nextId++;
    const reply = this.expect(id);
    if (!this.exited) this.worker.postMessage({ id, close: true });
    try {
      await reply;
    } finally {
      await this.worker.terminate();
    }
  }
}
