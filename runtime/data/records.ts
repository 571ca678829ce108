// Streaming readers of stored records: JSONL, CSV (dotted column paths) and a single JSON file.
// A loader, not the evaluator: the runtime core never touches files. A line that cannot be read
// becomes an `unreadable` item with its position and reason, so one bad line never stops a batch
// and no record is lost or counted twice.

import { createReadStream } from 'node:fs';
import { constants, isUtf8 } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import type { DecisionGraph } from '../graph.js';
import { VerdictError } from '../errors.js';
import { putKey } from '../result.js';
import { JsonTooDeep, parseJson } from '../json.js';

/** The longest text the runtime can make: a line longer than this cannot be read. */
const { MAX_STRING_LENGTH } = constants;

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
  if (format === 'jsonl') {
    yield* parseJsonl(utf8Lines(path));
    return;
  }
  try {
    yield* parseCsv(csvLines(path), graph);
  } catch (e) {
    // A header no row can be read by (a column named twice) is the file's problem: named with its path.
    if (e instanceof VerdictError && e.code === 'data-file') throw new VerdictError('data-file', `${path}: ${e.message}`);
    throw e;
  }
}

async function* readJsonFile(path: string): AsyncGenerator<RecordItem> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    // A file that cannot be opened is the file's error, not a record's "invalid JSON".
    throw new VerdictError('data-file', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  // Not UTF-8: decoded, its texts would hold U+FFFD (two different names could compare equal).
  if (!isUtf8(bytes)) {
    yield { index: 0, line: 1, unreadable: notUtf8Where(bytes) };
    return;
  }
  let value: unknown;
  let text = '';
  try {
    // A byte-order mark is not part of the JSON (JSON Lines and CSV files may start with one too).
    text = bytes.toString('utf8').replace(/^\ufeff/, '');
    value = parseJson(text);
  } catch (e) {
    // Several JSON objects, one per line, make a JSON Lines file: that one is read record by record.
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const jsonl = lines.length > 1 && lines.every((l) => l.trimStart().startsWith('{'));
    const hint = jsonl
      ? ` (the file holds ${lines.length} lines of JSON objects: is it JSON Lines? give it with --records)`
      : /\.csv$/i.test(path)
        ? ' (a CSV file: give it with --records)'
        : '';
    yield { index: 0, line: 1, unreadable: `invalid JSON: ${(e as Error).message}${hint}` };
    return;
  }
  const records = Array.isArray(value) ? value : [value];
  for (let i = 0; i < records.length; i++) yield { index: i, line: 1, record: records[i] };
}

/** A line whose bytes are not UTF-8 (`utf8Lines`): its text would not be what the file holds. */
export const NOT_UTF8: unique symbol = Symbol('not UTF-8');

/** What is wrong with bytes that are not UTF-8, as every reader says it. */
const NOT_UTF8_TEXT = 'not valid UTF-8 (a text in another encoding?)';

/** The message for a line that is not UTF-8, one for every reader. */
export const notUtf8 = (line: number): string => `line ${line}: ${NOT_UTF8_TEXT}`;

/** Where a whole file's bytes that are not UTF-8 go wrong: `line N: not valid UTF-8 ...`, or that they are UTF-16. */
export function notUtf8Where(bytes: Buffer): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return 'it is UTF-16: save it as UTF-8';
  // No UTF-8 sequence contains the byte \n, so the file can be judged line by line.
  let line = 1;
  for (let start = 0; start <= bytes.length; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    if (!isUtf8(bytes.subarray(start, end))) break;
    start = end + 1;
  }
  return notUtf8(line);
}

/** Where the text of the line `b[start, end)` ends: before a `\r` that ends it (`\r\n`: JSON's white space, not the record's). */
export const lineTextEnd = (b: Uint8Array, start: number, end: number): number => (end > start && b[end - 1] === 0x0d ? end - 1 : end);

/**
 * A file's lines, split at \n (a \r before it dropped), as the backtest splits JSONL: each as
 * text, or NOT_UTF8 when its bytes are not UTF-8 (decoding would put U+FFFD in their place, and two
 * different names could then compare equal).
 */
