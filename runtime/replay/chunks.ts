// JSONL as raw chunks of whole lines, for the workers to decode and parse: the reading thread
// only finds line ends and counts records (so that every chunk knows the position of its first
// record before any worker sees it), and never builds a string of a record.
//
// Lines end at `\n` (a `\r` before it is whitespace to JSON). A blank line is skipped without
// taking a record position, as in runtime/data/records.ts: `parseJsonl`.

import { open } from 'node:fs/promises';
import { constants, isUtf8 } from 'node:buffer';
import type { Hash } from 'node:crypto';
import { VerdictError } from '../errors.js';
import { csvRowTooLong, headerOf, headerProblem, lineTextEnd, NOT_UTF8_HEADER, splitCsv, tooLong as tooLongLine } from '../data/records.js';
import { firstByte } from './scan-bytes.js';

export interface JsonlChunk {
  /** Whole lines; its own ArrayBuffer, so that it can be transferred. */
  bytes: Uint8Array;
  /** Record position of the first non-blank line. */
  firstIndex: number;
  /** 1-based line number of the first line. */
  firstLine: number;
  /** Lines in the chunk (blank ones included) and records (non-blank lines). */
  lines: number;
  records: number;
  /**
   * The chunk is one line too long to become a text (`ChunkReading.maxLineBytes`), that line's
   * record: its bytes were let go as they were read (`bytes` is empty), as `run` lets them go
   * (records.ts: `utf8Lines`), and the line is that record's error: `unreadable` says it as `run`
   * does; `letGo` is the line's bytes (for progress).
   */
  tooLong?: { unreadable: string; letGo: number };
}

/** How `jsonlChunks` and `csvChunks` read. */
export interface ChunkReading {
  /** Buffers to fill again (see `SpareBuffers`; JSONL). */
  spare?: SpareBuffers;
  /** Takes every byte of the file, in order, as it is read (the lines let go included): the data's digest without a second read. */
  hash?: Hash;
  /** A line (JSONL) or row (CSV) longer than this, its line break aside, is too long (default: the longest text, as `utf8Lines`). */
  maxLineBytes?: number;
}

export const CHUNK_BYTES = 1 << 22;

/** A byte array of its own ArrayBuffer (transferable), not zero-filled: only bytes read into it are used. */
const rawBytes = (n: number, spare?: SpareBuffers): Uint8Array => {
  const reused = spare?.take(n);
  if (reused) return reused;
  const b = Buffer.allocUnsafeSlow(n);
  return new Uint8Array(b.buffer, b.byteOffset, n);
};

/** Spare buffers kept at most: the chunks in flight and the one being read. */
const SPARE_MAX = 8;

/**
 * Chunk buffers handed back by the workers once they have read them, for the reader to fill
 * again. A fresh buffer is fresh memory: the kernel faults in and zeroes each of its pages as the
 * file is read into it, and the worker that received it unmaps it again; on a 1.6 GB file that
 * was a twentieth of the backtest's CPU time.
 */
export class SpareBuffers {
  private readonly free: ArrayBuffer[] = [];

  put(b: ArrayBuffer): void {
    if (b.byteLength > 0 && this.free.length < SPARE_MAX) this.free.push(b);
  }

  /** A whole spare buffer of at least `n` bytes, if one is free. */
  take(n: number): Uint8Array | undefined {
    const i = this.free.findIndex((b) => b.byteLength >= n);
    if (i < 0) return undefined;
    const [b] = this.free.splice(i, 1);
    return new Uint8Array(b);
  }
}

export function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Whether the line's bytes are blank as `String.prototype.trim` sees them (line 1 may start with a BOM). */
function blankLine(buf: Uint8Array, start: number, end: number, first: boolean): boolean {
  if (start === end) return true;
  const b = buf[start];
  // The common case: a record starts with `{` or another visible ASCII character.
  if (b > 0x20 && b < 0x80) return false;
  let text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8');
  if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.trim() === '';
}

/**
 * Counts the lines and records of whole lines (the chunk ends right after a `\n`, or at the end of
 * the input), up to the first line longer than `maxLineBytes` (a `\r` before its `\n` aside), if
 * any: `long` is where that line starts and where the line after it starts.
 */
