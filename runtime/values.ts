// Run-time values and exact arithmetic.
//
// Representation (one JS value per language value, `undefined` = missing):
// - number / money: a `Num`, one of
//     * a JS number, under the invariant that it is a safe integer or the double nearest to a
//       decimal of at most 15 significant digits (that decimal is the value). Two such doubles
//       order exactly as their decimals do, so they compare natively; + − × stay native while a
//       scaled-integer computation proves the result exact (see `add`, `mul`);
//     * a `Decimal` (the `Dec` clone below) for everything else;
//     * a `Quotient`: a division of two JS numbers that is not a whole number. It carries the
//       double approximation, which settles nearly every comparison natively, and resolves to
//       its exact value (a JS number when it has ≤15 digits, else the 34-digit Decimal) only
//       when something needs the digits: arithmetic, a near tie, printing.
// - text / enum: string; bool: boolean; date: whole days since 1970-01-01 (a JS integer).
// - list of records: an array of items, each item an array of field values in the order of
//   `itemFieldOrder` (the field names sorted); a scalar list: an array of values.
//
// Precision: + − × are exact while the exact result fits 34 significant digits; ÷ rounds its
// quotient to 34 significant digits, half to even. Inputs are bounded (`NUMBER_BOUND_TEXT`) so
// that everything a record can hold is within that range.

import Decimal from 'decimal.js';

/** The runtime's Decimal constructor: 34 significant digits (IEEE decimal128), half to even. */
export const Dec = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
export type Dec = Decimal;

/** A division result kept lazily exact: see the header. */
export class Quotient {
  private resolved: number | Decimal | undefined;
  constructor(
    /** The double nearest to num / den (within 2 ulp). */
    readonly approx: number,
    readonly num: number,
    readonly den: number,
  ) {}
  /** The exact value: a JS number when the quotient has at most 15 digits, else a 34-digit Decimal. */
  get value(): number | Decimal {
    if (this.resolved !== undefined) return this.resolved;
    // An exact quotient of ≤15 digits is the 15-digit rounding of the double quotient.
    const c = Number(this.approx.toPrecision(15));
    this.resolved = mulScaled(c, this.den) === this.num ? c : new Dec(this.num).div(new Dec(this.den));
    return this.resolved;
  }
  get dec(): Decimal {
    const v = this.value;
    return typeof v === 'number' ? new Dec(v) : v;
  }
}

export type Num = number | Decimal | Quotient;

/** A run-time fault inside an expression (division by zero): the decision becomes `error`. */
export class EvalFault extends Error {
  constructor(
    message: string,
    /** The let whose expression faulted (the innermost, when lets read lets): named in the message. */
    readonly inLet?: string,
  ) {
    super(inLet === undefined ? message : `let ${inLet}: ${message}`);
    this.name = 'EvalFault';
  }
}

/**
 * Bad record data: the decision becomes `error` with a reason naming the field. Thrown from the
 * decoders to the evaluator, which always catches it; deliberately not an `Error`, so that a batch
 * full of bad records does not pay for a stack trace per record.
 */
export class DataError {
  readonly name = 'DataError';
  constructor(
    /** Path of the faulty value (`applicant.age`, `contacts[2].relation`); prefixed on the way up. */
    public field: string,
    readonly detail: string,
  ) {}
  get message(): string {
    return `${this.field}: ${this.detail}`;
  }
}

export const isNum = (v: unknown): v is Num => typeof v === 'number' || v instanceof Dec || v instanceof Quotient;

export function toDec(x: Num): Decimal {
  if (typeof x === 'number') return new Dec(x);
  if (x instanceof Quotient) return x.dec;
  return x;
}

/** The exact form of a value: a JS number or a Decimal (a quotient resolved). */
export const exact = (x: Num): number | Decimal => (x instanceof Quotient ? x.value : x);

// ---------------------------------------------------------------------------------------------
// Exact fast paths on doubles

const P10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Scaled integers stay below this, so that `Math.round(x * 10^k)` is the exact scaled value. */
const SCALED_LIMIT = 2 ** 51;