export async function* utf8Lines(path: string, maxBytes: number = MAX_STRING_LENGTH): AsyncGenerator<string | typeof NOT_UTF8 | typeof TOO_LONG> {
  const text = (b: Buffer): string | typeof NOT_UTF8 | typeof TOO_LONG => {
    const end = lineTextEnd(b, 0, b.length);
    if (end > maxBytes) return TOO_LONG;
    const line = b.subarray(0, end);
    return isUtf8(line) ? line.toString('utf8') : NOT_UTF8;
  };
  // A line longer than a chunk is kept in parts until its end comes; past `maxBytes` its bytes are
  // let go (it cannot become a text), and its end is awaited to say so.
  let parts: Buffer[] = [];
  let held = 0;
  let tooLong = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      yield tooLong ? TOO_LONG : text(parts.length ? Buffer.concat([...parts, piece]) : piece);
      parts = [];
      held = 0;
      tooLong = false;
      start = nl + 1;
    }
    if (start < chunk.length && !tooLong) {
      parts.push(chunk.subarray(start));
      held += chunk.length - start;
      // One byte over: the line's own `\r` may still be to come.
      if (held > maxBytes + 1) {
        tooLong = true;
        parts = [];
      }
    }
  }
  if (tooLong) yield TOO_LONG;
  else if (parts.length) yield text(Buffer.concat(parts));
}

/** The message for a JSON line that `parseJson` refused, one for every reader. */
export const notJson = (line: number, e: unknown): string => `line ${line}: ${e instanceof JsonTooDeep ? '' : 'invalid JSON: '}${(e as Error).message}`;

/** A line too long to become a text (`utf8Lines`). */
export const TOO_LONG: unique symbol = Symbol('too long');

/** The message for a line too long to read, one for every reader. */
export const tooLong = (line: number, maxBytes: number = MAX_STRING_LENGTH): string =>
  `line ${line}: longer than ${maxBytes.toLocaleString('en-US')} bytes, more than a text can hold (JSON Lines holds one record per line: is the file one JSON document?)`;

type Line = string | typeof NOT_UTF8 | typeof TOO_LONG;

export async function* parseJsonl(lines: AsyncIterable<Line> | Iterable<Line>, maxBytes?: number): AsyncGenerator<RecordItem> {
  let index = 0;
  let line = 0;
  for await (const raw of lines) {
    line++;
    if (raw === NOT_UTF8 || raw === TOO_LONG) {
      yield { index: index++, line, unreadable: raw === NOT_UTF8 ? notUtf8(line) : tooLong(line, maxBytes) };
      continue;
    }
    const text = line === 1 ? raw.replace(/^\ufeff/, '') : raw;
    if (text.trim() === '') continue;
    try {
      yield { index, line, record: parseJson(text) };
    } catch (e) {
      yield { index, line, unreadable: notJson(line, e) };
    }
    index++;
  }
}

/**
 * A CSV row longer than a text can hold: the file's error (the file is hardly CSV, or a quote left
 * open has taken in the rest of it; the rows after it cannot be told apart), not a row's.
 */
export const csvRowTooLong = (line: number, maxBytes: number = MAX_STRING_LENGTH): VerdictError =>
  new VerdictError('data-file', `line ${line}: a row longer than ${maxBytes.toLocaleString('en-US')} bytes, more than a text can hold (is the file CSV? is a quote left open?)`);

/** What to do about a CSV file in another encoding. */
const SAVE_AS_UTF8 = 'save the file as "CSV UTF-8"';

/** A CSV header whose bytes are not UTF-8: no row of the file can be read. */
export const NOT_UTF8_HEADER = `the header is ${NOT_UTF8_TEXT}: ${SAVE_AS_UTF8}`;

/** A line of a CSV file: its text, or, for a line whose bytes are not UTF-8, its bytes as Latin-1, marked as such. */
export type CsvLine = string | { text: string; notUtf8: true };

/**
 * A CSV file's lines, split where readline splits them (`\r\n`, `\n`, a lone `\r`), each checked
 * as UTF-8: a line that is not (a spreadsheet's export in GBK or Latin-1) is marked, so that its
 * row is that row's error instead of a record whose texts hold U+FFFD (two different names would
 * compare equal). Its bytes are still given, one character each: the row's quotes, commas and
 * line breaks are ASCII, and they must stay where they are for the rows after it to be read.
 */
export async function* csvLines(path: string, maxBytes: number = MAX_STRING_LENGTH): AsyncGenerator<CsvLine> {
  // Not UTF-8: read byte for byte (Latin-1), so that no quote or comma is taken into a bad sequence.
  const line = (b: Buffer): CsvLine => (isUtf8(b) ? b.toString('utf8') : { text: b.toString('latin1'), notUtf8: true });
  let parts: Buffer[] = [];
  let held = 0;
  let lineNo = 1;
  // A `\r` that ended the last chunk: a `\n` first in this one belongs to it.
  let afterCr = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = afterCr && chunk.length > 0 && chunk[0] === 0x0a ? 1 : 0;
    afterCr = false;
    for (let i = start; i < chunk.length; i++) {
      const c = chunk[i];
      if (c !== 0x0a && c !== 0x0d) continue;
      const piece = chunk.subarray(start, i);
      if (held + piece.length > maxBytes) throw csvRowTooLong(lineNo, maxBytes);
      yield line(parts.length ? Buffer.concat([...parts, piece]) : piece);
      lineNo++;
      parts = [];
      held = 0;
      if (c === 0x0d) {
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === 0x0a) i++;
        } else afterCr = true;
      }
      start = i + 1;
    }
    if (start < chunk.length) {
      parts.push(chunk.subarray(start));
      held += chunk.length - start;
      // Its bytes are let go as soon as they are too many (the file's error once the line is known to be too long).
      if (held > maxBytes) throw csvRowTooLong(lineNo, maxBytes);
    }
  }
  if (parts.length) yield line(Buffer.concat(parts));
}

