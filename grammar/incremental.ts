// Incremental re-parsing for an editor: a policy is a list of top-level declarations, and a keystroke
// almost always stays inside one of them. `reparse` re-lexes and re-parses only the declarations the
// edit touches, keeps the AST of the ones before it as they are, and shifts the ranges of the ones
// after it; the result equals `parse(text)` (grammar/incremental.test.ts compares the two on random
// edits). When it cannot be sure of that, it declines and the caller parses the whole text.
//
// Why splicing is sound under the conditions checked below: the parser reads declarations in a loop,
// each one starting at a declaration keyword, and no construct continues across such a keyword, so
// the parse of one declaration does not depend on its neighbours. Lexing is left to right and a token
// never spans whitespace (strings and comments aside, whose ends are checked), so the tokens around
// the re-lexed slice are the old ones, moved. Recovery from syntax errors breaks both arguments, so
// only a clean base and a clean slice are spliced.

import type { IToken } from 'chevrotain';
import type { Comment, Declaration, Policy, Pos } from './ast.js';
import { AstBuilder } from './build-ast.js';
import { changedSpan } from './changed-span.js';
import type { PolicyFileCstNode } from './cst.js';
import { parse, tooDeepAt, type ParseResult } from './index.js';
import { parser } from './parser.js';
import { lexer } from './tokens.js';

/** A text and its parse, clean: no diagnostics. */
export interface ParseBase {
  text: string;
  result: ParseResult;
}

export { changedSpan };

const isSpace = (ch: string | undefined) => ch === undefined || /[ \t\n\f\v\u00a0\ufeff\u2028\u2029]/.test(ch);

/** Line and column just past `text`, when it starts at `from`. */
function advance(from: Pos, text: string): { line: number; column: number } {
  const last = text.lastIndexOf('\n');
  if (last === -1) return { line: from.line, column: from.column + text.length };
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return { line: from.line + lines, column: text.length - last };
}

/**
 * The parse of `text`, made from `base` by re-parsing only the declarations the edit touches; or
 * undefined when the edit is not one that can be spliced (outside the declarations, a syntax error
 * in the new slice, a token that may reach across the slice's ends...): then call `parse(text)`.
 *
 * Like tree-sitter's `Tree.edit`, a splice moves the base rather than copying it: when it returns a
 * result, the base's declarations and tokens after the edit now belong to that result, their ranges
 * pointing into the new text, and the base must not be used again. (Copying the AST after a
 * keystroke near the top of a 500-rule policy costs more than parsing the declaration.) When it
 * returns undefined, the base is untouched.
 */
export function reparse(base: ParseBase, text: string): ParseResult | undefined {
  const old = base.text;
  const { ast } = base.result;
  if (base.result.diagnostics.length || !ast.header) return undefined;
  if (text === old) return base.result;
  // A lone CR ends a line for the lexer but not for the AST's line index: positions would not shift alike.
  if (/\r(?!\n)/.test(text) || /\r(?!\n)/.test(old)) return undefined;
  const decls = ast.declarations;
  if (decls.length === 0) return undefined;
  const { start: p, oldEnd: q } = changedSpan(old, text);
  const delta = text.length - old.length;

  // The declarations the edit touches: from the last that starts at or before it to the first that
  // ends at or after it; an edit past the last declaration takes the slice to the end of the text.
  let lo = -1;
  for (let i = 0; i < decls.length && decls[i].range.start.offset <= p; i++) lo = i;
  if (lo < 0) return undefined; // in the header, or before the first declaration
  let hi = lo;
  while (hi < decls.length && decls[hi].range.end.offset < q) hi++;
  const toEnd = hi === decls.length;
  if (toEnd) hi = decls.length - 1;

  const from: Pos = decls[lo].range.start;
  const oldTo: Pos = toEnd ? ast.range.end : decls[hi].range.end;
  const newToOffset = toEnd ? text.length : oldTo.offset + delta;
  if (newToOffset < from.offset) return undefined;
  // Tokens on either side must not be able to run into the slice.
  if (from.offset > 0 && !isSpace(text[from.offset - 1])) return undefined;
  if (!toEnd && !isSpace(text[newToOffset])) return undefined;

  const sliceText = text.slice(from.offset, newToOffset);
  const lexed = lexer.tokenize(sliceText);
  if (lexed.errors.length) return undefined;
  const atStart = (t: IToken) => {
    // The lexer counts from line 1, column 1 of the slice.
    if (t.startLine === 1) t.startColumn = (t.startColumn ?? 1) + from.column - 1;
    if (t.endLine === 1) t.endColumn = (t.endColumn ?? 0) + from.column - 1;
    t.startOffset += from.offset;
    t.endOffset = (t.endOffset ?? 0) + from.offset;
    t.startLine = (t.startLine ?? 1) + from.line - 1;
    t.endLine = (t.endLine ?? 1) + from.line - 1;
  };
  const rawComments = lexed.groups.comments ?? [];
  for (const t of rawComments) {
    if (t.tokenType.name === 'UnterminatedComment') return undefined;
    // A line comment that reaches the slice's end would, in the whole text, go on to the line's end.
    if (!toEnd && t.startOffset + t.image.length === sliceText.length) return undefined;
    atStart(t);
  }
  for (const t of lexed.tokens) atStart(t);

  // Brackets too deep for the parser's stack, or a string left open: `parse` says so.
  if (tooDeepAt(lexed.tokens) !== undefined || lexed.tokens.some((t) => t.tokenType.name === 'UnterminatedString')) return undefined;
  parser.input = lexed.tokens;
  const cst = parser.policyFile() as PolicyFileCstNode;
  if (parser.errors.length) return undefined;
  const builder = new AstBuilder(text);
  const sliceComments: Comment[] = rawComments.map((t) => ({ text: t.image, block: t.tokenType.name !== 'LineComment', range: builder.tokenRange(t) }));
  const sliced = builder.policy(cst, sliceComments);
  if (sliced.header || builder.diagnostics.length) return undefined;

  // Everything after the slice moves by the same amount; on the slice's last line, columns move too.
  const end = advance(from, sliceText);
  const shift: Shift = { delta, dLine: end.line - oldTo.line, lastLine: oldTo.line, dColumn: end.column - oldTo.column };
  const movePos = (pos: Pos): Pos => ({
    offset: pos.offset + shift.delta,
    line: pos.line + shift.dLine,
    column: pos.line === shift.lastLine ? pos.column + shift.dColumn : pos.column,
  });

  // From here on the base is taken apart: its later declarations and tokens move into the result.
  const after = decls.slice(hi + 1);
  for (const d of after) moveDeclaration(d, shift);
  const declarations: Declaration[] = [...decls.slice(0, lo), ...sliced.declarations, ...after];
  const comments: Comment[] = [];
  for (const c of ast.comments) if (c.range.end.offset <= from.offset) comments.push(c);
  comments.push(...sliceComments);
  if (!toEnd) for (const c of ast.comments) if (c.range.start.offset >= oldTo.offset) comments.push({ ...c, range: { start: movePos(c.range.start), end: movePos(c.range.end) } });
  const policy: Policy = {
    kind: 'Policy',
    header: ast.header,
    declarations,
    comments,
    range: { start: ast.range.start, end: toEnd ? sliced.range.end : movePos(ast.range.end) },
  };

  const tokens: IToken[] = [];
  const oldTokens = base.result.tokens;
  let i = 0;
  while (i < oldTokens.length && oldTokens[i].startOffset < from.offset) tokens.push(oldTokens[i++]);
  for (const t of lexed.tokens) tokens.push(t);
  if (!toEnd) {
    while (i < oldTokens.length && oldTokens[i].startOffset < oldTo.offset) i++;
    for (; i < oldTokens.length; i++) tokens.push(moveToken(oldTokens[i], shift));
  }
  return { ast: policy, diagnostics: [], tokens };
}

