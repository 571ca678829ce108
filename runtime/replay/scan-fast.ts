// The line scanner's fast path (scan.ts): one line read by following the learned program
// (scan-program.ts) — for each object, its keys in the learned order, each compared four bytes at
// a time with its quote and colon, then its value read into its slot or checked and skipped —
// with the position in a local variable all along.
//
// It reads exactly what the general scanner reads, the same way (the same byte readers, the same
// decoders, the same depths), on the lines whose keys follow the learned order; a member it steps
// over is absent from the line (a line's keys must each match a member, each member at most once).
// On anything else — a key out of order or unknown, a value of an unexpected shape — it gives up
// (BAIL), and the general scanner reads the line from its start. A line the general scanner would
// refuse as well (a value a decoder rejects, a required field missing: `rejected`) is refused at once.

import { DataError } from '../values.js';
import { quickValue } from '../record.js';
import { BAIL, literalEnd, MAX_DEPTH, numberEnd, QUOTE, skipValueAt, wsEnd } from './scan-bytes.js';
import { dateBytes, type Field, type GroupEntry, type Plan } from './scan-plan.js';
import { labelValue } from './slots.js';
import { isWs, REJECT, ValueReader } from './scan-fast-read.js';
import { K_APPLIED, K_ASOF, K_FIELD, K_GROUP, K_LABEL, K_OUTCOME, K_SKIP, learnLine, V_BOOL, V_DATE, V_ENUM, V_LIST, V_NUMBER, V_OTHER, V_STRING, type Member, type ObjNode, type Program } from './scan-program.js';

/** Lines read per window (by either path), and the share of them the fast path must read for it to stay on. */
const WINDOW = 1024;
const WINDOW_MIN_HITS = WINDOW / 4;
/** Lines left to the general scanner alone after a window the fast path did not pay in. */
const PAUSE = 16 * WINDOW;
/** Lines in a row the fast path misses (and the general scanner reads) before their orders replace the learned ones. */
const RELEARN_AFTER = 8;
/** The bytes a JSON number starts with: `-` and the digits. */
const NUMBER_START = new Uint8Array(256);
NUMBER_START[0x2d] = 1;
NUMBER_START.fill(1, 0x30, 0x3a);

export class FastPath extends ValueReader {
  /** Lines read by the fast path (for tests and benches). */
  hits = 0;
  /**
   * After a miss: the line holds a value the general scanner rejects as well (a decoder's error,
   * a bad date, a null where a value is required), at a field it reads the same way (the fast path
   * reads each value as it does), or lacks a required field or group (the whole line read): the
   * general scanner need not read the line to say no.
   */
  rejected = false;
  /** A required field or group is absent (or null) on this line: known for sure once the whole line is read. */
  private missing = false;

  /** Lines the general scanner has read since the fast path last read one. */
  private misses = 0;
  private window = 0;
  private windowHits = 0;
  private pause = 0;

  constructor(
    private readonly program: Program,
    appliedSlot: number,
  ) {
    super(appliedSlot);
  }

  /** Whether the next line should be tried (false while paused). */
  active(): boolean {
    if (this.pause === 0) return true;
    this.pause--;
    return false;
  }

  /** Reads the line as the general scanner would; false when it cannot (`vals` is then in any state). */
  run(buf: Buffer, dv: DataView, start: number, end: number, vals: unknown[]): boolean {
    this.buf = buf;
    this.dv = dv;
    this.end = end;
    this.startLine(vals);
    this.texts = 0;
    this.rejected = false;
    this.missing = false;
    let ok: boolean;
    try {
      let p = start;
      if (p >= end || buf[p] !== 0x7b) p = wsEnd(buf, p, end);
      if (p >= end || buf[p] !== 0x7b) throw BAIL;
      p = this.object(this.program.top, p + 1, vals);
      if (p < end && wsEnd(buf, p, end) < end) throw BAIL;
      // The whole line read: the members it stepped over are absent indeed.
      if (this.missing) throw REJECT;
      ok = this.settleAsOf();
    } catch (e) {
      if (e === REJECT || e instanceof DataError) this.rejected = true;
      else if (e !== BAIL) throw e;
      ok = false;
    }
    if (ok) {
      this.hits++;
      this.windowHits++;
      this.misses = 0;
      this.read();
    }
    return ok;
  }

