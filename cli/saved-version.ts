// `FILE@N` on the command line: version N of FILE as saved by the studio, read from the workspace's
// `.verdict/studio.duckdb` (the workspace being the nearest folder up from FILE that has a `.verdict/`).
// The studio keys versions by the policy's workspace-relative path, so that is what is looked up.

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './args.js';

export interface SavedVersionRef {
  /** The policy file as written before the `@`. */
  file: string;
  number: number;
}

const STATE_DIR = '.verdict';
const DB_NAME = 'studio.duckdb';

/**
 * `FILE@N` → the file and the number; undefined for a plain file name (and for a file that really is
 * named `x.policy@3`, which exists).
 */
export function parseSavedRef(arg: string): SavedVersionRef | undefined {
  const m = /^(.+)@(\d+)$/.exec(arg);
  if (!m || existsSync(arg)) return undefined;
  const number = Number(m[2]);
  if (!Number.isSafeInteger(number) || number < 1) throw new UsageError(`${arg}: saved versions are numbered from 1`);
  return { file: m[1], number };
}

/** The folder that holds the versions of `file`: the nearest one up with a `.verdict/` folder. */
export function workspaceOf(file: string): string | undefined {
  let dir = dirname(resolve(file));
  for (;;) {
    const state = join(dir, STATE_DIR);
    if (existsSync(state) && statSync(state).isDirectory()) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The text of a saved version; a user-facing error when there is no workspace, no database or no such version. */
export async function readSavedVersion(ref: SavedVersionRef): Promise<string> {
  const shown = `${ref.file}@${ref.number}`;
  const root = workspaceOf(ref.file);
  if (!root) throw new UsageError(`${shown}: no saved versions: no folder above ${ref.file} has a ${STATE_DIR}/ (versions are saved by \`verdict studio\`)`);
  const db = join(root, STATE_DIR, DB_NAME);
  if (!existsSync(db)) throw new UsageError(`${shown}: no saved versions: ${db} does not exist (versions are saved by \`verdict studio\`)`);
  const key = relative(root, resolve(ref.file)).split(sep).join('/');

  const rows = await withDatabase(db, shown, async (query) => {
    const tables = await query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'versions'`, {});
    if (Number(tables[0]?.n ?? 0) === 0) return [];
    return query(`SELECT number, text FROM versions WHERE policy = $policy ORDER BY number`, { policy: key });
  });
  const found = rows.find((r) => Number(r.number) === ref.number);
  if (found) return String(found.text);
  const numbers = rows.map((r) => Number(r.number));
  const have = numbers.length === 0 ? 'it has no saved versions' : `its saved versions are ${numbers.length === 1 ? numbers[0] : `${numbers[0]} to ${numbers[numbers.length - 1]}`}`;
  throw new UsageError(`${shown}: ${key} has no saved version ${ref.number} in ${db} (${have})`);
}

type Query = (sql: string, params: Record<string, string | number>) => Promise<Record<string, unknown>[]>;

/**
 * Opens the studio's database read-only. A running studio holds the file's write lock, and DuckDB
 * then refuses even readers from other processes: read a copy instead (versions are immutable, so a
 * copy taken now holds every version saved so far; its write-ahead log comes along).
 */
async function withDatabase<T>(db: string, shown: string, work: (query: Query) => Promise<T>): Promise<T> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const run = async (file: string, readOnly: boolean): Promise<T> => {
    const instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
    const connection = await instance.connect();
    try {
      return await work(async (sql, params) => (await connection.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  };
  try {
    return await run(db, true);
  } catch (e) {
    if (!/lock/i.test((e as Error).message)) throw new UsageError(`${shown}: cannot read the saved versions in ${db}: ${firstLine(e)}`);
  }
  const temp = await mkdtemp(join(tmpdir(), 'verdict-versions-'));
  try {
    const copy = join(temp, DB_NAME);
    await copyFile(db, copy);
    if (existsSync(`${db}.wal`)) await copyFile(`${db}.wal`, `${copy}.wal`);
    return await run(copy, false);
  } catch (e) {
    throw new UsageError(`${shown}: cannot read the saved versions in ${db} (it is in use, probably by \`verdict studio\`): ${firstLine(e)}`);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

const firstLine = (e: unknown): string => String((e as Error)?.message ?? e).split('\n')[0];