export function countLines(bytes: Uint8Array, firstLine: number, maxLineBytes = constants.MAX_STRING_LENGTH): { lines: number; records: number; long?: { start: number; next: number } } {
  let lines = 0;
  let records = 0;
  let pos = 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (pos < buf.length) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0) nl = buf.length;
    if (lineTextEnd(buf, pos, nl) - pos > maxLineBytes) return { lines, records, long: { start: pos, next: nl + 1 } };
    if (!blankLine(buf, pos, nl, firstLine + lines === 1)) records++;
    lines++;
    pos = nl + 1;
  }
  return { lines, records };
}

/**
 * Reads a file as chunks of whole lines of about `size` bytes (a longer line makes a longer chunk).
 * A chunk's buffer is taken from `spare` when one is free there (the engine puts back the buffers
 * its workers are done with); its bytes past the chunk's end are not the chunk's.
 */
export async function* jsonlChunks(path: string, size = CHUNK_BYTES, reading: ChunkReading = {}): AsyncGenerator<JsonlChunk> {
  const { spare, hash } = reading;
  const maxLineBytes = reading.maxLineBytes ?? constants.MAX_STRING_LENGTH;
  const fh = await open(path, 'r');
  // The chunk of one line too long to read, its `letGo` bytes read and let go.
  const tooLongChunk = (index: number, line: number, letGo: number): JsonlChunk => ({ bytes: new Uint8Array(0), firstIndex: index, firstLine: line, lines: 1, records: 1, tooLong: { unreadable: tooLongLine(line, maxLineBytes), letGo } });
  try {
    let carry: Uint8Array = new Uint8Array(0);
    let index = 0;
    let line = 1;
    let eof = false;
    while (!eof || carry.length) {
      // Not zero-filled (every byte used is read into it first), and its own ArrayBuffer (transferable).
      let buf = rawBytes(Math.max(size, carry.length * 2), spare);
      buf.set(carry);
      let filled = carry.length;
      let cut = -1;
      let tooLong = false;
      while (!eof) {
        if (filled === buf.length) {
          // One line fills the buffer, more bytes than a text can hold even if a `\r` ends it.
          if (cut < 0 && filled > maxLineBytes + 1) {
            tooLong = true;
            break;
          }
          const bigger = rawBytes(buf.length * 2);
          bigger.set(buf);
          buf = bigger;
        }
        const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
        if (bytesRead === 0) eof = true;
        hash?.update(buf.subarray(filled, filled + bytesRead));
        filled += bytesRead;
        cut = buf.lastIndexOf(10, filled - 1);
        if (cut >= 0 && (filled === buf.length || eof)) break;
      }
      if (tooLong) {
        // The rest of the line is read and let go: what follows its end is the next chunk's.
        let letGo = filled;
        let rest = -1;
        while (rest < 0 && !eof) {
          const { bytesRead } = await fh.read(buf, 0, buf.length, null);
          if (bytesRead === 0) eof = true;
          hash?.update(buf.subarray(0, bytesRead));
          rest = buf.subarray(0, bytesRead).indexOf(10);
          filled = bytesRead;
          letGo += rest < 0 ? bytesRead : rest + 1;
        }
        carry = rest < 0 ? new Uint8Array(0) : buf.slice(rest + 1, filled);
        yield tooLongChunk(index, line, letGo);
        index++;
        line++;
        continue;
      }
      const end = eof ? filled : cut + 1;
      if (end === 0) break;
      const { lines, records, long } = countLines(buf.subarray(0, end), line, maxLineBytes);
      // A line too long that the buffer held whole (it grew for it): the lines before it, it, and
      // the rest read again as the next chunk's start (copied first: a chunk's buffer is handed on).
      carry = buf.slice(long ? Math.min(long.next, filled) : end, filled);
      if (long && long.start > 0) yield { bytes: buf.subarray(0, long.start), firstIndex: index, firstLine: line, lines, records };
      else if (!long) yield { bytes: buf.subarray(0, end), firstIndex: index, firstLine: line, lines, records };
      index += records;
      line += lines;
      if (long) {
        yield tooLongChunk(index, line, Math.min(long.next, filled) - long.start);
        index++;
        line++;
      }
    }
  } finally {
    await fh.close();
  }
}

