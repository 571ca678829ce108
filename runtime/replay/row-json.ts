// A row of cells as a JSONL line: the row's bytes rewritten, byte by byte, as the JSON text of the
// record its reader builds from it, so that the replay's JSONL scanner (scan.ts) reads it straight
// into the slots. Two kinds of rows: a CSV row (the record `CsvReader` builds, data/records.ts) and
// a Parquet row as DuckDB gives it, its cells' texts joined by U+001F (the record `recordBuilder`
// builds, data/duckdb.ts). Reading a CSV row used to cost a string of the chunk, a split, a nested
// object per row, JSON.parse of every list cell and `decodeRecord`; this costs a copy.
//
// It is a shortcut, like the scanner: a row it is not sure of gets -1, and the caller reads it the
// slow way, which says what is wrong. What it writes is the record's JSON:
// - the dotted paths nest as the readers nest them; paths where one is another's prefix (or twice
//   the same) are left to the slow way altogether (`regular` is false);
// - an empty cell is absent, and so is an object all of whose cells are empty;
// - a `list` cell (a Parquet list, a cell of an undeclared column that starts with `[`) is JSON:
//   its text is copied as it stands when it is one bracketed value, first byte `[` and the bracket
//   it opens closing at its last byte (strings stepped over); the scanner then checks its syntax,
//   and a row it refuses goes the slow way, where JSON.parse decides. Anything else in such a
//   cell: -1;
// - a `bool` cell `true` / `false` (and the same text in an undeclared column) is the literal; a
//   Parquet BOOLEAN cell holds nothing else (anything else: -1);
// - every other cell is a JSON string of the cell's bytes (`"`, `\` and control bytes escaped).
// A CSV row must lie on one line, end at `\n`, `\r\n` or the end of the chunk, and have as many
// cells as the header; a quoted cell must end at its closing quote. Others: -1.

import type { Leaf } from '../data/duckdb.js';
import { headerOf, pathsNestPlainly, splitCsv } from '../data/records.js';
import { firstByte, special, specialMask } from './scan-bytes.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const BRACE_OPEN = 0x7b;
const BRACE_CLOSE = 0x7d;

/** How a column's cells are written. */
const C_STRING = 0;
const C_BOOL = 1;
const C_LIST = 2;
/** Undeclared: `[` starts JSON, `true` / `false` are literals, anything else a string. */
const C_GUESS = 3;
/** A Parquet BOOLEAN: `true` or `false`. */
const C_TRUTH = 4;
/** A Parquet list (its JSON text). */
const C_JSON = 5;

/** How a cell of a field of this kind (`fieldKinds`) reads, as text. */
const textual = (kind: string | undefined): number => (kind === 'list' ? C_LIST : kind === 'bool' ? C_BOOL : kind === undefined ? C_GUESS : C_STRING);

/** How the cells of a DuckDB leaf read (data/duckdb.ts: `recordBuilder`). */
export type LeafKind = Leaf['kind'];

const SEP = 0x1f;

/** A cell holds doubled quotes; a byte a JSON string escapes (a quote, a backslash, a control byte). */
const F_DOUBLED = 1;
const F_ESCAPE = 2;

interface Node {
  /** `"key":` as UTF-8 bytes (JSON-escaped). */
  key: Buffer;
  /** A column's index, or -1 for an object. */
  column: number;
  children: Node[];
}

const HEX = Buffer.from('0123456789abcdef');

export class RowJson {
  /** Whether the paths nest as plain JSON (no path is another's prefix): otherwise every row goes the slow way. */
  readonly regular: boolean;
  /** The JSON text of the last row written: `out[0, length)`. */
  out: Buffer = Buffer.allocUnsafe(1 << 16);
  length = 0;
  /** The last CSV row read was blank (no record: `CsvReader` skips it). */
  blank = false;