/**
 * The number of decimals of the (≤15-digit) decimal a double stands for, or -1 when it is not
 * such a double or its scaled integer would be too large for exact double arithmetic.
 * `Math.round(x·10^k) / 10^k === x` proves x is the double of that ≤15-digit decimal (two
 * distinct decimals of ≤15 digits never share a double).
 */
export function scaleOf(x: number): number {
  if (Number.isInteger(x)) return Math.abs(x) < SCALED_LIMIT ? 0 : -1;
  for (let k = 1; k <= 22; k++) {
    const p = P10[k];
    const s = x * p;
    if (!(Math.abs(s) < 1e15)) return -1;
    const r = Math.round(s);
    if (r / p === x) return k;
  }
  return -1;
}

/** a ± b on doubles when provably exact, else undefined. */
function addScaled(a: number, b: number): number | undefined {
  const ka = scaleOf(a);
  if (ka < 0) return undefined;
  const kb = scaleOf(b);
  if (kb < 0) return undefined;
  const k = ka > kb ? ka : kb;
  const p = P10[k];
  const as = a * p;
  const bs = b * p;
  if (!(Math.abs(as) < SCALED_LIMIT && Math.abs(bs) < SCALED_LIMIT)) return undefined;
  const s = Math.round(as) + Math.round(bs);
  if (k === 0) return s;
  return Math.abs(s) < 1e15 ? s / p : undefined;
}

/** a × b on doubles when provably exact, else undefined. */
function mulScaled(a: number, b: number): number | undefined {
  const ka = scaleOf(a);
  if (ka < 0) return undefined;
  const kb = scaleOf(b);
  if (kb < 0) return undefined;
  const k = ka + kb;
  if (k > 22) return undefined;
  const m = Math.round(a * P10[ka]) * Math.round(b * P10[kb]);
  if (!Number.isSafeInteger(m)) return undefined;
  if (k === 0) return m;
  return Math.abs(m) < 1e15 ? m / P10[k] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Arithmetic (operands never missing: the closures handle missing before calling these)

export function add(a: Num, b: Num): Num {
  if (a instanceof Quotient) a = a.value;
  if (b instanceof Quotient) b = b.value;
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (Number.isSafeInteger(s) && Number.isSafeInteger(a) && Number.isSafeInteger(b)) return s;
    const r = addScaled(a, b);
    if (r !== undefined) return r;
  }
  return toDec(a).plus(toDec(b));
}

export function neg(a: Num): Num {
  if (a instanceof Quotient) a = a.value;
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  return a.neg();
}

export function sub(a: Num, b: Num): Num {
  return add(a, neg(b));
}

export function mul(a: Num, b: Num): Num {
  if (a instanceof Quotient) a = a.value;
  if (b instanceof Quotient) b = b.value;
  if (typeof a === 'number' && typeof b === 'number') {
    const p = a * b;
    if (Number.isSafeInteger(p) && Number.isSafeInteger(a) && Number.isSafeInteger(b)) return p === 0 ? 0 : p;
    const r = mulScaled(a, b);
    if (r !== undefined) return r === 0 ? 0 : r;
  }
  return toDec(a).times(toDec(b));
}

export function isZero(a: Num): boolean {
  return typeof a === 'number' ? a === 0 : toDec(a).isZero();
}

/** Throws `EvalFault` on division by zero. */
export function div(a: Num, b: Num): Num {
  if (isZero(b)) throw new EvalFault('division by zero');
  if (a instanceof Quotient) a = a.value;
  if (b instanceof Quotient) b = b.value;
  if (typeof a === 'number' && typeof b === 'number') {
    const q = a / b;
    if (Number.isInteger(q) && Number.isSafeInteger(a) && Number.isSafeInteger(b) && q * b === a) return q === 0 ? 0 : q;
    return new Quotient(q, a, b);
  }
  return toDec(a).div(toDec(b));
}

export function abs(a: Num): Num {
  if (a instanceof Quotient) a = a.value;
  if (typeof a === 'number') return Math.abs(a);
  return a.abs();
}

/** -1, 0 or 1. */
/**
 * Whether two approximations, each within a few ulp of an exact value, are far enough apart that
 * their order is the exact values' order (false when either is NaN).
 */
