// Stored records from Parquet (and CSV) through DuckDB, as the same `RecordItem`s the built-in
// readers of records.ts give: dotted column paths become nested null-prototype objects, an empty
// or NULL cell is absent, numbers stay exact decimal text (DuckDB casts them to VARCHAR, so
// `8500.10` never passes through a JS double), bools are booleans, list cells are parsed JSON.
// Streamed one DuckDB chunk (2048 rows) at a time, with the next chunk fetched while this one is
// consumed: memory stays bounded whatever the file's size.
//
// Which reader the backtest uses (`readerFor`): Parquet → DuckDB; CSV → the built-in reader.
// DuckDB's CSV reader gives the same records on a well-formed file, but on a broken row it either
// aborts the whole read or (ignore_errors) drops the row silently, and it knows no line numbers;
// the built-in reader turns that row into one `unreadable` item in place, with its line, so every
// input record is still counted exactly once. `readRecordsDuckdb(path, 'csv')` stays available
// for well-formed files.
//
// Also the writer the tests and the bench use: `convertJsonlToParquet` flattens JSONL records to
// the same dotted columns as the generated CSV.

import { access, constants, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import type { DuckDBBlobVector, DuckDBConnection, DuckDBInstance, DuckDBType } from '@duckdb/node-api';
import { VerdictError } from '../errors.js';
import type { DecisionGraph } from '../graph.js';
import { cellValue, fieldKinds, formatOf, NOT_JSON, pathsNestPlainly, readRecords, setPath, type DataFormat, type RecordItem } from './records.js';
import { parseJson } from '../json.js';

export type AnyDataFormat = DataFormat | 'parquet';
export type ReaderName = 'duckdb' | 'builtin';

/** `formatOf` plus Parquet (`.parquet`, `.pq`). */
export function dataFormatOf(path: string): AnyDataFormat | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.parquet') || p.endsWith('.pq')) return 'parquet';
  return formatOf(path);
}

/** The reader used for a format; see the head of this file for why CSV stays built-in. */
export function readerFor(format: AnyDataFormat): ReaderName {
  return format === 'parquet' ? 'duckdb' : 'builtin';
}

/** Records of a data file in any supported format, through the reader `readerFor` names. */
export function readData(path: string, format: AnyDataFormat, graph?: DecisionGraph): AsyncGenerator<RecordItem> {
  return format === 'parquet' ? readRecordsDuckdb(path, 'parquet', graph) : readRecords(path, format, graph);
}

// ---------------------------------------------------------------------------------------------
// Reading

/** One output cell: a SQL expression giving VARCHAR (or NULL) and how to turn its text into a value. */
export interface Leaf {
  path: string[];
  sql: string;
  /** `text`: CSV cell rules (graph-typed bool / list); `bool`: a BOOLEAN column; `json`: always JSON; `plain`: kept as text. */
  kind: 'text' | 'bool' | 'json' | 'plain';
}

const SEP = '\u001f';
const NO_BYTES = new Uint8Array(0);
/** As @duckdb/node-api decodes a VARCHAR (a leading U+FEFF dropped). */
const utf8Text = new TextDecoder();
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * A file path as the SQL literal of a DuckDB reader (`read_parquet`, `read_csv`, `parquet_metadata`,
 * `read_ndjson_objects`), naming that one file. DuckDB expands `*`, `?` and `[` in a reader's path
 * as a glob: `data/e*.parquet` would read every `data/e….parquet` beside it too (a symlink out of
 * the studio's workspace included, and the engine's row count then disagrees with its readers). Each
 * such character becomes a one-character class (`[*]`), which DuckDB's matcher takes literally.
 * DuckDB reads a backslash in a globbed path as a separator, so a POSIX path holding both cannot be
 * named literally: it is refused. (The file DuckDB writes, `COPY … TO`, is never globbed.)
 */
