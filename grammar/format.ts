// The formatter: one canonical layout for every policy, so that diffs show meaning, not taste.
//
// Layout
// - Two-space indent, LF line ends, one final newline, no trailing spaces.
// - A byte-order mark that starts the file is kept (and only then is one written): the file's
//   encoding signature is the author's choice, not layout.
// - `policy id "title" version N` first; then the declarations in their written order, one blank
//   line between them, except that consecutive `param`s (and consecutive `let`s) stay together.
// - Inside blocks no blank lines: one field, source clause, rule line, bin, arm, clause, term or
//   flow chain per line. Empty blocks print as `{}`.
// - Source clauses keep their written order (`origin`, `cost`, `latency`, `fields` are all
//   optional and only what was written is printed); `fields { a: bool, b: text? }` and
//   `list of { ... }` stay on one line when the line fits in 80 columns, else one field per line.
// - `order written` is printed only when it was written; rule switches only when not `on`.
// - Expressions on one line: one space around binary operators and after commas, parentheses
//   exactly as written (plus any the tree needs to keep its meaning), numbers as written
//   (`1_000_000`, `36%`), strings re-escaped (`\"` `\\` `\n` `\t`, other control characters `\u{..}`).
//
// Comments
// - A comment that ends a code line stays at the end of that line, after one space.
// - Any other comment goes on its own line(s) above the next line of code, at that line's indent:
//   comments between rules stay between those rules, a comment before a `}` stays inside its block.
//   A comment written inside a construct printed on one line (within an expression, an enum, a short
//   field list) moves above that line; a short field list holding a comment is printed one field
//   per line instead, so that the comment stays beside its field.
// - One blank line is kept before and after a run of own-line comments when the source had one
//   (never right after a `{`); block comments are printed verbatim, line comments lose trailing spaces.

import type {
  Bin,
  Characteristic,
  Comment,
  DecisionDecl,
  DecisionOutcome,
  Declaration,
  Expr,
  FieldDecl,
  Policy,
  Range,
  RuleDecl,
  ScorecardDecl,
  SourceDecl,
  TypeRef,
} from './ast.js';
import { bomLength } from './build-ast.js';
import { hasErrors, type Diagnostic } from './diagnostics.js';
import { parse } from './index.js';
import { ADDITIVE, AND, ATOM, BINARY_PRECEDENCE, COMPARISON, MULTIPLICATIVE, NOT, OR, POSTFIX, UNARY } from './precedence.js';

const INDENT = '  ';
const MAX_WIDTH = 80;

export interface FormatResult {
  text: string;
  diagnostics: Diagnostic[];
  changed: boolean;
}

/**
 * Formats a policy text. A text with syntax errors comes back unchanged, with the diagnostics:
 * reprinting a partial tree would drop whatever the parser could not read. Line ends follow the
 * text's first one (as rustfmt's `Auto`): a file checked out with CRLF (git's `autocrlf` on
 * Windows) stays CRLF, so that `fmt --check` does not fail every policy there; a mixed file gets its
 * first kind throughout.
 */
export function format(text: string): FormatResult {
  const { ast, diagnostics } = parse(text);
  const unchanged = { text, diagnostics, changed: false };
  if (hasErrors(diagnostics)) return unchanged;
  const nl = text.indexOf('\n');
  const crlf = nl > 0 && text[nl - 1] === '\r';
  let out: string;
  try {
    out = text.slice(0, bomLength(text)) + print(ast);
    if (crlf) out = out.replace(/\r?\n/g, '\r\n');
  } catch (e) {
    if (e instanceof FormatError) return unchanged;
    throw e;
  }
  // Belt and braces: a printer bug must never cost an author their policy, so the result is only
  // returned when it reads back as the same tree with the same comments (the fuzz test is what
  // keeps this branch dead).
  const again = parse(out);
  if (hasErrors(again.diagnostics) || !sameShape(shapeOf(again.ast), shapeOf(ast))) return unchanged;
  return { text: out, diagnostics, changed: out !== text };
}