export function farApart(x: number, y: number): boolean {
  return Math.abs(x - y) > Math.max(Math.abs(x), Math.abs(y)) * 2 ** -45;
}

export function cmpNum(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = typeof a === 'number' ? a : a instanceof Quotient ? a.approx : NaN;
  const y = typeof b === 'number' ? b : b instanceof Quotient ? b.approx : NaN;
  // A gap far wider than the approximations' error decides the order (NaN, a Decimal operand,
  // fails the test and goes exact).
  if (farApart(x, y)) return x < y ? -1 : 1;
  const ea = a instanceof Quotient ? a.value : a;
  const eb = b instanceof Quotient ? b.value : b;
  if (typeof ea === 'number' && typeof eb === 'number') return ea < eb ? -1 : ea > eb ? 1 : 0;
  return toDec(ea).cmp(toDec(eb));
}

export const numEq = (a: Num, b: Num): boolean => (typeof a === 'number' && typeof b === 'number' ? a === b : cmpNum(a, b) === 0);

/** Equality of two present values of one type (numbers exactly, whatever their representation). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Only a Decimal or a quotient (objects) can equal a differently represented number.
  if (typeof a !== 'object' && typeof b !== 'object') return false;
  return isNum(a) && isNum(b) && cmpNum(a, b) === 0;
}

/** Order of two present values of one type: negative, 0, positive; NaN when they do not compare. */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (isNum(a) && isNum(b)) return cmpNum(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : NaN;
  return NaN;
}

export function isIntegerNum(a: Num): boolean {
  const e = exact(a);
  return typeof e === 'number' ? Number.isInteger(e) : e.isInteger();
}

// ---------------------------------------------------------------------------------------------
// Rounding functions

/** The digits `round` takes: a whole number in this range (the checker refuses a literal outside it). */
export const ROUND_DIGITS = { min: -20, max: 34 } as const;

/** Whether `round` takes these digits. */
export const roundDigitsOk = (digits: Num): boolean => isIntegerNum(digits) && cmpNum(digits, ROUND_DIGITS.min) >= 0 && cmpNum(digits, ROUND_DIGITS.max) <= 0;

/** Whether `floor` / `ceil` take this step: a positive one. */
export const stepOk = (step: Num): boolean => cmpNum(step, 0) > 0;

/** floor / ceil to a multiple of a positive step (to a whole number without one). */
export function roundToStep(x: Num, step: Num | undefined, mode: 'floor' | 'ceil'): Num {
  x = exact(x);
  if (step !== undefined) step = exact(step);
  if (step === undefined) {
    if (typeof x === 'number' && Number.isSafeInteger(x)) return x;
    if (typeof x === 'number' && Math.abs(x) < 1e15) {
      const r = mode === 'floor' ? Math.floor(x) : Math.ceil(x);
      return r === 0 ? 0 : r;
    }
    const d = toDec(x);
    return normalize(mode === 'floor' ? d.floor() : d.ceil());
  }
  if (!stepOk(step)) throw new EvalFault(`${mode}: the step must be positive, not ${numToString(step)}`);
  if (typeof x === 'number' && typeof step === 'number') {
    const r = stepScaled(x, step, mode);
    if (r !== undefined) return r;
  }
  const dx = toDec(x);
  const ds = toDec(step);
  let q = dx.divToInt(ds);
  const base = q.times(ds);
  if (mode === 'floor' && base.gt(dx)) q = q.minus(1);
  if (mode === 'ceil' && base.lt(dx)) q = q.plus(1);
  return normalize(q.times(ds));
}

/** floor / ceil of x to a multiple of step on scaled integers, when provably exact. */
function stepScaled(x: number, step: number, mode: 'floor' | 'ceil'): number | undefined {
  const kx = scaleOf(x);
  if (kx < 0) return undefined;
  const ks = scaleOf(step);
  if (ks < 0) return undefined;
  const k = kx > ks ? kx : ks;
  const p = P10[k];
  const xs = x * p;
  const ss = step * p;
  if (!(Math.abs(xs) < SCALED_LIMIT && ss < SCALED_LIMIT)) return undefined;
  const X = Math.round(xs);
  const S = Math.round(ss);
  let q = Math.floor(X / S);
  // The double quotient can be one off near a multiple; settle it on exact integers.
  if (q * S > X) q -= 1;
  else if ((q + 1) * S <= X) q += 1;
  if (mode === 'ceil' && q * S !== X) q += 1;
  const r = q * S;
  if (r === 0) return 0;
  if (k === 0) return r;
  return Math.abs(r) < 1e15 ? r / p : undefined;
}

