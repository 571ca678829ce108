// Completion for the editor: `completionsAt(text, offset)` lists the keywords and symbol names
// valid at the cursor. The grammar says which token types may come next (Chevrotain's content
// assist, run on the current top-level declaration only, so cost does not grow with the file);
// the AST of the (possibly broken) file says which names exist.

import type { IToken, TokenType } from 'chevrotain';
import type { Declaration, FieldDecl, Policy, TypeRef } from './ast.js';
import { parse, type ParseResult } from './index.js';
import { parser } from './parser.js';
import * as T from './tokens.js';
import { FUNCTIONS, isFunctionName } from './check/functions.js';
import { isTermKey, TERMS } from './check/terms.js';

export type CompletionKind = 'keyword' | 'param' | 'let' | 'scorecard' | 'input' | 'source' | 'field' | 'node' | 'function' | 'term' | 'type' | 'value';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** A short description: the field's type, the param's doc, the node's kind. */
  detail?: string;
  /**
   * The text (offsets, end exclusive) that accepting the item replaces, when it is not the word at
   * the cursor: the whole string the cursor stands in, for an enum value (`== "a|"` → `"app"`).
   */
  replace?: { start: number; end: number };
}

const DECLARATION_HEADS = new Set<TokenType>([T.Input, T.Source, T.Param, T.Let, T.Ruleset, T.Scorecard, T.Branch, T.Decision, T.Flow, T.Policy]);
const NAME_TYPES = new Set<TokenType>([T.Name, T.AnyWord, T.Identifier]);
const TYPE_NAMES = ['number', 'money', 'bool', 'text', 'date', 'enum', 'list'];

/** `parsed` is the parse of `text` when the caller already has one (the studio's worker does). */
export function completionsAt(text: string, offset: number, parsed: Pick<ParseResult, 'ast' | 'tokens'> = parse(text)): CompletionItem[] {
  const { ast, tokens } = parsed;
  // Inside a string only an enum value makes sense (`applicant.channel == "|"`): it replaces the string.
  const str = tokens.find((t) => STRING_TYPES.has(t.tokenType) && t.startOffset < offset && (t.tokenType === T.UnterminatedString ? offset <= t.endOffset! + 1 : offset <= t.endOffset!));
  if (str) {
    const replace = { start: str.startOffset, end: str.endOffset! + 1 };
    return enumValueItems(ast, tokens.filter((t) => t.endOffset! < str.startOffset)).map((i) => ({ ...i, replace }));
  }
  // The word being typed at the cursor (if any) is the prefix; completion replaces it.
  let before = tokens.filter((t) => t.endOffset! < offset);
  const last = before[before.length - 1];
  let prefix = '';
  const atWord = /[A-Za-z0-9_]$/.test(text.slice(0, offset));
  if (last && atWord && last.endOffset! + 1 === offset && /^[A-Za-z_]/.test(last.image)) {
    prefix = last.image;
    before = before.slice(0, -1);
  }
  const prev = before[before.length - 1];

  let items: CompletionItem[];
  if (prev?.tokenType === T.Dot) items = memberCompletions(ast, before);
  else items = [...enumValueItems(ast, before), ...grammarCompletions(ast, before)];

  const seen = new Set<string>();
  return items.filter((i) => i.label.startsWith(prefix) && !seen.has(`${i.kind}:${i.label}`) && seen.add(`${i.kind}:${i.label}`));
}