  private readonly columns: number;
  private readonly how: Uint8Array;
  private readonly root: Node[];
  private readonly keyBytes: number;
  /** Per column: where its cell's text starts and ends in the chunk, and what it holds (`F_…`). */
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly flags: Uint8Array;
  /**
   * Per column: where `lists` holds its cell's JSON when it is a quoted CSV list cell (copied, each
   * doubled quote once, as the cell was found: `quotedList`), else -1.
   */
  private readonly listAt: Int32Array;
  private readonly listEnd: Int32Array;
  private lists: Buffer = Buffer.allocUnsafe(1 << 12);

  /** The rows of a CSV file with this header (records.ts: `CsvReader`). */
  static csv(header: string, kinds: Map<string, string>): RowJson {
    const paths = headerOf(splitCsv(header) ?? [header]);
    return new RowJson(
      paths,
      paths.map((p) => textual(kinds.get(p.join('.')))),
    );
  }

  /** Parquet rows read by DuckDB with these leaves (duckdb.ts: `recordBuilder`). */
  static parquet(leaves: readonly { path: string[]; kind: LeafKind }[], kinds: Map<string, string>): RowJson {
    const how = (l: { path: string[]; kind: LeafKind }) => (l.kind === 'bool' ? C_TRUTH : l.kind === 'json' ? C_JSON : l.kind === 'plain' ? C_STRING : textual(kinds.get(l.path.join('.'))));
    return new RowJson(
      leaves.map((l) => l.path),
      leaves.map(how),
    );
  }

  private constructor(paths: string[][], how: number[]) {
    this.columns = paths.length;
    this.how = Uint8Array.from(how);
    this.from = new Int32Array(paths.length);
    this.to = new Int32Array(paths.length);
    this.flags = new Uint8Array(paths.length);
    this.listAt = new Int32Array(paths.length).fill(-1);
    this.listEnd = new Int32Array(paths.length);
    this.regular = pathsNestPlainly(paths);
    this.root = [];
    let keyBytes = 0;
    if (this.regular) {
      paths.forEach((path, column) => {
        let level = this.root;
        path.forEach((seg, depth) => {
          const leaf = depth === path.length - 1;
          let node = leaf ? undefined : level.find((n) => n.column < 0 && n.key.equals(keyOf(seg)));
          if (!node) {
            node = { key: keyOf(seg), column: leaf ? column : -1, children: [] };
            level.push(node);
            keyBytes += node.key.length + 2;
          }
          level = node.children;
        });
      });
    }
    this.keyBytes = keyBytes;
  }

  /**
   * Reads the Parquet row `buf[p, end)`, its cells joined by U+001F, and writes its JSON text
   * (`out`, `length`). Returns `end`, or -1 when the row goes the slow way.
   */
  joined(buf: Uint8Array, dv: DataView, p: number, end: number): number {
    if (!this.regular) return -1;
    const n = this.columns;
    const start = p;
    let cells = 0;
    for (;;) {
      if (cells === n) return -1;
      // Four bytes at a time while none is a control byte (the separator is one); quotes and
      // backslashes are the writer's to escape (F_ESCAPE: it looks at every byte).
      let e = p;
      for (;;) {
        while (e + 4 <= end && !control(dv.getInt32(e, true))) e += 4;
        if (e >= end || buf[e] === SEP) break;
        e++;
      }
      this.from[cells] = p;
      this.to[cells] = e;
      this.flags[cells] = F_ESCAPE;
      this.listAt[cells] = -1;
      cells++;
      if (e >= end) break;
      p = e + 1;
    }
    if (cells !== n) return -1;
    this.blank = false;
    return this.write(buf, dv, end - start) < 0 ? -1 : end;
  }

