// Streaming readers of stored records: JSONL, CSV (dotted column paths) and a single JSON file.
// A loader, not the evaluator: the runtime core never touches files. A line that cannot be read
// becomes an `unreadable` item with its position and reason, so one bad line never stops a batch
// and no record is lost or counted twice.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { DecisionGraph } from '../graph.js';

export type RecordItem =
  /** `index` is the 0-based position of the record in the input; `line` its 1-based line. */
  | { index: number; line: number; record: unknown }
  | { index: number; line: number; unreadable: string };

export type DataFormat = 'jsonl' | 'csv' | 'json';

export function formatOf(path: string): DataFormat | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.json')) return 'json';
  return undefined;
}

/** Reads records from a file, streamed for JSONL and CSV. `graph` lets CSV cells take their field's type. */
export async function* readRecords(path: string, format: DataFormat = formatOf(path) ?? 'jsonl', graph?: DecisionGraph): AsyncGenerator<RecordItem> {
  if (format === 'json') {
    yield* readJsonFile(path);
    return;
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  if (format === 'jsonl') yield* parseJsonl(lines);
  else yield* parseCsv(lines, graph);
}

async function* readJsonFile(path: string): AsyncGenerator<RecordItem> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    yield { index: 0, line: 1, unreadable: `invalid JSON: ${(e as Error).message}` };
    return;
  }
  const records = Array.isArray(value) ? value : [value];
  for (let i = 0; i < records.length; i++) yield { index: i, line: 1, record: records[i] };
}

export async function* parseJsonl(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<RecordItem> {
  let index = 0;
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (text.trim() === '') continue;
    try {
      yield { index, line, record: JSON.parse(text) };
    } catch (e) {
      yield { index, line, unreadable: `line ${line}: invalid JSON: ${(e as Error).message}` };
    }
    index++;
  }
}

/**
 * CSV per RFC 4180 (quoted cells may hold commas, quotes and newlines). The header holds dotted
 * paths (`applicant.age`); an empty cell is absent; list cells hold JSON; `bool` cells take
 * true/false (the graph says which columns are bool, so a text "true" stays text).
 */
export async function* parseCsv(lines: AsyncIterable<string> | Iterable<string>, graph?: DecisionGraph): AsyncGenerator<RecordItem> {
  const kinds = graph ? fieldKinds(graph) : new Map<string, string>();
  let header: string[][] | undefined;
  let index = 0;
  let line = 0;
  let pending: string | undefined;
  let startLine = 0;
  for await (const raw of lines) {
    line++;
    const text = pending === undefined ? (line === 1 ? raw.replace(/^\ufeff/, '') : raw) : `${pending}\n${raw}`;
    if (pending === undefined) startLine = line;
    const cells = splitCsv(text);
    if (cells === undefined) {
      pending = text; // an open quote: the cell goes on on the next line
      continue;
    }
    pending = undefined;
    if (!header) {
      header = cells.map((c) => c.trim().split('.'));
      continue;
    }
    if (cells.length === 1 && cells[0] === '') continue;
    if (cells.length !== header.length) {
      yield { index, line: startLine, unreadable: `line ${startLine}: ${cells.length} cells where the header has ${header.length}` };
      index++;
      continue;
    }
    const record = Object.create(null) as Record<string, unknown>;
    let problem: string | undefined;
    for (let i = 0; i < header.length; i++) {
      const cell = cells[i];
      if (cell === '') continue;
      const path = header[i];
      const value = cellValue(cell, kinds.get(path.join('.')));
      if (value === NOT_JSON) problem ??= `line ${startLine}: column ${path.join('.')}: a list cell must hold JSON`;
      else setPath(record, path, value);
    }
    if (problem) yield { index, line: startLine, unreadable: problem };
    else yield { index, line: startLine, record };
    index++;
  }
  if (pending !== undefined) yield { index, line: startLine, unreadable: `line ${startLine}: a quoted cell is not closed before the end of the file` };
}

/** Splits one CSV row; undefined when a quoted cell is still open at the end of the text. */
export function splitCsv(text: string): string[] | undefined {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' && i === text.length - 1) {
      // tolerate CRLF left by a reader
    } else cell += c;
  }
  if (quoted) return undefined;
  cells.push(cell);
  return cells;
}

/** What `cellValue` returns for a list cell that does not hold JSON. */
export const NOT_JSON: unique symbol = Symbol('not-json');

/**
 * A text cell read as its field's kind (from `fieldKinds`): list cells hold JSON, bool cells
 * `true`/`false`; in a column the policy does not declare, `[...]` and `true`/`false` are guessed.
 */
export function cellValue(cell: string, kind: string | undefined): unknown {
  if (kind === 'list' || (kind === undefined && cell.charCodeAt(0) === 91)) {
    try {
      return JSON.parse(cell);
    } catch {
      return kind === 'list' ? NOT_JSON : cell;
    }
  }
  if (kind === 'bool' || (kind === undefined && (cell === 'true' || cell === 'false'))) return cell === 'true' ? true : cell === 'false' ? false : cell;
  return cell;
}

/**
 * Sets `record[a][b]... = value` on null-prototype objects: `__proto__` is just a key here. A later
 * column replaces a scalar that an earlier one left on the way (`a` then `a.b`).
 */
export function setPath(record: Record<string, unknown>, path: string[], value: unknown): void {
  let obj = record;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    let next = Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : undefined;
    if (typeof next !== 'object' || next === null) {
      next = Object.create(null);
      Object.defineProperty(obj, k, { value: next, enumerable: true, writable: true, configurable: true });
    }
    obj = next as Record<string, unknown>;
  }
  Object.defineProperty(obj, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

/** `input.field` / `source.field` → the field's kind, for typing CSV cells. */
export function fieldKinds(graph: DecisionGraph): Map<string, string> {
  const m = new Map<string, string>();
  for (const owner of [...graph.inputs, ...graph.sources]) {
    for (const [name, spec] of Object.entries(owner.fields)) m.set(`${owner.id}.${name}`, spec.type.kind);
  }
  return m;
}
