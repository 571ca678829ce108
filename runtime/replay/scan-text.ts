// Short strings built from a line's bytes without a call into Buffer's native slicers (which cost
// several times a JS call for a name or an id): the UTF-16 code units are gathered, then one
// String.fromCharCode call of a fixed number of arguments builds the string. Only what is
// certain is decoded here — ASCII, and well-formed two- and three-byte UTF-8 sequences (no
// surrogates, no overlong forms), whose decoding is unique; anything else (four-byte sequences,
// malformed bytes, long strings) is left to `utf8` / `latin1`, as before.

import { latin1, utf8 } from './scan-bytes.js';

/** The longest string built here (in code units). */
export const SHORT_TEXT = 20;

const codes = new Array<number>(SHORT_TEXT).fill(0);
const fcc = String.fromCharCode;

/** The string of the UTF-8 bytes `buf[s, e)` (no quote, no escape), exactly as `utf8` gives it. */
export function textOf(buf: Buffer, s: number, e: number, ascii: boolean): string {
  const n = e - s;
  if (ascii) {
    if (n > SHORT_TEXT) return latin1(buf, s, e);
    for (let i = 0; i < n; i++) codes[i] = buf[s + i];
    return fromCodes(n);
  }
  let k = 0;
  let i = s;
  while (i < e) {
    if (k === SHORT_TEXT) return utf8(buf, s, e);
    const b = buf[i];
    if (b < 0x80) {
      codes[k++] = b;
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf && i + 1 < e) {
      const b1 = buf[i + 1];
      if ((b1 & 0xc0) !== 0x80) return utf8(buf, s, e);
      codes[k++] = ((b & 0x1f) << 6) | (b1 & 0x3f);
      i += 2;
      continue;
    }
    if (b >= 0xe0 && b <= 0xef && i + 2 < e) {
      const b1 = buf[i + 1];
      const b2 = buf[i + 2];
      // Continuation bytes; E0 not overlong (A0 and up), ED no surrogate (below A0).
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80 || (b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 >= 0xa0)) return utf8(buf, s, e);
      codes[k++] = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      i += 3;
      continue;
    }
    return utf8(buf, s, e);
  }
  return fromCodes(k);
}

/** The string of `codes[0, n)` (n at most SHORT_TEXT): one call of a fixed arity. */
function fromCodes(n: number): string {
  const c = codes;
  switch (n) {
    case 0: return '';
    case 1: return fcc(c[0]);
    case 2: return fcc(c[0], c[1]);
    case 3: return fcc(c[0], c[1], c[2]);
    case 4: return fcc(c[0], c[1], c[2], c[3]);
    case 5: return fcc(c[0], c[1], c[2], c[3], c[4]);
    case 6: return fcc(c[0], c[1], c[2], c[3], c[4], c[5]);
    case 7: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    case 8: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    case 9: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
    case 10: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    case 11: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
    case 12: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]);
    case 13: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12]);
    case 14: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13]);
    case 15: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14]);
    case 16: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15]);
    case 17: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16]);
    case 18: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16], c[17]);
    case 19: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16], c[17], c[18]);
    default: return fcc(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12], c[13], c[14], c[15], c[16], c[17], c[18], c[19]);
  }
}
