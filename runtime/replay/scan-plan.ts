// The line scanner's tables (scan.ts): how each declared field is read (a plan per type), which
// fields anything reads at all, keys matched on their bytes, and dates and decimals read straight
// from ASCII bytes exactly as the text decoders of values.ts read them.

import type { RecordType, ValueType } from '../graph.js';
import { decoderFor, itemFieldOrder, quickKind, type Decoder } from '../record.js';
import { daysFromCivil, daysInMonth, parseDate } from '../values.js';
import type { Label } from './slots.js';

/** How a typed value is read: a scalar through its decoder, or a list / record value read in place. */
export type Plan =
  /** `read`: false for a text nobody reads (checked to be a string, not built). `fast`: how its bytes can be read without a string. */
  | { kind: 'scalar'; quick: number; decode: Decoder; read: boolean; fast: number; values?: KeyTable<string>; names?: string[] }
  | { kind: 'list'; item: Plan }
  | { kind: 'record'; table: KeyTable<Field>; fields: Field[] };

export interface Field {
  name: string;
  /** A slot (group fields) or the position in the item array (record values). */
  at: number;
  optional: boolean;
  quick: number;
  decode: Decoder;
  plan: Plan;
  /** Scan generation that last saw this key (duplicates and absences). */
  seen: number;
}

export interface GroupEntry {
  kind: 'group';
  id: string;
  required: boolean;
  table: KeyTable<Field>;
  fields: Field[];
  /** The first input: its `applied_at` is read raw too (the as-of fallback of `decodeRecord`). */
  first: boolean;
  /** -1 absent, 0 null, 1 an object. */
  state: number;
  seen: number;
}

export interface TopEntry {
  kind: 'as_of' | 'label';
  seen: number;
}

const F_NONE = 0;
export const F_NUMBER = 1;
export const F_DATE = 2;
export const F_ENUM = 3;

/** Which fields something reads: `input.field` labels, and the names read from list items (any list). */
export interface ReadSet {
  fields: Set<string>;
  itemFields: Set<string>;
}

/** Every field and list-item field an expression of these graphs reads (a walk over the whole graph: nothing is missed). */
export function readSet(graphs: unknown[]): ReadSet {
  const out: ReadSet = { fields: new Set(), itemFields: new Set() };
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) for (const i of x) visit(i);
    else if (typeof x === 'object' && x !== null) {
      const o = x as Record<string, unknown>;
      if (o.op === 'field' && typeof o.id === 'string' && typeof o.field === 'string') out.fields.add(`${o.id}.${o.field}`);
      if (o.op === 'item_field' && typeof o.field === 'string') out.itemFields.add(o.field);
      for (const k of Object.keys(o)) if (k !== 'range') visit(o[k]);
    }
  };
  visit(graphs);
  return out;
}

function planOf(t: ValueType, read: boolean, reads: ReadSet): Plan {
  if (t.kind === 'list') return { kind: 'list', item: recordPlan(t.item, reads) };
  if (t.kind === 'scalar_list') return { kind: 'list', item: planOf(t.item, true, reads) };
  if (t.kind === 'record') return recordPlan(t.fields, reads);
  const fast = t.kind === 'number' || t.kind === 'money' ? F_NUMBER : t.kind === 'date' ? F_DATE : t.kind === 'enum' ? F_ENUM : F_NONE;
  // One shape for every scalar plan (`values` set or not): the scanner's reads of it stay monomorphic.
  const plan: Plan = { kind: 'scalar', quick: quickKind(t), decode: decoderFor(t), read: read || t.kind !== 'text', fast, values: undefined, names: undefined };
  if (t.kind === 'enum') {
    plan.values = tableOf(t.values.map((v) => ({ name: v })), (v) => v.name);
    plan.names = t.values;
  }
  return plan;
}

function recordPlan(fields: RecordType, reads: ReadSet): Plan {
  const list = itemFieldOrder(fields).map((name, i) => field(name, i, fields[name].optional, fields[name].type, reads.itemFields.has(name), reads));
  return { kind: 'record', table: tableOf(list, (f) => f), fields: list };
}

