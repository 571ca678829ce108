// A seeded generator of syntactically valid policy texts in random layouts, for the formatter's
// round-trip fuzz test. It covers every construct of the grammar (all declaration kinds, all bin
// kinds, every expression form at every precedence level, keyword-like field names, unicode and
// escaped strings, percent and underscore numbers) and scatters comments, blank lines and odd
// line breaks between tokens. Checker validity is not a goal: names need not resolve.

import { mulberry32 } from '../../runtime/data/random.js';

/** The suite's one seeded PRNG (mulberry32), shared with the data generator. */
export const rng = mulberry32;

export interface RandomPolicyOptions {
  /** Chance of a comment between two tokens (default 0.06). */
  commentRate?: number;
}

export function randomPolicy(seed: number, options: RandomPolicyOptions = {}): string {
  return new Generator(rng(seed), options.commentRate ?? 0.06).policy();
}

const IDENTS = ['a', 'b', 'x', 'age', 'income', 'score_1', '_tmp', 'debt_to_income', 'it', 'min_age', 'Z9'];
/** Soft keywords the language still accepts as plain names. */
const SOFT = ['order', 'cost', 'fields', 'hit', 'revolving', 'written', 'latency', 'present', 'version'];
/** Words usable after a dot or as a field name, hard keywords included. */
const FIELD_WORDS = [...IDENTS, ...SOFT, 'line', 'when', 'in', 'not', 'rule', 'flow', 'policy', 'true', 'missing', 'base'];
const FUNCTIONS = ['min', 'max', 'abs', 'floor', 'ceil', 'round', 'coalesce', 'len', 'count', 'sum', 'any', 'all', 'days_since'];
const NUMBERS = ['0', '7', '42', '0.75', '0.50', '007.50', '1_000_000', '1_0.2_5', '36%', '0.5%', '100%', '3.14159', '12'];
const TERM_KEYS = ['line', 'limit', 'apr', 'term', 'valid'];
const COMMENT_WORDS = ['note', '为什么', 'why', '*', '/', 'a // b', '"q"', 'TODO?', 'x * y', '→', '😀', '{', '}'];
const STRING_PIECES = ['a', 'b c', '现金贷', '评分', '😀', '\\"', '\\\\', '\\n', '\\t', '\\u{1F600}', '\\u{7}', '\\u{4e2d}', '\\u{61}', "'", '/*', '//', ' ', 'é'];

class Generator {
  private readonly tokens: string[] = [];
  private depth = 0;

  constructor(
    private readonly r: () => number,
    private readonly commentRate: number,
  ) {}

  policy(): string {
    if (this.chance(0.5)) this.comment();
    this.emit('policy', this.ident(), ...this.maybe(0.8, () => [this.string()]), ...this.maybe(0.8, () => ['version', this.pick(['1', '3', '12', '1_0'])]));
    const kinds = ['input', 'source', 'param', 'let', 'ruleset', 'scorecard', 'branch', 'decision', 'flow'];
    // Every kind at least once, plus a random tail (runs of params and lets included).
    const order = this.shuffle([...kinds, ...this.times(this.int(0, 4), () => this.pick([...kinds, 'param', 'param', 'let']))]);
    for (const k of order) this.declaration(k);
    if (this.chance(0.5)) this.comment();
    return this.render();
  }

  // -------------------------------------------------------------------------------------------
  // Declarations

  private declaration(kind: string): void {
    switch (kind) {
      case 'input':
        this.emit('input', this.ident());
        return this.fieldBlock(2);
      case 'source':
        return this.source();
      case 'param':
        this.emit('param', this.ident(), '=');
        this.literal(1);
        if (this.chance(0.5)) this.emit(this.string());
        return;
      case 'let':
        this.emit('let', this.ident(), '=');
        return this.expr();
      case 'ruleset':
        this.emit('ruleset', this.ident(), ...this.maybe(0.7, () => [this.string()]), ...this.maybe(0.6, () => ['order', this.pick(['written', 'cost'])]), '{');
        this.times(this.int(0, 3), () => this.rule());
        return this.emit('}');
      case 'scorecard':
        return this.scorecard();
      case 'branch':
        this.emit('branch', this.ident(), ...this.maybe(0.7, () => [this.string()]), '{');
        this.times(this.int(0, 3), () => {
          this.emit('when');
          this.expr();
          this.emit('->', this.ident());
        });
        if (this.chance(0.85)) this.emit('else', '->', this.ident());
        return this.emit('}');
      case 'decision':
        return this.decision();
      case 'flow':
        this.emit('flow', '{');
        this.times(this.int(0, 3), () => {
          this.emit(this.ident());
          this.times(this.int(0, 3), () => this.emit('->', this.ident()));
        });
        return this.emit('}');
    }
  }

