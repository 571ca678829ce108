// JSON text as records hold it, read exactly: what JSON.parse gives, except that a number whose
// double would lose digits of its text (`2999.9999999999999999`) is kept as written (values.ts:
// `JsonNumber`), so that a number or money field reads it exactly, as the replay's byte scanners
// do (replay/scan.ts, scan-fast-read.ts: `jsonNumber`). JSON.parse decides what is valid JSON and
// gives its message; only a text holding such a number is read a second time.

import { putKey } from './result.js';
import { JsonNumber, jsonNumber } from './values.js';

/** JSON.parse of `text`, with `JsonNumber`s where a double would lose a number's digits. Throws as JSON.parse does. */
export function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!hasLossyNumber(text)) return value;
  try {
    return exactParse(text);
  } catch (e) {
    // Valid JSON (JSON.parse read it) nested deeper than the exact reader's stack: said as such,
    // not as invalid JSON, and never read with its numbers rounded.
    if (e instanceof RangeError) throw new JsonTooDeep();
    throw e;
  }
}

/** Valid JSON nested too deeply to be read exactly (thousands of levels). */
export class JsonTooDeep extends Error {
  constructor() {
    super('nested too deeply to read (thousands of levels of objects or lists)');
    this.name = 'JsonTooDeep';
  }
}

/** Whether a valid JSON text holds a number that a double would not read back exactly. */
export function hasLossyNumber(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = stringEnd(text, i);
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const e = numberEnd(text, i);
      // Up to 15 characters, at most 15 digits: exact (jsonNumber's own first test), unless an
      // exponent takes a nonzero number below the smallest double (`1e-400` would read as 0).
      if ((e - i > 15 || hasExponent(text, i, e)) && jsonNumber(text.slice(i, e)) instanceof JsonNumber) return true;
      i = e - 1;
    }
  }
  return false;
}

/** Whether the number token from `i` to `e` has an exponent (`e` or `E`). */
function hasExponent(text: string, i: number, e: number): boolean {
  for (let k = i; k < e; k++) if ((text.charCodeAt(k) | 0x20) === 0x65) return true;
  return false;
}

/** The position of the closing quote of the string whose opening quote is at `i`. */
function stringEnd(text: string, i: number): number {
  for (;;) {
    const q = text.indexOf('"', i + 1);
    if (q < 0) return text.length;
    // Escaped when an odd number of backslashes stands before it.
    let b = q - 1;
    while (text.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q;
    i = q;
  }
}

/** The end of the number token at `i` (digits, sign, point, exponent). */
function numberEnd(text: string, i: number): number {
  let e = i;
  for (;;) {
    const c = text.charCodeAt(e);
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) e++;
    else return e;
  }
}

/** A valid JSON text read as JSON.parse reads it, numbers by `jsonNumber` (`__proto__` an own key, the last of two equal keys kept). */
function exactParse(text: string): unknown {
  let i = 0;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else return c;
    }
  };
  const string = (): string => {
    const e = stringEnd(text, i);
    const s = text.slice(i, e + 1);
    i = e + 1;
    return s.includes('\\') ? (JSON.parse(s) as string) : s.slice(1, -1);
  };
  const value = (): unknown => {
    const c = ws();
    if (c === 0x7b) {
      i++;
      const o: Record<string, unknown> = {};
      if (ws() === 0x7d) {
        i++;
        return o;
      }
      for (;;) {
        ws();
        const key = string();
        ws();
        i++; // the colon
        putKey(o, key, value());
        if (ws() === 0x7d) {
          i++;
          return o;
        }
        i++; // the comma
      }
    }
    if (c === 0x5b) {
      i++;
      const a: unknown[] = [];
      if (ws() === 0x5d) {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        if (ws() === 0x5d) {
          i++;
          return a;
        }
        i++; // the comma
      }
    }
    if (c === 0x22) return string();
    if (c === 0x74) return (i += 4), true;
    if (c === 0x66) return (i += 5), false;
    if (c === 0x6e) return (i += 4), null;
    const e = numberEnd(text, i);
    const v = jsonNumber(text.slice(i, e));
    i = e;
    return v;
  };
  return value();
}
