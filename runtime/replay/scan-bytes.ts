// The line scanner's byte-level grammar (scan.ts): strict JSON (RFC 8259) on UTF-8 bytes, for the
// values the scanner steps over without reading them. Each function takes the position of a
// token and returns the position after it, or throws BAIL (the line then takes the slow path,
// which says what is wrong). `end` bounds the line; bytes past it are never part of a token.

// Buffer's own slicers skip `toString`'s argument checks; they are not in the typings, hence the lookup.
type Slicer = (this: Buffer, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as Record<string, Slicer | undefined>;
const latin1Slice = proto.latin1Slice;
const utf8Slice = proto.utf8Slice;
export const latin1 = latin1Slice ? (b: Buffer, s: number, e: number): string => latin1Slice.call(b, s, e) : (b: Buffer, s: number, e: number): string => b.toString('latin1', s, e);
export const utf8 = utf8Slice ? (b: Buffer, s: number, e: number): string => utf8Slice.call(b, s, e) : (b: Buffer, s: number, e: number): string => b.toString('utf8', s, e);

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const MAX_DEPTH = 64;

/** What the scanner gave up on (the slow path will say why). */
export class Bail {}
export const BAIL = new Bail();

/**
 * Whether four bytes (a little-endian word) may hold a quote, a backslash or a control character,
 * which a string's bytes are scanned for one at a time; the others are stepped over four at a time.
 * Exact when it says no (the bit tricks of "has a zero byte" and "has a byte less than n" have no
 * false negatives); a yes may be wrong next to a byte ≥ 0x80, and only costs the byte-wise path.
 */
export function special(w: number): boolean {
  return specialMask(w) !== 0;
}

/** The mask of `special`: the lowest flagged byte is exactly the first quote, backslash or control byte. */
export function specialMask(w: number): number {
  const q = w ^ 0x22222222;
  const b = w ^ 0x5c5c5c5c;
  return (((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b) | ((w - 0x20202020) & ~w)) & 0x80808080;
}

/** The index (0 to 3) of the lowest byte flagged in a non-zero mask of high bits (a little-endian word's first such byte). */
export const firstByte = (mask: number): number => (31 - Math.clz32(mask & -mask)) >> 3;

/** Set by `stringEnd`: the string it stepped over holds ASCII only and no escape; it holds an escape. */
export let stringAscii = true;
export let stringEscaped = false;

/**
 * The position of the closing quote of the string whose opening quote is at `p` (escapes stepped
 * over, not checked: a caller that keeps an escaped string decodes it with JSON.parse). Sets
 * `stringAscii` and `stringEscaped`. Four bytes at a time: in a word that `special` flags, the
 * lowest flagged byte is exactly the first quote, backslash or control byte (the bit tricks go
 * wrong only above a true hit), so the bytes before it are plain.
 */
export function stringEnd(buf: Uint8Array, dv: DataView, p: number, end: number): number {
  p++;
  let ascii = true;
  let escaped = false;
  let high = 0;
  for (;;) {
    while (p + 4 <= end) {
      const w = dv.getInt32(p, true);
      const hit = specialMask(w);
      if (hit !== 0) {
        const i = firstByte(hit);
        high |= w & ((1 << (i << 3)) - 1);
        p += i;
        break;
      }
      high |= w;
      p += 4;
    }
    if (p >= end) throw BAIL;
    const c = buf[p];
    if (c === QUOTE) break;
    if (c < 0x20) throw BAIL;
    if (c === BACKSLASH) {
      escaped = true;
      p += 2;
      continue;
    }
    if (c >= 0x80) ascii = false;
    p++;
  }
  if ((high & 0x80808080) !== 0) ascii = false;
  stringAscii = ascii && !escaped;
  stringEscaped = escaped;
  return p;
}

export const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** The first position from `p` that is not JSON whitespace. */
export function wsEnd(buf: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = buf[p];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    p++;
  }
  return p;
}

/** A string at `p` (its opening quote), escapes checked: the position after its closing quote. */
export function skipStringAt(buf: Uint8Array, dv: DataView, p: number, end: number): number {
  p++;
  for (;;) {
    while (p + 4 <= end && !special(dv.getInt32(p, true))) p += 4;
    if (p >= end) throw BAIL;
    const c = buf[p];
    if (c === QUOTE) return p + 1;
    if (c < 0x20) throw BAIL;
    if (c === BACKSLASH) {
      const e = buf[p + 1];
      if (e === 0x75) {
        for (let i = 2; i < 6; i++) if (!isHex(buf[p + i])) throw BAIL;
        p += 6;
        continue;
      }
      if (e !== QUOTE && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) throw BAIL;
      p += 2;
      continue;
    }
    p++;
  }
}

/** `true`, `false` or `null` at `p` (its first byte read already as `c`): the position after it. */
export function literalEnd(buf: Uint8Array, p: number, end: number, c: number): number {
  // A byte read past the line's end is harmless (undefined, or another line's): the bound is checked after.
  let n: number;
  if (c === 0x74) n = buf[p + 1] === 0x72 && buf[p + 2] === 0x75 && buf[p + 3] === 0x65 ? 4 : 0;
  else if (c === 0x66) n = buf[p + 1] === 0x61 && buf[p + 2] === 0x6c && buf[p + 3] === 0x73 && buf[p + 4] === 0x65 ? 5 : 0;
  else if (c === 0x6e) n = buf[p + 1] === 0x75 && buf[p + 2] === 0x6c && buf[p + 3] === 0x6c ? 4 : 0;
  else n = 0;
  if (n === 0 || p + n > end) throw BAIL;
  return p + n;
}

/** Set by `numberEnd`: the number it stepped over has no fraction and no exponent. */
export let numberPlain = true;

/** A JSON number at `p` (strict grammar): the position after it. */
export function numberEnd(buf: Uint8Array, p: number, end: number): number {
  let plain = true;
  if (buf[p] === 0x2d) p++;
  if (p >= end) throw BAIL;
  if (buf[p] === 0x30) p++;
  else if (buf[p] >= 0x31 && buf[p] <= 0x39) {
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) p++;
  } else throw BAIL;
  if (p < end && buf[p] === 0x2e) {
    plain = false;
    p++;
    const d = p;
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) p++;
    if (p === d) throw BAIL;
  }
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    plain = false;
    p++;
    if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) p++;
    const d = p;
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) p++;
    if (p === d) throw BAIL;
  }
  numberPlain = plain;
  return p;
}

