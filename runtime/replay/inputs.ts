// The inputs of a backtest as both front ends build them (`verdict backtest` and the studio's runs):
// a policy text compiled into a version with its overrides, and a data file as a source. One place,
// so that the CLI and the studio replay the same versions through the same readers and their reports
// agree byte for byte.

import { formatDiagnostic, hasErrors } from '../../grammar/diagnostics.js';
import { compileText } from '../compile.js';
import { parquetRanges } from '../data/duckdb.js';
import type { DecisionGraph } from '../graph.js';
import { parseOverrides } from '../overrides.js';
import { fileSource, type BacktestVersion, type DataSource } from './engine.js';

export type BacktestFormat = 'jsonl' | 'csv' | 'parquet';

export const BACKTEST_FORMATS: readonly BacktestFormat[] = ['jsonl', 'csv', 'parquet'];

export type CompiledPolicy = { text: string; graph: DecisionGraph } | { errors: string[] };

/** Compiles a policy text; `label` names it in the error lines (`file:line:col: error ...`). */
export function compilePolicy(label: string, text: string): CompiledPolicy {
  const { diagnostics, graph } = compileText(text);
  if (!graph || hasErrors(diagnostics)) return { errors: diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(label, d)) };
  return { text, graph };
}

/**
 * A compiled policy with its `set` / `switch` override strings as a backtest version. The errors are
 * parseOverrides' (`--set P=V: unknown param ...`); each front end words them for its own inputs.
 */
export function backtestVersion(file: string, policy: { text: string; graph: DecisionGraph }, set: string[], sw: string[]): { version: BacktestVersion; errors: string[] } {
  const { overrides, errors } = parseOverrides(policy.graph, { set, switch: sw });
  return { version: { file, text: policy.text, graph: policy.graph, overrides, set, switch: sw }, errors };
}

/**
 * A data file as the engine's source: JSONL as raw chunks, CSV through the built-in reader, Parquet
 * through DuckDB in the workers, by ranges of rows (its cells typed by the base version's graph, as
 * `graph` must be). `chunkBytes` (JSONL) only changes how often progress and cancellation are seen.
 */
export function dataSourceFor(path: string, format: BacktestFormat, graph: DecisionGraph, chunkBytes?: number): DataSource {
  return format === 'parquet' ? { path, format, parquet: { ranges: (cuts) => parquetRanges(path, undefined, cuts) } } : fileSource(path, format, graph, chunkBytes);
}