/** The canonical text of a policy, with its comments put back. */
export function print(ast: Policy): string {
  const w = new Writer(ast.comments);
  new Printer(w).policy(ast);
  return w.finish();
}

/** Thrown when asked to print a tree that holds a parse error (`format` never does). */
export class FormatError extends Error {
  readonly code = 'format-error-node';
}

// ---------------------------------------------------------------------------------------------
// Comparing trees without positions

const POSITION_KEYS = new Set(['range', 'switchRange', 'orderRange']);

/**
 * A copy of a tree without source positions, with comments reduced to what the formatter must
 * keep (their text and kind, in order): two texts that differ only in layout have equal shapes.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (POSITION_KEYS.has(k) || v === undefined) continue;
    out[k] = k === 'comments' && Array.isArray(v) ? (v as Comment[]).map((c) => ({ text: commentText(c), block: c.block })) : shapeOf(v);
  }
  return out;
}

function sameShape(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A comment as printed: verbatim, less the trailing spaces of a line comment. */
export function commentText(c: Comment): string {
  return c.block ? c.text : c.text.trimEnd();
}

// ---------------------------------------------------------------------------------------------
// Writer: output lines plus the comment cursor

/** The source extent of the code that one output line prints (offsets and 1-based lines). */
interface Span {
  start: number;
  end: number;
  startLine: number;
  endLine: number;
}

const spanOf = (from: Range, to: Range = from): Span => ({
  start: from.start.offset,
  end: to.end.offset,
  startLine: from.start.line,
  endLine: to.end.line,
});

interface OutLine {
  text: string;
  /** A comment was appended, so nothing more may go on this line (`{}` cannot close it). */
  trailing: boolean;
  /** The line holds only comments. */
  comment: boolean;
}

/**
 * Emits lines in source order and slots every comment in as it goes: before printing code that
 * starts at offset N, every comment before N is written, at the end of the previous line when it
 * shares that line's source line, else on its own line.
 */
class Writer {
  private readonly out: (OutLine | null)[] = [];
  private next = 0;
  /** Source line where the last printed code or comment ended; 0 when unknown (no blank-line logic). */
  private lastLine = 0;
  /** The last output line may take a trailing comment. */
  private canTrail = false;
  private afterOwnComment = false;
  private atBlockStart = true;
  private wantBlank = false;

  constructor(private readonly comments: readonly Comment[]) {}

  /** Asks for a blank line before whatever comes next (dropped right after a `{`). */
  blank(): void {
    this.wantBlank = true;
  }

  /** Whether a comment not yet printed starts within [from, to). */
  hasCommentIn(from: number, to: number): boolean {
    for (let i = this.next; i < this.comments.length; i++) {
      const at = this.comments[i].range.start.offset;
      if (at >= to) return false;
      if (at >= from) return true;
    }
    return false;
  }

  /** One line of code, after the comments that stand before it or inside its span. */
  code(depth: number, text: string, span: Span): void {
    this.flush(span.start, depth);
    // A comment from inside the code goes above it, never onto the previous line of code.
    this.flush(span.end, depth, true);
    if (this.afterOwnComment && this.lastLine > 0 && span.startLine > 0 && span.startLine > this.lastLine + 1) this.wantBlank = true;
    this.push(depth, text);
    this.lastLine = span.endLine;
    this.canTrail = true;
  }

  /** Marks the line just written as a block opener; returns its index for `close`. */
  open(): number {
    this.atBlockStart = true;
    return this.out.length - 1;
  }

  /** The `}` of a block whose closing brace sits at `closeAt` in the source. */
  close(depth: number, opener: number, closeAt: number, closeLine: number, suffix = ''): void {
    this.flush(closeAt, depth + 1);
    this.closeLine(depth, opener, suffix);
    this.lastLine = closeLine;
    this.canTrail = true;
  }