/** Any value at `p` (whitespace before it allowed), checked and stepped over: the position after it. */
export function skipValueAt(buf: Uint8Array, dv: DataView, p: number, end: number, depth: number): number {
  if (depth > MAX_DEPTH) throw BAIL;
  p = wsEnd(buf, p, end);
  const c = p < end ? buf[p] : -1;
  if (c === QUOTE) return skipStringAt(buf, dv, p, end);
  if (c === 0x7b || c === 0x5b) {
    const close = c + 2; // `}` or `]`
    p = wsEnd(buf, p + 1, end);
    if (p < end && buf[p] === close) return p + 1;
    for (;;) {
      if (c === 0x7b) {
        p = wsEnd(buf, p, end);
        if (p >= end || buf[p] !== QUOTE) throw BAIL;
        p = wsEnd(buf, skipStringAt(buf, dv, p, end), end);
        if (p >= end || buf[p] !== 0x3a) throw BAIL;
        p++;
      }
      p = wsEnd(buf, skipValueAt(buf, dv, p, end, depth + 1), end);
      if (p >= end) throw BAIL;
      const d = buf[p++];
      if (d === close) return p;
      if (d !== 0x2c) throw BAIL;
    }
  }
  if (c === 0x74 || c === 0x66 || c === 0x6e) return literalEnd(buf, p, end, c);
  if (c === -1) throw BAIL;
  return numberEnd(buf, p, end);
}