/** Completions the grammar allows after `before`, within the current top-level declaration. */
function grammarCompletions(ast: Policy, before: IToken[]): CompletionItem[] {
  let depth = 0;
  let start = before.length;
  // Walk back to the head of the declaration that encloses the cursor (depth 0, a hard keyword).
  for (let i = before.length - 1; i >= 0; i--) {
    const tt = before[i].tokenType;
    if (tt === T.RCurly) depth++;
    else if (tt === T.LCurly) depth--;
    if (depth <= 0 && DECLARATION_HEADS.has(tt)) {
      start = i;
      break;
    }
    if (i === 0) start = 0;
  }
  const declTokens = before.slice(start);
  const headIsPolicy = declTokens[0]?.tokenType === T.Policy;
  const rule = declTokens.length === 0 ? 'declaration' : headIsPolicy ? 'header' : 'declaration';
  const paths = declTokens.length === 0 ? parser.computeContentAssist('declaration', []) : parser.computeContentAssist(rule, declTokens);
  // After a complete declaration (or header), a new one may start.
  const items: CompletionItem[] = [];
  const declarationComplete = declTokens.length > 0 && isComplete(rule, declTokens);
  if (declarationComplete || declTokens.length === 0) items.push(...keywordItems(parser.computeContentAssist('declaration', []).map((p) => p.nextTokenType)));

  const wantsName = new Set<string>();
  for (const p of paths) {
    const tt = p.nextTokenType;
    if (NAME_TYPES.has(tt)) wantsName.add(p.ruleStack[p.ruleStack.length - 1] ?? '');
    // `approve` after a rule's `then` is parsed only to say that approving is a decision's: not offered.
    else if (tt === T.Approve && p.ruleStack[p.ruleStack.length - 1] === 'ruleDecl') continue;
    else if (T.keywords.includes(tt)) items.push(...keywordItems([tt]));
  }
  // A term with a fixed set of words (`line revolving`): those words, not an expression.
  const key = before[before.length - 1];
  const termSpec = key && isTermKey(key.image) && paths.some((p) => p.ruleStack.includes('term')) ? TERMS[key.image].value : undefined;
  if (termSpec?.kind === 'word' && before[before.length - 2]?.tokenType !== T.Dot) return termSpec.words.map((w) => ({ label: w, kind: 'value' as const, detail: `${key.image}` }));

  for (const r of wantsName) items.push(...namesForRule(ast, r, declTokens));
  const head = declTokens[0]?.tokenType;
  // A param's value is a literal: no names, no functions, no `not`.
  if (head === T.Param) return items.filter((i) => i.kind === 'keyword' && i.label !== 'not');
  // A let or a scorecard never reads itself (a cycle).
  const own = head === T.Let || head === T.Scorecard ? declTokens[1]?.image : undefined;
  return own ? items.filter((i) => i.kind === 'keyword' || i.kind === 'function' || i.label !== own) : items;
}

const STRING_TYPES = new Set<TokenType>([T.StringLiteral, T.UnterminatedString]);
const COMPARE_EQ = new Set<TokenType>([T.EqEq, T.NotEq]);

/**
 * The values of the enum field compared where the cursor stands, quoted: after `field ==` or
 * `field !=`, in the list of `field in [` / `field not in [`, and at the start of a bin of a
 * scorecard characteristic on the field (`applicant.education { "master" => 30 }`).
 */
function enumValueItems(ast: Policy, before: IToken[]): CompletionItem[] {
  const n = before.length;
  let pathEnd = -1;
  if (n >= 2 && COMPARE_EQ.has(before[n - 1].tokenType)) pathEnd = n - 2;
  else {
    // Inside `[ "a", "b", |`: walk back over strings and commas to the bracket.
    let i = n - 1;
    while (i >= 0 && (STRING_TYPES.has(before[i].tokenType) || before[i].tokenType === T.Comma)) i--;
    if (i >= 1 && before[i].tokenType === T.LBracket && before[i - 1].tokenType === T.In) {
      let j = i - 2;
      if (j >= 0 && before[j].tokenType === T.Not) j--;
      // A bin `in [...]`: the characteristic's path stands before the `{` that opens its bins.
      pathEnd = j >= 0 && NAME_TYPES_OR_KEYWORD(before[j]) ? j : binPathEnd(before, i - 1);
    } else if (i === n - 1) pathEnd = binPathEnd(before, n);
  }
  if (pathEnd < 0) return [];
  const field = fieldAt(ast, dottedPath(before, pathEnd));
  if (field?.type.kind !== 'EnumType') return [];
  const owner = dottedPath(before, pathEnd).join('.');
  return field.type.values.map((v) => ({ label: JSON.stringify(v.value), kind: 'value' as const, detail: owner }));
}

/**
 * When the token at `at` starts a bin (right after a characteristic's `{` or after a bin's points),
 * the index of the last token of the characteristic's path; else -1.
 */
