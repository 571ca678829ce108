// The editor's lexical highlighting, generated from the grammar's own token definitions
// (grammar/tokens.ts): the keyword lists, and the number and string patterns, come from there, so a
// keyword added to the language is highlighted without touching the studio. Names get their
// meaning (param, field, rule...) from semantic tokens, computed from the analysis.

import type { TokenType } from 'chevrotain';
import type { languages } from 'monaco-editor/editor';
import * as T from '../../../grammar/tokens.js';

const wordOf = (t: TokenType): string => String((t.PATTERN as RegExp).source);

/** Hard keywords are reserved everywhere; soft ones are keywords only in their clause. */
export function keywordGroups(keywords: readonly TokenType[] = T.keywords): { hard: string[]; soft: string[] } {
  const hard: string[] = [];
  const soft: string[] = [];
  for (const k of keywords) ((k.CATEGORIES ?? []).includes(T.Name) ? soft : hard).push(wordOf(k));
  return { hard: hard.sort(), soft: soft.sort() };
}

/** A Monarch rule's regex from a Chevrotain pattern (Monarch anchors rules itself). */
const source = (t: TokenType): RegExp => new RegExp((t.PATTERN as RegExp).source);

export function monarchLanguage(): languages.IMonarchLanguage {
  const { hard, soft } = keywordGroups();
  return {
    defaultToken: 'invalid',
    tokenPostfix: '.verdict',
    hard,
    soft,
    tokenizer: {
      root: [
        // After a dot every word is a field name, keywords included (`applicant.order`).
        [/(\.)(\s*)([A-Za-z_][A-Za-z0-9_]*)/, ['delimiter', 'white', 'identifier']],
        [/[A-Za-z_][A-Za-z0-9_]*/, { cases: { '@hard': 'keyword', '@soft': 'keyword.soft', '@default': 'identifier' } }],
        [source(T.NumberLiteral), 'number'],
        [source(T.StringLiteral), 'string'],
        [source(T.UnterminatedString), 'string.invalid'],
        [source(T.LineComment), 'comment'],
        [/\/\*/, 'comment', '@blockComment'],
        [/->|=>/, 'operator.arrow'],
        [/==|!=|<=|>=|<|>|=|\+|-|\*|\//, 'operator'],
        [/[{}()[\]]/, '@brackets'],
        [/[,:?.]/, 'delimiter'],
        [source(T.WhiteSpace), 'white'],
      ],
      blockComment: [
        [/[^*]+/, 'comment'],
        [/\*\//, 'comment', '@pop'],
        [/\*/, 'comment'],
      ],
    },
  };
}

export const languageConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: '//', blockComment: ['/*', '*/'] },
  brackets: [
    ['{', '}'],
    ['[', ']'],
    ['(', ')'],
  ],
  autoClosingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '{', close: '}' },
    { open: '[', close: ']' },
    { open: '(', close: ')' },
    { open: '"', close: '"' },
  ],
  indentationRules: { increaseIndentPattern: /\{[^}"]*$/, decreaseIndentPattern: /^\s*\}/ },
  wordPattern: /[A-Za-z_][A-Za-z0-9_]*|-?\d[\d_]*(?:\.\d+)?%?/,
};
