// File access for the CLI, with user-facing messages instead of stack traces.

import { access, readFile } from 'node:fs/promises';
import type { DecisionGraph } from '../runtime/graph.js';
import { compilePolicy } from '../runtime/replay/inputs.js';
import { UsageError } from './args.js';

export async function readPolicyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(e)}`);
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
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

/** Fails with a user-facing message when a data file cannot be opened, before any work starts. */
export async function ensureReadable(file: string): Promise<void> {
  try {
    await access(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(e)}`);
  }
}