  /**
   * The `}` of a block whose brace position the tree does not record (a source's `fields`): only
   * the comments that end the last line go before it, and nothing may trail it.
   */
  closeUnplaced(depth: number, opener: number): void {
    while (this.next < this.comments.length && this.canTrail && this.comments[this.next].range.start.line === this.lastLine) {
      this.flushOne(depth + 1);
    }
    this.closeLine(depth, opener, '');
    this.lastLine = 0;
    this.canTrail = false;
  }

  finish(): string {
    this.flush(Infinity, 0);
    const lines = this.out.map((l) => (l === null ? '' : l.text));
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  private closeLine(depth: number, opener: number, suffix: string): void {
    this.wantBlank = false;
    const open = this.out[opener];
    if (opener === this.out.length - 1 && open && !open.trailing) {
      open.text += `}${suffix}`;
      this.atBlockStart = false;
    } else {
      this.push(depth, `}${suffix}`);
    }
    this.afterOwnComment = false;
  }

  private flush(before: number, depth: number, inside = false): void {
    while (this.next < this.comments.length && this.comments[this.next].range.start.offset < before) this.flushOne(depth, inside);
  }

  private flushOne(depth: number, inside = false): void {
    const c = this.comments[this.next++];
    const text = commentText(c);
    const last = this.out[this.out.length - 1];
    if (this.canTrail && last && c.range.start.line === this.lastLine && !(inside && !last.comment)) {
      last.text += ` ${text}`;
      last.trailing = true;
    } else {
      if (this.lastLine > 0 && c.range.start.line > this.lastLine + 1) this.wantBlank = true;
      this.push(depth, text, true);
      this.afterOwnComment = true;
    }
    this.lastLine = c.range.end.line;
    // After `// ...` the source line is over; after `/* ... */` another comment may follow on it.
    this.canTrail = c.block;
  }

  private push(depth: number, text: string, comment = false): void {
    if (this.wantBlank && !this.atBlockStart) this.out.push(null);
    this.wantBlank = false;
    this.atBlockStart = false;
    this.afterOwnComment = false;
    this.out.push({ text: INDENT.repeat(depth) + text, trailing: false, comment });
  }
}

const fits = (depth: number, text: string): boolean => INDENT.length * depth + text.length <= MAX_WIDTH;

// ---------------------------------------------------------------------------------------------
// Printer: declarations to lines

class Printer {
  constructor(private readonly w: Writer) {}

  policy(p: Policy): void {
    const h = p.header;
    if (h) {
      const version = h.version ? ` version ${numberText(h.version)}` : '';
      this.w.code(0, `policy ${h.id.name}${titled(h.title)}${version}`, spanOf(h.range));
    }
    let prev: Declaration | undefined;
    for (const d of p.declarations) {
      const grouped = prev?.kind === d.kind && (d.kind === 'Param' || d.kind === 'Let');
      if (!grouped) this.w.blank();
      this.declaration(d);
      prev = d;
    }
  }