  /**
   * After a miss, a line the general scanner has read: its key orders are learned (and replace
   * the learned ones it contradicts when the fast path has missed RELEARN_AFTER lines in a row).
   */
  learn(buf: Buffer, dv: DataView, start: number, end: number): void {
    learnLine(this.program, buf, dv, start, end, ++this.misses >= RELEARN_AFTER);
    this.read();
  }

  /**
   * One more line read (by either path; the lines nobody reads do not count). When the fast path
   * read too few of a window's lines (data whose order it cannot learn), it pauses: the general
   * scanner alone reads the next PAUSE lines, then the fast path tries again.
   */
  private read(): void {
    if (++this.window < WINDOW) return;
    if (this.windowHits < WINDOW_MIN_HITS) this.pause = PAUSE;
    this.window = 0;
    this.windowHits = 0;
  }

  /** The object whose `{` is before `p`, by the learned order of `node`: the position after its `}`. */
  private object(node: ObjNode, p: number, target: unknown[]): number {
    const buf = this.buf;
    const dv = this.dv;
    const end = this.end;
    const members = node.members;
    const n = members.length;
    let m = 0;
    let c = p < end ? buf[p] : -1;
    if (c !== QUOTE) {
      if (isWs(c)) {
        p = wsEnd(buf, p, end);
        c = p < end ? buf[p] : -1;
      }
      if (c === 0x7d) {
        while (m < n) this.absent(members[m++], target);
        return p + 1;
      }
    }
    // Member `m`'s key is at `keys[k]` (its length, its number of words, its words).
    const keys = node.keys;
    let k = 0;
    for (;;) {
      // A key at `p`: the next member it matches; the ones before it are absent.
      let len = 0;
      for (;;) {
        if (m >= n) throw BAIL;
        len = keys[k];
        const last = k + 1 + keys[k + 1];
        // An unmatchable member has length 0, and never matches: a key is at least 4 bytes (`"":` and a byte).
        if (len !== 0 && p + len <= end && dv.getInt32(p, true) === keys[k + 2]) {
          let o = k + 3;
          let q = p + 4;
          while (o < last && dv.getInt32(q, true) === keys[o]) {
            o++;
            q += 4;
          }
          if (o >= last && dv.getInt32(p + len - 4, true) === keys[last]) {
            k = last + 1;
            break;
          }
        }
        // No match: whitespace before the key (skipped; the same member again), or no key (a bad line), or the member is absent.
        if (p >= end || buf[p] !== QUOTE) {
          if (p < end && isWs(buf[p])) {
            p = wsEnd(buf, p, end);
            if (p < end && buf[p] === QUOTE) continue;
          }
          throw BAIL;
        }
        this.absent(members[m++], target);
        k = last + 1;
      }
      const mem = members[m++];
      p += len;
      // The common values of a declared field inline (each as `typed` reads it), the others by
      // `value` (one call for all of them: a rare case met late does not deoptimize this loop).
      const how = mem.value;
      let done = false;
      if (how !== V_OTHER) {
        const c = p < end ? buf[p] : -1;
        done = true;
        if (how === V_STRING && c === QUOTE) {
          p = this.fieldString(mem, p);
          target[mem.at] = this.v;
        } else if (how === V_LIST && c === 0x5b) {
          p = this.list((mem.field!.plan as Extract<Plan, { kind: 'list' }>).item, mem.node, node.depth + 1, p);
          target[mem.at] = this.v;
        } else if (how === V_DATE && c === QUOTE && p + 11 < end && buf[p + 11] === QUOTE) {
          // `"YYYY-MM-DD"`: ten bytes that are digits and dashes hold no quote, backslash or control byte.
          const day = dateBytes(buf, p + 1);
          if (day !== undefined) {
            target[mem.at] = day;
            p += 12;
          } else done = false;
        } else if (how === V_ENUM && c === QUOTE) {
          const e = this.enumEnd(mem, p);
          if (e >= 0) {
            target[mem.at] = this.v;
            p = e;
          } else done = false;
        } else if (how === V_BOOL && (c === 0x74 || c === 0x66)) {
          p = literalEnd(buf, p, end, c);
          target[mem.at] = c === 0x74;
        } else if (how === V_NUMBER) {
          // (Each test here is met by common values: one met first late would deoptimize this loop.)
          if (c === QUOTE) {
            if (this.decimal(p)) {
              target[mem.at] = this.v;
              p = this.intEnd;
            } else done = false;
          } else if (this.integer(p)) {
            // An integer of 1 to 15 digits (no sign, no leading zero, no fraction or exponent after it).
            target[mem.at] = this.v;
            p = this.intEnd;
          } else if (NUMBER_START[c & 0xff] === 1) {
            const e = numberEnd(buf, p, end);
            const v = this.numberOf(p, e);
            // `quickValue` of a number field: a safe integer as it is (but -0), anything else decoded.
            target[mem.at] = Number.isSafeInteger(v) ? (v === 0 ? 0 : v) : mem.field!.decode(v);
            p = e;
          } else done = false;
        } else done = false;
      }
      if (!done) p = this.value(node, mem, p, target);
      c = p < end ? buf[p] : -1;
      if (c !== 0x2c && c !== 0x7d) {
        p = wsEnd(buf, p, end);
        c = p < end ? buf[p] : -1;
      }
      p++;
      // After a comma, the next key (the match above checks its quote).
      if (c === 0x2c) continue;
      if (c !== 0x7d) throw BAIL;
      while (m < n) this.absent(members[m++], target);
      return p;
    }
  }

