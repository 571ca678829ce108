// File access for the CLI, with user-facing messages instead of stack traces.

import { access, readFile } from 'node:fs/promises';
import { hasErrors, formatDiagnostic } from '../grammar/diagnostics.js';
import { compileText } from '../runtime/compile.js';
import type { DecisionGraph } from '../runtime/graph.js';
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
  const text = await readPolicyFile(file);
  const { diagnostics, graph } = compileText(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) stderr(`${formatDiagnostic(file, d)}\n`);
  if (!graph || hasErrors(diagnostics)) throw new UsageError(`${file} does not compile (${errors.length} error${errors.length === 1 ? '' : 's'})`, 1);
  return { text, graph };
}

/** Fails with a user-facing message when a data file cannot be opened, before any work starts. */
export async function ensureReadable(file: string): Promise<void> {
  try {
    await access(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(e)}`);
  }
}
