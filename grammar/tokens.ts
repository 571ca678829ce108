// Tokens of the policy language. Keywords are reserved only where ambiguity would arise: most are
// "soft" (category `Name`), so `order`, `cost`, `base`, `missing` still serve as identifiers; the
// operator and clause words (`and or not in is true false when then else`) and the declaration
// heads (`policy input source param let ruleset rule scorecard branch decision flow`) are hard.
// After a dot, and as a declared field name, every word is a name (category `AnyWord`).

import { createToken, Lexer, type TokenType } from 'chevrotain';
import { grammarChecks } from './checks.js';
import { WHITE_SPACE } from './diagnostics.js';

/** Any word usable as a field name after a dot or in a field declaration. */
export const AnyWord = createToken({ name: 'AnyWord', pattern: Lexer.NA, label: 'a name' });
/** Any word usable as an identifier (identifiers and soft keywords). */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, categories: [AnyWord], label: 'a name' });

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Name],
  label: 'a name',
});

const keywordTokens: TokenType[] = [];
function keyword(word: string, hard = false): TokenType {
  const t = createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: hard ? [AnyWord] : [Name],
    label: `\`${word}\``,
  });
  keywordTokens.push(t);
  return t;
}

// Hard keywords: operators, clause words and declaration heads.
export const And = keyword('and', true);
export const Or = keyword('or', true);
export const Not = keyword('not', true);
export const In = keyword('in', true);
export const Is = keyword('is', true);
export const True = keyword('true', true);
export const False = keyword('false', true);
export const When = keyword('when', true);
export const Then = keyword('then', true);
export const Else = keyword('else', true);

// Declaration heads are hard too: an expression that lacks its end must not swallow the next
// declaration (error recovery depends on it).
export const Policy = keyword('policy', true);
export const Version = keyword('version');
export const Input = keyword('input', true);
export const Source = keyword('source', true);
export const Param = keyword('param', true);
export const Let = keyword('let', true);
export const Ruleset = keyword('ruleset', true);
export const Rule = keyword('rule', true);
export const Scorecard = keyword('scorecard', true);
export const Branch = keyword('branch', true);
export const Decision = keyword('decision', true);
export const Flow = keyword('flow', true);

// Soft keywords: clause words inside declarations.
export const Order = keyword('order');
export const Written = keyword('written');
export const Cost = keyword('cost');
export const Origin = keyword('origin');
export const Own = keyword('own');
export const External = keyword('external');
export const Free = keyword('free');
export const Per = keyword('per');
export const Query = keyword('query');
export const Hit = keyword('hit');
export const Latency = keyword('latency');
export const Fast = keyword('fast');
export const Slow = keyword('slow');
export const Fields = keyword('fields');
export const Required = keyword('required');
export const Off = keyword('off');
export const Shadow = keyword('shadow');
export const Reject = keyword('reject');
export const Review = keyword('review');
export const Flag = keyword('flag');
export const Approve = keyword('approve');
export const Base = keyword('base');
export const Missing = keyword('missing');
export const Present = keyword('present');
export const Of = keyword('of');

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  // Deliberately loose (`1__0`, `1_`, `5.`): the AST builder reports `invalid-number` with a
  // precise message. A dot right after the digits belongs to the number even with no digit after
  // it (a number has no fields), so `5.` is a malformed number rather than `5` and a member access.
  pattern: /[0-9][0-9_]*(?:\.[0-9_]*)?%?/,
  label: 'a number',
});
/**
 * Any string, closed or not: where the grammar takes a string (a title, a reason, an enum value),
 * one left open is the error `unterminated-string` at the string, not a parse error after it.
 */
export const AnyString = createToken({ name: 'AnyString', pattern: Lexer.NA, label: 'a string' });
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  label: 'a string',
  categories: [AnyString],
});
/** A string that reaches the end of its line: lexed as a token so that parsing goes on. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  label: 'a string',
  categories: [AnyString],
});

export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: 'comments' });
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'comments' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: new RegExp(`${WHITE_SPACE}+`), group: Lexer.SKIPPED });

const punct = (name: string, pattern: RegExp, label: string) => createToken({ name, pattern, label: `\`${label}\`` });
export const Arrow = punct('Arrow', /->/, '->');
export const FatArrow = punct('FatArrow', /=>/, '=>');
export const EqEq = punct('EqEq', /==/, '==');
export const NotEq = punct('NotEq', /!=/, '!=');
export const LtEq = punct('LtEq', /<=/, '<=');
export const GtEq = punct('GtEq', /\u003e=/, '>=');
export const Lt = punct('Lt', /</, '<');
export const Gt = punct('Gt', /\u003e/, '>');
export const Equals = punct('Equals', /=/, '=');
export const Plus = punct('Plus', /\+/, '+');
export const Minus = punct('Minus', /-/, '-');
export const Star = punct('Star', /\*/, '*');
export const Slash = punct('Slash', /\//, '/');
export const LCurly = punct('LCurly', /\{/, '{');
export const RCurly = punct('RCurly', /\}/, '}');
export const LParen = punct('LParen', /\(/, '(');
export const RParen = punct('RParen', /\)/, ')');
export const LBracket = punct('LBracket', /\[/, '[');
export const RBracket = punct('RBracket', /\]/, ']');
export const Comma = punct('Comma', /,/, ',');
export const Colon = punct('Colon', /:/, ':');
export const Question = punct('Question', /\?/, '?');
export const Dot = punct('Dot', /\./, '.');

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  AnyString,
  NumberLiteral,
  Arrow,
  FatArrow,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  Lt,
  Gt,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Question,
  Dot,
  // Longest first, so that `input` is not lexed as `in` + longer alternative.
  ...[...keywordTokens].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  AnyWord,
  Name,
];

export const keywords: readonly TokenType[] = keywordTokens;

// Lines end at `\n` only (a `\r` before it is white space), as everywhere else that counts lines
// (the AST's line index, incremental re-parse, the visual edits): Chevrotain's default would also
// end one at a lone `\r`, and a lexer error would then stand on another line than the checker's
// findings on the same text.
export const lexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
  skipValidations: !grammarChecks,
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ['\n'],
});
