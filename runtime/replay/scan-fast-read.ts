// The fast path's value readers (scan-fast.ts): each reads one value of a line from its bytes
// exactly as the general scanner's reader of the same name does (scan.ts: `typedString`,
// `stringEnd`, `scalar`, …), or reads a common form of it in one pass (`enumEnd`, `decimal`,
// `integer`) and leaves any other form to those. A value goes to `v`; the position is the
// argument and the result (never a field).

import { Q_TEXT, quickValue } from '../record.js';
import { jsonNumber, type JsonNumber } from '../values.js';
import { Bail, BAIL, latin1, literalEnd, numberEnd, numberPlain, QUOTE, skipValueAt, stringAscii, stringEnd, stringEscaped, utf8, wsEnd } from './scan-bytes.js';
import { dateBytes, decimalBytes, decimalPrefix, decimalStop, F_DATE, F_ENUM, F_NUMBER, LineFacts, type Plan } from './scan-plan.js';
import type { Member } from './scan-program.js';
import { textOf } from './scan-text.js';

/** A value the general scanner rejects too (see `FastPath.rejected`). */
export const REJECT = new Bail();

export const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Texts a line remembers (`text`). */
const TEXTS = 4;

export class ValueReader extends LineFacts {
  /** The line: `buf` up to `end`, and a view of it that reads four bytes at once. */
  protected buf: Buffer = Buffer.alloc(0);
  protected dv: DataView = new DataView(new ArrayBuffer(0));
  protected end = 0;
  /** The value of the last reader, and the raw scalar of the last `typedString` (the general scanner's `lastScalar`). */
  protected v: unknown = undefined;
  protected last: unknown = undefined;
  /** Set by `stringEnd`. */
  protected plainAscii = true;
  protected escaped = false;
  /** Texts built on this line (`text`): reset for each line. */
  protected texts = 0;
  private readonly textAt = new Int32Array(TEXTS);
  private readonly textEnd = new Int32Array(TEXTS);
  private readonly textOf: string[] = new Array<string>(TEXTS).fill('');

  /**
   * The enum value at `p` (its opening quote) when its bytes, quotes included, are one of the
   * values' (plain values: the quotes are the string's own, and it is the value): the position
   * after it, the value in `v`; -1 otherwise (`typedString` reads it then).
   */
  protected enumEnd(mem: Member, p: number): number {
    const lens = mem.enumLen;
    const words = mem.enumWords;
    const at = mem.enumAt;
    const dv = this.dv;
    const room = this.end - p;
    // The first four bytes (a quote and three of the value) tell the values apart nearly always.
    const w0 = room >= 4 ? dv.getInt32(p, true) : 0;
    for (let j = 0; j < lens.length; j++) {
      const len = lens[j];
      if (len < 4) {
        if (len > room) continue;
        const b = mem.enumBytes[j];
        let i = 0;
        while (i < len && b[i] === this.buf[p + i]) i++;
        if (i < len) continue;
      } else {
        let o = at[j];
        if (words[o] !== w0 || len > room) continue;
        const last = at[j + 1] - 1;
        let q = p + 4;
        o++;
        while (o < last && dv.getInt32(q, true) === words[o]) {
          o++;
          q += 4;
        }
        if (o < last || dv.getInt32(p + len - 4, true) !== words[last]) continue;
      }
      this.v = mem.enumValues[j];
      return p + len;
    }
    return -1;
  }

  /**
   * A decimal string at `p` (its opening quote) in one pass, as `typedString` reads a number
   * field's string with `decimalBytes` (`[-]digits[.digits]`, 1 to 15 digits, at most 17
   * characters): true with the value in `v` and the position after it in `intEnd`; false for any
   * other string (`typedString` reads it then).
   */
  protected decimal(p: number): boolean {
    const v = decimalPrefix(this.buf, p + 1, this.end);
    const q = decimalStop;
    if (v === undefined || q >= this.end || this.buf[q] !== QUOTE) return false;
    this.v = v;
    this.intEnd = q + 1;
    return true;
  }

  /** End of the number read by `integer`. */
  protected intEnd = 0;

  /**
   * The number at `p` into `v` when it is an integer of 1 to 15 digits, no leading zero, no sign
   * (what the general scanner's `number` gives then: exact, a safe integer, never -0), its end in
   * `intEnd`; false for anything else (`numberEnd` and `numberOf` read it then).
   */
  protected integer(p: number): boolean {
    const buf = this.buf;
    const end = this.end;
    let q = p;
    let v = 0;
    let d = p < end ? buf[q] - 0x30 : -1;
    if (d < 1 || d > 9) return false;
    do {
      v = v * 10 + d;
      q++;
      d = q < end ? buf[q] - 0x30 : -1;
    } while (d >= 0 && d <= 9);
    if (q - p > 15 || d === 0x2e - 0x30 || d === 0x65 - 0x30 || d === 0x45 - 0x30) return false;
    this.v = v;
    this.intEnd = q;
    return true;
  }