  /**
   * Reads the CSV row that starts at `p` in `buf[.., end)` and writes its JSON text (`out`,
   * `length`), or sets `blank` for a blank row. Returns the position after the row's line break,
   * or -1 when the row is for `CsvReader` (see the top of the file).
   */
  csvRow(buf: Uint8Array, dv: DataView, p: number, end: number): number {
    if (!this.regular) return -1;
    const n = this.columns;
    const from = this.from;
    const to = this.to;
    const flags = this.flags;
    const how = this.how;
    const start = p;
    let cells = 0;
    let lists = 0;
    let next: number;
    for (;;) {
      if (cells === n) return -1;
      let f = 0;
      let e = p;
      this.listAt[cells] = -1;
      if (p + 1 < end && buf[p] === QUOTE && buf[p + 1] === OPEN && (how[cells] === C_LIST || how[cells] === C_GUESS)) {
        // A quoted list cell: found and copied in one pass (see `quotedList`).
        e = this.quotedList(buf, p + 1, end, lists);
        if (e < 0) return -1;
        this.listAt[cells] = lists;
        lists = this.listEnd[cells] = this.listLength;
        from[cells] = p + 1;
        to[cells] = e;
        e++;
        if (e < end && buf[e] !== COMMA && buf[e] !== LF && buf[e] !== CR) return -1;
      } else if (p < end && buf[p] === QUOTE) {
        // A quoted cell: its text up to the closing quote, doubled quotes inside. Four bytes at a
        // time while none is a quote, a backslash or a control byte (`special` never misses one).
        e = p + 1;
        for (;;) {
          e = plainEnd(dv, e, end, false);
          if (e >= end) return -1;
          const c = buf[e];
          if (c === QUOTE) {
            if (e + 1 < end && buf[e + 1] === QUOTE) {
              f |= F_DOUBLED | F_ESCAPE;
              e += 2;
              continue;
            }
            break;
          }
          if (c === LF || c === CR) return -1;
          if (c === BACKSLASH || c < 0x20) f |= F_ESCAPE;
          e++;
        }
        from[cells] = p + 1;
        to[cells] = e;
        e++;
        if (e < end && buf[e] !== COMMA && buf[e] !== LF && buf[e] !== CR) return -1;
      } else {
        for (;;) {
          e = plainEnd(dv, e, end, true);
          if (e >= end) break;
          const c = buf[e];
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE || c === BACKSLASH || c < 0x20) f |= F_ESCAPE;
          e++;
        }
        from[cells] = p;
        to[cells] = e;
      }
      flags[cells] = f;
      cells++;
      if (e >= end) {
        next = end;
        break;
      }
      const c = buf[e];
      if (c === COMMA) {
        p = e + 1;
        continue;
      }
      if (c === LF) next = e + 1;
      else if (e + 1 < end && buf[e + 1] === LF) next = e + 2;
      else return -1;
      break;
    }
    // A blank row, as `CsvReader` sees it: one cell, empty.
    if (cells === 1 && from[0] === to[0]) {
      this.blank = true;
      return next;
    }
    if (cells !== n) return -1;
    this.blank = false;
    return this.write(buf, dv, next - start) < 0 ? -1 : next;
  }

  /** Writes the JSON of the cells found (`from`, `to`, `flags`) in a row of `bytes` bytes: its length, or -1. */
  private write(buf: Uint8Array, dv: DataView, bytes: number): number {
    const need = bytes * 6 + this.keyBytes + 16;
    if (this.out.length < need) this.out = Buffer.allocUnsafe(Math.max(need, this.out.length * 2));
    return (this.length = this.object(this.root, buf, dv, 0));
  }

  /** Writes `{...}` of `nodes` at `at`: the position after it, `at` when none of its cells holds anything, -1 for a cell that must go to `CsvReader`. */
  private object(nodes: Node[], buf: Uint8Array, dv: DataView, at: number): number {
    const out = this.out;
    let p = at;
    out[p++] = BRACE_OPEN;
    let wrote = false;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const col = node.column;
      if (col >= 0 && this.from[col] === this.to[col]) continue;
      const mark = p;
      if (wrote) out[p++] = COMMA;
      const key = node.key;
      for (let k = 0; k < key.length; k++) out[p++] = key[k];
      if (col < 0) {
        const e = this.object(node.children, buf, dv, p);
        if (e < 0) return -1;
        if (e === p) {
          p = mark;
          continue;
        }
        p = e;
      } else {
        p = this.cell(col, buf, dv, p);
        if (p < 0) return -1;
      }
      wrote = true;
    }
    if (!wrote && at > 0) return at;
    out[p++] = BRACE_CLOSE;
    return p;
  }

  /** Writes column `col`'s cell (not empty) at `p`: the position after it, or -1. */
  private cell(col: number, buf: Uint8Array, dv: DataView, p: number): number {
    const s = this.from[col];
    const e = this.to[col];
    const how = this.how[col];
    const f = this.flags[col];
    const out = this.out;
    if (how !== C_STRING) {
      if (buf[s] === OPEN && how !== C_BOOL && how !== C_TRUTH) {
        const at = this.listAt[col];
        if (at < 0) return this.list(buf, dv, s, e, p);
        const len = this.listEnd[col] - at;
        out.set(this.lists.subarray(at, at + len), p);
        return p + len;
      }
      if (how === C_LIST || how === C_JSON) return -1;
      const len = e - s;
      if (len === 4 && buf[s] === 0x74 && buf[s + 1] === 0x72 && buf[s + 2] === 0x75 && buf[s + 3] === 0x65) {
        out[p] = 0x74;
        out[p + 1] = 0x72;
        out[p + 2] = 0x75;
        out[p + 3] = 0x65;
        return p + 4;
      }
      if (len === 5 && buf[s] === 0x66 && buf[s + 1] === 0x61 && buf[s + 2] === 0x6c && buf[s + 3] === 0x73 && buf[s + 4] === 0x65) {
        out[p] = 0x66;
        out[p + 1] = 0x61;
        out[p + 2] = 0x6c;
        out[p + 3] = 0x73;
        out[p + 4] = 0x65;
        return p + 5;
      }
      if (how === C_TRUTH) return -1;
    }
    out[p++] = QUOTE;
    if (f === 0) {
      // Nothing to escape: the bytes as they stand.
      if (e - s > 32) out.set(buf.subarray(s, e), p);
      else for (let i = s; i < e; i++) out[p + i - s] = buf[i];
      p += e - s;
    } else p = this.escaped(buf, s, e, (f & F_DOUBLED) !== 0, p);
    out[p++] = QUOTE;
    return p;
  }

  /** The cell's text within a JSON string: `"`, `\` and control bytes escaped, a doubled quote once. */
  private escaped(buf: Uint8Array, s: number, e: number, twice: boolean, p: number): number {
    const out = this.out;
    for (let i = s; i < e; i++) {
      const c = buf[i];
      if (c === QUOTE || c === BACKSLASH) {
        out[p++] = BACKSLASH;
        out[p++] = c;
        if (c === QUOTE && twice) i++;
      } else if (c < 0x20) {
        out[p++] = BACKSLASH;
        out[p++] = 0x75;
        out[p++] = 0x30;
        out[p++] = 0x30;
        out[p++] = HEX[c >> 4];
        out[p++] = HEX[c & 15];
      } else out[p++] = c;
    }
    return p;
  }

  /**
   * A cell that starts with `[`, copied as it stands when it is one bracketed value (`oneValue`).
   * The position after it, or -1. The syntax in between is the scanner's to check.
   */
  private list(buf: Uint8Array, dv: DataView, s: number, e: number, p: number): number {
    if (!oneValue(buf, dv, s, e)) return -1;
    this.out.set(buf.subarray(s, e), p);
    return p + e - s;
  }

  /** Set by `quotedList`: the end of what it wrote in `lists`. */
  private listLength = 0;

  /**
   * The quoted CSV cell whose text starts at `s` with `[`: found and written to `lists` at `at` in
   * one pass, each doubled quote once, when it is one bracketed value (as `list` checks a cell:
   * strings stepped over with their escapes, and the bracket it opens closing at its last byte).
   * Returns the position of its closing quote (the end in `listLength`), or -1: the cell is not
   * one value, runs past the line or the bytes, or holds a lone quote inside a string.
   */
  private quotedList(buf: Uint8Array, s: number, end: number, at: number): number {
    let o = this.lists;
    let q = at;
    let depth = 0;
    let inString = false;
    let done = false;
    let i = s;
    for (;;) {
      if (i >= end) return -1;
      // Room for this byte and an escaped one.
      if (q + 2 > o.length) {
        const grown = Buffer.allocUnsafe(o.length * 2);
        grown.set(o.subarray(0, q));
        this.lists = o = grown;
      }
      const c = buf[i];
      if (c === QUOTE) {
        // A doubled quote is a quote of the value; a single one closes the cell.
        if (i + 1 >= end || buf[i + 1] !== QUOTE) break;
        if (done) return -1;
        o[q++] = QUOTE;
        inString = !inString;
        i += 2;
        continue;
      }
      if (c === LF || c === CR || done) return -1;
      o[q++] = c;
      i++;
      if (inString) {
        if (c === BACKSLASH) {
          // The escaped byte (a quote comes doubled).
          if (i >= end) return -1;
          const d = buf[i];
          if (d === QUOTE) {
            if (i + 1 >= end || buf[i + 1] !== QUOTE) return -1;
            i++;
          } else if (d === LF || d === CR) return -1;
          o[q++] = d;
          i++;
        }
      } else if (c === OPEN || c === BRACE_OPEN) depth++;
      else if (c === CLOSE || c === BRACE_CLOSE) {
        if (--depth === 0) done = true;
        else if (depth < 0) return -1;
      }
    }
    if (!done) return -1;
    this.listLength = q;
    return i;
  }
}