function binPathEnd(tokens: IToken[], at: number): number {
  const prev = tokens[at - 1];
  if (!prev) return -1;
  // After a bin's points `=> 5` (or `=> -5`): walk back to the characteristic's `{`.
  let i = at - 1;
  if (prev.tokenType !== T.LCurly) {
    if (prev.tokenType !== T.NumberLiteral) return -1;
    let j = at - 2;
    if (tokens[j]?.tokenType === T.Minus) j--;
    if (tokens[j]?.tokenType !== T.FatArrow) return -1;
    let depth = 0;
    for (i = j; i >= 0; i--) {
      const tt = tokens[i].tokenType;
      if (tt === T.RCurly) depth++;
      else if (tt === T.LCurly) {
        if (depth === 0) break;
        depth--;
      }
    }
    if (i < 0) return -1;
  }
  // `path {` where the `{` opens bins: a dotted path, itself after `{`, `}` or a number (the base or a bin's points).
  const end = i - 1;
  if (end < 0 || !NAME_TYPES_OR_KEYWORD(tokens[end])) return -1;
  let s = end;
  while (s >= 2 && tokens[s - 1].tokenType === T.Dot && NAME_TYPES_OR_KEYWORD(tokens[s - 2])) s -= 2;
  const before = tokens[s - 1]?.tokenType;
  return before === T.LCurly || before === T.RCurly || before === T.NumberLiteral ? end : -1;
}

/** The dotted path that ends at token `end`: `applicant.channel` → ['applicant', 'channel']. */
function dottedPath(tokens: IToken[], end: number): string[] {
  const path: string[] = [];
  let i = end;
  while (i >= 0 && NAME_TYPES_OR_KEYWORD(tokens[i])) {
    path.unshift(tokens[i].image);
    if (i >= 2 && tokens[i - 1].tokenType === T.Dot) i -= 2;
    else break;
  }
  return path;
}

/** The field an `input.field` or `source.field` path names (not inside lists). */
function fieldAt(ast: Policy, path: string[]): FieldDecl | undefined {
  if (path.length !== 2) return undefined;
  const d = ast.declarations.find((x) => (x.kind === 'Input' || x.kind === 'Source') && x.id.name === path[0]);
  return d && (d.kind === 'Input' || d.kind === 'Source') ? d.fields.find((f) => f.name.name === path[1]) : undefined;
}

/** True when the declaration's tokens already form a whole declaration (so a new one may follow). */
function isComplete(rule: 'declaration' | 'header', tokens: IToken[]): boolean {
  parser.input = tokens;
  if (rule === 'header') parser.header();
  else parser.declaration();
  return parser.errors.length === 0;
}

function keywordItems(types: TokenType[]): CompletionItem[] {
  return types.filter((t) => T.keywords.includes(t)).map((t) => ({ label: String(t.PATTERN).replace(/^\/|\/$/g, ''), kind: 'keyword' as const }));
}

/** Names valid where grammar rule `rule` expects a name token. */
function namesForRule(ast: Policy, rule: string, declTokens: IToken[]): CompletionItem[] {
  switch (rule) {
    case 'nameOrCall':
      return expressionNames(ast, insideListFunction(declTokens));
    case 'flowChain':
      return nodeNames(ast);
    case 'branchArm':
    case 'branchElse':
      // A branch never targets itself (that is a cycle).
      return nodeNames(ast).filter((n) => n.label !== declTokens[1]?.image);
    case 'term':
      return Object.entries(TERMS).map(([k, spec]) => ({ label: k, kind: 'term' as const, detail: spec.summary }));
    case 'typeRef':
      return TYPE_NAMES.map((k) => ({ label: k, kind: 'type' as const }));
    case 'costSpec': {
      // `per hit when <field>`: the bool fields of this source.
      const src = ast.declarations.find((d) => d.kind === 'Source' && d.id.name === declTokens[1]?.image);
      return src && src.kind === 'Source' ? src.fields.filter((f) => f.type.kind === 'PrimitiveType' && f.type.name === 'bool').map(fieldItem) : [];
    }
    default:
      // A new declaration's own name, a field being declared: nothing to suggest.
      return [];
  }
}

function expressionNames(ast: Policy, inList: boolean): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const d of ast.declarations) {
    if (d.kind === 'Flow' || !d.id.name) continue;
    if (d.kind === 'Param') items.push({ label: d.id.name, kind: 'param', detail: d.doc?.value });
    else if (d.kind === 'Let') items.push({ label: d.id.name, kind: 'let' });
    else if (d.kind === 'Scorecard') items.push({ label: d.id.name, kind: 'scorecard', detail: d.title?.value });
    else if (d.kind === 'Input') items.push({ label: d.id.name, kind: 'input' });
    else if (d.kind === 'Source') items.push({ label: d.id.name, kind: 'source', detail: d.title?.value });
  }
  for (const [f, spec] of Object.entries(FUNCTIONS)) items.push({ label: f, kind: 'function', detail: spec.signature });
  if (inList) items.push({ label: 'it', kind: 'value', detail: 'the current list element' });
  return items;
}