  private fieldBlock(nesting: number): void {
    this.emit('{');
    const n = this.int(0, 5);
    for (let i = 0; i < n; i++) {
      this.field(nesting);
      if (i < n - 1 ? this.chance(0.5) : this.chance(0.2)) this.emit(',');
    }
    this.emit('}');
  }

  private field(nesting: number): void {
    this.emit(this.pick(FIELD_WORDS), ':');
    const r = this.r();
    if (r < 0.5) this.emit(this.pick(['number', 'money', 'bool', 'text', 'date']));
    else if (r < 0.65) this.emit('enum', '(', ...this.commaList(this.int(0, 4), () => [this.string()]), ')');
    else if (r < 0.72) this.emit(this.pick(['integer', 'float', 'order']));
    else if (nesting > 0) {
      this.emit('list', 'of');
      this.fieldBlock(nesting - 1);
    } else this.emit('text');
    if (this.chance(0.3)) this.emit('?');
  }

  private source(): void {
    this.emit('source', this.ident(), ...this.maybe(0.7, () => [this.string()]), '{');
    const clauses = this.shuffle(['origin', 'cost', 'latency', 'fields', 'fields'].filter(() => this.chance(0.6)));
    // A second `fields` block is legal: its fields join the first's.
    for (const c of clauses) {
      if (c === 'origin') this.emit('origin', this.pick(['own', 'external']));
      else if (c === 'latency') this.emit('latency', this.pick(['fast', 'slow']));
      else if (c === 'fields') {
        this.emit('fields');
        this.fieldBlock(1);
      } else {
        const r = this.r();
        if (r < 0.3) this.emit('cost', 'free');
        else if (r < 0.6) this.emit('cost', this.number(), 'per', 'query');
        else this.emit('cost', this.number(), 'per', 'hit', 'when', this.pick(FIELD_WORDS));
      }
    }
    this.emit('}');
  }

  private rule(): void {
    this.emit('rule', this.ident(), ...this.maybe(0.7, () => [this.string()]), ...this.maybe(0.5, () => [this.pick(['required', 'off', 'shadow'])]), '{', 'when');
    this.expr();
    this.emit('then', this.pick(['reject', 'review', 'flag']), ...this.maybe(0.6, () => [this.string()]), '}');
  }

  private scorecard(): void {
    this.emit('scorecard', this.ident(), ...this.maybe(0.7, () => [this.string()]), '{');
    if (this.chance(0.8)) this.emit('base', ...this.signed());
    this.times(this.int(0, 3), () => {
      // A characteristic never starts with the name `base` (that reads as the base line).
      this.expr();
      this.emit('{');
      this.times(this.int(0, 7), () => this.bin());
      this.emit('}');
    });
    this.emit('}');
  }

  private bin(): void {
    const r = this.r();
    if (r < 0.25) this.emit(this.pick(['[', '(']), ...this.signed(), ',', ...this.signed(), this.pick([']', ')']));
    else if (r < 0.45) this.emit(this.pick(['<', '<=', '>', '>=']), ...this.signed());
    else if (r < 0.6) this.emit(...this.pick([() => this.signed(), () => [this.string()], () => [this.pick(['true', 'false'])]])());
    else if (r < 0.75) this.emit('in', '[', ...this.commaList(this.int(0, 3), () => this.pick([() => this.signed(), () => [this.string()], () => [this.pick(['true', 'false'])]])()), ']');
    else if (r < 0.88) this.emit('missing');
    else this.emit('else');
    this.emit('=>', ...this.signed());
  }

  private decision(): void {
    this.emit('decision', this.ident(), ...this.maybe(0.7, () => [this.string()]), '{');
    this.times(this.int(0, 3), () => {
      this.emit('when');
      this.expr();
      this.emit('=>');
      this.outcome();
    });
    if (this.chance(0.85)) {
      this.emit('else', '=>');
      this.outcome();
    }
    this.emit('}');
  }

  private outcome(): void {
    this.emit(this.pick(['approve', 'review', 'reject']), ...this.maybe(0.5, () => [this.string()]));
    if (!this.chance(0.5)) return;
    this.emit('{');
    this.times(this.int(0, 4), () => {
      this.emit(this.pick(TERM_KEYS));
      this.expr();
    });
    this.emit('}');
  }

  // -------------------------------------------------------------------------------------------
  // Expressions, one method per precedence level; `(...)` wherever a looser form is wanted.

  private expr(): void {
    this.depth++;
    this.sequence(() => this.and(), ['or'], 0.2);
    this.depth--;
  }