// ---------------------------------------------------------------------------------------------
// CSV as raw chunks of whole rows: the reading thread only finds where rows end (a quoted cell may
// hold line breaks) and counts records, by the rules of runtime/data/records.ts (`CsvReader`:
// lines end at `\n`, `\r\n` or `\r` as readline ends them; a quote opens a quoted cell only at the
// start of a cell; a row whose only cell is empty is skipped without taking a record position).
// The workers read the rows with `CsvReader` itself, started at the chunk's record and line.

export interface CsvChunk {
  /** Whole rows (the header excluded); its own ArrayBuffer, so that it can be transferred. */
  bytes: Uint8Array;
  /** The header row's text, as `CsvReader` takes it. */
  header: string;
  firstIndex: number;
  /** 1-based line number of the chunk's first line. */
  firstLine: number;
  records: number;
}

/** A chunk of rows, or the item of a quoted cell left open at the end of the file. */
export type CsvPart = { chunk: CsvChunk } | { item: { index: number; line: number; unreadable: string } };

/** Row-splitting state carried from byte to byte. */
class CsvRows {
  quoted = false;
  cellEmpty = true;
  commas = 0;
  /** Lines completed so far (the next line's number is `lines + 1`). */
  lines = 0;
  /** Line on which the row being read started. */
  rowLine = 1;
  headerDone = false;
  records = 0;

  /** Reads `buf[from, to)`; calls `rowEnd(offset after the row's line break)` at each row end. Returns where it stopped (a `\r` at `to - 1` waits for the next byte unless `eof`). */
  read(buf: Uint8Array, from: number, to: number, eof: boolean, rowEnd: (at: number, blank: boolean) => void): number {
    // The state a byte changes is kept in locals (stored back when the read stops), as most bytes are.
    let quoted = this.quoted;
    let cellEmpty = this.cellEmpty;
    let commas = this.commas;
    let p = from;
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (p < to) {
      // Four bytes at a time while none can matter: a byte that does (a line break, a quote, and
      // outside quotes a comma) is below 0x2d, and inside quotes below 0x23 (the bit trick of "has a
      // byte less than n" never misses one, and its lowest flag is exact: it goes wrong only above
      // a true hit). In a flagged word, the bytes before the first flagged one are stepped over.
      if (p + 4 <= to) {
        const w = dv.getInt32(p, true);
        const hit = (w - (quoted ? 0x23232323 : 0x2d2d2d2d)) & ~w & 0x80808080;
        if (hit === 0) {
          cellEmpty = false;
          p += 4;
          continue;
        }
        const i = firstByte(hit);
        if (i > 0) {
          cellEmpty = false;
          p += i;
        }
      }
      const c = buf[p];
      if (c === 0x0a || c === 0x0d) {
        if (c === 0x0d && p + 1 >= to && !eof) break;
        const next = c === 0x0d && p + 1 < to && buf[p + 1] === 0x0a ? p + 2 : p + 1;
        this.lines++;
        if (quoted) cellEmpty = false; // the line break joins the cell as `\n`
        else {
          rowEnd(next, commas === 0 && cellEmpty);
          commas = 0;
          cellEmpty = true;
          this.rowLine = this.lines + 1;
        }
        p = next;
        continue;
      }
      if (quoted) {
        if (c === 0x22) {
          if (p + 1 < to && buf[p + 1] === 0x22) {
            cellEmpty = false;
            p += 2;
            continue;
          }
          // A quote at the end of the bytes read so far: whether it is doubled is not known yet.
          if (p + 1 >= to && !eof) break;
          quoted = false;
        } else cellEmpty = false;
      } else if (c === 0x22 && cellEmpty) quoted = true;
      else if (c === 0x2c) {
        commas++;
        cellEmpty = true;
      } else cellEmpty = false;
      p++;
    }
    this.quoted = quoted;
    this.cellEmpty = cellEmpty;
    this.commas = commas;
    return p;
  }
}