/** True when the cursor sits inside the arguments of a list function (`count(list, |`). */
function insideListFunction(tokens: IToken[]): boolean {
  let depth = 0;
  for (let i = tokens.length - 1; i > 0; i--) {
    const tt = tokens[i].tokenType;
    if (tt === T.RParen) depth++;
    else if (tt === T.LParen) {
      const callee = tokens[i - 1].image;
      if (depth === 0 && isFunctionName(callee) && FUNCTIONS[callee].perItem) return true;
      depth = Math.max(0, depth - 1);
    }
  }
  return false;
}

function nodeNames(ast: Policy): CompletionItem[] {
  const kinds: Partial<Record<Declaration['kind'], string>> = { RuleSet: 'rule set', Scorecard: 'scorecard', Branch: 'branch', Decision: 'decision' };
  const items: CompletionItem[] = [];
  for (const d of ast.declarations) {
    const k = kinds[d.kind];
    if (k && 'id' in d && d.id.name) items.push({ label: d.id.name, kind: 'node', detail: k });
  }
  return items;
}

function fieldItem(f: FieldDecl): CompletionItem {
  return { label: f.name.name, kind: 'field', detail: typeText(f.type) + (f.optional ? '?' : '') };
}

function typeText(t: TypeRef): string {
  switch (t.kind) {
    case 'PrimitiveType':
      return t.name;
    case 'EnumType':
      return `enum(${t.values.map((v) => JSON.stringify(v.value)).join(', ')})`;
    case 'ListType':
      return 'list';
    case 'UnknownType':
      return t.name;
  }
}

/** Fields after `x.`: of an input, a source, or (for `it.`) the element of the list being iterated. */
function memberCompletions(ast: Policy, before: IToken[]): CompletionItem[] {
  // Collect the dotted path that ends at the dot: `applicant.contacts.` → ['applicant', 'contacts'].
  const path: string[] = [];
  let i = before.length - 2;
  while (i >= 0 && NAME_TYPES_OR_KEYWORD(before[i])) {
    path.unshift(before[i].image);
    if (i >= 1 && before[i - 1].tokenType === T.Dot) i -= 2;
    else break;
  }
  if (path.length === 0) return [];
  let fields: FieldDecl[] | undefined;
  if (path[0] === 'it') fields = listElementFields(ast, before.slice(0, i));
  else {
    const d = ast.declarations.find((x) => (x.kind === 'Input' || x.kind === 'Source') && x.id.name === path[0]);
    fields = d && (d.kind === 'Input' || d.kind === 'Source') ? d.fields : undefined;
  }
  for (const seg of path.slice(1)) {
    const f = fields?.find((x) => x.name.name === seg);
    fields = f?.type.kind === 'ListType' ? f.type.fields : undefined;
  }
  return (fields ?? []).map(fieldItem);
}

function NAME_TYPES_OR_KEYWORD(t: IToken): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(t.image);
}

/** For `it.`: the element fields of the list passed as first argument of the enclosing list function. */
function listElementFields(ast: Policy, before: IToken[]): FieldDecl[] | undefined {
  let depth = 0;
  for (let i = before.length - 1; i > 0; i--) {
    const tt = before[i].tokenType;
    if (tt === T.RParen) depth++;
    else if (tt === T.LParen) {
      if (depth === 0) {
        // tokens after `(` up to the first comma: the list expression, a dotted path.
        const path: string[] = [];
        for (let j = i + 1; j < before.length && before[j].tokenType !== T.Comma; j++) if (before[j].tokenType !== T.Dot) path.push(before[j].image);
        const d = ast.declarations.find((x) => (x.kind === 'Input' || x.kind === 'Source') && x.id.name === path[0]);
        let fields = d && (d.kind === 'Input' || d.kind === 'Source') ? d.fields : undefined;
        for (const seg of path.slice(1)) {
          const f = fields?.find((x) => x.name.name === seg);
          fields = f?.type.kind === 'ListType' ? f.type.fields : undefined;
        }
        return fields;
      }
      depth--;
    }
  }
  return undefined;
}