/** Half away from zero, to `digits` decimals (negative digits round to tens, hundreds, ...). */
export function roundHalfUp(x: Num, digits: Num | undefined): Num {
  x = exact(x);
  let dp = 0;
  if (digits !== undefined) {
    if (!roundDigitsOk(digits)) throw new EvalFault(`round: digits must be a whole number from ${ROUND_DIGITS.min} to ${ROUND_DIGITS.max}, not ${numToString(digits)}`);
    dp = typeof digits === 'number' ? digits : toDec(digits).toNumber();
  }
  if (typeof x === 'number' && dp >= 0) {
    const k = scaleOf(x);
    if (k >= 0 && k <= dp) return x;
  }
  const d = toDec(x);
  if (dp >= 0) return normalize(d.toDecimalPlaces(dp, Dec.ROUND_HALF_UP));
  const unit = new Dec(10).pow(-dp);
  return normalize(d.div(unit).toDecimalPlaces(0, Dec.ROUND_HALF_UP).times(unit));
}

/** A Decimal that fits the JS-number invariant becomes a JS number again (keeps later work fast). */
export function normalize(d: Decimal): Num {
  if (d.isZero()) return 0;
  if (d.isInteger() && d.abs().lt(9007199254740991)) return d.toNumber();
  if (d.sd() <= 15 && d.abs().lt(1e15) && d.abs().gt(1e-15)) return d.toNumber();
  return d;
}

// ---------------------------------------------------------------------------------------------
// Parsing and printing numbers

/** The bound on numbers a record or an override may hold, as stated in errors and docs. */
export const NUMBER_BOUND_TEXT = 'at most 34 significant digits, magnitude below 10^21, no digit below 10^-34';

// Any exponent JSON allows (`1e-0000000005`); one past the bound is refused by its value, not its length.
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** An exact decimal from text (`"8500.00"`, `"-1.5e3"`), or an error message. */
export function parseDecimal(text: string): Num | string {
  const quick = plainShortDecimal(text);
  if (quick !== undefined) return quick;
  const m = DECIMAL_RE.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return `not a number: ${preview(text)}`;
  const sign = m[1] === '-' ? '-' : '';
  const frac = m[3] ?? '';
  let digits = m[2] + frac;
  let exponent = (m[4] ? Number(m[4]) : 0) - frac.length;
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 48) start++;
  if (start === digits.length) return 0;
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  exponent += digits.length - end;
  digits = digits.slice(start, end);
  if (digits.length > 34) return `${preview(text)} is beyond the supported range (${NUMBER_BOUND_TEXT})`;
  if (exponent + digits.length > 21 || exponent < -34) return `${preview(text)} is beyond the supported range (${NUMBER_BOUND_TEXT})`;
  const canonical = `${sign}${digits}e${exponent}`;
  if (digits.length <= 15) return Number(canonical);
  const d = new Dec(canonical);
  return d.isInteger() && d.abs().lte(Number.MAX_SAFE_INTEGER) ? d.toNumber() : d;
}

/** The common case without a regex: `[-]digits[.digits]` with at most 15 digits in all. */
function plainShortDecimal(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 17) return undefined;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return undefined;
  }
  if (digits === 0 || digits > 15) return undefined;
  const v = Number(text);
  return v === 0 ? 0 : v;
}

/**
 * A number from a JSON number read as a double: the shortest decimal that reads back as that
 * double, which is the number's text whenever the double kept all its digits (a text it would not
 * keep arrives as a `JsonNumber` instead: json.ts, and the replay's scanners).
 */
export function numberFromJson(x: number): Num | string {
  if (!Number.isFinite(x)) return `not a finite number: ${String(x)}`;
  if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
  if (scaleOf(x) >= 0) return x;
  return parseDecimal(String(x));
}