  /** A member the line does not hold. */
  private absent(mem: Member, target: unknown[]): void {
    const kind = mem.kind;
    if (kind === K_FIELD) {
      const f = mem.field!;
      if (!f.optional) this.missing = true;
      target[f.at] = undefined;
    } else if (kind === K_GROUP) this.groupAbsent(mem.group!);
  }

  /** A group absent or null: its fields are missing. */
  private groupAbsent(g: GroupEntry): void {
    if (g.required) this.missing = true;
    const vals = this.vals;
    for (const f of g.fields) vals[f.at] = undefined;
  }

  /** The value of a member at `p` (just after its colon): the position after it. */
  private value(node: ObjNode, mem: Member, p: number, target: unknown[]): number {
    const kind = mem.kind;
    if (kind === K_FIELD) {
      const f = mem.field!;
      if (mem.applied) this.last = undefined;
      p = this.typed(f, mem.node, node.depth, p);
      const v = this.v;
      if (v === undefined && !f.optional) throw REJECT;
      target[f.at] = v;
      if (mem.applied) this.appliedRaw = this.last;
      return p;
    }
    if (kind === K_SKIP) {
      // A string without escapes is checked by `stringEnd`; anything else by `skipValueAt`.
      if (p < this.end && this.buf[p] === QUOTE && node.skipDepth <= MAX_DEPTH) {
        const e = this.stringEnd(p);
        if (!this.escaped) return e + 1;
      }
      return skipValueAt(this.buf, this.dv, p, this.end, node.skipDepth);
    }
    const buf = this.buf;
    const end = this.end;
    if (kind === K_GROUP) {
      if (p < end && isWs(buf[p])) p = wsEnd(buf, p, end);
      const c = p < end ? buf[p] : -1;
      if (c === 0x7b) return this.object(mem.node!, p + 1, this.vals);
      if (c !== 0x6e) throw BAIL;
      p = literalEnd(buf, p, end, c);
      this.groupAbsent(mem.group!);
      return p;
    }
    if (kind === K_ASOF) {
      if (buf[p] === QUOTE && p + 11 < end && buf[p + 11] === QUOTE) {
        const day = dateBytes(buf, p + 1);
        if (day !== undefined) {
          this.asOfDay = day;
          return p + 12;
        }
      }
      p = this.scalarAt(p);
      this.asOfRaw = this.v;
      return p;
    }
    if (kind === K_OUTCOME) {
      if (p < end && isWs(buf[p])) p = wsEnd(buf, p, end);
      const c = p < end ? buf[p] : -1;
      if (c === 0x5b) throw BAIL;
      if (c !== 0x7b) return skipValueAt(buf, this.dv, p, end, 1);
      return this.object(mem.node!, p + 1, this.vals);
    }
    if (kind === K_LABEL) {
      p = this.scalarOrSkip(p);
      // An object or an array (skipped: undefined) is a value, not a label.
      const v = this.v;
      this.label = v === undefined ? null : labelValue(v);
      return p;
    }
    if (kind === K_APPLIED) {
      p = this.scalarOrSkip(p);
      this.appliedRaw = this.v;
      return p;
    }
    throw BAIL;
  }