  private declaration(d: Declaration): void {
    switch (d.kind) {
      case 'Input':
        this.block(0, `input ${d.id.name}`, spanOf(d.range, d.id.range), d.range, () => {
          for (const f of d.fields) this.field(f, 1);
        });
        return;
      case 'Source':
        return this.source(d);
      case 'Param': {
        const doc = d.doc ? ` ${quote(d.doc.value)}` : '';
        this.w.code(0, `param ${d.id.name} = ${expr(d.value)}${doc}`, spanOf(d.range));
        return;
      }
      case 'Let':
        this.w.code(0, `let ${d.id.name} = ${expr(d.expr)}`, spanOf(d.range));
        return;
      case 'RuleSet': {
        const order = d.orderRange ? ` order ${d.order}` : '';
        const headEnd = d.orderRange ?? d.title?.range ?? d.id.range;
        this.block(0, `ruleset ${d.id.name}${titled(d.title)}${order}`, spanOf(d.range, headEnd), d.range, () => {
          for (const r of d.rules) this.rule(r, 1);
        });
        return;
      }
      case 'Scorecard':
        return this.scorecard(d);
      case 'Branch':
        this.block(0, `branch ${d.id.name}${titled(d.title)}`, spanOf(d.range, (d.title ?? d.id).range), d.range, () => {
          for (const a of d.arms) this.w.code(1, `when ${expr(a.when)} -> ${a.target.name}`, spanOf(a.range));
          if (d.else) this.w.code(1, `else -> ${d.else.target.name}`, spanOf(d.else.range));
        });
        return;
      case 'Decision':
        return this.decision(d);
      case 'Flow': {
        const head = { start: d.range.start.offset, end: d.range.start.offset + 'flow'.length, startLine: d.range.start.line, endLine: d.range.start.line };
        this.block(0, 'flow', head, d.range, () => {
          for (const c of d.chains) this.w.code(1, c.nodes.map((n) => n.name).join(' -> '), spanOf(c.range));
        });
        return;
      }
    }
  }

  /** `head {`, the body, `}`; the brace is the last character of `whole`. */
  private block(depth: number, head: string, headSpan: Span, whole: Range, body: () => void, suffix = ''): void {
    this.w.code(depth, `${head} {`, headSpan);
    const opener = this.w.open();
    body();
    this.w.close(depth, opener, whole.end.offset - 1, whole.end.line, suffix);
  }

  // Inputs, sources and field types

  private field(f: FieldDecl, depth: number): void {
    const t = f.type;
    if (t.kind !== 'ListType' || this.fieldFits(f, depth)) {
      this.w.code(depth, fieldText(f), spanOf(f.range));
      return;
    }
    const head = { ...spanOf(f.range, t.range), end: t.range.start.offset, endLine: t.range.start.line };
    this.block(depth, `${f.name.name}: list of`, head, t.range, () => {
      for (const sub of t.fields) this.field(sub, depth + 1);
    }, f.optional ? '?' : '');
  }

  /** Whether a field prints on one line: short enough, and no comment inside its `list of { }`. */
  private fieldFits(f: FieldDecl, depth: number): boolean {
    const t = f.type;
    return t.kind !== 'ListType' || (fits(depth, fieldText(f)) && !this.w.hasCommentIn(t.range.start.offset + 1, t.range.end.offset));
  }

  private source(d: SourceDecl): void {
    this.block(0, `source ${d.id.name}${titled(d.title)}`, spanOf(d.range, (d.title ?? d.id).range), d.range, () => {
      const clauses: { at: number; print: () => void }[] = [];
      const { origin, cost, latency, fields } = d;
      if (origin) clauses.push({ at: origin.range.start.offset, print: () => this.w.code(1, `origin ${origin.value}`, spanOf(origin.range)) });
      if (cost) {
        const text =
          cost.kind === 'free'
            ? 'cost free'
            : cost.kind === 'per_query'
              ? `cost ${numberText(cost.amount)} per query`
              : `cost ${numberText(cost.amount)} per hit when ${cost.when.name}`;
        clauses.push({ at: cost.range.start.offset, print: () => this.w.code(1, text, spanOf(cost.range)) });
      }
      if (latency) clauses.push({ at: latency.range.start.offset, print: () => this.w.code(1, `latency ${latency.value}`, spanOf(latency.range)) });
      if (fields.length) clauses.push({ at: fields[0].range.start.offset, print: () => this.sourceFields(fields) });
      clauses.sort((a, b) => a.at - b.at);
      for (const c of clauses) c.print();
    });
  }