/** How positions after the slice move. */
interface Shift {
  delta: number;
  dLine: number;
  /** The line (before the edit) on which the slice ended: columns move on it. */
  lastLine: number;
  dColumn: number;
}

function moveToken(t: IToken, s: Shift): IToken {
  if (t.startLine === s.lastLine) t.startColumn = (t.startColumn ?? 1) + s.dColumn;
  if (t.endLine === s.lastLine) t.endColumn = (t.endColumn ?? 0) + s.dColumn;
  t.startOffset += s.delta;
  t.endOffset = (t.endOffset ?? 0) + s.delta;
  t.startLine = (t.startLine ?? 1) + s.dLine;
  t.endLine = (t.endLine ?? 1) + s.dLine;
  return t;
}

/**
 * Every position object of a declaration, each once (the builder shares one `Pos` between ranges,
 * e.g. a binary expression's start is its left operand's). Found once per declaration: moving a
 * declaration afterwards is one pass over an array, with no walk and no allocation, which is what
 * keeps a keystroke near the top of a 500-rule policy cheap.
 */
const positionsOf = new WeakMap<Declaration, Pos[]>();

function positions(d: Declaration): Pos[] {
  let list = positionsOf.get(d);
  if (!list) {
    const seen = new Set<Pos>();
    const walk = (v: unknown): void => {
      if (v === null || typeof v !== 'object') return;
      if (Array.isArray(v)) {
        for (const x of v) walk(x);
        return;
      }
      const o = v as Record<string, unknown>;
      // The AST is plain data, and only a `Pos` has an `offset`.
      if (typeof o.offset === 'number') {
        seen.add(o as unknown as Pos);
        return;
      }
      for (const k in o) walk(o[k]);
    };
    walk(d);
    list = [...seen];
    positionsOf.set(d, list);
  }
  return list;
}

function moveDeclaration(d: Declaration, s: Shift): void {
  for (const p of positions(d)) {
    if (p.line === s.lastLine) p.column += s.dColumn;
    p.offset += s.delta;
    p.line += s.dLine;
  }
}

/**
 * `parse` for a text edited keystroke by keystroke: each text is spliced from the last clean parse
 * when possible, parsed whole otherwise. While the text has syntax errors every parse is whole; the
 * first clean text after them is spliced from the clean text before them.
 */
export class IncrementalParser {
  private base?: ParseBase;
  /** How the last text was parsed, for the studio's timings and the tests. */
  lastWasIncremental = false;

  parse(text: string): ParseResult {
    const spliced = this.base && reparse(this.base, text);
    this.lastWasIncremental = !!spliced;
    const result = spliced ?? parse(text);
    if (result.diagnostics.length === 0) this.base = { text, result };
    return result;
  }

  /** Forgets the base (another document is opened). */
  reset(): void {
    this.base = undefined;
    this.lastWasIncremental = false;
  }
}
