// Line arithmetic over the policy text: where a node's lines begin and end, which comment lines
// belong to it, and how deep it is indented. Edits are planned in whole lines whenever the code
// allows it, so that a moved or deleted construct takes its own comments and nothing else.

import type { Comment, Range } from '../ast.js';
import type { TextEdit } from './types.js';

export const INDENT = '  ';

export class Lines {
  /**
   * The text's line ending, as its first line break writes it: what every new line the engine
   * inserts uses, so that a CRLF file stays CRLF.
   */
  readonly eol: '\n' | '\r\n';

  constructor(
    readonly text: string,
    private readonly comments: readonly Comment[],
  ) {
    const nl = text.indexOf('\n');
    this.eol = nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
  }

  /** `text` (written with `\n`) with the text's own line ending. */
  nl(text: string): string {
    return this.eol === '\n' ? text : text.replace(/\n/g, this.eol);
  }

  /** Offset of the first character of the line holding `offset`. */
  lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Offset just past the `\n` ending the line holding `offset` (the text's length on the last line). */
  nextLineStart(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    return nl < 0 ? this.text.length : nl + 1;
  }

  /** Offset of the line break (`\n`, or the `\r` of `\r\n`) ending the line holding `offset` (or the text's end). */
  lineEnd(offset: number): number {
    const nl = this.text.indexOf('\n', offset);
    if (nl < 0) return this.text.length;
    return nl > offset && this.text[nl - 1] === '\r' ? nl - 1 : nl;
  }

  /** The whitespace that starts the line holding `offset`. */
  indentAt(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start))![0];
  }

  /** Only spaces and tabs between the start of its line and `offset`. */
  firstOnLine(offset: number): boolean {
    return /^[ \t]*$/.test(this.text.slice(this.lineStart(offset), offset));
  }

  isBlankLine(lineStart: number): boolean {
    return lineStart < this.text.length && /^[ \t]*$/.test(this.text.slice(lineStart, this.lineEnd(lineStart)));
  }

  /**
   * Where the rest of the line after `offset` ends when it holds nothing but spaces and at most a
   * `//` comment or block comments that close on that line: the offset past its `\n`. Undefined
   * when code follows, or a block comment runs on to the next line.
   */
  cleanLineEndAfter(offset: number): number | undefined {
    const end = this.lineEnd(offset);
    let at = offset;
    for (;;) {
      while (at < end && (this.text[at] === ' ' || this.text[at] === '\t')) at++;
      if (at >= end) break;
      const c = this.commentAt(at);
      if (!c) return undefined;
      if (c.range.end.offset > end) return undefined;
      at = c.range.end.offset;
    }
    return end < this.text.length ? this.nextLineStart(end) : undefined;
  }

  commentAt(offset: number): Comment | undefined {
    return this.comments.find((c) => c.range.start.offset === offset);
  }

  /**
   * The own-line comments directly above `offset` (no blank line between), which belong to the
   * construct there: the offset of the first of their lines, or `offset`'s line start when none.
   * Never goes above `floor` (the end of the code before: a brace, the previous item).
   */
  leadingStart(offset: number, floor: number): number {
    let start = this.lineStart(offset);
    while (start > 0 && start > floor) {
      const prevStart = this.lineStart(start - 1);
      if (prevStart < floor) break;
      const last = prevStart + this.text.slice(prevStart, start - 1).trimEnd().length - 1;
      const c = last >= prevStart ? this.comments.find((k) => k.range.start.offset <= last && last < k.range.end.offset) : undefined;
      if (!c || c.range.start.offset < floor || !this.firstOnLine(c.range.start.offset)) break;
      start = this.lineStart(c.range.start.offset);
    }
    return start;
  }
}

/**
 * Puts `body` (whole lines, indented, joined by `\n`, no final newline) into a block with no items,
 * between the offset after its `{` and the offset of its `}`: `{}` becomes `{\n<body>\n}`. Comments
 * already inside (`{ // none yet`) are not the act's to rewrite: the body goes after them.
 */