/** The text of a row as `CsvReader` gets it: its lines (as readline splits them) joined by `\n`, the last line break left out. */
function rowText(buf: Uint8Array, start: number, end: number): string {
  let e = end;
  if (e > start && buf[e - 1] === 0x0a) e--;
  if (e > start && buf[e - 1] === 0x0d) e--;
  return Buffer.from(buf.buffer, buf.byteOffset + start, e - start)
    .toString('utf8')
    .replace(/\r\n?/g, '\n');
}

/**
 * Reads a CSV file as chunks of whole rows of about `size` bytes, after its header. A row longer
 * than `reading.maxLineBytes` (its line break aside) is the file's error, as `run` says it
 * (records.ts: `csvRowTooLong`), thrown before its bytes pile up; `reading.hash` takes every byte read.
 */
export async function* csvChunks(path: string, size = CHUNK_BYTES, reading: ChunkReading = {}): AsyncGenerator<CsvPart> {
  const maxRowBytes = reading.maxLineBytes ?? constants.MAX_STRING_LENGTH;
  const fh = await open(path, 'r');
  try {
    const rows = new CsvRows();
    let header: string | undefined;
    let carry: Uint8Array = new Uint8Array(0);
    /** Bytes of `carry` already read by `rows`. */
    let scanned = 0;
    let eof = false;
    let atFileStart = true;
    let index = 0;
    while (!eof) {
      const buf = rawBytes(Math.max(size, carry.length * 2));
      buf.set(carry);
      let filled = carry.length;
      while (filled < buf.length) {
        const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
        if (bytesRead === 0) {
          eof = true;
          break;
        }
        reading.hash?.update(buf.subarray(filled, filled + bytesRead));
        filled += bytesRead;
      }
      let start = 0;
      if (atFileStart) {
        if (filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = scanned = 3;
        atFileStart = false;
      }
      let cut = -1;
      let chunkLine = rows.rowLine;
      let records = 0;
      const firstIndex = index;
      const tooLong = (line: number) => new VerdictError('data-file', `${path}: ${csvRowTooLong(line, maxRowBytes).message}`);
      // Where the row at hand starts in `buf` (its first line is `rows.rowLine` until it ends).
      let rowFrom = start;
      const rowEnd = (at: number, blank: boolean) => {
        // Its bytes, its line break (`\n`, `\r\n` or `\r`) aside.
        const text = buf[at - 1] === 0x0a ? (at - 2 >= rowFrom && buf[at - 2] === 0x0d ? at - 2 : at - 1) : buf[at - 1] === 0x0d ? at - 1 : at;
        if (text - rowFrom > maxRowBytes) throw tooLong(rows.rowLine);
        rowFrom = at;
        if (!rows.headerDone) {
          rows.headerDone = true;
          if (!isUtf8(Buffer.from(buf.buffer, buf.byteOffset + start, at - start))) throw new VerdictError('data-file', `${path}: ${NOT_UTF8_HEADER}`);
          header = rowText(buf, start, at);
          const problem = headerProblem(headerOf(splitCsv(header) ?? [header]));
          if (problem) throw new VerdictError('data-file', `${path}: ${problem}`);
          start = at;
          chunkLine = rows.lines + 1;
          return;
        }
        if (!blank) {
          records++;
          index++;
        }
        cut = at;
      };
      scanned = rows.read(buf, scanned, filled, eof, rowEnd);
      // The last line of a file need not end with a line break.
      const lastRowStart = cut >= 0 ? cut : start;
      if (eof && !rows.quoted && filled > lastRowStart) {
        rows.lines++;
        rowEnd(filled, rows.commas === 0 && rows.cellEmpty);
      }
      if (cut >= 0 && header !== undefined) {
        yield { chunk: { bytes: buf.slice(start, cut), header, firstIndex, firstLine: chunkLine, records } };
        start = cut;
      }
      if (eof) {
        // A row left over is one whose quoted cell never closed.
        if (rows.quoted) yield { item: { index, line: rows.rowLine, unreadable: `line ${rows.rowLine}: a quoted cell is not closed before the end of the file` } };
        break;
      }
      carry = buf.slice(start, filled);
      scanned -= start;
      // The row at hand has no end yet: past the longest text (a `\r` waiting for its `\n` aside), it can never be read.
      if (carry.length > maxRowBytes + 1) throw tooLong(rows.rowLine);
    }
  } finally {
    await fh.close();
  }
}
