// The newest modification time of the TypeScript sources under a folder, for cli/bin/verdict.js to
// tell whether the bundle is stale. Plain JS: it runs before anything is built.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Newest mtime (ms) of the `.ts` files (tests excluded) under `dir`, 0 when there are none. A folder
 * or file that vanishes while it is walked (an editor saving, a branch switch) is skipped, not fatal.
 */
export function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, mtimeOf(p));
  }
  return newest;
}

/** The mtime of a file, or 0 when it cannot be read (deleted between the listing and this call). */
export function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