export function fillBlock(lines: Lines, open: number, close: number, body: string, indent: string): TextEdit {
  if (/^\s*$/.test(lines.text.slice(open, close))) return { start: open, end: close, text: `\n${body}\n${indent}` };
  if (lines.firstOnLine(close)) {
    const at = lines.lineStart(close);
    return { start: at, end: at, text: `${body}\n` };
  }
  let start = close;
  while (start > open && (lines.text[start - 1] === ' ' || lines.text[start - 1] === '\t')) start--;
  return { start, end: close, text: `\n${body}\n${indent}` };
}

/** The part of a list item (a rule, arm, clause, declaration) that moves with it. */
export interface Segment {
  start: number;
  end: number;
  /** The segment is whole lines (ends after a `\n`). */
  lines: boolean;
}

/**
 * Segments of consecutive items between `floor` (after the opening brace) and the closing brace:
 * whole lines with their leading comments when every item stands on lines of its own, else the
 * items' exact ranges.
 */
export function segments(lines: Lines, items: readonly { range: Range }[], floor: number): Segment[] {
  const out: Segment[] = [];
  let prevEnd = floor;
  for (const item of items) {
    const s = item.range.start.offset;
    const e = item.range.end.offset;
    const lineEnd = lines.firstOnLine(s) ? lines.cleanLineEndAfter(e) : undefined;
    if (lineEnd === undefined || lines.lineStart(s) < prevEnd) return items.map((i) => ({ start: i.range.start.offset, end: i.range.end.offset, lines: false }));
    out.push({ start: lines.leadingStart(s, prevEnd), end: lineEnd, lines: true });
    prevEnd = lineEnd;
  }
  return out;
}

/**
 * Edits that put the items of `segs` in the order `perm` (perm[i] = the index of the item that goes
 * to position i), touching only positions whose item changes. One item moving is planned as a
 * deletion plus an insertion, so that the items it passes over stay untouched.
 */
export function permute(text: string, segs: readonly Segment[], perm: readonly number[]): TextEdit[] {
  const moved = perm.map((p, i) => p !== i);
  if (!moved.some(Boolean)) return [];
  const from = single(perm);
  if (from && segs.every((s) => s.lines)) {
    const [src, dst] = from;
    const seg = segs[src];
    const body = text.slice(seg.start, seg.end);
    const at = dst > src ? segs[dst].end : segs[dst].start;
    return [
      { start: seg.start, end: seg.end, text: '' },
      { start: at, end: at, text: body },
    ];
  }
  if (from) {
    // Items sharing lines (`{ rule a {…} rule b {…} }`): the item leaves with the space on one
    // side of it and comes back with that space, so the items it passes over stay untouched.
    const [src, dst] = from;
    const seg = segs[src];
    const body = text.slice(seg.start, seg.end);
    const down = dst > src;
    const sep = down ? text.slice(seg.end, segs[src + 1].start) : text.slice(segs[src - 1].end, seg.start);
    if (/^\s*$/.test(sep)) {
      if (down)
        return [
          { start: seg.start, end: segs[src + 1].start, text: '' },
          { start: segs[dst].end, end: segs[dst].end, text: sep + body },
        ];
      return [
        { start: segs[src - 1].end, end: seg.end, text: '' },
        { start: segs[dst].start, end: segs[dst].start, text: body + sep },
      ];
    }
  }
  if (segs.every((s) => s.lines)) return fewestMoves(text, segs, perm);
  const edits: TextEdit[] = [];
  for (let i = 0; i < perm.length; i++) {
    if (!moved[i]) continue;
    edits.push({ start: segs[i].start, end: segs[i].end, text: text.slice(segs[perm[i]].start, segs[perm[i]].end) });
  }
  return edits;
}

/**
 * Items on lines of their own put in the order `perm` by moving as few as can be: the longest run
 * of items already in the new order (a longest increasing subsequence of `perm`) stays where it is,
 * and each other item is taken out and put back before the next item that stays (after the last
 * one at the end). The edits name only the items that move: a diff of the policy shows those.
 */