/**
 * CSV per RFC 4180 (quoted cells may hold commas, quotes and newlines). The header holds dotted
 * paths (`applicant.age`); an empty cell is absent; list cells hold JSON; `bool` cells take
 * true/false (the graph says which columns are bool, so a text "true" stays text).
 */
export async function* parseCsv(lines: AsyncIterable<CsvLine> | Iterable<CsvLine>, graph?: DecisionGraph): AsyncGenerator<RecordItem> {
  const reader = new CsvReader(graph ? fieldKinds(graph) : new Map<string, string>());
  for await (const raw of lines) {
    const item = typeof raw === 'string' ? reader.line(raw) : reader.line(raw.text, false);
    if (item) yield item;
  }
  const last = reader.end();
  if (last) yield last;
}

/** Where a `CsvReader` starts when it reads a part of a file: after the header, at a record position and a line. */
export interface CsvStart {
  /** The header row's text. */
  header: string;
  /** Record position of the first row read. */
  index: number;
  /** 1-based line number of the first line read. */
  line: number;
}

/** `parseCsv` one line at a time (lines as readline gives them), from the start of a file or from a `CsvStart`. */
export class CsvReader {
  private header: string[][] | undefined;
  private joined: string[] | undefined;
  private index = 0;
  private lineNo = 0;
  private pending: string | undefined;
  private startLine = 0;
  /** A line of the row at hand was not UTF-8. */
  private notUtf8 = false;

  constructor(
    private readonly kinds: Map<string, string>,
    start?: CsvStart,
  ) {
    if (start) {
      this.header = headerOf(splitCsv(start.header) ?? [start.header]);
      this.index = start.index;
      this.lineNo = start.line - 1;
    }
  }

  /**
   * The record (or unreadable item) a line completes, if any. `utf8` false: the line's bytes were
   * not UTF-8 (`csvLines`), and the row it is part of is that row's error.
   */
  line(raw: string, utf8 = true): RecordItem | undefined {
    this.lineNo++;
    const line = this.lineNo;
    if (this.pending !== undefined && this.pending.length + 1 + raw.length > MAX_STRING_LENGTH) throw csvRowTooLong(this.startLine);
    const text = this.pending === undefined ? (line === 1 ? raw.replace(/^\ufeff/, '') : raw) : `${this.pending}\n${raw}`;
    if (this.pending === undefined) {
      this.startLine = line;
      this.notUtf8 = false;
    }
    if (!utf8) this.notUtf8 = true;
    const cells = splitCsv(text);
    if (cells === undefined) {
      this.pending = text; // an open quote: the cell goes on on the next line
      return undefined;
    }
    this.pending = undefined;
    const header = this.header;
    if (this.notUtf8) {
      if (!header) throw new VerdictError('data-file', NOT_UTF8_HEADER);
      return { index: this.index++, line: this.startLine, unreadable: `${notUtf8(this.startLine)}: ${SAVE_AS_UTF8}` };
    }
    if (!header) {
      this.header = headerOf(cells);
      const problem = headerProblem(this.header);
      if (problem) throw new VerdictError('data-file', problem);
      return undefined;
    }
    if (cells.length === 1 && cells[0] === '') return undefined;
    const startLine = this.startLine;
    const index = this.index++;
    if (cells.length !== header.length) {
      // A quote left open takes in the lines after it, rows of their own in the writer's mind: say so.
      const span = line > startLine ? `lines ${startLine}-${line}` : `line ${startLine}`;
      const open = line > startLine ? ` (a quoted cell opened on line ${startLine} closes on line ${line}: is a closing quote missing on line ${startLine}?)` : '';
      return { index, line: startLine, unreadable: `${span}: ${cells.length} cell${cells.length === 1 ? '' : 's'} where the header has ${header.length}${open}` };
    }
    const joined = (this.joined ??= header.map((p) => p.join('.')));
    const record = Object.create(null) as Record<string, unknown>;
    let problem: string | undefined;
    for (let i = 0; i < header.length; i++) {
      const cell = cells[i];
      if (cell === '') continue;
      const path = header[i];
      const value = cellValue(cell, this.kinds.get(joined[i]));
      if (value === NOT_JSON) problem ??= `line ${startLine}: column ${joined[i]}: a list cell must hold JSON`;
      else setPath(record, path, value);
    }
    return problem ? { index, line: startLine, unreadable: problem } : { index, line: startLine, record };
  }

