// Workspace paths. Every path the API takes is relative to the workspace root, with forward slashes,
// and must stay inside the root both as written and once symlinks are followed (realpath).

import { realpath } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { ApiError, outsideWorkspace } from './errors.js';

/** The folder inside the workspace that holds the studio's own state; never served or written through the API. */
export const STATE_DIR = '.verdict';

/**
 * Checks a workspace-relative path as written and returns it normalised (`./a//b.policy` → `a/b.policy`).
 * Refuses `..` segments rather than resolving them, so that `a/../b` cannot probe the tree.
 */
export function normaliseRelative(path: string): string {
  if (path.includes('\0')) throw new ApiError(400, 'bad-path', 'a path cannot contain a NUL character');
  // A backslash is a separator on Windows and a drive letter makes a path absolute there: refuse both everywhere.
  if (path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) throw outsideWorkspace(path, 'absolute paths are refused');
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw outsideWorkspace(path, '`..` segments are refused');
  if (segments.length === 0) throw new ApiError(400, 'bad-path', 'the path is empty');
  if (segments[0] === STATE_DIR) throw outsideWorkspace(path, `${STATE_DIR}/ holds the studio's own state`);
  return segments.join('/');
}

export function isInside(root: string, real: string): boolean {
  return real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** Whether a realpath is inside the workspace and not in its state folder (which a symlink could otherwise lead into). */
export function isServed(root: string, real: string): boolean {
  return isInside(root, real) && !isInside(join(root, STATE_DIR), real);
}

/** Where a realpath may not be: outside the workspace, or in the studio's own state folder. */
function refusedTarget(root: string, real: string, path: string): ApiError | undefined {
  if (!isInside(root, real)) return outsideWorkspace(path, 'it leads outside through a symlink');
  if (isInside(join(root, STATE_DIR), real)) return outsideWorkspace(path, `it leads into ${STATE_DIR}/ (the studio's own state) through a symlink`);
  return undefined;
}

/**
 * A file-system error that the path of a request caused (a symlink loop, a name too long, a file the
 * server may not read) as the API's answer, rather than a 500 with a stack trace in the log; any
 * other error is returned as it is.
 */
export function pathProblem(e: unknown, rel: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ELOOP') return new ApiError(400, 'bad-path', `${rel} leads through a loop of symlinks`);
  if (code === 'ENAMETOOLONG') return new ApiError(400, 'bad-path', `${rel}: a name in the path is too long`);
  if (code === 'EACCES' || code === 'EPERM') return new ApiError(403, 'permission-denied', `${rel}: permission denied`);
  return e;
}

export interface Resolved {
  /** Normalised workspace-relative path, the name the API reports. */
  rel: string;
  /** Where the bytes are: the realpath when the file exists, else the path under the real parent. */
  real: string;
  exists: boolean;
}

/**
 * Resolves a workspace path for reading or writing. `root` must already be a realpath. A path that does
 * not exist yet (a new file) is checked through its nearest existing ancestor.
 */
export async function resolveInWorkspace(root: string, path: string): Promise<Resolved> {
  const rel = normaliseRelative(path);
  const abs = join(root, ...rel.split('/'));
  try {
    const real = await realpath(abs);
    const refused = refusedTarget(root, real, path);
    if (refused) throw refused;
    return { rel, real, exists: true };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw pathProblem(e, rel);
  }
  // Walk up to the first ancestor that exists; a dangling symlink on the way counts as not existing.
  let ancestor = dirname(abs);
  for (;;) {
    try {
      const real = await realpath(ancestor);
      const refused = refusedTarget(root, real, path);
      if (refused) throw refused;
      return { rel, real: join(real, abs.slice(ancestor.length + 1)), exists: false };
    } catch (e) {
      if (e instanceof ApiError) throw e;
      if (ancestor === root) throw pathProblem(e, rel);
      ancestor = dirname(ancestor);
    }
  }
}

/** A policy path from a request: checked like any other path, normalised, and a `*.policy` (versions and runs are keyed by it). */
export async function policyKey(root: string, policy: string, what = 'versions are kept'): Promise<string> {
  const { rel } = await resolveInWorkspace(root, policy);
  if (!rel.endsWith('.policy')) throw new ApiError(400, 'bad-request', `${what} for *.policy files, not ${rel}`);
  return rel;
}