function fewestMoves(text: string, segs: readonly Segment[], perm: readonly number[]): TextEdit[] {
  const stays = longestIncreasing(perm);
  const edits: TextEdit[] = [];
  const body = (i: number) => text.slice(segs[i].start, segs[i].end);
  for (let i = 0; i < segs.length; i++) if (!stays.has(i)) edits.push({ start: segs[i].start, end: segs[i].end, text: '' });
  // Items that go between two that stay come as one insertion, in their new order.
  let pending = '';
  let lastStay = -1;
  for (const i of perm) {
    if (!stays.has(i)) {
      pending += body(i);
      continue;
    }
    if (pending) edits.push({ start: segs[i].start, end: segs[i].start, text: pending });
    pending = '';
    lastStay = i;
  }
  if (pending) edits.push({ start: segs[lastStay].end, end: segs[lastStay].end, text: pending });
  return edits;
}

/** The values of a longest increasing subsequence of `seq` (distinct numbers), by patience sorting. */
export function longestIncreasing(seq: readonly number[]): Set<number> {
  // tails[k]: the index in `seq` of the smallest last value of an increasing run of length k + 1.
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]] < seq[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) out.add(seq[i]);
  return out;
}

/** When `perm` is one item taken out and put back elsewhere: [its old index, its new index]. */
function single(perm: readonly number[]): [number, number] | undefined {
  const n = perm.length;
  for (let src = 0; src < n; src++)
    for (let dst = 0; dst < n; dst++) {
      if (src === dst) continue;
      if (movedOne(n, src, dst).every((p, i) => p === perm[i])) return [src, dst];
    }
  return undefined;
}

/** The permutation that moves item `src` to position `dst`. */
export function movedOne(n: number, src: number, dst: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  order.splice(src, 1);
  order.splice(dst, 0, src);
  return order;
}

/** Whether cutting `s` between `s[i - 1]` and `s[i]` splits no word, number, surrogate pair or CRLF. */
function cuttable(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return true;
  const a = s[i - 1];
  const b = s[i];
  if (/[A-Za-z0-9_]/.test(a) && /[A-Za-z0-9_]/.test(b)) return false;
  if (a >= '\ud800' && a <= '\udbff') return false;
  return !(a === '\r' && b === '\n');
}

/**
 * `e` without the head and tail it would write back unchanged (`> max_age` → `>= max_age` inserts
 * `=`), cut only between whole words, so that no edit rewrites characters it leaves as they were.
 * Undefined when nothing is left.
 */
export function trimEdit(text: string, e: TextEdit): TextEdit | undefined {
  const old = text.slice(e.start, e.end);
  const neu = e.text;
  if (old === neu) return undefined;
  if (!old || !neu) return e;
  const max = Math.min(old.length, neu.length);
  let head = 0;
  while (head < max && old[head] === neu[head]) head++;
  while (head > 0 && !(cuttable(old, head) && cuttable(neu, head))) head--;
  let tail = 0;
  while (tail < max - head && old[old.length - 1 - tail] === neu[neu.length - 1 - tail]) tail++;
  while (tail > 0 && !(cuttable(old, old.length - tail) && cuttable(neu, neu.length - tail))) tail--;
  if (!head && !tail) return e;
  return { start: e.start + head, end: e.end - tail, text: neu.slice(head, neu.length - tail) };
}

/** In text order; an insertion goes before an edit starting at the same offset; ties keep their order. */
const sortEdits = (edits: readonly TextEdit[]): TextEdit[] => [...edits].sort((a, b) => a.start - b.start || a.end - b.end);

/** Applies edits (non-overlapping, any order) to a text; an insertion at an edit's start goes before it. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of sortEdits(edits)) {
    out += text.slice(at, e.start) + e.text;
    at = Math.max(at, e.end);
  }
  return out + text.slice(at);
}

/** The range of `edit`'s new text in the text after all `edits` (applied as `applyEdits` does). */
export function landed(edits: readonly TextEdit[], edit: TextEdit): { start: number; end: number } {
  let delta = 0;
  for (const e of sortEdits(edits)) {
    if (e === edit) break;
    delta += e.text.length - (e.end - e.start);
  }
  return { start: edit.start + delta, end: edit.start + delta + edit.text.length };
}

/** Edits must not overlap (two insertions at one offset are fine, and keep their order). */
export function overlapping(edits: readonly TextEdit[]): boolean {
  const sorted = sortEdits(edits);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return true;
  return false;
}
