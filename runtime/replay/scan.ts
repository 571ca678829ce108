// The replay's fast JSONL reader: one line's UTF-8 bytes straight into the evaluator's slots
// (record.ts: `decodeRecord`), with no JSON.parse, no string of the line and no object of the
// record. It reads only what the policies read (declared fields, `as_of`, the outcome label) and
// checks the syntax of everything else as it skips it.
//
// It is a shortcut, never a second definition of the data: a line it is not sure of (anything that
// is not strict JSON, a value a decoder rejects, a key written with an escape, a duplicate key that
// matters, a record that is not an object) makes `scan` return false, and the caller takes the
// slow path (decode the line, parseJson, `decodeRecord`), which gives the exact message. When
// `scan` returns true, the slots, the as-of day and the label are those the slow path gives:
// - values go through the same decoders (`quickValue` with the field's decoder); a JSON number
//   becomes the double `Number(text)` gives, which is the one JSON.parse gives, or, when that
//   double would lose digits of the text, a `JsonNumber` of it, as `parseJson` (json.ts) gives;
// - strings are the line's bytes decoded as UTF-8 (a quote byte never belongs to a multi-byte
//   sequence, so decoding a string alone or with its line is the same); a string with an escape
//   is decoded by JSON.parse itself;
// - keys are matched on their bytes; a key read twice where it matters sends the line to the slow
//   path (JSON.parse keeps the last one), and `__proto__` or `constructor` are names like any other.
//
// Two readers share that contract: the fast path (scan-fast.ts), which follows the key order
// learned from the lines before (scan-program.ts) and reads most lines of generated data, and the
// general scanner below, which reads any order and takes every line the fast path gives up on
// (then teaches it the line's order). scan.test.ts runs the same lines through both.

import { DataError, jsonNumber, type JsonNumber } from '../values.js';
import { quickValue, type Decoder, type RecordLayout } from '../record.js';
import { BACKSLASH, BAIL, latin1, literalEnd, MAX_DEPTH, numberEnd, numberPlain, QUOTE, skipValueAt, stringAscii, stringEnd, stringEscaped, utf8 } from './scan-bytes.js';
import { dateBytes, LineFacts, decimalBytes, F_DATE, F_ENUM, F_NUMBER, field, keyAt, KeyTable, tableOf, type Field, type GroupEntry, type KeyEntry, type Plan, type ReadSet, type TopEntry } from './scan-plan.js';
import { FastPath } from './scan-fast.js';
import { buildProgram } from './scan-program.js';
import { labelValue } from './slots.js';

export { readSet, type ReadSet } from './scan-plan.js';

export interface ScannerOptions {
  /**
   * The fast path (scan-fast.ts): lines whose keys follow the order learned from the lines before
   * are read by a program of that order, the others by the general scanner. On by default; off
   * reads every line with the general scanner (tests compare both).
   */
  fastPath?: boolean;
}

export class LineScanner extends LineFacts {
  private readonly top = new KeyTable<GroupEntry | TopEntry>();
  private readonly groups: GroupEntry[] = [];
  private readonly asOfEntry: TopEntry = { kind: 'as_of', seen: 0 };
  private readonly labelEntry: TopEntry = { kind: 'label', seen: 0 };
  private readonly labelKey = new KeyTable<true>();
  /** Line generation (groups, top-level keys) and record-value generation (fields of list items). */
  private gen = 0;
  private itemGen = 0;
  private buf: Buffer = Buffer.alloc(0);
  /** A view of `buf` that reads four bytes at once (`keyAt`). */
  private dv: DataView = new DataView(new ArrayBuffer(0));
  private pos = 0;
  private end = 0;
  private readonly fast: FastPath | undefined;

  /**
   * `reads`: the fields the evaluators read (`readSet` of their graphs); a text field outside it is
   * only checked. Undefined when the layout's names clash with `as_of` or the outcome (the slow
   * path then reads every line).
   */
  static for(layout: RecordLayout, outcomeLabel: string, reads: ReadSet, options: ScannerOptions = {}): LineScanner | undefined {
    const ids = layout.groups.map((g) => g.id);
    if (ids.includes('as_of') || ids.includes('outcome') || new Set(ids).size !== ids.length) return undefined;
    return new LineScanner(layout, outcomeLabel, reads, options.fastPath ?? true);
  }

