// A range of a Parquet file's rows replayed where it is read: in a replay worker (or, with no
// workers, in the calling thread), so that DuckDB's rows are built into records on every core and
// never cross threads as JSON. The records are the ones the reading thread would have read
// (`readRecordsDuckdb` with a range keeps each row's position in the whole file).

import type { DecisionGraph } from '../graph.js';
import { readRecordsDuckdb, type RowRange } from '../data/duckdb.js';
import type { ReplayCore } from './core.js';

/**
 * Replays the rows `range` of the Parquet file at `path` (cells typed by `graph`): their swap lines.
 * `stop`: asked before each row; when it says so, the read ends there (DuckDB closed).
 */
export async function readParquetRange(core: ReplayCore, graph: DecisionGraph, path: string, range: RowRange, stop: () => boolean = () => false): Promise<string> {
  const out: string[] = [];
  for await (const item of readRecordsDuckdb(path, 'parquet', graph, range)) {
    if (stop()) break;
    core.item(item, out);
  }
  return out.join('');
}