export function field(name: string, at: number, optional: boolean, type: ValueType, read: boolean, reads: ReadSet): Field {
  return { name, at, optional, quick: quickKind(type), decode: decoderFor(type), plan: planOf(type, read, reads), seen: 0 };
}

export function tableOf<T extends { name: string }, V>(items: T[], value: (t: T) => V): KeyTable<V> {
  const t = new KeyTable<V>();
  for (const i of items) t.add(i.name, value(i));
  return t;
}

/**
 * Names matched on their UTF-8 bytes. A key's first 16 bytes are packed four to a word as the key
 * is scanned (`key`), so that a lookup compares five integers, and the bytes beyond 16 one by one.
 *
 * Objects of one kind nearly always list their keys in the same order, so a table also learns that
 * order: each entry remembers the entry whose key followed it last time (`next`, and `first` for an
 * object's first key), and the scanner first compares the bytes of that predicted key (`predict`)
 * before scanning and looking up. Keys outside the table are learned too (as entries with no value,
 * up to `MAX_LEARNED`), so that the keys a policy does not read are predicted as well.
 */
export interface KeyEntry<T> {
  bytes: Uint8Array;
  len: number;
  w0: number;
  w1: number;
  w2: number;
  w3: number;
  /** Undefined for a key learned from the data (not in the table). */
  value: T | undefined;
  /** No byte that a key cannot hold unescaped (a quote, a backslash, a control character): it may be predicted. */
  plain: boolean;
  /** The entry of the key that followed this one last time. */
  next: KeyEntry<T> | undefined;
  /** `keyWords` of its bytes. */
  words: Int32Array;
}

function packWord(b: Uint8Array, from: number): number {
  let w = 0;
  for (let i = 0; i < 4 && from + i < b.length && from + i < 16; i++) w |= b[from + i] << (i << 3);
  return w;
}

const bucketOf = (len: number, w0: number, w1: number): number => (len * 7 + w0 + (w0 >>> 11) + (w0 >>> 22) + w1 * 3 + (w1 >>> 13)) & 63;

/** Keys learned from the data per table: enough for any real record, bounded for hostile data. */
const MAX_LEARNED = 64;

export class KeyTable<T> {
  private readonly buckets: KeyEntry<T>[][] = Array.from({ length: 64 }, () => []);
  /** The entry of the first key of the last object read with this table. */
  first: KeyEntry<T> | undefined = undefined;
  private learned = 0;
  private lastFound: KeyEntry<T> | undefined = undefined;

  add(name: string, value: T): void {
    this.put(new TextEncoder().encode(name), value);
  }

  private put(bytes: Uint8Array, value: T | undefined): KeyEntry<T> {
    let plain = true;
    for (const b of bytes) if (b < 0x20 || b === 0x22 || b === 0x5c) plain = false;
    const e: KeyEntry<T> = { bytes, len: bytes.length, w0: packWord(bytes, 0), w1: packWord(bytes, 4), w2: packWord(bytes, 8), w3: packWord(bytes, 12), value, plain, next: undefined, words: keyWords(bytes) };
    this.buckets[bucketOf(e.len, e.w0, e.w1)].push(e);
    return e;
  }

  /** The entry of a key scanned by `LineScanner.key` (its length and packed words, its bytes in `buf` from `s`). */
  findEntry(len: number, w0: number, w1: number, w2: number, w3: number, buf: Uint8Array, s: number): KeyEntry<T> | undefined {
    const bucket = this.buckets[bucketOf(len, w0, w1)];
    outer: for (let k = 0; k < bucket.length; k++) {
      const e = bucket[k];
      if (e.len !== len || e.w0 !== w0 || e.w1 !== w1 || e.w2 !== w2 || e.w3 !== w3) continue;
      if (len > 16) {
        const b = e.bytes;
        for (let i = 16; i < len; i++) if (b[i] !== buf[s + i]) continue outer;
      }
      return e;
    }
    return undefined;
  }

  /** `findEntry`, learning a key outside the table (while there is room): undefined only then. */
  entryOf(len: number, w0: number, w1: number, w2: number, w3: number, buf: Uint8Array, s: number): KeyEntry<T> | undefined {
    const e = this.findEntry(len, w0, w1, w2, w3, buf, s);
    if (e !== undefined || this.learned >= MAX_LEARNED) return e;
    this.learned++;
    return this.put(buf.slice(s, s + len), undefined);
  }

