// The policy language service: what the editor asks about a text (hover, definition, references,
// rename, outline, semantic tokens), answered from one analysed snapshot. Pure functions over the
// grammar's and the runtime's own APIs; the analysis worker owns the snapshot, the tests call
// these directly.

import type { Policy, Range, RuleDecl, RuleSetDecl } from '../../../grammar/ast.js';
import { check, FUNCTIONS, TERMS, type Analysis } from '../../../grammar/check/index.js';
import { showType } from '../../../grammar/check/types.js';
import { walkExpr } from '../../../grammar/check/walk.js';
import { hasErrors, mergeDiagnostics, type Diagnostic } from '../../../grammar/diagnostics.js';
import { parse, type ParseResult } from '../../../grammar/index.js';
import * as T from '../../../grammar/tokens.js';
import { compile } from '../../../runtime/compile.js';
import { costClassLabel, costOrdered, type DecisionGraph } from '../../../runtime/graph.js';
import { within } from './outline.js';
import { SEMANTIC_TOKEN_TYPES, type SemanticTokenType } from './legend.js';
import { buildOccurrences, declarationOf, nameOfKey, occurrenceAt, referencesOf, type Occurrence } from './symbols.js';
import { switchCounts } from '../graph/model.js';

export interface Snapshot {
  text: string;
  ast: Policy;
  /** The parser's tokens, for completion. */
  tokens: ParseResult['tokens'];
  analysis: Analysis;
  diagnostics: Diagnostic[];
  /** Present when the text has no error. */
  graph?: DecisionGraph;
  /** The compiler failed on a text the checker passed: a bug in Verdict, shown as such. */
  compileError?: string;
  /** Every name and what it denotes; computed on first use (the editor's questions), not per keystroke. */
  readonly occurrences: Occurrence[];
  timing: { parse: number; check: number; compile: number };
}

/**
 * Text → parse → check → graph, as `compileText` does, keeping the analysis that the editor's
 * questions need (compileText drops it). `parseText` is the analysis worker's incremental parser
 * for the open document (grammar/incremental.ts), which yields what `parse` would.
 */
export function analyzeText(text: string, now: () => number = () => performance.now(), parseText: (text: string) => ParseResult = parse): Snapshot {
  const t0 = now();
  const parsed = parseText(text);
  const t1 = now();
  const checked = check(parsed.ast);
  const diagnostics = mergeDiagnostics(text, parsed.diagnostics, checked.diagnostics);
  const t2 = now();
  let graph: DecisionGraph | undefined;
  let compileError: string | undefined;
  try {
    graph = hasErrors(diagnostics) ? undefined : compile(parsed.ast, checked.analysis, text);
  } catch (e) {
    compileError = e instanceof Error ? e.message : String(e);
  }
  const t3 = now();
  let occurrences: Occurrence[] | undefined;
  return {
    text,
    ast: parsed.ast,
    tokens: parsed.tokens,
    analysis: checked.analysis,
    diagnostics,
    graph,
    ...(compileError ? { compileError } : {}),
    get occurrences() {
      return (occurrences ??= buildOccurrences(parsed.ast, checked.analysis));
    },
    timing: { parse: t1 - t0, check: t2 - t1, compile: t3 - t2 },
  };
}

// ---------------------------------------------------------------------------------------------
// Hover

export interface Hover {
  range: Range;
  /** Markdown. */
  contents: string[];
}

export const SWITCH_DOC: Record<RuleDecl['switch'], string> = {
  on: 'runs; an override may switch it off',
  required: 'runs; an override that switches it off is an error',
  off: 'kept in the policy, not run',
  shadow: 'runs and is recorded, with no effect on the decision',
};

const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';
/**
 * A policy's own words (a title, a doc, a reason) in a hover's Markdown, as plain text: `**`,
 * `[link](…)`, `![](…)` and the like in them are shown, not rendered (nor fetched).
 */
