// Where an edited text differs from the text before it: the span between their common prefix and
// common suffix. Its own module because the studio's page needs it without the parser.

/** `[start, oldEnd)` in the old text became `[start, newEnd)` in the new. */
export function changedSpan(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(before.length, after.length);
  let start = 0;
  // Whole blocks first (a native comparison), then the characters of the block that differs.
  const BLOCK = 256;
  while (start + BLOCK <= max && before.startsWith(after.slice(start, start + BLOCK), start)) start += BLOCK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const room = max - start;
  while (tail + BLOCK <= room && before.endsWith(after.slice(after.length - tail - BLOCK, after.length - tail), before.length - tail)) tail += BLOCK;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}