  private sourceFields(fields: FieldDecl[]): void {
    const first = fields[0];
    const last = fields[fields.length - 1].range;
    // The tree does not record where `fields {` stands, so a comment before or inside the first
    // field's head cannot be told apart from one above `fields`: such comments go above the line,
    // and only comments after that head make the list print one field per line.
    const headEnd = this.fieldFits(first, 2) ? first.range.end.offset : first.type.range.start.offset;
    const oneLine = `fields { ${fields.map(fieldText).join(', ')} }`;
    if (fits(1, oneLine) && !this.w.hasCommentIn(headEnd, last.end.offset)) {
      this.w.code(1, oneLine, spanOf(first.range, last));
      return;
    }
    // startLine 0: whether a blank line stood above `fields` is not known either.
    this.w.code(1, 'fields {', { start: first.range.start.offset, end: headEnd, startLine: 0, endLine: first.range.start.line });
    const opener = this.w.open();
    for (const f of fields) this.field(f, 2);
    this.w.closeUnplaced(1, opener);
  }

  // Rule sets

  private rule(r: RuleDecl, depth: number): void {
    const sw = r.switch === 'on' ? '' : ` ${r.switch}`;
    const headEnd = r.switchRange ?? r.title?.range ?? r.id.range;
    this.block(depth, `rule ${r.id.name}${titled(r.title)}${sw}`, spanOf(r.range, headEnd), r.range, () => {
      this.w.code(depth + 1, `when ${expr(r.when)}`, spanOf(r.when.range));
      const reason = r.outcome.reason ? ` ${quote(r.outcome.reason.value)}` : '';
      this.w.code(depth + 1, `then ${r.outcome.kind}${reason}`, spanOf(r.outcome.range));
    });
  }

  // Scorecards

  private scorecard(d: ScorecardDecl): void {
    this.block(0, `scorecard ${d.id.name}${titled(d.title)}`, spanOf(d.range, (d.title ?? d.id).range), d.range, () => {
      const items: { at: number; print: () => void }[] = d.characteristics.map((c) => ({ at: c.range.start.offset, print: () => this.characteristic(c) }));
      const base = d.base;
      if (base) items.push({ at: base.range.start.offset, print: () => this.w.code(1, `base ${numberText(base)}`, spanOf(base.range)) });
      items.sort((a, b) => a.at - b.at);
      for (const i of items) i.print();
    });
  }

  private characteristic(c: Characteristic): void {
    this.block(1, expr(c.expr), spanOf(c.expr.range), c.range, () => {
      for (const b of c.bins) this.w.code(2, `${binText(b)} => ${numberText(b.points)}`, spanOf(b.range));
    });
  }

  // Decisions

  private decision(d: DecisionDecl): void {
    this.block(0, `decision ${d.id.name}${titled(d.title)}`, spanOf(d.range, (d.title ?? d.id).range), d.range, () => {
      for (const c of d.clauses) this.outcome(`when ${expr(c.when)} => `, c.range, c.outcome);
      if (d.else) this.outcome('else => ', d.else.range, d.else);
    });
  }