  private and(): void {
    this.sequence(() => this.not(), ['and'], 0.2);
  }

  private not(): void {
    if (this.chance(0.12)) {
      this.emit('not');
      return this.not();
    }
    this.comparison();
  }

  private comparison(): void {
    this.additive();
    const r = this.r();
    if (r < 0.3) {
      this.emit(this.pick(['==', '!=', '<', '<=', '>', '>=']));
      this.additive();
    } else if (r < 0.4) {
      this.emit(...(this.chance(0.5) ? ['not', 'in'] : ['in']));
      if (this.chance(0.7)) this.list();
      else this.additive();
    } else if (r < 0.48) this.emit('is', this.pick(['missing', 'present']));
  }

  private additive(): void {
    this.sequence(() => this.multiplicative(), ['+', '-'], 0.25);
  }

  private multiplicative(): void {
    this.sequence(() => this.unary(), ['*', '/'], 0.25);
  }

  private unary(): void {
    if (this.chance(0.12)) {
      this.emit('-');
      return this.unary();
    }
    this.postfix();
  }

  private postfix(): void {
    this.primary();
    this.times(this.chance(0.4) ? this.int(1, 2) : 0, () => this.emit('.', this.pick(FIELD_WORDS)));
  }

  private primary(): void {
    const deep = this.depth > 2;
    const r = this.r();
    if (r < 0.3) this.emit(this.pick([...IDENTS, ...SOFT]));
    else if (r < 0.5) this.literal(deep ? 0 : 1);
    else if (r < 0.7 && !deep) {
      this.emit('(');
      this.expr();
      this.emit(')');
    } else if (r < 0.85 && !deep) {
      this.emit(this.pick(FUNCTIONS), '(');
      const n = this.int(0, 2);
      for (let i = 0; i < n; i++) {
        if (i > 0) this.emit(',');
        this.expr();
      }
      this.emit(')');
    } else this.emit(this.pick(IDENTS));
  }

  private literal(nesting: number): void {
    const r = this.r();
    if (r < 0.4) this.emit(...(this.chance(0.2) ? ['-', this.number()] : [this.number()]));
    else if (r < 0.7) this.emit(this.string());
    else if (r < 0.85 || nesting === 0) this.emit(this.pick(['true', 'false']));
    else this.list();
  }

  private list(): void {
    this.emit('[');
    const n = this.int(0, 3);
    for (let i = 0; i < n; i++) {
      if (i > 0) this.emit(',');
      if (this.depth > 2) this.literal(0);
      else this.expr();
    }
    this.emit(']');
  }

  private sequence(operand: () => void, ops: string[], rate: number): void {
    operand();
    while (this.depth <= 2 && this.chance(rate)) {
      this.emit(this.pick(ops));
      operand();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Leaves

  private ident(): string {
    return this.pick(IDENTS.filter((i) => i !== 'it'));
  }

  private number(): string {
    return this.pick(NUMBERS);
  }

  private signed(): string[] {
    return this.chance(0.25) ? ['-', this.number()] : [this.number()];
  }

  private string(): string {
    return `"${this.times(this.int(0, 4), () => this.pick(STRING_PIECES)).join('')}"`;
  }

  private comment(): void {
    const words = this.times(this.int(0, 4), () => this.pick(COMMENT_WORDS)).join(' ');
    if (this.chance(0.6)) this.tokens.push(`//${this.chance(0.8) ? ' ' : ''}${words}${this.chance(0.2) ? '  ' : ''}\n`);
    else this.tokens.push(`/*${this.chance(0.3) ? `\n   ${words}\n ` : ` ${words} `}*/`);
  }

  // -------------------------------------------------------------------------------------------
  // Tokens and layout

  private emit(...tokens: string[]): void {
    for (const t of tokens) {
      if (this.chance(this.commentRate)) this.comment();
      this.tokens.push(t);
    }
  }

  /** Tokens joined by random whitespace: spaces, tabs, line breaks, blank lines. */
  private render(): string {
    let out = '';
    for (const t of this.tokens) {
      if (out && !out.endsWith('\n')) {
        const r = this.r();
        out += r < 0.55 ? ' ' : r < 0.85 ? `\n${'  '.repeat(this.int(0, 3))}` : r < 0.93 ? '\n\n' : '\t ';
      } else if (out) out += '  '.repeat(this.int(0, 2));
      out += t;
    }
    return `${out}\n`;
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }

  private maybe<T>(p: number, f: () => T[]): T[] {
    return this.chance(p) ? f() : [];
  }

  private times<T>(n: number, f: () => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(f());
    return out;
  }

  private commaList(n: number, item: () => string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) out.push(',');
      out.push(...item());
    }
    return out;
  }

  private shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}