export const plain = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
const slice = (text: string, r: Range, max = 120) => {
  const s = text.slice(r.start.offset, r.end.offset).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

export function hoverAt(snap: Snapshot, offset: number): Hover | undefined {
  const occ = occurrenceAt(snap.occurrences, offset);
  if (occ) {
    const contents = describe(snap, occ);
    if (contents) return { range: occ.range, contents };
  }
  // A rule's switch word.
  for (const { rule } of snap.analysis.rules.values())
    if (rule.switchRange && within(rule.switchRange, offset)) return { range: rule.switchRange, contents: describeRule(snap, rule.id.name) ?? [] };
  return expressionHover(snap, offset);
}

function describe(snap: Snapshot, occ: Occurrence): string[] | undefined {
  const { analysis, text } = snap;
  const name = nameOfKey(occ.key);
  switch (occ.kind) {
    case 'param': {
      const sym = analysis.symbols.get(name);
      if (sym?.kind !== 'param') return undefined;
      const uses = referencesOf(snap.occurrences, occ.key).filter((o) => !o.decl).length;
      const lines = [code(`param ${name} = ${slice(text, sym.decl.value.range)}`)];
      if (sym.decl.doc) lines.push(plain(sym.decl.doc.value));
      lines.push(`Default value **${slice(text, sym.decl.value.range)}** · tunable at run time (\`--set ${name}=…\`) · used ${uses} time${uses === 1 ? '' : 's'}`);
      return lines;
    }
    case 'let': {
      const sym = analysis.symbols.get(name);
      if (sym?.kind !== 'let') return undefined;
      const info = analysis.exprs.get(sym.decl.expr);
      const reads = analysis.letClosure.get(name);
      const lines = [code(`let ${name}: ${showType(info?.type)}${info?.nullable ? '?' : ''}`), code(slice(text, sym.decl.expr.range))];
      if (reads?.sources.size) lines.push(`Reads ${[...reads.sources].sort().map((s) => `${code(s)} (${sourceClassLabel(snap, s)})`).join(', ')}`);
      else lines.push('Reads no source: free.');
      return lines;
    }
    case 'input': {
      const sym = analysis.symbols.get(name);
      if (sym?.kind !== 'input') return undefined;
      return [code(`input ${name}`), `${sym.fields.size} fields: ${[...sym.fields.keys()].slice(0, 12).join(', ')}${sym.fields.size > 12 ? ', …' : ''}`];
    }
    case 'source': {
      const sym = analysis.symbols.get(name);
      if (sym?.kind !== 'source') return undefined;
      const c = sym.decl.cost;
      const price = !c || c.kind === 'free' ? 'free' : c.kind === 'per_query' ? `${c.amount.raw} per query` : `${c.amount.raw} per hit when \`${c.when.name}\``;
      const lines = [code(`source ${name}`)];
      if (sym.decl.title) lines.push(plain(sym.decl.title.value));
      lines.push(`Cost class **${costClassLabel(sym.cls)}** · ${price}`, `Fields: ${[...sym.fields.keys()].join(', ')}`);
      return lines;
    }
    case 'field': {
      const [owner, field] = name.split('.');
      const sym = analysis.symbols.get(owner);
      if (sym?.kind !== 'input' && sym?.kind !== 'source') return undefined;
      const f = sym.fields.get(field);
      if (!f) return undefined;
      const lines = [code(`${owner}.${field}: ${showType(f.type)}${f.optional ? '?' : ''}`)];
      lines.push(f.optional ? 'Optional: may be missing (a comparison with a missing value is false).' : 'Required: a record without it is an error.');
      if (sym.kind === 'source') lines.push(`From source ${code(owner)}, cost class **${costClassLabel(sym.cls)}**`);
      return lines;
    }
    case 'node':
      return describeNode(snap, name);
    case 'rule':
      return describeRule(snap, name);
    case 'function': {
      const fn = (FUNCTIONS as Record<string, (typeof FUNCTIONS)[keyof typeof FUNCTIONS] | undefined>)[name];
      return fn ? [code(fn.signature), fn.summary] : undefined;
    }
    case 'term': {
      const t = TERMS[name];
      return t ? [code(`term ${name}`), t.summary] : undefined;
    }
  }
}

function sourceClassLabel(snap: Snapshot, id: string): string {
  const s = snap.analysis.symbols.get(id);
  return s?.kind === 'source' ? costClassLabel(s.cls) : costClassLabel(undefined);
}

function describeNode(snap: Snapshot, id: string): string[] | undefined {
  const sym = snap.analysis.symbols.get(id);
  if (!sym) return undefined;
  const title = 'title' in sym.decl && sym.decl.title ? ` — ${plain(sym.decl.title.value)}` : '';
  switch (sym.kind) {
    case 'ruleset': {
      // As the graph's header counts them: shadow rules run but stop nobody.
      return [`**rule set** ${code(id)}${title}`, `${sym.decl.rules.length} rules: ${switchCounts(sym.decl.rules)} · order ${sym.decl.order}`];
    }
    case 'scorecard':
      return [`**scorecard** ${code(id)}${title}`, `Base ${sym.decl.base?.value ?? '0'} · ${sym.decl.characteristics.length} characteristics · its score is the number ${code(id)}`];
    case 'branch':
      return [`**branch** ${code(id)}${title}`, `${sym.decl.arms.length} conditions and an else`];
    case 'decision':
      return [`**decision** ${code(id)}${title}`, `${sym.decl.clauses.length} conditions and an else`];
    default:
      return undefined;
  }
}

/** The rules of a set in the order they run: written, or by cost class (stable on ties). */
export function effectiveOrder(analysis: Analysis, set: RuleSetDecl): RuleDecl[] {
  if (set.order === 'written') return [...set.rules];
  return costOrdered(set.rules.map((rule) => ({ rule, costRank: analysis.ruleCost.get(rule)?.costRank ?? 0 }))).map((r) => r.rule);
}

function describeRule(snap: Snapshot, id: string): string[] | undefined {
  const entry = snap.analysis.rules.get(id);
  if (!entry) return undefined;
  const { rule, set } = entry;
  const cost = snap.analysis.ruleCost.get(rule);
  const lines = [`**rule** ${code(id)}${rule.title ? ` — ${plain(rule.title.value)}` : ''}`];
  lines.push(`Switch **${rule.switch}**: ${SWITCH_DOC[rule.switch]}`);
  lines.push(`Outcome **${rule.outcome.kind}**${rule.outcome.reason ? ` “${plain(rule.outcome.reason.value)}”` : ''}`);
  if (cost?.costSource) lines.push(`Cost class **${sourceClassLabel(snap, cost.costSource)}** (set by ${code(cost.costSource)}; reads ${cost.sources.map(code).join(', ')})`);
  else lines.push(`Cost class **${costClassLabel(undefined)}** (reads no source)`);
  const order = effectiveOrder(snap.analysis, set);
  lines.push(`Runs ${order.indexOf(rule) + 1} of ${order.length} in ${code(set.id.name)} (order ${set.order})`);
  return lines;
}

/** Anything else in an expression: its type. */
function expressionHover(snap: Snapshot, offset: number): Hover | undefined {
  let best: { range: Range; label: string; type: string } | undefined;
  for (const site of snap.analysis.sites) {
    if (!within(site.expr.range, offset)) continue;
    walkExpr(site.expr, (x) => {
      if (!within(x.range, offset) || (x.kind !== 'Member' && x.kind !== 'Name')) return;
      const info = snap.analysis.exprs.get(x);
      if (!info?.type) return;
      if (!best || x.range.end.offset - x.range.start.offset < best.range.end.offset - best.range.start.offset)
        best = { range: x.range, label: slice(snap.text, x.range, 60), type: showType(info.type) + (info.nullable ? '?' : '') };
    });
  }
  return best && { range: best.range, contents: [code(`${best.label}: ${best.type}`)] };
}

// ---------------------------------------------------------------------------------------------
// Definition, references, rename

export function definitionAt(snap: Snapshot, offset: number): Range | undefined {
  const occ = occurrenceAt(snap.occurrences, offset);
  return occ && declarationOf(snap.occurrences, occ.key)?.range;
}

export function referencesAt(snap: Snapshot, offset: number): Range[] {
  const occ = occurrenceAt(snap.occurrences, offset);
  return occ ? referencesOf(snap.occurrences, occ.key).map((o) => o.range) : [];
}

export interface TextEdit {
  range: Range;
  text: string;
}

const HARD_WORDS = new Set(T.keywords.filter((t) => !(t.CATEGORIES ?? []).includes(T.Name)).map((t) => String(t.PATTERN).replace(/^\/|\/$/g, '')));

/** Where a rename may start, or why it may not. */
export function prepareRename(snap: Snapshot, offset: number): { range: Range; text: string } | { error: string } {
  const occ = occurrenceAt(snap.occurrences, offset);
  if (!occ) return { error: 'Put the cursor on a param, let, input, source, field, node or rule to rename it.' };
  if (occ.kind === 'function' || occ.kind === 'term') return { error: `${code(nameOfKey(occ.key))} is built into the language and cannot be renamed.` };
  if (!declarationOf(snap.occurrences, occ.key)) return { error: `${code(nameOfKey(occ.key))} is not declared in this policy.` };
  return { range: occ.range, text: snap.text.slice(occ.range.start.offset, occ.range.end.offset) };
}

/** Every edit that renames the symbol under the cursor, or why it cannot be done. */
export function renameAt(snap: Snapshot, offset: number, newName: string): { edits: TextEdit[] } | { error: string } {
  const prep = prepareRename(snap, offset);
  if ('error' in prep) return prep;
  const occ = occurrenceAt(snap.occurrences, offset)!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { error: `${code(newName)} is not a name: use letters, digits and _, not starting with a digit.` };
  if (HARD_WORDS.has(newName)) return { error: `${code(newName)} is a keyword of the language.` };
  if (newName === 'start' || newName === 'it') return { error: `${code(newName)} is reserved.` };
  const old = nameOfKey(occ.key);
  if (occ.kind === 'field') {
    const [owner] = old.split('.');
    const sym = snap.analysis.symbols.get(owner);
    if ((sym?.kind === 'input' || sym?.kind === 'source') && sym.fields.has(newName)) return { error: `${code(owner)} already has a field ${code(newName)}.` };
  } else if (occ.kind === 'rule') {
    if (snap.analysis.rules.has(newName) && newName !== old) return { error: `A rule ${code(newName)} already exists (rule ids are unique in the policy).` };
  } else if (snap.analysis.symbols.has(newName) && newName !== old) {
    return { error: `${code(newName)} is already declared in this policy.` };
  }
  return { edits: referencesOf(snap.occurrences, occ.key).map((o) => ({ range: o.range, text: newName })) };
}

// ---------------------------------------------------------------------------------------------
// Semantic tokens

const SWITCH_TOKEN: Record<string, SemanticTokenType | undefined> = { required: 'switchRequired', off: 'switchOff', shadow: 'switchShadow' };

/** Monaco's encoding: per token, [Δline, Δcolumn (from the previous token on the same line), length, type, modifiers], lines 0-based. */
export function semanticTokens(snap: Snapshot): number[] {
  const toks: { range: Range; type: SemanticTokenType; decl: boolean }[] = [];
  for (const o of snap.occurrences) toks.push({ range: o.range, type: o.kind, decl: o.decl });
  const word = (start: Range['start'], length: number): Range => ({ start, end: { offset: start.offset + length, line: start.line, column: start.column + length } });
  for (const d of snap.ast.declarations) {
    if (d.kind === 'RuleSet')
      for (const r of d.rules) {
        toks.push({ range: word(r.outcome.range.start, r.outcome.kind.length), type: r.outcome.kind, decl: false });
        const sw = SWITCH_TOKEN[r.switch];
        if (sw && r.switchRange) toks.push({ range: r.switchRange, type: sw, decl: false });
      }
    else if (d.kind === 'Decision')
      for (const o of [...d.clauses.map((c) => c.outcome), ...(d.else ? [d.else] : [])]) toks.push({ range: word(o.range.start, o.decision.length), type: o.decision, decl: false });
  }
  toks.sort((a, b) => a.range.start.offset - b.range.start.offset);
  const data: number[] = [];
  let line = 0;
  let col = 0;
  let lastEnd = -1;
  const isWord = (r: Range) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(snap.text.slice(r.start.offset, r.end.offset));
  for (const t of toks) {
    // A text being typed parses with recovery: skip what is not the word the AST says it is.
    if (t.range.start.offset < lastEnd || t.range.start.line !== t.range.end.line || !isWord(t.range)) continue;
    const l = t.range.start.line - 1;
    const c = t.range.start.column - 1;
    data.push(l - line, l === line ? c - col : c, t.range.end.offset - t.range.start.offset, SEMANTIC_TOKEN_TYPES.indexOf(t.type), t.decl ? 1 : 0);
    line = l;
    col = c;
    lastEnd = t.range.end.offset;
  }
  return data;
}

export { nodeAt, outlineOf, type OutlineNode, type OutlineRule } from './outline.js';
export { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from './legend.js';
