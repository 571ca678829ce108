// File access for the CLI, with user-facing messages instead of stack traces.

import { isUtf8 } from 'node:buffer';
import { constants, createWriteStream, type Stats } from 'node:fs';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { access, chmod, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DecisionGraph } from '../runtime/graph.js';
import { notUtf8Where } from '../runtime/data/records.js';
import { compilePolicy } from '../runtime/replay/inputs.js';
import { UsageError } from './args.js';

export async function readPolicyFile(file: string): Promise<string> {
  const tooLarge = (e: unknown) => ['ERR_FS_FILE_TOO_LARGE', 'ERR_STRING_TOO_LONG'].includes((e as NodeJS.ErrnoException).code ?? '');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${tooLarge(e) ? 'it is too large to be a policy' : describeFsError(e)}`);
  }
  // Policies are UTF-8. Decoding other bytes would put U+FFFD in their place: a GBK comment or
  // reason would pass `check` as something else, and `fmt` would write the U+FFFD back, destroying
  // the original text for good. Refused as the data readers refuse such a line.
  if (!isUtf8(bytes)) throw new UsageError(`cannot read ${file}: ${notUtf8Where(bytes)}`);
  try {
    return bytes.toString('utf8'); // a byte-order mark is kept: `fmt` keeps it, positions skip it
  } catch (e) {
    if (tooLarge(e)) throw new UsageError(`cannot read ${file}: it is too large to be a policy`);
    throw e;
  }
}


/**
 * Reads a policy file for a command that takes several: an unreadable one is not thrown but
 * returned as its message (`cannot read FILE: no such file`), so that the others are still done.
 */
export async function tryReadPolicyFile(file: string): Promise<{ text: string } | { error: string }> {
  try {
    return { text: await readPolicyFile(file) };
  } catch (e) {
    if (e instanceof UsageError) return { error: e.message };
    throw e;
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on device';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'EPIPE') return 'the reader closed the pipe';
  return (e as Error).message;
}

/** True for an error from the file system (it has an errno code such as ENOENT), not a bug. */
export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** The usage error (exit 2) for an output file that cannot be written. */
export function cannotWrite(file: string, e: unknown): UsageError {
  // Creating a file fails with ENOENT only when its folder is missing.
  const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such directory ${dirname(file)}` : describeFsError(e);
  return new UsageError(`cannot write ${file}: ${why}`);
}

/** Writes an output file (a report, a graph, a formatted policy); fails with `cannot write FILE: reason`. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (e) {
    throw cannotWrite(file, e);
  }
}

/**
 * Rewrites an existing file (a policy `fmt` formats in place) so that it holds either its old text or
 * the new one, never a part: the text goes to a file beside it that then takes its name. Writing
 * over the file itself would leave it cut short on a full disk, with the only copy of the policy
 * lost. The file keeps its permissions; a symlink stays a symlink (its target is replaced). Fails
 * with `cannot write FILE: reason`, the file as it was.
 */
export async function replaceFile(file: string, text: string): Promise<void> {
  let target: string;
  let info: Stats;
  try {
    info = await stat(file);
    // A pipe or a device (`fmt /dev/stdin`): what was read from it cannot be written back.
    if (!info.isFile()) throw new UsageError(`cannot write ${file}: it is not a regular file (--stdout prints the formatted text)`);
    target = await realpath(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw cannotWrite(file, e);
  }
  const mode = info.mode & 0o7777;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx', mode });
    await chmod(temp, mode); // the umask may have taken bits from `mode` above
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw cannotWrite(file, e);
  }
}

/** An output file written in pieces (swaps as JSONL), with back-pressure. */
export interface OutputStream {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens an output file to stream into; fails with `cannot write FILE: reason` before any work
 * starts, and later when a write fails (a full disk), instead of an unhandled stream error.
 */
export async function openOutputStream(file: string): Promise<OutputStream> {
  const out = createWriteStream(file);
  let failure: unknown;
  const failed = new Promise<never>((_, reject) =>
    out.once('error', (e) => {
      failure = e;
      reject(cannotWrite(file, e));
    }),
  );
  failed.catch(() => {}); // raced below; an error between two writes is reported at the next one
  await Promise.race([once(out, 'open'), failed]);
  const check = () => {
    if (failure !== undefined) throw cannotWrite(file, failure);
  };
  return {
    async write(text) {
      check();
      if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
    },
    async close() {
      check();
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
    },
  };
}

/** Reads and compiles a policy; prints its errors and fails (exit 1) when it does not compile. */
export async function compilePolicyFile(file: string, stderr: (s: string) => void): Promise<{ text: string; graph: DecisionGraph }> {
  return compilePolicyText(file, await readPolicyFile(file), stderr);
}

/** Compiles a policy text named `label` (a file, or `FILE@N` for a saved version); prints its errors and fails (exit 1). */
export function compilePolicyText(label: string, text: string, stderr: (s: string) => void): { text: string; graph: DecisionGraph } {
  const compiled = compilePolicy(label, text);
  if ('graph' in compiled) return compiled;
  for (const line of compiled.errors) stderr(`${line}\n`);
  const n = compiled.errors.length;
  throw new UsageError(`${label} does not compile (${n} error${n === 1 ? '' : 's'})`, 1);
}

/** Fails with a user-facing message when a data file cannot be opened (or is a directory), before any work starts. */
export async function ensureReadable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
    if ((await stat(file)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(e)}`);
  }
}
