// A range of a Parquet file's rows replayed where it is read: in a replay worker (or, with no
// workers, in the calling thread), so that DuckDB's rows are built into records on every core and
// never cross threads as JSON. The records are the ones the reading thread would have read
// (`readRecordsDuckdb` with a range keeps each row's position in the whole file). Most rows are not
// built into records at all: the core takes each row's text and reads it as a JSON line
// (row-json.ts); a row it is not sure of is built into a record, as before.

import type { DecisionGraph } from '../graph.js';
import { readRecordsDuckdb, type RowRange, type RowTaker } from '../data/duckdb.js';
import type { ReplayCore } from './core.js';

/**
 * Replays the rows `range` of the Parquet file at `path` (cells typed by `graph`): their swap lines.
 * `stop`: asked before each row built into a record, and after each batch of rows taken as text;
 * when it says so, the read ends there (DuckDB closed).
 */
export async function readParquetRange(core: ReplayCore, graph: DecisionGraph, path: string, range: RowRange, stop: () => boolean = () => false): Promise<string> {
  const out: string[] = [];
  const taker: RowTaker = {
    columns: (leaves, kinds) => core.parquetLeaves(leaves, kinds),
    row: (bytes, index, line) => core.parquetRow(bytes, index, line, out),
    stopped: stop,
  };
  for await (const item of readRecordsDuckdb(path, 'parquet', graph, range, taker)) {
    if (stop()) break;
    core.item(item, out);
  }
  return out.join('');
}