  /** As the general scanner's `number` for the number `buf[s, e)`. */
  protected numberOf(s: number, e: number): number | JsonNumber {
    const buf = this.buf;
    if (numberPlain && e - s <= 15) {
      const negative = buf[s] === 0x2d;
      let v = 0;
      for (let i = negative ? s + 1 : s; i < e; i++) v = v * 10 + (buf[i] - 0x30);
      return negative ? -v : v;
    }
    // A fraction of up to 15 digits, no exponent: one exact division, the double Number(text) gives
    // (`decimalBytes`, which takes -0 for 0: a zero goes through Number(text)).
    const v = decimalBytes(buf, s, e);
    return v !== undefined && v !== 0 ? v : jsonNumber(latin1(buf, s, e));
  }

  /** As the general scanner's `typedString`. */
  protected typedString(plan: Extract<Plan, { kind: 'scalar' }>, p: number): number {
    const buf = this.buf;
    const s = p + 1;
    const e = this.stringEnd(p);
    if (!plan.read && !this.escaped) {
      this.last = undefined;
      this.v = '';
      return e + 1;
    }
    if (this.plainAscii) {
      const fast = plan.fast;
      if (fast === F_DATE && e - s === 10) {
        const day = dateBytes(buf, s);
        if (day === undefined) throw REJECT;
        this.last = undefined;
        this.v = day;
        return e + 1;
      }
      if (fast === F_NUMBER) {
        const v = decimalBytes(buf, s, e);
        if (v !== undefined) {
          this.last = undefined;
          this.v = v;
          return e + 1;
        }
      } else if (fast === F_ENUM) {
        const v = plan.values!.findBytes(buf, s, e);
        if (v !== undefined) {
          this.last = v;
          this.v = v;
          return e + 1;
        }
      }
    }
    const raw = this.escaped ? this.unescape(s, e) : this.plainAscii ? latin1(buf, s, e) : utf8(buf, s, e);
    this.last = raw;
    this.v = quickValue(plan.quick, raw, plan.decode);
    return e + 1;
  }

  /**
   * `typedString` for a field's string: a text (built by `text`) or a text nobody reads (checked,
   * not built) here; anything else (an escape, a date, a number or an enum the fused readers did
   * not take) by `typedString` itself.
   */
  protected fieldString(mem: Member, p: number): number {
    const plan = mem.scalar!;
    const e = this.stringEnd(p);
    if (!this.escaped) {
      if (!plan.read) {
        this.v = '';
        return e + 1;
      }
      // `quickValue` of a text: the string as it is.
      if (plan.quick === Q_TEXT) {
        this.v = this.text(p + 1, e);
        return e + 1;
      }
    }
    return this.typedString(plan, p);
  }

  /**
   * The string of the bytes `buf[s, e)` (no escape; `plainAscii` of them set): one built before
   * on this line from the same bytes when there is one (a name and its OCR copy), else a new one.
   */
  protected text(s: number, e: number): string {
    const buf = this.buf;
    const len = e - s;
    const n = this.texts;
    for (let j = 0; j < n; j++) {
      const t = this.textAt[j];
      if (this.textEnd[j] - t !== len) continue;
      let i = 0;
      while (i < len && buf[t + i] === buf[s + i]) i++;
      if (i === len) return this.textOf[j];
    }
    const str = textOf(buf, s, e, this.plainAscii);
    if (n < TEXTS) {
      this.textAt[n] = s;
      this.textEnd[n] = e;
      this.textOf[n] = str;
      this.texts = n + 1;
    }
    return str;
  }

  /** A string with an escape (its bytes `buf[s, e)`), decoded by JSON.parse as the general scanner does. */
  protected unescape(s: number, e: number): string {
    try {
      return JSON.parse(this.buf.toString('utf8', s - 1, e + 1)) as string;
    } catch {
      throw BAIL;
    }
  }

  /** `stringEnd` of scan-bytes.ts for the string at `p`, its flags kept: the position of its closing quote. */
  protected stringEnd(p: number): number {
    const e = stringEnd(this.buf, this.dv, p, this.end);
    this.plainAscii = stringAscii;
    this.escaped = stringEscaped;
    return e;
  }

  /** A scalar's raw JSON value into `v`, or a skipped object / array (undefined). */
  protected scalarOrSkip(p: number): number {
    const buf = this.buf;
    const end = this.end;
    if (p < end && isWs(buf[p])) p = wsEnd(buf, p, end);
    const c = p < end ? buf[p] : -1;
    if (c === 0x7b || c === 0x5b) {
      this.v = undefined;
      return skipValueAt(buf, this.dv, p, end, 1);
    }
    return this.scalarAt(p);
  }

  /** A string, number, bool or null at `p` into `v`, as JSON.parse gives it: the position after it. */
  protected scalarAt(p: number): number {
    const buf = this.buf;
    const end = this.end;
    if (p < end && isWs(buf[p])) p = wsEnd(buf, p, end);
    const c = p < end ? buf[p] : -1;
    if (c === QUOTE) {
      const e = this.stringEnd(p);
      this.v = this.escaped ? this.unescape(p + 1, e) : this.plainAscii ? latin1(buf, p + 1, e) : utf8(buf, p + 1, e);
      return e + 1;
    }
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.v = c === 0x74 ? true : c === 0x66 ? false : null;
      return literalEnd(buf, p, end, c);
    }
    if (c === -1) throw BAIL;
    const e = numberEnd(buf, p, end);
    this.v = this.numberOf(p, e);
    return e;
  }
}