  /** Where the next row starts: its record position and its first line. */
  get at(): { index: number; line: number } {
    return { index: this.index, line: this.lineNo + 1 };
  }

  /** Reads on from another position (a part of the rows was read elsewhere): the next row's record position and first line. */
  seek(index: number, line: number): void {
    this.index = index;
    this.lineNo = line - 1;
  }

  /** A quoted cell is open: the row goes on on the next line. */
  get open(): boolean {
    return this.pending !== undefined;
  }

  /** At the end of the input: the item of a quoted cell left open, if any. */
  end(): RecordItem | undefined {
    if (this.pending === undefined) return undefined;
    this.pending = undefined;
    return { index: this.index++, line: this.startLine, unreadable: `line ${this.startLine}: a quoted cell is not closed before the end of the file` };
  }
}

/**
 * Whether records built from these dotted paths nest as plain objects: no path twice, none the
 * prefix of another (`a` and `a.b`, where `setPath`'s write order decides what a record holds).
 */
export function pathsNestPlainly(paths: readonly (readonly string[])[]): boolean {
  const joined = paths.map((p) => p.join('\u0000'));
  const prefixes = new Set(paths.flatMap((p) => p.slice(1).map((_, i) => p.slice(0, i + 1).join('\u0000'))));
  return new Set(joined).size === joined.length && !joined.some((j) => prefixes.has(j));
}

/** A header row's cells as dotted paths. */
export const headerOf = (cells: string[]): string[][] => cells.map((c) => c.trim().split('.'));

/**
 * What makes a CSV header unreadable for every row, if anything: a column named twice (which of
 * the two cells would a record hold?), or one column that holds another separator (a file saved
 * with `;`, as a spreadsheet does where the comma is the decimal mark, or with tabs: every record
 * would lack every field). Columns with no name (a trailing comma) are let be.
 */
export function headerProblem(paths: readonly (readonly string[])[]): string | undefined {
  if (paths.length === 1) {
    const name = paths[0].join('.');
    const sep = [';', '\t', '|'].find((c) => name.includes(c));
    if (sep !== undefined) {
      const shown = name.length > 60 ? `${name.slice(0, 59)}…` : name;
      const word = sep === '\t' ? 'tabs' : `"${sep}"`;
      return `the header is one column, ${JSON.stringify(shown)}: its columns are separated by ${word}, and a CSV file's by commas (save it as "CSV (comma delimited)")`;
    }
  }
  const seen = new Map<string, number>();
  for (let i = 0; i < paths.length; i++) {
    const name = paths[i].join('.');
    if (name === '') continue;
    const first = seen.get(name);
    if (first !== undefined) return `the header names the column ${name} twice (columns ${first + 1} and ${i + 1})`;
    seen.set(name, i);
  }
  return undefined;
}

/** Splits one CSV row; undefined when a quoted cell is still open at the end of the text. */
export function splitCsv(text: string): string[] | undefined {
  const cells: string[] = [];
  const n = text.length;
  // A `\r` ending the text is left by a CRLF reader: not part of the last cell (unless quoted).
  const end = n > 0 && text.charCodeAt(n - 1) === 13 ? n - 1 : n;
  let i = 0;
  for (;;) {
    if (i < end && text.charCodeAt(i) === 34) {
      // A quoted cell, then whatever follows its closing quote up to the next comma (kept as is).
      let cell = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return undefined;
        cell += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          cell += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // After the closing quote (never followed by a quote: that would be an escaped one), the rest
      // of the cell up to the next comma is kept as written.
      let comma = text.indexOf(',', i);
      if (comma >= end) comma = -1;
      const stop = comma < 0 ? Math.max(end, i) : comma;
      cells.push(stop > i ? cell + text.slice(i, stop) : cell);
      if (comma < 0) return cells;
      i = comma + 1;
    } else {
      let comma = text.indexOf(',', i);
      if (comma >= end) comma = -1;
      cells.push(text.slice(i, comma < 0 ? Math.max(end, i) : comma));
      if (comma < 0) return cells;
      i = comma + 1;
    }
  }
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
      return parseJson(cell);
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
      putKey(obj, k, next);
    }
    obj = next as Record<string, unknown>;
  }
  putKey(obj, path[path.length - 1], value);
}


/** `input.field` / `source.field` → the field's kind, for typing CSV cells. */
export function fieldKinds(graph: DecisionGraph): Map<string, string> {
  const m = new Map<string, string>();
  for (const owner of [...graph.inputs, ...graph.sources]) {
    for (const [name, spec] of Object.entries(owner.fields)) m.set(`${owner.id}.${name}`, spec.type.kind);
  }
  return m;
}