  findKey(len: number, w0: number, w1: number, w2: number, w3: number, buf: Uint8Array, s: number): T | undefined {
    return this.findEntry(len, w0, w1, w2, w3, buf, s)?.value;
  }

  /** The entry of the bytes `buf[s, e)` (the one found last is tried first: enum values repeat). */
  findBytes(buf: Uint8Array, s: number, e: number): T | undefined {
    const len = e - s;
    const last = this.lastFound;
    if (last !== undefined && last.len === len) {
      const b = last.bytes;
      let i = 0;
      while (i < len && b[i] === buf[s + i]) i++;
      if (i === len) return last.value;
    }
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    for (let i = 0; i < len && i < 16; i++) {
      const c = buf[s + i] << ((i & 3) << 3);
      if (i < 4) w0 |= c;
      else if (i < 8) w1 |= c;
      else if (i < 12) w2 |= c;
      else w3 |= c;
    }
    const found = this.findEntry(len, w0, w1, w2, w3, buf, s);
    if (found !== undefined) this.lastFound = found;
    return found?.value;
  }
}

/**
 * Whether `buf` holds the key of `e` at `s` (just after its opening quote), its closing quote
 * included, before `end`.
 */
export function keyAt<T>(e: KeyEntry<T>, dv: DataView, buf: Uint8Array, s: number, end: number): boolean {
  const m = e.len + 1;
  if (s + m > end || !e.plain) return false;
  const w = e.words;
  const k = w.length - 1;
  if (k >= 0) {
    // Four bytes at a time; the last word ends with the quote (it may overlap the one before).
    for (let i = 0; i < k; i++) if (dv.getInt32(s + 4 * i, true) !== w[i]) return false;
    return dv.getInt32(s + m - 4, true) === w[k];
  }
  const b = e.bytes;
  for (let i = 0; i < e.len; i++) if (buf[s + i] !== b[i]) return false;
  return buf[s + e.len] === 0x22;
}

/** The key's bytes and closing quote as little-endian words for `keyAt`: at 0, 4, … and the last at the end (none under 4 bytes). */
function keyWords(bytes: Uint8Array): Int32Array {
  const m = bytes.length + 1;
  const at = (i: number) => (i < bytes.length ? bytes[i] : 0x22);
  const word = (o: number) => at(o) | (at(o + 1) << 8) | (at(o + 2) << 16) | (at(o + 3) << 24);
  if (m < 4) return new Int32Array(0);
  const out: number[] = [];
  for (let o = 0; o + 4 < m; o += 4) out.push(word(o));
  out.push(word(m - 4));
  return Int32Array.from(out);
}

/** `YYYY-MM-DD` from 10 ASCII bytes, as `parseDate` reads a 10-character text; undefined when it is not a date. */
export function dateBytes(b: Uint8Array, s: number): number | undefined {
  if (b[s + 4] !== 0x2d || b[s + 7] !== 0x2d) return undefined;
  const y0 = b[s] - 0x30;
  const y1 = b[s + 1] - 0x30;
  const y2 = b[s + 2] - 0x30;
  const y3 = b[s + 3] - 0x30;
  const m0 = b[s + 5] - 0x30;
  const m1 = b[s + 6] - 0x30;
  const d0 = b[s + 8] - 0x30;
  const d1 = b[s + 9] - 0x30;
  // Unsigned: a byte below '0' wraps to a large number.
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return undefined;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (y >= MONTHS_FROM && y < MONTHS_FROM + MONTHS_YEARS && m >= 1 && m <= 12) {
    // The day number is the first of its month's plus the day: each month computed once.
    const i = (y - MONTHS_FROM) * 12 + m - 1;
    let n = monthDays[i];
    if (n === 0) {
      n = daysInMonth(y, m);
      monthStart[i] = daysFromCivil(y, m, 1);
      monthDays[i] = n;
    }
    return day >= 1 && day <= n ? monthStart[i] + day - 1 : undefined;
  }
  if (!(m >= 1 && m <= 12 && day >= 1 && day <= daysInMonth(y, m))) return undefined;
  return daysFromCivil(y, m, day);
}

