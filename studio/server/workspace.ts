// The workspace folder as the API sees it: its policies and datasets, reading files, writing policies.

import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ApiError } from './errors.js';
import { isServed, pathProblem, resolveInWorkspace, STATE_DIR, type Resolved } from './paths.js';

export type DatasetFormat = 'jsonl' | 'csv' | 'parquet' | 'json';

export interface WorkspaceListing {
  name: string;
  policies: { path: string; size: number; mtime: string }[];
  datasets: { path: string; size: number; format: DatasetFormat }[];
}

const DATASET_FORMATS: Record<string, DatasetFormat> = { jsonl: 'jsonl', csv: 'csv', parquet: 'parquet' };
/** A bound on a pathological tree (a workspace pointed at a home folder by mistake). */
const MAX_ENTRIES = 20_000;
/** Text larger than this is not something the editor should load. */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Only policies and their layout sidecars may be written; everything else in the workspace is read-only. */
export const isWritable = (rel: string): boolean => rel.endsWith('.policy') || rel.endsWith('.layout.json');

export async function listWorkspace(root: string): Promise<WorkspaceListing> {
  const listing: WorkspaceListing = { name: basename(root), policies: [], datasets: [] };
  let seen = 0;
  async function walk(dir: string, prefix: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // a folder we may not read is simply not part of the listing
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      const rel = prefix + entry.name;
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === STATE_DIR) continue;
        await walk(abs, `${rel}/`);
        continue;
      }
      const ext = entry.name.slice(entry.name.lastIndexOf('.') + 1);
      const isPolicy = entry.name.endsWith('.policy');
      const format = DATASET_FORMATS[ext];
      if (!isPolicy && !format) continue;
      let info;
      try {
        // Symlinked folders are not walked (no loops); a symlinked file counts only when it stays inside (and out of .verdict/).
        if (entry.isSymbolicLink() && !isServed(root, await realpath(abs))) continue;
        info = await stat(abs);
      } catch {
        continue;
      }
      if (!info.isFile()) continue;
      if (isPolicy) listing.policies.push({ path: rel, size: info.size, mtime: info.mtime.toISOString() });
      else listing.datasets.push({ path: rel, size: info.size, format: format as DatasetFormat });
    }
  }
  await walk(root, '');
  return listing;
}

export async function readWorkspaceFile(root: string, path: string): Promise<{ path: string; text: string; hash: string }> {
  const file = await resolveInWorkspace(root, path);
  if (!file.exists) throw new ApiError(404, 'not-found', `${file.rel} does not exist`);
  try {
    const info = await stat(file.real);
    if (!info.isFile()) throw new ApiError(400, 'not-a-file', `${file.rel} is not a file`);
    if (info.size > MAX_TEXT_BYTES) throw new ApiError(413, 'too-large', `${file.rel} is ${info.size} bytes, more than the editor loads`);
    const text = await readFile(file.real, 'utf8');
    return { path: file.rel, text, hash: sha256(text) };
  } catch (e) {
    throw pathProblem(e, file.rel);
  }
}

/** Serialises writes so that the compare (baseHash) and the write cannot interleave with another request's. */
let writing: Promise<unknown> = Promise.resolve();

export function writeWorkspaceFile(root: string, path: string, text: string, baseHash: string | undefined): Promise<{ path: string; hash: string }> {
  const next = writing.then(() => writeNow(root, path, text, baseHash));
  writing = next.catch(() => undefined);
  return next;
}

async function writeNow(root: string, path: string, text: string, baseHash: string | undefined): Promise<{ path: string; hash: string }> {
  const file = await resolveInWorkspace(root, path);
  try {
    return await writeResolved(file, text, baseHash);
  } catch (e) {
    throw pathProblem(e, file.rel);
  }
}

async function writeResolved(file: Resolved, text: string, baseHash: string | undefined): Promise<{ path: string; hash: string }> {
  if (!isWritable(file.rel)) throw new ApiError(403, 'read-only', `only *.policy files and *.layout.json sidecars may be written, not ${file.rel}`);
  let current: string | undefined;
  let mode: number | undefined;
  let bom = false;
  if (file.exists) {
    const info = await stat(file.real);
    if (!info.isFile()) throw new ApiError(400, 'not-a-file', `${file.rel} is not a file`);
    mode = info.mode & 0o7777;
    const before = await readFile(file.real, 'utf8');
    current = sha256(before);
    bom = before.charCodeAt(0) === 0xfeff;
  }
  // A file that began with a byte-order mark keeps it: the editor shows and sends the text without
  // one, as it keeps a file's line endings.
  if (bom && text.charCodeAt(0) !== 0xfeff) text = `\ufeff${text}`;
  if (baseHash !== undefined && baseHash !== current) {
    throw new ApiError(409, 'conflict', current === undefined ? `${file.rel} no longer exists` : `${file.rel} changed on disk since it was read`);
  }
  const parent = dirname(file.real);
  try {
    if (!(await lstat(parent)).isDirectory()) throw new ApiError(400, 'not-a-folder', `the folder of ${file.rel} is not a folder`);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(404, 'not-found', `the folder of ${file.rel} does not exist`);
  }
  // Write beside, then rename: a reader (or a crash) never sees half a policy, and a dangling symlink
  // at the target is replaced rather than followed out of the workspace.
  const temp = join(parent, `.${basename(file.real)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, file.real);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  return { path: file.rel, hash: sha256(text) };
}