/** Whether `buf[s, e)` is one bracketed value: `[` first, and the bracket closing it is the last byte (strings stepped over, with their escapes). */
function oneValue(buf: Uint8Array, dv: DataView, s: number, e: number): boolean {
  let depth = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i];
    if (c === QUOTE) {
      // A string: four bytes at a time to its closing quote.
      for (i++; ; i++) {
        while (i + 4 <= e && !special(dv.getInt32(i, true))) i += 4;
        if (i >= e) return false;
        const b = buf[i];
        if (b === QUOTE) break;
        if (b === BACKSLASH) i++;
      }
    } else if (c === OPEN || c === BRACE_OPEN) depth++;
    else if (c === CLOSE || c === BRACE_CLOSE) {
      if (--depth === 0) return i === e - 1;
      if (depth < 0) return false;
    }
  }
  return false;
}

/** Whether four bytes (a little-endian word) may hold a control byte (no false negatives). */
const control = (w: number): boolean => ((w - 0x20202020) & ~w & 0x80808080) !== 0;

/**
 * From `e`, four bytes at a time, the first position that may hold a quote, a backslash, a control
 * byte or (`comma`) a comma: in a flagged word, its lowest flagged byte, which is exact (the bit
 * tricks go wrong only above a true hit); `end` or a position in the last three bytes when none.
 */
function plainEnd(dv: DataView, e: number, end: number, comma: boolean): number {
  while (e + 4 <= end) {
    const w = dv.getInt32(e, true);
    const c = w ^ 0x2c2c2c2c;
    const hit = specialMask(w) | (comma ? (c - 0x01010101) & ~c & 0x80808080 : 0);
    if (hit !== 0) return e + firstByte(hit);
    e += 4;
  }
  return e;
}

/** `"key":` as JSON bytes. */
const keyOf = (key: string): Buffer => Buffer.from(`${JSON.stringify(key)}:`, 'utf8');