  /** Lines read by the fast path so far (tests and benches). */
  get fastLines(): number {
    return this.fast?.hits ?? 0;
  }

  private constructor(layout: RecordLayout, outcomeLabel: string, reads: ReadSet, fastPath: boolean) {
    super(layout.appliedAtSlot);
    const types = new Map(layout.fields.map((f) => [f.slot, f.type]));
    const needed = (slot: number, label: string) => reads.fields.has(label) || slot === layout.idSlot || slot === layout.appliedAtSlot || layout.fields[slot].field === 'applied_at';
    for (const g of layout.groups) {
      const fields = g.fields.map((f) => field(f.name, f.slot, f.optional, types.get(f.slot)!, needed(f.slot, `${g.id}.${f.name}`), reads));
      const entry: GroupEntry = { kind: 'group', id: g.id, required: g.required, table: tableOf(fields, (f) => f), fields, first: g.owner === 'input' && g.id === layout.firstInput, state: -1, seen: 0 };
      this.groups.push(entry);
      this.top.add(g.id, entry);
    }
    this.top.add('as_of', this.asOfEntry);
    this.top.add('outcome', this.labelEntry);
    this.labelKey.add(outcomeLabel, true);
    this.fast = fastPath ? new FastPath(buildProgram(this.groups, outcomeLabel), this.appliedSlot) : undefined;
  }

  /**
   * Reads the line `buf[start, end)` (no line end) into `vals`. True when done; false when the
   * line must go the slow way (`vals` is then in any state).
   */
  scan(buf: Buffer, start: number, end: number, vals: unknown[]): boolean {
    if (buf !== this.buf) this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.buf = buf;
    const fast = this.fast;
    if (fast === undefined || !fast.active()) return this.general(start, end, vals);
    if (fast.run(buf, this.dv, start, end, vals)) {
      this.asOf = fast.asOf;
      this.label = fast.label;
      return true;
    }
    if (fast.rejected || !this.general(start, end, vals)) return false;
    fast.learn(buf, this.dv, start, end);
    return true;
  }

  /** `scan` by the general scanner (the line in `buf`, `dv`). */
  private general(start: number, end: number, vals: unknown[]): boolean {
    this.gen++;
    this.pos = start;
    this.end = end;
    this.startLine(vals);
    try {
      this.record();
      return this.finish();
    } catch (e) {
      if (e === BAIL || e instanceof DataError) return false;
      throw e;
    }
  }

  private finish(): boolean {
    const gen = this.gen;
    const vals = this.vals;
    for (const g of this.groups) {
      if (g.seen !== gen || g.state === 0) {
        if (g.required) return false;
        for (const f of g.fields) vals[f.at] = undefined;
        continue;
      }
      for (const f of g.fields)
        if (f.seen !== gen) {
          if (!f.optional) return false;
          vals[f.at] = undefined;
        }
    }
    return this.settleAsOf();
  }

  // -------------------------------------------------------------------------------------------
  // The grammar (RFC 8259), on bytes

  private ws(): number {
    const buf = this.buf;
    let p = this.pos;
    const end = this.end;
    while (p < end) {
      const c = buf[p];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      p++;
    }
    this.pos = p;
    return p < end ? buf[p] : -1;
  }

  private expect(c: number): void {
    if (this.ws() !== c) throw BAIL;
    this.pos++;
  }

  private record(): void {
    if (this.ws() !== 0x7b) throw BAIL;
    this.pos++;
    const gen = this.gen;
    let prev: KeyEntry<GroupEntry | TopEntry> | undefined;
    if (this.ws() === 0x7d) this.pos++;
    else
      for (;;) {
        prev = this.keyIn(this.top, prev);
        const entry = prev?.value;
        if (entry === undefined) this.skip(1);
        else {
          if (entry.seen === gen) throw BAIL;
          entry.seen = gen;
          if (entry.kind === 'group') this.group(entry);
          else if (entry.kind === 'as_of') {
            const day = this.plainDate();
            if (day === undefined) this.asOfRaw = this.scalar();
            else this.asOfDay = day;
          }
          else this.outcome();
        }
        if (this.next(0x7d)) break;
      }
    if (this.ws() !== -1) throw BAIL;
  }

