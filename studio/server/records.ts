// `GET /api/records`: the records of a workspace dataset, a page at a time, as the runtime reads them
// (the readers of runtime/data/, the same as the CLI's), for the test panel to pick one. A line that
// cannot be read is listed in its place with the reason, as a backtest would count it.

import { stat } from 'node:fs/promises';
import { countParquetRows, dataFormatOf, readData } from '../../runtime/data/duckdb.js';
import { VerdictError } from '../../runtime/errors.js';
import type { DecisionGraph } from '../../runtime/graph.js';
import { buildLayout, notARecord, recordName } from '../../runtime/record.js';
import type { BacktestFormat } from '../../runtime/replay/inputs.js';
import { ApiError } from './errors.js';
import { resolveInWorkspace } from './paths.js';

export interface Dataset {
  rel: string;
  real: string;
  format: BacktestFormat;
  bytes: number;
}

/** A dataset path from a request: inside the workspace, an existing file, in a format the readers know. */
export async function resolveDataset(root: string, path: string): Promise<Dataset> {
  const file = await resolveInWorkspace(root, path);
  if (!file.exists) throw new ApiError(404, 'not-found', `${file.rel} does not exist`);
  const info = await stat(file.real);
  if (!info.isFile()) throw new ApiError(400, 'not-a-file', `${file.rel} is not a file`);
  const format = dataFormatOf(file.rel);
  if (format !== 'jsonl' && format !== 'csv' && format !== 'parquet') throw new ApiError(400, 'bad-dataset', `${file.rel} is not a dataset: name it .jsonl, .csv or .parquet`);
  return { rel: file.rel, real: file.real, format, bytes: info.size };
}

/** A reader's failure on a file (a broken Parquet footer) as a 422 that names the file as the workspace does. */
export function datasetError(e: unknown, dataset: Dataset): unknown {
  if (e instanceof VerdictError && e.code === 'data-file') return new ApiError(422, 'bad-dataset', e.message.split(dataset.real).join(dataset.rel));
  return e;
}

export interface RecordRow {
  /** 0-based position in the file. */
  index: number;
  /** The record's id field, or `#index`. */
  id: string;
  line?: number;
  record?: unknown;
  error?: string;
}

export interface RecordsPage {
  path: string;
  /** Records (matching `q`, when given) in the file; absent when counting would mean reading a large file to its end. */
  total?: number;
  records: RecordRow[];
}

export interface RecordsQuery {
  offset: number;
  limit: number;
  /** Keeps the records whose id contains this text (case-insensitive). */
  q?: string;
  /** The policy reading the records: its field types type CSV cells, its first input names the id. */
  graph?: DecisionGraph;
}

export const MAX_RECORDS_LIMIT = 500;
/** Past this size a page does not read on to the end of the file just to give a total. */
const COUNT_ALL_BYTES = 32 * 1024 * 1024;

export async function readRecordsPage(dataset: Dataset, query: RecordsQuery): Promise<RecordsPage> {
  const idOf = recordId(query.graph);
  const q = query.q?.trim().toLowerCase() || undefined;
  const records: RecordRow[] = [];
  const end = query.offset + query.limit;
  const countAll = dataset.bytes <= COUNT_ALL_BYTES;
  let matched = 0;
  let complete = true;
  try {
    // The CLI's readers (`readData`); a page that stops early closes its file (a generator's return reaches the stream's).
    for await (const item of readData(dataset.real, dataset.format, query.graph)) {
      // A line of JSON that is not an object (`[1, 2]`, `5`) is a bad record to a backtest, with the
      // runtime's reason: listed as one, it cannot be picked and then refused by the decide request.
      const notObject = 'record' in item ? notARecord(item.record) : undefined;
      const row: RecordRow =
        'record' in item && !notObject
          ? { index: item.index, id: idOf(item.record) ?? `#${item.index}`, line: item.line, record: item.record }
          : { index: item.index, id: `#${item.index}`, line: item.line, error: notObject ? notObject.message : (item as { unreadable: string }).unreadable };
      if (q && !row.id.toLowerCase().includes(q)) continue;
      if (matched >= query.offset && matched < end) records.push(row);
      matched++;
      if (matched < end) continue;
      if (q === undefined && dataset.format === 'parquet') {
        // A Parquet footer gives the count without reading the rows.
        matched = await countParquetRows(dataset.real);
        break;
      }
      if (!countAll) {
        complete = false;
        break;
      }
    }
  } catch (e) {
    throw datasetError(e, dataset);
  }
  return { path: dataset.rel, ...(complete ? { total: matched } : {}), records };
}

/**
 * How a record is named: as the runtime names results (the first input's id field) when the policy is
 * known; otherwise a top-level `id`, else the `id` of the first top-level object (`applicant.id`).
 */
function recordId(graph: DecisionGraph | undefined): (record: unknown) => string | undefined {
  if (graph) {
    const layout = buildLayout(graph);
    return (record) => recordName(layout, record);
  }
  const name = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);
  return (record) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
    const top = record as Record<string, unknown>;
    const own = Object.prototype.hasOwnProperty.call(top, 'id') ? name(top.id) : undefined;
    if (own !== undefined) return own;
    for (const key of Object.keys(top)) {
      const v = top[key];
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, 'id')) return name((v as Record<string, unknown>).id);
    }
    return undefined;
  };
}