/** The plain decimal text of a number: no exponent, no trailing zeros (`"8500"`, `"0.36"`). */
export function numToString(x: Num): string {
  if (x instanceof Quotient) x = x.value;
  if (typeof x === 'number') {
    const a = Math.abs(x);
    if (a < 1e21 && (a >= 1e-6 || a === 0)) return String(x);
    return new Dec(x).toFixed();
  }
  const d = toDec(x);
  return d.isZero() ? '0' : d.toFixed();
}

/**
 * A JSON number whose text the double `Number(text)` would not read back exactly (more digits than
 * a double keeps: `2999.9999999999999999` is the double 3000), kept as written: a number or money
 * field reads it exactly, as it reads a decimal string; any other field refuses it as a number.
 * In JSON it is written as its text in a string (`toJSON`), which a number field reads the same way.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** A digit 1-9 before any exponent: the number's text is not a zero. */
const NONZERO_MANTISSA = /^[^eE]*[1-9]/;

/** The value of a JSON number's text (valid JSON grammar): the double, or a `JsonNumber` when the double would lose digits of it. */
export function jsonNumber(text: string): number | JsonNumber {
  const v = Number(text);
  // A nonzero number below the smallest double (`1e-400`) reads as 0: kept as written, so that a
  // number field refuses it as out of range instead of deciding with a zero the record never held.
  if (v === 0) return text.length > 2 && NONZERO_MANTISSA.test(text) ? new JsonNumber(text) : v;
  // Up to 15 characters, at most 15 digits: the double reads back exactly.
  if (text.length <= 15 || !Number.isFinite(v)) return v;
  return new Dec(text).eq(new Dec(v)) ? v : new JsonNumber(text);
}

export function preview(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : v instanceof JsonNumber ? v.text : typeof v === 'object' && v !== null ? (Array.isArray(v) ? 'a list' : 'an object') : String(v);
  } catch {
    s = 'a value';
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

// ---------------------------------------------------------------------------------------------
// Dates: whole days since 1970-01-01, proleptic Gregorian (no time zone, no wall clock)

/** Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1-12, day 1-31] of a day number. */
export function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, m, d];
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Batches often repeat a date (one as-of for a whole replay): remember the last one read.
let lastDateText = '';
let lastDate: number | undefined;

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/** `YYYY-MM-DD` without a regex; undefined when it is not exactly that or not a calendar date. */
function plainDate(text: string): number | undefined {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const m = digit(text, 5) * 10 + digit(text, 6);
  const d = digit(text, 8) * 10 + digit(text, 9);
  if (!(y >= 0)) return undefined;
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return undefined;
  return daysFromCivil(y, m, d);
}

/** A plain `YYYY-MM-DD` as its day (no time stamp taken): undefined for any other text. */
export const parseDay = (text: string): number | undefined => (text.length === 10 ? plainDate(text) : undefined);

// A time of day and an offset must be ones (`T99:99` or `+99:99` is not a time stamp but a typo or
// garbage, and a date taken from it would be a guess): hours to 23, minutes to 59, seconds to 60 (a
// leap second).
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::(?:[0-5]\d|60)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$/;

/**
 * `YYYY-MM-DD`, or an ISO date-time whose date part is taken as written (the local date of the
 * applicant's time stamp, whatever its offset). Undefined when not a valid date.
 */
export function parseDate(text: string): number | undefined {
  if (text === lastDateText) return lastDate;
  const day = text.length === 10 ? plainDate(text) : undefined;
  if (day !== undefined) {
    lastDateText = text;
    lastDate = day;
    return day;
  }
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Whole months from `from` to `to` (negative when `from` is later). A month is complete on the
 * same day of the month, or on the last day of a shorter month (Jan 31 → Feb 28 is one month).
 */
export function monthsBetween(from: number, to: number): number {
  if (from > to) return -monthsBetween(to, from);
  const [y1, m1, d1] = civilFromDays(from);
  const [y2, m2, d2] = civilFromDays(to);
  let months = (y2 - y1) * 12 + (m2 - m1);
  if (d2 < d1 && d2 !== daysInMonth(y2, m2)) months -= 1;
  return months;
}