  /**
   * A declared field's value at `p` into `v` (undefined for null), as the general scanner's
   * `typed(f, depth)`: the position after it. `child`: the object of its record values.
   */
  private typed(f: Field, child: ObjNode | undefined, depth: number, p: number): number {
    const buf = this.buf;
    const end = this.end;
    let c = p < end ? buf[p] : -1;
    if (isWs(c)) {
      p = wsEnd(buf, p, end);
      c = p < end ? buf[p] : -1;
    }
    const plan = f.plan;
    if (c === QUOTE) {
      if (plan.kind !== 'scalar') throw BAIL;
      return this.typedString(plan, p);
    }
    if (c === 0x5b) {
      if (plan.kind !== 'list') throw BAIL;
      return this.list(plan.item, child, depth + 1, p);
    }
    if (c === 0x7b) {
      if (plan.kind !== 'record' || child === undefined || depth + 1 > MAX_DEPTH) throw BAIL;
      const item = new Array<unknown>(plan.fields.length);
      p = this.object(child, p + 1, item);
      this.v = item;
      return p;
    }
    let raw: unknown;
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      p = literalEnd(buf, p, end, c);
      raw = c === 0x74 ? true : c === 0x66 ? false : null;
    } else {
      if (c === -1) throw BAIL;
      const s = p;
      p = numberEnd(buf, p, end);
      raw = this.numberOf(s, p);
    }
    this.last = raw;
    this.v = raw === null ? undefined : quickValue(f.quick, raw, f.decode);
    return p;
  }

  /** As the general scanner's `list(item, depth)` for the list at `p`, into `v`. */
  private list(item: Plan, child: ObjNode | undefined, depth: number, p: number): number {
    if (depth > MAX_DEPTH) throw BAIL;
    const buf = this.buf;
    const end = this.end;
    p++;
    const out: unknown[] = [];
    let c = p < end ? buf[p] : -1;
    if (isWs(c)) {
      p = wsEnd(buf, p, end);
      c = p < end ? buf[p] : -1;
    }
    if (c === 0x5d) {
      this.v = out;
      return p + 1;
    }
    for (;;) {
      if (item.kind === 'record') {
        if (c !== 0x7b || child === undefined || depth + 1 > MAX_DEPTH) throw BAIL;
        const values = new Array<unknown>(child.size);
        p = this.object(child, p + 1, values);
        out.push(values);
      } else if (item.kind === 'scalar') {
        p = this.scalarAt(p);
        const raw = this.v;
        if (raw === null) throw REJECT;
        out.push(quickValue(item.quick, raw, item.decode));
      } else throw BAIL;
      c = p < end ? buf[p] : -1;
      if (c !== 0x2c && c !== 0x5d) {
        p = wsEnd(buf, p, end);
        c = p < end ? buf[p] : -1;
      }
      p++;
      if (c === 0x5d) {
        this.v = out;
        return p;
      }
      if (c !== 0x2c) throw BAIL;
      c = p < end ? buf[p] : -1;
      if (isWs(c)) {
        p = wsEnd(buf, p, end);
        c = p < end ? buf[p] : -1;
      }
    }
  }
}
