// Saved versions of policies, immutable, in an embedded DuckDB database inside the workspace.
// One connection, on its own thread, used by one statement at a time: the numbering (1 + last for the
// policy) is read and written inside one statement, and statements never interleave, so numbers are
// never duplicated.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBThread } from './duckdb-thread.js';
import { ApiError } from './errors.js';
import { STATE_DIR } from './paths.js';
import { sha256 } from './workspace.js';

export interface Version {
  policy: string;
  number: number;
  hash: string;
  message: string;
  /** ISO 8601, UTC, millisecond precision. */
  createdAt: string;
}

export interface VersionWithText extends Version {
  text: string;
}

/** Bumped when the tables change; a database written by a newer Verdict is refused rather than misread. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
  policy     VARCHAR   NOT NULL,
  number     INTEGER   NOT NULL CHECK (number >= 1),
  text       VARCHAR   NOT NULL,
  hash       VARCHAR   NOT NULL,
  message    VARCHAR   NOT NULL,
  created_at TIMESTAMP NOT NULL, -- UTC
  PRIMARY KEY (policy, number)
);
INSERT INTO meta VALUES ('schema', '${SCHEMA_VERSION}') ON CONFLICT DO NOTHING;
`;

const COLUMNS = `policy, number, hash, message, epoch_ms(created_at) AS created_ms`;

/** Two DuckDB instances on one file in one process would each think they own it. */
const openFiles = new Set<string>();

type VersionRow = { policy: string; number: number; hash: string; message: string; created_ms: bigint; text?: string };

export class VersionStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly file: string,
    /** The workspace database's one thread; the runs store (runs-store.ts) keeps its table there too. */
    readonly db: DuckDBThread,
  ) {}

  /** Opens (creating when needed) `<workspace>/.verdict/studio.duckdb`, with a `.gitignore` that keeps the folder out of git. */
  static async open(workspaceRoot: string): Promise<VersionStore> {
    const dir = join(workspaceRoot, STATE_DIR);
    const file = join(dir, 'studio.duckdb');
    if (openFiles.has(file)) throw new Error(`${file} is already open in this process`);
    openFiles.add(file);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, '.gitignore'), '*\n', { flag: 'w' });
      let db: DuckDBThread;
      try {
        db = await DuckDBThread.open(file);
      } catch (e) {
        const message = (e as Error).message;
        const pid = /PID (\d+)/.exec(message)?.[1];
        if (/lock/i.test(message)) throw new Error(`the versions database ${file} is in use by another process${pid ? ` (PID ${pid})` : ''}: is another \`verdict studio\` running on this folder?`);
        throw e;
      }
      try {
        await db.query(SCHEMA);
        const rows = await db.query(`SELECT value FROM meta WHERE key = 'schema'`);
        const found = Number(rows[0]?.value);
        if (found > SCHEMA_VERSION) throw new Error(`${file} was written by a newer Verdict (schema ${found}; this one reads ${SCHEMA_VERSION})`);
      } catch (e) {
        await db.close();
        throw e;
      }
      return new VersionStore(file, db);
    } catch (e) {
      openFiles.delete(file);
      throw e;
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.closed) throw new ApiError(503, 'closed', 'the studio is shutting down');
      return work();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  save(policy: string, text: string, message: string): Promise<Version> {
    return this.exclusive(async () => {
      const rows = await this.db.query(
        `INSERT INTO versions
         SELECT $policy, coalesce(max(number), 0) + 1, $text, $hash, $message, epoch_ms($ms::BIGINT)
         FROM versions WHERE policy = $policy
         RETURNING ${COLUMNS}`,
        { policy, text, hash: sha256(text), message, ms: Date.now() },
      );
      return toVersion(rows[0] as VersionRow);
    });
  }

  /** Newest first. */
  list(policy: string): Promise<Version[]> {
    return this.exclusive(async () => {
      const rows = await this.db.query(`SELECT ${COLUMNS} FROM versions WHERE policy = $policy ORDER BY number DESC`, { policy });
      return (rows as VersionRow[]).map(toVersion);
    });
  }

  get(policy: string, number: number): Promise<VersionWithText | undefined> {
    return this.exclusive(async () => {
      const [row] = (await this.db.query(`SELECT ${COLUMNS}, text FROM versions WHERE policy = $policy AND number = $number`, { policy, number })) as VersionRow[];
      return row && { ...toVersion(row), text: row.text as string };
    });
  }

  /** Waits for the query in flight, then checkpoints and closes; later calls are refused. */
  close(): Promise<void> {
    this.closing ??= this.exclusive(async () => {
      this.closed = true;
      try {
        await this.db.close();
      } finally {
        openFiles.delete(this.file);
      }
    });
    return this.closing;
  }
}

function toVersion(row: VersionRow): Version {
  return { policy: row.policy, number: Number(row.number), hash: row.hash, message: row.message, createdAt: new Date(Number(row.created_ms)).toISOString() };
}