export function filePathLiteral(path: string): string {
  if (!/[*?[]/.test(path)) return literal(path);
  if (process.platform !== 'win32' && path.includes('\\')) {
    throw new VerdictError('data-file', `cannot read ${path}: a path holding both a backslash and one of * ? [ cannot be read through DuckDB; rename the file or its folder`);
  }
  return literal(path.replace(/[*?[]/g, (c) => `[${c}]`));
}

/** Rows `start` (0-based, included) to `end` (excluded) of a file. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * Takes rows as the UTF-8 bytes of their text, the cells joined by U+001F, before they are built
 * into records (the replay rewrites them as JSON lines: replay/row-json.ts).
 */
export interface RowTaker {
  /**
   * The leaves of the rows to come (`kind` as `recordBuilder` reads their cells) and the kind of
   * each field (`fieldKinds`, which types a text cell); false: it takes none.
   */
  columns(leaves: readonly { path: string[]; kind: Leaf['kind'] }[], kinds: Map<string, string>): boolean;
  /**
   * Takes a row (true), or leaves it to be built into a record and yielded. The bytes are only
   * lent: they may be overwritten once it returns. A row whose text starts with U+FEFF must be
   * left (decoding the bytes drops that character, as it is dropped when a row is read as text).
   */
  row(bytes: Uint8Array, index: number, line: number): boolean;
  /** Asked after each batch of rows: the reading stops. */
  stopped(): boolean;
}

/**
 * Reads a CSV or Parquet file through DuckDB. Throws a `VerdictError` (code `data-file`) with a
 * plain message when the file is missing or cannot be read as that format. `line` is the 1-based
 * row for Parquet, and header + row for CSV (off when quoted cells span lines).
 *
 * `range` reads only those rows, with their positions in the whole file: several readers (one
 * per worker) can share a Parquet file, DuckDB skipping the row groups outside each range.
 * `taker` is offered each row first; the rows it takes are not yielded.
 */
export async function* readRecordsDuckdb(path: string, format: 'csv' | 'parquet', graph?: DecisionGraph, range?: RowRange, taker?: RowTaker): AsyncGenerator<RecordItem> {
  await checkReadable(path);
  const file = filePathLiteral(path);
  const { instance, connection } = await open();
  let pending: Promise<unknown> | undefined;
  try {
    const source = format === 'parquet'
      ? `read_parquet(${file})`
      : `read_csv(${file}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
    const probe = await query(path, format, () => connection.run(`SELECT * FROM ${source} LIMIT 0`));
    const kinds = graph ? fieldKinds(graph) : new Map<string, string>();
    const leaves: Leaf[] = [];
    probe.columnNames().forEach((name, i) => addLeaves(leaves, format === 'csv' ? name.trim().split('.') : name.split('.'), ident(name), probe.columnType(i), kinds));
    const build = recordBuilder(leaves, kinds, format === 'parquet' ? 'row' : 'line');
    const lineOf = (index: number) => (format === 'parquet' ? index + 1 : index + 2);
    const offer = taker?.columns(leaves, kinds) ? taker : undefined;

    // One VARCHAR per row, the cells joined by a unit separator: decoding one string per row is
    // several times faster than one per cell. A cell that holds the separator itself is caught by
    // the cell count and that row is read again, cell by cell.
    const concat = leaves.length === 1 ? `coalesce(${leaves[0].sql}, '')` : `concat(${leaves.map((l) => l.sql).join(`, chr(31), `)})`;
    const start = range ? Math.max(0, Math.floor(range.start)) : 0;
    const end = range ? Math.max(start, Math.floor(range.end)) : Infinity;
    const rows = !range
      ? source
      : format === 'parquet'
        ? `read_parquet(${file}, file_row_number = true) WHERE file_row_number >= ${start} AND file_row_number < ${end}`
        : `${source} LIMIT ${end - start} OFFSET ${start}`;
    // For a taker, the row's bytes (`encode`: the text's UTF-8, as a BLOB), which it reads with no
    // string made; a row it leaves is decoded as the VARCHAR would have been.
    const result = await query(path, format, () => connection.stream(offer ? `SELECT encode(${concat}) FROM ${rows}` : `SELECT ${concat} FROM ${rows}`));
    let index = start;
    let next = result.fetchChunk();
    pending = next;
    for (;;) {
      const chunk = await query(path, format, () => next);
      if (!chunk || chunk.rowCount === 0 || offer?.stopped()) break;
      const blobs = offer ? (chunk.getColumnVector(0) as DuckDBBlobVector) : undefined;
      const texts = blobs ? undefined : (chunk.getColumnValues(0) as string[]);
      const count = chunk.rowCount;
      next = result.fetchChunk();
      pending = next;
      for (let r = 0; r < count; r++, index++) {
        let text: string;
        if (blobs !== undefined) {
          const bytes = blobs.getItemBytes(r) ?? NO_BYTES;
          if (offer!.row(bytes, index, lineOf(index))) continue;
          text = utf8Text.decode(bytes);
        } else text = texts![r];
        let cells = text.split(SEP);
        if (cells.length !== leaves.length) cells = await rowCells(instance, source, leaves, index, path, format);
        yield build(cells, index, lineOf(index));
      }
    }
    pending = undefined;
  } finally {
    // An early `return()` from the consumer can leave a fetch in flight: let it settle first.
    if (pending) await pending.catch(() => undefined);
    connection.closeSync();
    instance.closeSync();
  }
}

/** Rows in a Parquet file, from its footer (no data read): where its last range ends. */
export async function countParquetRows(path: string): Promise<number> {
  return rowsIn(await parquetRanges(path));
}

/** The rows of a file split by `parquetRanges`: where its last range ends. */
export const rowsIn = (ranges: readonly RowRange[]): number => (ranges.length ? ranges[ranges.length - 1].end : 0);

/** Rows per range that `parquetRanges` aims at. */
export const PARQUET_RANGE_ROWS = 32_768;

/**
 * A Parquet file split into ranges of rows, in file order, for readers that each read one
 * (`readRecordsDuckdb` with a `range`): whole row groups (from the footer, no data read) joined up
 * to about `target` rows. A row group of more than `target` rows is cut into `cuts` equal ranges
 * (the engine asks for one per worker; default: one per core), so that a file written as one large row group (pyarrow writes up to a
 * million rows to one) is still read by every worker. Not into more: DuckDB decodes much of a row
 * group to read any range of it (a 200,000-row group cut in 6 ranges cost 3 s more CPU than in 1),
 * and holds its column chunks while it reads, so each reader of a large row group needs memory in
 * proportion to it (`--workers 1` reads it whole, as one range: a 1,000,000-row group takes 0.9 GB with one reader,
 * 1.5 GB with two, and half the time).
 */
export async function parquetRanges(path: string, target = PARQUET_RANGE_ROWS, cuts = availableParallelism()): Promise<RowRange[]> {
  const size = Math.max(1, Math.floor(target));
  await checkReadable(path);
  const file = filePathLiteral(path);
  const { instance, connection } = await open();
  try {
    const reader = await query(path, 'parquet', () =>
      connection.runAndReadAll(`SELECT row_group_id, any_value(row_group_num_rows) FROM parquet_metadata(${file}) GROUP BY row_group_id ORDER BY row_group_id`),
    );
    const ranges: RowRange[] = [];
    let start = 0;
    let end = 0;
    for (const [, rows] of reader.getRowsJS()) {
      const n = Number(rows);
      if (n > size) {
        if (end > start) ranges.push({ start, end });
        const parts = Math.max(1, Math.min(Math.floor(cuts), n));
        for (let i = 0; i < parts; i++) ranges.push({ start: end + Math.round((i * n) / parts), end: end + Math.round(((i + 1) * n) / parts) });
        start = end + n;
      }
      end += n;
      if (end - start >= size) {
        ranges.push({ start, end });
        start = end;
      }
    }
    if (end > start) ranges.push({ start, end });
    return ranges;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The cells of one row, read on their own (the rare row whose text holds the separator). */
async function rowCells(instance: DuckDBInstance, source: string, leaves: Leaf[], index: number, path: string, format: string): Promise<string[]> {
  const connection = await instance.connect();
  try {
    const reader = await query(path, format, () => connection.runAndReadAll(`SELECT ${leaves.map((l) => l.sql).join(', ')} FROM ${source} LIMIT 1 OFFSET ${index}`));
    return (reader.getRows()[0] ?? []).map((v) => (v === null ? '' : String(v)));
  } finally {
    connection.closeSync();
  }
}

/** Column → leaves: a STRUCT column opens into its entries (dotted paths), any other type gives one VARCHAR leaf. */
function addLeaves(out: Leaf[], path: string[], expr: string, type: DuckDBType, kinds: Map<string, string>): void {
  const T = TYPE_IDS;
  const id = type.typeId as number;
  if (id === T.STRUCT) {
    const struct = type as DuckDBType & { entryNames: readonly string[]; entryTypes: readonly DuckDBType[] };
    struct.entryNames.forEach((entry, i) => addLeaves(out, [...path, entry], `struct_extract(${expr}, ${literal(entry)})`, struct.entryTypes[i], kinds));
    return;
  }
  const text = `CAST(${expr} AS VARCHAR)`;
  if (id === T.BOOLEAN) out.push({ path, sql: text, kind: 'bool' });
  else if (id === T.FLOAT || id === T.DOUBLE) {
    // DuckDB prints a whole double as `59000.0`; print it as the integer it is, as JSON would.
    out.push({ path, sql: `CASE WHEN isfinite(${expr}) AND ${expr} = trunc(${expr}) AND abs(${expr}) < 1e15 THEN CAST(CAST(${expr} AS BIGINT) AS VARCHAR) ELSE ${text} END`, kind: 'plain' });
  } else if (INTEGER_IDS.has(id) || id === T.DECIMAL || id === T.DATE) out.push({ path, sql: text, kind: 'plain' });
  else if (TIMESTAMP_IDS.has(id)) {
    // A timestamp read by a `date` field is its day; anything else keeps DuckDB's text.
    const isDate = kinds.get(path.join('.')) === 'date';
    out.push({ path, sql: isDate ? `CAST(CAST(${expr} AS DATE) AS VARCHAR)` : text, kind: 'plain' });
  } else if (id === T.LIST || id === T.ARRAY || id === T.MAP || id === T.UNION) out.push({ path, sql: `CAST(to_json(${expr}) AS VARCHAR)`, kind: 'json' });
  else if (id === T.VARCHAR && type.alias === 'JSON') out.push({ path, sql: text, kind: 'json' });
  else out.push({ path, sql: text, kind: 'text' });
}

// Type ids of @duckdb/node-api's DuckDBTypeId, copied so that this module loads DuckDB lazily.
const TYPE_IDS = {
  BOOLEAN: 1, FLOAT: 10, DOUBLE: 11, DATE: 13, VARCHAR: 17, DECIMAL: 19, LIST: 24, STRUCT: 25, MAP: 26, UNION: 28, ARRAY: 33,
} as const;
const INTEGER_IDS = new Set([2, 3, 4, 5, 6, 7, 8, 9, 16, 32, 35]);
const TIMESTAMP_IDS = new Set([12, 20, 21, 22, 31]);

/**
 * Cells → record, with the rules of `parseCsv` in records.ts: an empty cell is absent; a list
 * cell (by the graph, or any `[`-cell of an unknown field) holds JSON; a bool field (or an
 * unknown field's `true`/`false`) is a boolean. Built on null-prototype objects, so `__proto__`
 * is a plain key. The column tree is resolved once, not per row.
 */
function recordBuilder(leaves: Leaf[], kinds: Map<string, string>, where: 'row' | 'line'): (cells: string[], index: number, line: number) => RecordItem {
  const fieldKind = leaves.map((l) => kinds.get(l.path.join('.')));
  const labels = leaves.map((l) => l.path.join('.'));
  // A column that is also the prefix of another (`a` and `a.b`) needs the write order of records.ts.
  const clash = !pathsNestPlainly(leaves.map((l) => l.path));
  return (cells, index, line) => {
    const record = Object.create(null) as Record<string, unknown>;
    let problem: string | undefined;
    for (let i = 0; i < leaves.length; i++) {
      const cell = cells[i];
      if (cell === '') continue;
      const leaf = leaves[i];
      let value: unknown = cell;
      if (leaf.kind === 'bool') value = cell === 'true';
      else if (leaf.kind === 'json') {
        try {
          value = parseJson(cell);
        } catch {
          problem ??= `${where} ${line}: column ${labels[i]}: not valid JSON`;
        }
      }
      else if (leaf.kind === 'text') {
        value = cellValue(cell, fieldKind[i]);
        if (value === NOT_JSON) {
          problem ??= `${where} ${line}: column ${labels[i]}: a list cell must hold JSON`;
          continue;
        }
      }
      if (clash) setPath(record, leaf.path, value);
      else {
        const path = leaf.path;
        let obj = record;
        for (let k = 0; k < path.length - 1; k++) obj = (obj[path[k]] ??= Object.create(null)) as Record<string, unknown>;
        obj[path[path.length - 1]] = value;
      }
    }
    return problem ? { index, line, unreadable: problem } : { index, line, record };
  };
}

// ---------------------------------------------------------------------------------------------
// Writing: JSONL → Parquet

export interface ConvertResult {
  rows: number;
  /** Dotted column names, in order of first appearance. */
  columns: string[];
}

type JsonKind = 'bool' | 'int' | 'number' | 'text' | 'list';

/**
 * Writes the records of a JSONL file as a Parquet file with one column per dotted path (the
 * columns of the generated CSV): a path holding only bools is BOOLEAN, only safe integers BIGINT,
 * only numbers DOUBLE; a list is its JSON text; a path of mixed kinds is VARCHAR (a number as its
 * JSON text). One pass in JS finds the paths and kinds (and rejects invalid JSON with its line);
 * DuckDB then writes the file in one streamed COPY, each line parsed once, in row groups of
 * about `rowGroupSize` rows.
 */
export async function convertJsonlToParquet(jsonlPath: string, parquetPath: string, rowGroupSize = 16_384): Promise<ConvertResult> {
  await checkReadable(jsonlPath);
  const paths = new Map<string, Set<JsonKind>>();
  const objects = new Set<string>();
  let rows = 0;
  let line = 0;
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const key of Object.keys(obj)) {
      if (key.includes('.') || key.includes('"')) throw new VerdictError('data-file', `${jsonlPath}: line ${line}: the key ${JSON.stringify(key)} cannot be a dotted column name`);
      const v = obj[key];
      const path = prefix + key;
      if (v === null || v === undefined) continue;
      if (typeof v === 'object' && !Array.isArray(v)) {
        objects.add(path);
        walk(v as Record<string, unknown>, `${path}.`);
        continue;
      }
      const kind: JsonKind = Array.isArray(v) ? 'list' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isSafeInteger(v) ? 'int' : 'number') : 'text';
      let kinds = paths.get(path);
      if (!kinds) paths.set(path, (kinds = new Set()));
      kinds.add(kind);
    }
  };
  const lines = createInterface({ input: createReadStream(jsonlPath, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new VerdictError('data-file', `${jsonlPath}: line ${line}: invalid JSON: ${(e as Error).message}`);
    }
    rows++;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) walk(value as Record<string, unknown>, '');
  }
  for (const p of paths.keys()) {
    if (objects.has(p)) throw new VerdictError('data-file', `${jsonlPath}: ${p} holds an object in some records and a value in others, so it cannot be one column`);
  }
  if (paths.size === 0) throw new VerdictError('data-file', `${jsonlPath}: no record holds a value, so there is no column to write`);

  const columns = [...paths.keys()];
  const jsonPath = (p: string) => literal(`$.${p.split('.').map((k) => `"${k}"`).join('.')}`);
  const list = `[${columns.map(jsonPath).join(', ')}]`;
  const select = columns.map((p, i) => {
    const kinds = [...(paths.get(p) as Set<JsonKind>)];
    const at = i + 1;
    const only = (...allowed: JsonKind[]) => kinds.every((k) => allowed.includes(k));
    const expr = only('bool') ? `CAST(l[${at}] AS BOOLEAN)`
      : only('int') ? `CAST(l[${at}] AS BIGINT)`
      : only('int', 'number') ? `CAST(l[${at}] AS DOUBLE)`
      // A JSON null casts to the text `null`: absent, like everywhere else.
      : only('list') ? `nullif(CAST(l[${at}] AS VARCHAR), 'null')`
      : `s[${at}]`;
    return `${expr} AS ${ident(p)}`;
  });
  const sql = `COPY (SELECT ${select.join(', ')} FROM (SELECT json_extract(json, ${list}) AS l, json_extract_string(json, ${list}) AS s FROM read_ndjson_objects(${filePathLiteral(jsonlPath)}))) TO ${literal(parquetPath)} (FORMAT parquet, ROW_GROUP_SIZE ${Math.max(1, Math.floor(rowGroupSize))})`;
  const { instance, connection } = await open();
  try {
    await query(jsonlPath, 'JSONL', () => connection.run(sql));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { rows, columns };
}

// ---------------------------------------------------------------------------------------------
// DuckDB and errors

async function open(): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  // File order is record order: keep it (the default, said out loud because the indexes rely on it).
  const instance = await DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  return { instance, connection: await instance.connect() };
}

async function checkReadable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new VerdictError('data-file', `cannot read ${path}: ${why}`);
  }
}

/** Runs a DuckDB call; its error becomes a one-line `VerdictError` naming the file and the format. */
async function query<T>(path: string, format: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new VerdictError('data-file', `cannot read ${path} as ${format === 'csv' ? 'CSV' : format === 'parquet' ? 'Parquet' : format}: ${duckdbReason(e)}`);
  }
}

/** DuckDB's message without its error class prefix and the echoed SQL. */
export function duckdbReason(e: unknown): string {
  const first = String((e as Error)?.message ?? e).split('\n')[0].trim();
  const reason = first.replace(/^[A-Za-z ]*Error: /, '');
  if (/no magic bytes|not a parquet file/i.test(reason)) return 'not a Parquet file (it has no Parquet footer); is it truncated or another format?';
  return reason;
}
