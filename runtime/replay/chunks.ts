// JSONL as raw chunks of whole lines, for the workers to decode and parse: the reading thread
// only finds line ends and counts records (so that every chunk knows the position of its first
// record before any worker sees it), and never builds a string of a record.
//
// Lines end at `\n` (a `\r` before it is whitespace to JSON). A blank line is skipped without
// taking a record position, as in runtime/data/records.ts: `parseJsonl`.

import { open } from 'node:fs/promises';

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
}

export const CHUNK_BYTES = 1 << 22;

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

/** Counts the lines and records of whole lines (the chunk ends right after a `\n`, or at the end of the input). */
export function countLines(bytes: Uint8Array, firstLine: number): { lines: number; records: number } {
  let lines = 0;
  let records = 0;
  let pos = 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (pos < buf.length) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0) nl = buf.length;
    if (!blankLine(buf, pos, nl, firstLine + lines === 1)) records++;
    lines++;
    pos = nl + 1;
  }
  return { lines, records };
}

/**
 * Reads a file as chunks of whole lines of about `size` bytes (a longer line makes a longer chunk).
 * Calls `onBytes` with every chunk's bytes before it is yielded (the engine hashes them there,
 * before a transfer to a worker detaches them).
 */
export async function* jsonlChunks(path: string, size = CHUNK_BYTES): AsyncGenerator<JsonlChunk> {
  const fh = await open(path, 'r');
  try {
    let carry: Uint8Array = new Uint8Array(0);
    let index = 0;
    let line = 1;
    let eof = false;
    while (!eof || carry.length) {
      let buf = new Uint8Array(Math.max(size, carry.length * 2));
      buf.set(carry);
      let filled = carry.length;
      let cut = -1;
      while (!eof) {
        if (filled === buf.length) {
          const bigger = new Uint8Array(buf.length * 2);
          bigger.set(buf);
          buf = bigger;
        }
        const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
        if (bytesRead === 0) eof = true;
        filled += bytesRead;
        cut = buf.lastIndexOf(10, filled - 1);
        if (cut >= 0 && (filled === buf.length || eof)) break;
      }
      const end = eof ? filled : cut + 1;
      if (end === 0) break;
      const bytes = buf.subarray(0, end);
      carry = buf.slice(end, filled);
      const { lines, records } = countLines(bytes, line);
      yield { bytes, firstIndex: index, firstLine: line, lines, records };
      index += records;
      line += lines;
    }
  } finally {
    await fh.close();
  }
}