  /** After a member or an element: true at the closing bracket, false after a comma. */
  private next(close: number): boolean {
    const b = this.buf[this.pos];
    const c = b === 0x2c || b === close ? b : this.ws();
    this.pos++;
    if (c === close) return true;
    if (c !== 0x2c) throw BAIL;
    return false;
  }

  /** A key (no escapes: those go the slow way) and the colon after it; returns its byte range. */
  private ks = 0;
  private ke = 0;

  private kw0 = 0;
  private kw1 = 0;
  private kw2 = 0;
  private kw3 = 0;

  private key(): void {
    const buf = this.buf;
    if (buf[this.pos] !== QUOTE && this.ws() !== QUOTE) throw BAIL;
    const s = this.pos + 1;
    let p = s;
    const end = this.end;
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    for (;;) {
      if (p >= end) throw BAIL;
      const c = buf[p];
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < 0x20) throw BAIL;
      const i = p - s;
      if (i < 4) w0 |= c << (i << 3);
      else if (i < 8) w1 |= c << ((i - 4) << 3);
      else if (i < 12) w2 |= c << ((i - 8) << 3);
      else if (i < 16) w3 |= c << ((i - 12) << 3);
      p++;
    }
    this.kw0 = w0;
    this.kw1 = w1;
    this.kw2 = w2;
    this.kw3 = w3;
    this.ks = s;
    this.ke = p;
    if (buf[p + 1] === 0x3a) this.pos = p + 2;
    else {
      this.pos = p + 1;
      this.expect(0x3a);
    }
  }

  /**
   * The key at `pos` and the colon after it, as an entry of `table` (a learned one when the key is
   * not in it; undefined when the table learns no more), predicted from `prev`, the entry of the
   * object's key before it (undefined for its first key). The key's byte range is in `ks`, `ke`.
   */
  private keyIn<T>(table: KeyTable<T>, prev: KeyEntry<T> | undefined): KeyEntry<T> | undefined {
    const buf = this.buf;
    if (buf[this.pos] !== QUOTE && this.ws() !== QUOTE) throw BAIL;
    const s = this.pos + 1;
    const guess = prev === undefined ? table.first : prev.next;
    if (guess !== undefined && keyAt(guess, this.dv, buf, s, this.end)) {
      const e = s + guess.len;
      this.ks = s;
      this.ke = e;
      if (buf[e + 1] === 0x3a) this.pos = e + 2;
      else {
        this.pos = e + 1;
        this.expect(0x3a);
      }
      return guess;
    }
    this.key();
    const entry = table.entryOf(this.ke - this.ks, this.kw0, this.kw1, this.kw2, this.kw3, buf, this.ks);
    if (entry !== undefined) {
      if (prev === undefined) table.first = entry;
      else prev.next = entry;
    }
    return entry;
  }

  private group(g: GroupEntry): void {
    const c = this.ws();
    if (c === 0x6e) {
      this.literal('null');
      g.state = 0;
      return;
    }
    if (c !== 0x7b) throw BAIL;
    g.state = 1;
    this.pos++;
    const gen = this.gen;
    if (this.ws() === 0x7d) {
      this.pos++;
      return;
    }
    let prev: KeyEntry<Field> | undefined;
    for (;;) {
      prev = this.keyIn(g.table, prev);
      const ks = this.ks;
      const ke = this.ke;
      const f = prev?.value;
      if (f !== undefined) {
        if (f.seen === gen) throw BAIL;
        f.seen = gen;
        this.lastScalar = undefined;
        const v = this.typed(f, 0);
        if (v === undefined) {
          if (!f.optional) throw BAIL;
          this.vals[f.at] = undefined;
        } else this.vals[f.at] = v;
        if (g.first && ke - ks === 10 && this.isAppliedAt(ks)) this.appliedRaw = this.lastScalar;
      } else if (g.first && ke - ks === 10 && this.isAppliedAt(ks)) this.appliedRaw = this.scalarOrSkip();
      else this.skip(1);
      if (this.next(0x7d)) return;
    }
  }

  /** A string of a plain `YYYY-MM-DD` at `pos` as its day (moved past it), else undefined (not moved). */
  private plainDate(): number | undefined {
    const buf = this.buf;
    const p = this.pos;
    if (buf[p] !== QUOTE || p + 11 >= this.end || buf[p + 11] !== QUOTE) return undefined;
    const day = dateBytes(buf, p + 1);
    if (day !== undefined) this.pos = p + 12;
    return day;
  }

  private isAppliedAt(s: number): boolean {
    const b = this.buf;
    // "applied_at"
    return b[s] === 0x61 && b[s + 1] === 0x70 && b[s + 2] === 0x70 && b[s + 3] === 0x6c && b[s + 4] === 0x69 && b[s + 5] === 0x65 && b[s + 6] === 0x64 && b[s + 7] === 0x5f && b[s + 8] === 0x61 && b[s + 9] === 0x74;
  }

  private outcome(): void {
    const c = this.ws();
    if (c === 0x5b) throw BAIL;
    if (c !== 0x7b) {
      this.skip(1);
      return;
    }
    this.pos++;
    let seen = false;
    if (this.ws() === 0x7d) {
      this.pos++;
      return;
    }
    let prev: KeyEntry<true> | undefined;
    for (;;) {
      prev = this.keyIn(this.labelKey, prev);
      if (prev?.value) {
        if (seen) throw BAIL;
        seen = true;
        // An object or an array (skipped: undefined) is a value, not a label.
        const v = this.scalarOrSkip();
        this.label = v === undefined ? null : labelValue(v);
      } else this.skip(1);
      if (this.next(0x7d)) return;
    }
  }

  /** The raw scalar of the last `scalar` read (strings, numbers, bools, null). */
  private lastScalar: unknown = undefined;

  /**
   * A value of a declared field, decoded; undefined when it is null. Objects and arrays are read
   * in place for list and record types; anywhere else they are an error (the slow path says so).
   */
  private typed(f: { quick: number; decode: Decoder; plan: Plan }, depth: number): unknown {
    const c = this.ws();
    const plan = f.plan;
    if (c === 0x5b || c === 0x7b) {
      if (plan.kind === 'list' && c === 0x5b) return this.list(plan.item, depth + 1);
      if (plan.kind === 'record' && c === 0x7b) return this.recordValue(plan, depth + 1);
      throw BAIL;
    }
    if (c === QUOTE && plan.kind === 'scalar') return this.typedString(plan);
    const raw = this.scalar();
    this.lastScalar = raw;
    if (raw === null) return undefined;
    return quickValue(f.quick, raw, f.decode);
  }

  /** A string for a scalar field: read from its bytes when its type allows, else decoded. */
  private typedString(plan: Extract<Plan, { kind: 'scalar' }>): unknown {
    const buf = this.buf;
    const s = this.pos + 1;
    const e = this.stringEnd();
    if (!plan.read && !this.escaped) {
      this.pos = e + 1;
      this.lastScalar = undefined;
      return '';
    }
    if (this.plainAscii) {
      const fast = plan.fast;
      if (fast === F_DATE && e - s === 10) {
        const day = dateBytes(buf, s);
        if (day === undefined) throw BAIL;
        this.pos = e + 1;
        this.lastScalar = undefined;
        return day;
      }
      if (fast === F_NUMBER) {
        const v = decimalBytes(buf, s, e);
        if (v !== undefined) {
          this.pos = e + 1;
          this.lastScalar = undefined;
          return v;
        }
      } else if (fast === F_ENUM) {
        const v = plan.values!.findBytes(buf, s, e);
        if (v !== undefined) {
          this.pos = e + 1;
          this.lastScalar = v;
          return v;
        }
      }
    }
    let raw: string;
    if (this.escaped) raw = this.string();
    else {
      // No escape: the string is its bytes (`stringEnd` has checked them), read once more only to build it.
      raw = this.plainAscii ? latin1(buf, s, e) : utf8(buf, s, e);
      this.pos = e + 1;
    }
    this.lastScalar = raw;
    return quickValue(plan.quick, raw, plan.decode);
  }

  /** Set by `stringEnd`: the string holds ASCII only and no escape; it holds an escape. */
  private plainAscii = true;
  private escaped = false;

  /** The position of the closing quote of the string at `pos` (not moved). */
  private stringEnd(): number {
    const e = stringEnd(this.buf, this.dv, this.pos, this.end);
    this.plainAscii = stringAscii;
    this.escaped = stringEscaped;
    return e;
  }

  private list(item: Plan, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw BAIL;
    this.pos++;
    const out: unknown[] = [];
    if (this.ws() === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      let v: unknown;
      if (item.kind === 'scalar') {
        const raw = this.scalar();
        if (raw === null) throw BAIL;
        v = quickValue(item.quick, raw, item.decode);
      } else {
        const c = this.ws();
        if (item.kind === 'record' && c === 0x7b) v = this.recordValue(item, depth + 1);
        else if (item.kind === 'list' && c === 0x5b) v = this.list(item.item, depth + 1);
        else throw BAIL;
      }
      out.push(v);
      if (this.next(0x5d)) return out;
    }
  }

  private recordValue(plan: Extract<Plan, { kind: 'record' }>, depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw BAIL;
    this.pos++;
    // Every record value (each list item) is a fresh generation of its fields' `seen`.
    const gen = ++this.itemGen;
    const fields = plan.fields;
    const item = new Array<unknown>(fields.length);
    let prev: KeyEntry<Field> | undefined;
    if (this.ws() === 0x7d) this.pos++;
    else
      for (;;) {
        prev = this.keyIn(plan.table, prev);
        const f = prev?.value;
        if (f === undefined) this.skip(depth + 1);
        else {
          if (f.seen === gen) throw BAIL;
          f.seen = gen;
          item[f.at] = this.typed(f, depth);
        }
        if (this.next(0x7d)) break;
      }
    for (let i = 0; i < fields.length; i++)
      if (fields[i].seen !== gen) {
        if (!fields[i].optional) throw BAIL;
        item[i] = undefined;
      } else if (item[i] === undefined && !fields[i].optional) throw BAIL;
    return item;
  }

  /** A scalar's raw JSON value, or a skipped object / array (undefined). */
  private scalarOrSkip(): unknown {
    const c = this.ws();
    if (c === 0x7b || c === 0x5b) {
      this.skip(1);
      return undefined;
    }
    return this.scalar();
  }

  /** A string, number, bool or null, as JSON.parse gives it. */
  private scalar(): unknown {
    const c = this.ws();
    if (c === QUOTE) return this.string();
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    return this.number();
  }

  private literal(word: 'true' | 'false' | 'null'): boolean | null {
    const p = this.pos;
    this.pos = literalEnd(this.buf, p, this.end, this.buf[p]);
    return word === 'true' ? true : word === 'false' ? false : null;
  }

  private string(): string {
    const buf = this.buf;
    const s = this.pos + 1;
    const p = this.stringEnd();
    this.pos = p + 1;
    if (this.escaped) {
      try {
        return JSON.parse(buf.toString('utf8', s - 1, p + 1)) as string;
      } catch {
        throw BAIL;
      }
    }
    return this.plainAscii ? latin1(buf, s, p) : utf8(buf, s, p);
  }

  /** A JSON number (strict grammar) as `parseJson` gives it: the double JSON.parse gives, or a `JsonNumber` when that double loses digits. */
  private number(): number | JsonNumber {
    const buf = this.buf;
    const s = this.pos;
    const p = numberEnd(buf, s, this.end);
    this.pos = p;
    // Up to 15 digits, the accumulated integer is exact; anything else goes through Number(text).
    if (numberPlain && p - s <= 15) {
      const negative = buf[s] === 0x2d;
      let v = 0;
      for (let i = negative ? s + 1 : s; i < p; i++) v = v * 10 + (buf[i] - 0x30);
      return negative ? -v : v;
    }
    return jsonNumber(latin1(buf, s, p));
  }

  /** Checks and steps over any value. */
  private skip(depth: number): void {
    this.pos = skipValueAt(this.buf, this.dv, this.pos, this.end, depth);
  }
}
