// The language's front door: `parse(text) → { ast, diagnostics }`. Never throws on user text.

import type { IRecognitionException, IToken } from 'chevrotain';
import type { Comment, Policy, Range } from './ast.js';
import { AstBuilder, bomLength, lineColAt } from './build-ast.js';
import type { PolicyFileCstNode } from './cst.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { parser } from './parser.js';
import { lexer } from './tokens.js';

export interface ParseResult {
  ast: Policy;
  /** Lexer and parser diagnostics only; run `check(ast)` for the rest. */
  diagnostics: Diagnostic[];
  /** The tokens the parser consumed (comments excluded), for completion and highlighting. */
  tokens: IToken[];
}

export function parse(text: string): ParseResult {
  const lexed = lexer.tokenize(text);
  // A leading byte-order mark is skipped as white space, but the lexer counts it as a column of line 1.
  if (bomLength(text)) for (const t of [...lexed.tokens, ...(lexed.groups.comments ?? [])]) discountBom(t);
  const builder = new AstBuilder(text);
  const rangeAt = (offset: number, length: number): Range => {
    const s = lineColAt(text, offset);
    const e = lineColAt(text, offset + length);
    return { start: { offset, ...s }, end: { offset: offset + length, ...e } };
  };

  for (const e of lexed.errors) {
    const ch = text.slice(e.offset, e.offset + Math.max(1, e.length));
    // Letters of another script (`年龄`) in a name: say what a name may hold, and where such text goes.
    const letters = /^\p{L}/u.test(ch) ? ': a name is ASCII letters, digits and `_` (text in other scripts goes in a title, a doc or a string)' : '';
    builder.report('unexpected-character', `unexpected character \`${ch}\`${letters}`, rangeAt(e.offset, Math.max(1, e.length)));
  }
  // Every string left open, wherever it stands: found by the lexer, so that parser recovery that
  // skips over it (a mistake earlier on the line) does not hide it.
  for (const t of lexed.tokens)
    if (t.tokenType.name === 'UnterminatedString') builder.report('unterminated-string', UNTERMINATED_STRING, builder.tokenRange(t));

  const comments: Comment[] = [];
  for (const t of lexed.groups.comments ?? []) {
    const range = builder.tokenRange(t);
    if (t.tokenType.name === 'UnterminatedComment') {
      builder.report('unterminated-comment', 'block comment is not closed: add `*/`', { start: range.start, end: { ...range.start, offset: range.start.offset + 2, column: range.start.column + 2 } });
    }
    comments.push({ text: t.image, block: t.tokenType.name !== 'LineComment', range });
  }

  // Brackets nested past MAX_NESTING would overflow the parser's stack (and every recursive pass
  // after it): the file is not parsed, and the first bracket too deep is the error.
  const deep = tooDeepAt(lexed.tokens);
  let cst: PolicyFileCstNode = { name: 'policyFile', children: {} } as PolicyFileCstNode;
  let parseErrors: IRecognitionException[] = [];
  let unparsed = true;
  if (deep !== undefined) builder.report('too-deep', `brackets nested more than ${MAX_NESTING} deep: name the inner parts with \`let\``, builder.tokenRange(deep));
  else {
    parser.input = lexed.tokens;
    try {
      cst = parser.policyFile() as PolicyFileCstNode;
      parseErrors = parser.errors;
      unparsed = false;
    } catch (e) {
      if (!isStackOverflow(e)) throw e;
      builder.report('too-deep', 'the policy nests too deeply to parse: name the inner parts with `let`', rangeAt(bomLength(text), 0));
    }
  }

  const ast = builder.policy(cst, comments);
  if (unparsed) ast.unparsed = true;
  const diagnostics = builder.diagnostics;
  const lastToken = lexed.tokens[lexed.tokens.length - 1];
  const seen = new Set<number>();
  for (const err of parseErrors) {
    const range = errorRange(err, lastToken, text, builder);
    if (seen.has(range.start.offset)) continue; // recovery can report one spot twice
    seen.add(range.start.offset);
    // A mismatch against end of file reads "unexpected X": it is an extra token, not a missing one.
    const code = err.message.startsWith('expected ') ? 'expected-token' : 'unexpected-token';
    diagnostics.push({ code, severity: 'error', message: err.message, range });
  }

  if (!ast.header && !unparsed) {
    const first = lexed.tokens[0];
    const range = first ? builder.tokenRange(first) : rangeAt(bomLength(text), 0);
    if (!diagnostics.some((d) => d.range.start.offset === range.start.offset)) {
      diagnostics.push({
        code: 'missing-header',
        severity: 'error',
        message: builder.misplacedHeader
          ? `a policy file starts with its \`policy\` header: move the header on line ${builder.misplacedHeader.start.line} above the first declaration`
          : 'a policy file starts with `policy <id>`, optionally followed by `"<title>"` and `version <n>`',
        range,
      });
    }
  }
  return { ast, diagnostics: sortDiagnostics(diagnostics), tokens: lexed.tokens };
}

const UNTERMINATED_STRING = 'string is not closed before the end of the line: add a closing `"`';

/** Whether `e` is the engine's "Maximum call stack size exceeded". */
export const isStackOverflow = (e: unknown): boolean => e instanceof RangeError && /call stack/i.test(e.message);

/** Brackets (`(`, `[`) open at once past which the parser is not run (real policies stay under ten). */
export const MAX_NESTING = 64;

/** The first bracket that opens past MAX_NESTING, if any. */
export function tooDeepAt(tokens: IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (name === 'LParen' || name === 'LBracket') {
      if (++depth > MAX_NESTING) return t;
    } else if ((name === 'RParen' || name === 'RBracket') && depth > 0) depth--;
  }
  return undefined;
}

/** Line-1 columns of a token lexed from a text that starts with a byte-order mark, as if it did not. */
function discountBom(t: IToken): void {
  if (t.startLine === 1 && t.startColumn !== undefined) t.startColumn -= 1;
  if (t.endLine === 1 && t.endColumn !== undefined) t.endColumn -= 1;
}

/** Where to point for a parser error: the offending token, or just after the last token at end of file. */
function errorRange(err: IRecognitionException, lastToken: IToken | undefined, text: string, builder: AstBuilder): Range {
  const t = err.token;
  if (t && Number.isFinite(t.startOffset) && t.tokenType?.name !== 'EOF') return builder.tokenRange(t);
  const prev = (err as { previousToken?: IToken }).previousToken;
  const anchor = prev && Number.isFinite(prev.endOffset) ? prev : lastToken;
  const offset = anchor ? (anchor.endOffset ?? 0) + 1 : text.length;
  const s = lineColAt(text, offset);
  return { start: { offset, ...s }, end: { offset, ...s } };
}

export type { Policy } from './ast.js';
export type { Diagnostic } from './diagnostics.js';