  private outcome(prefix: string, whole: Range, o: DecisionOutcome): void {
    const text = `${prefix}${o.decision}${o.reason ? ` ${quote(o.reason.value)}` : ''}`;
    const terms = o.terms;
    if (!terms) {
      this.w.code(1, text, spanOf(whole, o.range));
      return;
    }
    this.block(1, text, spanOf(whole, o.reason?.range ?? { start: o.range.start, end: o.range.start }), o.range, () => {
      for (const t of terms) this.w.code(2, `${t.key.name} ${expr(t.value)}`, spanOf(t.range));
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Text of leaves, types, bins and expressions

const titled = (title: { value: string } | undefined): string => (title ? ` ${quote(title.value)}` : '');

/** As written (`1_000`, `36%`, `-10`); a tree built by code may carry only the value. */
const numberText = (n: { raw?: string; value: string }): string => n.raw || n.value;

const fieldText = (f: FieldDecl): string => `${f.name.name}: ${typeText(f.type)}${f.optional ? '?' : ''}`;

function typeText(t: TypeRef): string {
  switch (t.kind) {
    case 'PrimitiveType':
      return t.name;
    case 'UnknownType':
      return t.name;
    case 'EnumType':
      return `enum(${t.values.map((v) => quote(v.value)).join(', ')})`;
    case 'ListType':
      return t.fields.length ? `list of { ${t.fields.map(fieldText).join(', ')} }` : 'list of {}';
  }
}

function binText(b: Bin): string {
  switch (b.kind) {
    case 'Interval':
      return `${b.lowerInclusive ? '[' : '('}${numberText(b.lower)}, ${numberText(b.upper)}${b.upperInclusive ? ']' : ')'}`;
    case 'Compare':
      return `${b.op} ${numberText(b.value)}`;
    case 'Equals':
      return expr(b.value);
    case 'InList':
      return `in [${b.values.map((v) => expr(v)).join(', ')}]`;
    case 'MissingBin':
      return 'missing';
    case 'ElseBin':
      return 'else';
  }
}

/** `"..."` with the language's escapes; control characters other than newline and tab as `\u{..}`. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else {
      const cp = ch.codePointAt(0) ?? 0;
      out += cp < 0x20 || cp === 0x7f ? `\\u{${cp.toString(16)}}` : ch;
    }
  }
  return `${out}"`;
}

function strength(e: Expr): number {
  switch (e.kind) {
    case 'Binary':
      return BINARY_PRECEDENCE[e.op];
    case 'Unary':
      return e.op === 'not' ? NOT : UNARY;
    case 'In':
    case 'MissingTest':
      return COMPARISON;
    case 'Member':
    case 'Call':
      return POSTFIX;
    case 'Number':
      return numberText(e).startsWith('-') ? UNARY : ATOM;
    default:
      return ATOM;
  }
}

/**
 * An expression on one line. `min` is the binding strength its position needs: a weaker tree gets
 * parentheses (a parsed tree already has them as `Paren` nodes; one built by code may not).
 */
export function expr(e: Expr, min = 0): string {
  const text = exprText(e);
  return strength(e) < min ? `(${text})` : text;
}

function exprText(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return numberText(e);
    case 'String':
      return quote(e.value);
    case 'Bool':
      return String(e.value);
    case 'List':
      return `[${e.items.map((i) => expr(i)).join(', ')}]`;
    case 'Name':
      return e.name;
    case 'Member': {
      const object = expr(e.object, POSTFIX);
      // `7.x` would read as the malformed number `7.` (a dot right after digits belongs to the
      // number): keep the dot apart from a bare number.
      const gap = /^-?[0-9][0-9_.]*$/.test(object) ? ' ' : '';
      return `${object}${gap}.${e.property.name}`;
    }
    case 'Call':
      return `${e.callee.name}(${e.args.map((a) => expr(a)).join(', ')})`;
    case 'Unary': {
      if (e.op === 'not') return `not ${expr(e.operand, NOT)}`;
      const operand = expr(e.operand, UNARY);
      // `- -x`, not `--x`: one token per sign keeps the text readable.
      return operand.startsWith('-') ? `- ${operand}` : `-${operand}`;
    }
    case 'Binary': {
      const s = BINARY_PRECEDENCE[e.op];
      // Comparisons do not chain (`a < b < c` is not a sentence), so both sides bind tighter.
      const left = expr(e.left, s === COMPARISON ? ADDITIVE : s);
      return `${left} ${e.op} ${expr(e.right, s === COMPARISON ? ADDITIVE : s + 1)}`;
    }
    case 'In':
      return `${expr(e.value, ADDITIVE)} ${e.negated ? 'not in' : 'in'} ${expr(e.list, ADDITIVE)}`;
    case 'MissingTest':
      return `${expr(e.operand, ADDITIVE)} is ${e.negated ? 'present' : 'missing'}`;
    case 'Paren':
      return `(${expr(e.inner)})`;
    case 'Error':
      throw new FormatError('cannot print an expression the parser could not read');
  }
}