/** `dateBytes`' months of 1900 to 2199: the day number of each one's first day, and its length (0: not yet computed). */
const MONTHS_FROM = 1900;
const MONTHS_YEARS = 300;
const monthStart = new Int32Array(MONTHS_YEARS * 12);
const monthDays = new Uint8Array(MONTHS_YEARS * 12);

const P10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/** Set by `decimalPrefix`: the position of the first byte after the decimal it read (or `e`). */
export let decimalStop = 0;

/**
 * The decimal `[-]digits[.digits]` that starts at `s`, read up to the first byte that cannot
 * continue it (its position in `decimalStop`) or `e`, as `parseDecimal` takes its common case
 * (`plainShortDecimal`: 1 to 15 digits, at most 17 characters); undefined when it is not one. The
 * digits form an exact integer and one division by a power of ten rounds once: the double
 * `Number(text)` gives.
 */
export function decimalPrefix(b: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  const negative = i < e && b[i] === 0x2d;
  if (negative) i++;
  let digits = 0;
  let scale = -1;
  let v = 0;
  for (; i < e; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      digits++;
      if (scale >= 0) scale++;
    } else if (c === 0x2e && scale < 0) scale = 0;
    else break;
  }
  decimalStop = i;
  if (i - s > 17 || digits === 0 || digits > 15) return undefined;
  if (scale > 0) v /= P10[scale];
  if (negative) v = -v;
  return v === 0 ? 0 : v;
}

/** A decimal text of ASCII bytes, `b[s, e)` and nothing else, as `decimalPrefix` reads it; undefined otherwise. */
export function decimalBytes(b: Uint8Array, s: number, e: number): number | undefined {
  const v = decimalPrefix(b, s, e);
  return decimalStop === e ? v : undefined;
}

/**
 * The as-of day of a scanned line, as `decodeRecord` takes it: `as_of` read as a plain date
 * (`day`) or raw (`raw`), else the first input's `applied_at` (its slot, or its raw text when it is
 * not a declared field). Null when `as_of` is there but is not a date (the line goes the slow way).
 */
export function lineAsOf(day: number | undefined, raw: unknown, appliedSlot: number, vals: unknown[], appliedRaw: unknown): number | undefined | null {
  if (day !== undefined) return day;
  if (raw !== undefined && raw !== null) return (typeof raw === 'string' ? parseDate(raw) : undefined) ?? null;
  if (appliedSlot >= 0) return vals[appliedSlot] as number | undefined;
  return typeof appliedRaw === 'string' ? parseDate(appliedRaw) : undefined;
}

/**
 * What both JSONL readers (scan.ts and its fast path, scan-fast.ts) keep of a line besides its
 * slots: its as-of day and outcome label, and the raw `as_of` / `applied_at` the day is settled from.
 */
export class LineFacts {
  /** The as-of day of the last line read. */
  asOf: number | undefined = undefined;
  /** `outcome.<label>` of the last line, as `labelValue` reads it (null: a value that is not a label). */
  label: Label = undefined;
  /** The slots the line at hand is read into. */
  protected vals: unknown[] = [];
  protected asOfRaw: unknown = undefined;
  /** `as_of` when it was read as a plain date (`asOfRaw` then stays undefined). */
  protected asOfDay: number | undefined = undefined;
  protected appliedRaw: unknown = undefined;

  constructor(
    /** The first input's `applied_at` slot, -1 when it has none. */
    protected readonly appliedSlot: number,
  ) {}

  /** A new line, read into `vals`: nothing is known of it yet. */
  protected startLine(vals: unknown[]): void {
    this.vals = vals;
    this.asOfRaw = undefined;
    this.asOfDay = undefined;
    this.appliedRaw = undefined;
    this.label = undefined;
  }

  /** Settles the line's as-of day (`lineAsOf`); false when the line must go the slow way. */
  protected settleAsOf(): boolean {
    const asOf = lineAsOf(this.asOfDay, this.asOfRaw, this.appliedSlot, this.vals, this.appliedRaw);
    if (asOf === null) return false;
    this.asOf = asOf;
    return true;
  }
}
