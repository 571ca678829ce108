// CST → typed AST. Tolerates the partial CSTs that error recovery leaves behind: a missing name
// becomes `''`, a missing expression an `Error` node, so that a file being typed still has an AST.
// Literal problems the lexer lets through (bad numbers, bad escapes) are reported here.

import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { RULE_OUTCOMES, SWITCH_WORDS } from './ast.js';
import type * as C from './cst.js';
import { closest, type Diagnostic } from './diagnostics.js';
import type { Code } from './codes.js';
import { BINARY_PRECEDENCE, COMPARISON, NOT, OR, UNARY } from './precedence.js';
// The runtime's own number rule (a pure module: decimal.js only), so that a literal `check` accepts
// is one the runtime can hold, and the two can never disagree.
import { NUMBER_BOUND_TEXT, parseDecimal } from '../runtime/values.js';

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** The last real position seen, where recovered (NaN-offset) tokens and nodes are anchored. */
  private anchor: A.Pos = { offset: 0, line: 1, column: 1 };

  constructor(private readonly text: string) {}

  // ---------------------------------------------------------------------------------------------
  // Positions

  private startOf(t: IToken | undefined): A.Pos {
    if (!t || !Number.isFinite(t.startOffset)) return this.anchor;
    const p = { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1 };
    this.anchor = p;
    return p;
  }

  private endOf(t: IToken | undefined): A.Pos {
    if (!t || !Number.isFinite(t.endOffset) || t.endOffset === undefined) return this.anchor;
    const p = { offset: t.endOffset + 1, line: t.endLine ?? 1, column: (t.endColumn ?? 0) + 1 };
    this.anchor = p;
    return p;
  }

  tokenRange(t: IToken | undefined): A.Range {
    return { start: this.startOf(t), end: this.endOf(t) };
  }

  private between(a: A.Range, b: A.Range): A.Range {
    return { start: a.start, end: b.end };
  }

  private nodeRange(n: CstNode | undefined): A.Range {
    const loc = n?.location;
    if (!loc || !Number.isFinite(loc.startOffset) || !Number.isFinite(loc.endOffset ?? NaN)) return { start: this.anchor, end: this.anchor };
    // The parser tracks offsets only (cheaper); lines and columns come from the line index.
    return { start: this.posAt(loc.startOffset), end: this.posAt((loc.endOffset as number) + 1) };
  }

  /** Offsets where each line starts, built once per file. */
  private lineStarts?: number[];

  private posAt(offset: number): A.Pos {
    let starts = this.lineStarts;
    if (!starts) {
      starts = [bomLength(this.text)];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: Math.max(1, offset - starts[lo] + 1) };
  }

  /**
   * A word the grammar takes where only some keywords belong (`order costs`), so that a misspelt
   * one does not cost the declaration's body: reported as the parser would, with the nearest word.
   */
  private word(t: IToken | undefined, where: string, words: readonly string[], note = ''): boolean {
    if (!t || words.includes(t.image) || !Number.isFinite(t.startOffset)) return true;
    const near = closest(t.image, words);
    this.report('unexpected-token', `unexpected \`${t.image}\` in ${where}: expected one of ${words.map((w) => `\`${w}\``).join(', ')}${near ? ` (did you mean \`${near}\`?)` : ''}${note}`, this.tokenRange(t));
    return false;
  }

  report(code: Code, message: string, range: A.Range, severity: Diagnostic['severity'] = 'error'): void {
    this.diagnostics.push({ code, severity, message, range });
  }

  // ---------------------------------------------------------------------------------------------
  // Leaves

  private ident(t: IToken | undefined): A.Ident {
    return { kind: 'Ident', name: t && Number.isFinite(t.startOffset) ? t.image : '', range: this.tokenRange(t) };
  }

  numberLit(t: IToken | undefined, negative = false, minus?: IToken): A.NumberLit {
    const range = minus ? { start: this.startOf(minus), end: this.endOf(t) } : this.tokenRange(t);
    const raw = t && Number.isFinite(t.startOffset) ? t.image : '0';
    let value = '0';
    if (!/^[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?%?$/.test(raw)) {
      this.report('invalid-number', `invalid number \`${shortRaw(raw)}\`: underscores go between digits, and a decimal point needs digits on both sides`, range);
    } else {
      value = normaliseDecimal(raw);
      if (typeof parseDecimal(value) === 'string') {
        // The rule the runtime applies to every number it holds (`numConst`, records, overrides).
        this.report('invalid-number', `number \`${shortRaw(raw)}\` is beyond the supported range (${NUMBER_BOUND_TEXT})`, range);
      }
    }
    if (negative && value !== '0') value = `-${value}`;
    return { kind: 'Number', value, raw: negative ? `-${raw}` : raw, range };
  }

  stringLit(t: IToken | undefined): A.StringLit {
    const range = this.tokenRange(t);
    if (!t || !Number.isFinite(t.startOffset)) return { kind: 'String', value: '', range };
    // An open string is reported by `parse` (index.ts), from the tokens, wherever it stands.
    const terminated = t.tokenType.name === 'StringLiteral';
    const body = t.image.slice(1, terminated ? -1 : undefined);
    return { kind: 'String', value: this.decodeString(body, t.startOffset + 1, range), range };
  }

  private decodeString(body: string, bodyOffset: number, range: A.Range): string {
    if (!body.includes('\\')) return body;
    let out = '';
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = body[i + 1];
      const at = (len: number): A.Range => {
        const offset = bodyOffset + i;
        const column = range.start.column + (offset - range.start.offset);
        return { start: { offset, line: range.start.line, column }, end: { offset: offset + len, line: range.start.line, column: column + len } };
      };
      if (e === '"' || e === '\\') out += e;
      else if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else if (e === 'u') {
        const m = /^u\{([0-9A-Fa-f]{1,6})\}/.exec(body.slice(i + 1));
        const cp = m ? parseInt(m[1], 16) : NaN;
        if (!m || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
          this.report('invalid-escape', 'invalid unicode escape: write `\\u{` hex digits `}` for a code point up to 10FFFF', at(m ? m[0].length + 1 : 2));
          i += 1;
          continue;
        }
        out += String.fromCodePoint(cp);
        i += m[0].length;
        continue;
      } else {
        this.report('invalid-escape', `unknown escape \`\\${e ?? ''}\`: valid escapes are \\" \\\\ \\n \\t \\u{...}`, at(2));
        out += e ?? '';
      }
      i += 1;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // File

  policy(cst: C.PolicyFileCstNode, comments: A.Comment[]): A.Policy {
    const c = cst.children;
    const headerCst = c.header?.[0];
    const header = headerCst ? this.header(headerCst) : undefined;
    this.headerSeen = !!header;
    const declarations: A.Declaration[] = [];
    for (const d of c.declaration ?? []) {
      const decl = this.declaration(d);
      if (decl) declarations.push(decl);
    }
    const end = { offset: this.text.length, ...lineColAt(this.text, this.text.length) };
    return { kind: 'Policy', header, declarations, comments, range: { start: { offset: 0, line: 1, column: 1 }, end } };
  }

  private header(h: C.HeaderCstNode): A.PolicyHeader {
    const c = h.children;
    return {
      id: this.ident(c.id?.[0]),
      title: c.title ? this.stringLit(c.title[0]) : undefined,
      version: c.version ? this.numberLit(c.version[0]) : undefined,
      range: this.nodeRange(h),
    };
  }

  private headerSeen = false;
  /**
   * The range of a `policy` header that stands after a declaration when the file does not begin
   * with one: it is the file's only header, misplaced, and `missing-header` says so (not
   * `duplicate-header`).
   */
  misplacedHeader?: A.Range;

  /** A second `policy` header inside the file is reported here; others return their AST. */
  private declaration(d: C.DeclarationCstNode): A.Declaration | undefined {
    const c = d.children;
    if (c.inputDecl) return this.input(c.inputDecl[0]);
    if (c.sourceDecl) return this.source(c.sourceDecl[0]);
    if (c.paramDecl) return this.param(c.paramDecl[0]);
    if (c.letDecl) return this.let(c.letDecl[0]);
    if (c.rulesetDecl) return this.ruleset(c.rulesetDecl[0]);
    if (c.scorecardDecl) return this.scorecard(c.scorecardDecl[0]);
    if (c.branchDecl) return this.branch(c.branchDecl[0]);
    if (c.decisionDecl) return this.decision(c.decisionDecl[0]);
    if (c.flowDecl) return this.flow(c.flowDecl[0]);
    if (c.header) {
      const h = this.header(c.header[0]);
      if (this.headerSeen) this.report('duplicate-header', 'a policy file has one `policy` header; this one is a second', h.range);
      else this.misplacedHeader = h.range;
      this.headerSeen = true;
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs, sources, types

  private input(n: C.InputDeclCstNode): A.InputDecl {
    const c = n.children;
    return { kind: 'Input', id: this.ident(c.id?.[0]), fields: this.fieldBlock(c.fieldBlock?.[0]), range: this.nodeRange(n) };
  }

  private fieldBlock(n: C.FieldBlockCstNode | undefined): A.FieldDecl[] {
    return (n?.children.fieldDecl ?? []).map((f) => this.field(f));
  }

  private field(n: C.FieldDeclCstNode): A.FieldDecl {
    const c = n.children;
    return {
      kind: 'Field',
      name: this.ident(c.name?.[0]),
      type: this.typeRef(c.typeRef?.[0]),
      optional: !!c.Question,
      range: this.nodeRange(n),
    };
  }

  private typeRef(n: C.TypeRefCstNode | undefined): A.TypeRef {
    const range = this.nodeRange(n);
    const c = n?.children;
    const name = c?.name?.[0] && Number.isFinite(c.name[0].startOffset) ? c.name[0].image : '';
    if (c?.LParen) {
      if (name !== 'enum') return { kind: 'UnknownType', name, range };
      return { kind: 'EnumType', values: (c.enumValue ?? []).map((t) => this.stringLit(t)), range };
    }
    if (c?.Of) {
      if (name !== 'list') return { kind: 'UnknownType', name, range };
      return { kind: 'ListType', fields: this.fieldBlock(c.fieldBlock?.[0]), range };
    }
    if (name === 'number' || name === 'money' || name === 'bool' || name === 'text' || name === 'date') return { kind: 'PrimitiveType', name, range };
    return { kind: 'UnknownType', name, range };
  }

  private source(n: C.SourceDeclCstNode): A.SourceDecl {
    const c = n.children;
    const decl: A.SourceDecl = {
      kind: 'Source',
      id: this.ident(c.id?.[0]),
      title: c.title ? this.stringLit(c.title[0]) : undefined,
      fields: [],
      range: this.nodeRange(n),
    };
    // The body's clauses are single-token keywords, so their order in the CST arrays is the text order.
    if (c.Origin?.[0]) {
      const v = c.originValue?.[0];
      this.word(v, 'a source', ['own', 'external']);
      decl.origin = { value: v?.image === 'external' ? 'external' : 'own', range: this.between(this.tokenRange(c.Origin[0]), this.tokenRange(v)) };
    }
    if (c.Latency?.[0]) {
      const v = c.latencyValue?.[0];
      this.word(v, 'a source', ['fast', 'slow']);
      decl.latency = { value: v?.image === 'slow' ? 'slow' : 'fast', range: this.between(this.tokenRange(c.Latency[0]), this.tokenRange(v)) };
    }
    if (c.costSpec?.[0]) decl.cost = this.cost(c.costSpec[0]);
    // A clause given twice would be silently overridden (and dropped by the formatter): reported.
    const owner = `source \`${decl.id.name || '?'}\``;
    (c.Origin ?? []).slice(1).forEach((t, i) => this.repeated(owner, 'origin', decl.origin!.range, this.between(this.tokenRange(t), this.tokenRange(c.originValue?.[i + 1]))));
    (c.costSpec ?? []).slice(1).forEach((n) => this.repeated(owner, 'cost', decl.cost!.range, this.nodeRange(n)));
    (c.Latency ?? []).slice(1).forEach((t, i) => this.repeated(owner, 'latency', decl.latency!.range, this.between(this.tokenRange(t), this.tokenRange(c.latencyValue?.[i + 1]))));
    for (const fb of c.fieldBlock ?? []) decl.fields.push(...this.fieldBlock(fb));
    return decl;
  }

  /** A clause that a source or scorecard takes once, given again at `range`. */
  private repeated(owner: string, clause: string, first: A.Range, range: A.Range): void {
    this.report('duplicate-field', `${owner} gives \`${clause}\` twice (first on line ${first.start.line}); give it once`, range);
  }

  private cost(n: C.CostSpecCstNode): A.CostSpec {
    const c = n.children;
    const range = this.nodeRange(n);
    if (c.Free) return { kind: 'free', range };
    const amount = this.numberLit(c.amount?.[0]);
    if (c.Hit) return { kind: 'per_hit', amount, when: this.ident(c.hitField?.[0]), range };
    return { kind: 'per_query', amount, range };
  }

  // ---------------------------------------------------------------------------------------------
  // Params, lets

  private param(n: C.ParamDeclCstNode): A.ParamDecl {
    const c = n.children;
    return {
      kind: 'Param',
      id: this.ident(c.id?.[0]),
      value: this.expression(c.value?.[0]),
      doc: c.doc ? this.stringLit(c.doc[0]) : undefined,
      range: this.nodeRange(n),
    };
  }

  private let(n: C.LetDeclCstNode): A.LetDecl {
    const c = n.children;
    return { kind: 'Let', id: this.ident(c.id?.[0]), expr: this.expression(c.value?.[0]), range: this.nodeRange(n) };
  }

  // ---------------------------------------------------------------------------------------------
  // Rule sets

  private ruleset(n: C.RulesetDeclCstNode): A.RuleSetDecl {
    const c = n.children;
    this.word(c.orderValue?.[0], 'a rule set', ['written', 'cost']);
    const order = c.orderValue?.[0]?.image === 'cost' ? 'cost' : 'written';
    return {
      kind: 'RuleSet',
      id: this.ident(c.id?.[0]),
      title: c.title ? this.stringLit(c.title[0]) : undefined,
      order,
      orderRange: c.Order ? this.between(this.tokenRange(c.Order[0]), this.tokenRange(c.orderValue?.[0])) : undefined,
      rules: (c.ruleDecl ?? []).map((r) => this.rule(r)),
      range: this.nodeRange(n),
    };
  }

  private rule(n: C.RuleDeclCstNode): A.RuleDecl {
    const c = n.children;
    const sw = c.switch?.[0];
    const out = c.outcome?.[0];
    const switchOk = this.word(sw, 'a rule', SWITCH_WORDS, ': a rule with none of them is on');
    // `then approve`: a rule only rejects, sends to review or flags; approving, with the offer's terms, is a decision's.
    this.word(out, 'a rule', RULE_OUTCOMES, out?.image === 'approve' ? ": a rule rejects, sends to review or flags; approving, with the offer's terms, is a decision's (`decision … { when … => approve { … } }`)" : '');
    const outcomeKind = out?.image === 'review' ? 'review' : out?.image === 'flag' ? 'flag' : 'reject';
    const reason = c.reason ? this.stringLit(c.reason[0]) : undefined;
    const outRange = this.tokenRange(out);
    return {
      kind: 'Rule',
      id: this.ident(c.id?.[0]),
      title: c.title ? this.stringLit(c.title[0]) : undefined,
      switch: sw && switchOk && Number.isFinite(sw.startOffset) ? (sw.image as A.SwitchState) : 'on',
      switchRange: sw ? this.tokenRange(sw) : undefined,
      when: this.expression(c.condition?.[0]),
      outcome: { kind: outcomeKind, reason, range: reason ? this.between(outRange, reason.range) : outRange },
      range: this.nodeRange(n),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Scorecards

  private scorecard(n: C.ScorecardDeclCstNode): A.ScorecardDecl {
    const c = n.children;
    const baseCst = c.scorecardBase?.[0];
    const id = this.ident(c.id?.[0]);
    for (const b of (c.scorecardBase ?? []).slice(1)) this.repeated(`scorecard \`${id.name || '?'}\``, 'base', this.nodeRange(baseCst), this.nodeRange(b));
    return {
      kind: 'Scorecard',
      id,
      title: c.title ? this.stringLit(c.title[0]) : undefined,
      base: baseCst ? this.signedNumber(baseCst.children.value?.[0]) : undefined,
      characteristics: (c.characteristic ?? []).map((ch) => this.characteristic(ch)),
      range: this.nodeRange(n),
    };
  }

  private signedNumber(n: C.SignedNumberCstNode | undefined): A.NumberLit {
    const c = n?.children;
    return this.numberLit(c?.NumberLiteral?.[0], !!c?.Minus, c?.Minus?.[0]);
  }

  private characteristic(n: C.CharacteristicCstNode): A.Characteristic {
    const c = n.children;
    return { kind: 'Characteristic', expr: this.expression(c.expr?.[0]), bins: (c.bin ?? []).map((b) => this.bin(b)), range: this.nodeRange(n) };
  }

  private bin(n: C.BinCstNode): A.Bin {
    const c = n.children;
    const range = this.nodeRange(n);
    const points = this.signedNumber(c.points?.[0]);
    if (c.open) {
      return {
        kind: 'Interval',
        lowerInclusive: c.open[0].image === '[',
        lower: this.signedNumber(c.lower?.[0]),
        upper: this.signedNumber(c.upper?.[0]),
        upperInclusive: c.close?.[0]?.image === ']',
        points,
        range,
      };
    }
    if (c.compare) return { kind: 'Compare', op: c.compare[0].image as '<' | '<=' | '>' | '>=', value: this.signedNumber(c.bound?.[0]), points, range };
    if (c.In) return { kind: 'InList', values: this.listLiteral(c.values?.[0]).items as A.Literal[], points, range };
    if (c.Missing) return { kind: 'MissingBin', points, range };
    if (c.Else) return { kind: 'ElseBin', points, range };
    const eq = c.equals?.[0];
    let value: A.Literal;
    if (eq && 'children' in eq) value = this.signedNumber(eq);
    else if (eq?.tokenType.name === 'StringLiteral' || eq?.tokenType.name === 'UnterminatedString') value = this.stringLit(eq);
    else value = { kind: 'Bool', value: eq?.image === 'true', range: this.tokenRange(eq) };
    return { kind: 'Equals', value, points, range };
  }

  // ---------------------------------------------------------------------------------------------
  // Branches and decisions

  private branch(n: C.BranchDeclCstNode): A.BranchDecl {
    const c = n.children;
    const elseCst = c.branchElse?.[0];
    return {
      kind: 'Branch',
      id: this.ident(c.id?.[0]),
      title: c.title ? this.stringLit(c.title[0]) : undefined,
      arms: (c.branchArm ?? []).map((a) => ({
        kind: 'BranchArm' as const,
        when: this.expression(a.children.condition?.[0]),
        target: this.ident(a.children.target?.[0]),
        range: this.nodeRange(a),
      })),
      else: elseCst ? { target: this.ident(elseCst.children.target?.[0]), range: this.nodeRange(elseCst) } : undefined,
      range: this.nodeRange(n),
    };
  }

  private decision(n: C.DecisionDeclCstNode): A.DecisionDecl {
    const c = n.children;
    return {
      kind: 'Decision',
      id: this.ident(c.id?.[0]),
      title: c.title ? this.stringLit(c.title[0]) : undefined,
      clauses: (c.decisionClause ?? []).map((cl) => ({
        kind: 'Clause' as const,
        when: this.expression(cl.children.condition?.[0]),
        outcome: this.outcome(cl.children.outcome?.[0]),
        range: this.nodeRange(cl),
      })),
      else: c.else ? this.outcome(c.elseOutcome?.[0], this.tokenRange(c.else[0])) : undefined,
      range: this.nodeRange(n),
    };
  }

  private outcome(n: C.OutcomeCstNode | undefined, fallback?: A.Range): A.DecisionOutcome {
    const c = n?.children;
    const word = c?.decision?.[0]?.image;
    const decision: A.DecisionKind = word === 'approve' ? 'approve' : word === 'review' ? 'review' : 'reject';
    return {
      kind: 'Outcome',
      decision,
      reason: c?.reason ? this.stringLit(c.reason[0]) : undefined,
      terms: c?.LCurly
        ? (c.term ?? []).map((t) => ({
            kind: 'Term' as const,
            key: this.ident(t.children.key?.[0]),
            value: this.expression(t.children.value?.[0]),
            range: this.nodeRange(t),
          }))
        : undefined,
      range: n ? this.nodeRange(n) : (fallback ?? { start: this.anchor, end: this.anchor }),
    };
  }

  private flow(n: C.FlowDeclCstNode): A.FlowDecl {
    return {
      kind: 'Flow',
      chains: (n.children.flowChain ?? []).map((ch) => ({
        kind: 'Chain' as const,
        nodes: (ch.children.node ?? []).map((t) => this.ident(t)),
        range: this.nodeRange(ch),
      })),
      range: this.nodeRange(n),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private errorExpr(): A.ErrorExpr {
    return { kind: 'Error', range: { start: this.anchor, end: this.anchor } };
  }

  expression(n: C.ExpressionCstNode | undefined): A.Expr {
    if (!n) return this.errorExpr();
    const c = n.children;
    const tails = c.tail ?? [];
    // Every operator is a level of the tree that each later pass walks recursively.
    if (tails.length > MAX_CHAIN) {
      const range = this.nodeRange(n);
      this.report('too-deep', `an expression of ${tails.length} operators (at most ${MAX_CHAIN}): split it with \`let\``, range);
      return { kind: 'Error', range };
    }
    const cursor = { i: 0 };
    const first = c.operand?.[0];
    const head = first ? this.operand(first, 0, tails, cursor, 0) : this.errorExpr();
    const expr = this.climb(head, 0, tails, cursor);
    // Recovery can leave tails no precedence level consumed; fold them in so nothing is lost.
    return cursor.i < tails.length ? this.climb(expr, -1, tails, cursor) : expr;
  }

  /**
   * Precedence climbing over the operator tails that follow `left`: applies every tail binding at
   * least as tightly as `minPrec`, left-associatively. Comparisons do not chain (`a < b < c`).
   */
  private climb(left: A.Expr, minPrec: number, tails: C.TailCstNode[], cursor: { i: number }): A.Expr {
    while (cursor.i < tails.length) {
      const t = tails[cursor.i].children;
      const prec = tailPrecedence(t);
      if (prec < minPrec) break;
      cursor.i++;
      if (prec === COMPARISON && isComparison(left)) {
        this.report('unexpected-token', 'comparisons do not chain: write `a < b and b < c`, or add parentheses', this.tokenRange(t.operator?.[0] ?? t.In?.[0] ?? t.Is?.[0]));
      }
      if (t.Is) {
        const test = t.test?.[0];
        left = { kind: 'MissingTest', negated: test?.image === 'present', operand: left, range: this.between(left.range, this.tokenRange(test ?? t.Is[0])) };
        continue;
      }
      const rightCst = t.right?.[0] ?? t.list?.[0];
      let right = rightCst ? this.operand(rightCst, 0, tails, cursor, prec) : this.errorExpr();
      // Tails that bind tighter than this operator belong to its right operand.
      while (cursor.i < tails.length && tailPrecedence(tails[cursor.i].children) > prec) {
        right = this.climb(right, tailPrecedence(tails[cursor.i].children), tails, cursor);
      }
      if (t.In) left = { kind: 'In', negated: !!t.notIn, value: left, list: right, range: this.between(left.range, right.range) };
      else left = { kind: 'Binary', op: (t.operator?.[0]?.image ?? '+') as A.BinaryOp, left, right, range: this.between(left.range, right.range) };
    }
    return left;
  }

  /**
   * An operand from its `prefix`-th prefix on. `-` binds tightest; `not` takes in everything up to
   * the next `and`/`or` (so `not a == b` is `not (a == b)`), which is why it may not stand as the
   * right operand of a comparison or arithmetic (`a == not b`: parenthesise it), as before.
   */
  private operand(n: C.OperandCstNode, prefix: number, tails: C.TailCstNode[], cursor: { i: number }, context: number): A.Expr {
    const c = n.children;
    // Every prefix (`not`, `-`) is a level of the tree, as every operator is (`expression`).
    if (prefix === 0 && (c.prefix?.length ?? 0) > MAX_CHAIN) {
      const range = this.nodeRange(n);
      this.report('too-deep', `${c.prefix!.length} prefix operators in a row (at most ${MAX_CHAIN}): simplify the expression`, range);
      return { kind: 'Error', range };
    }
    const op = c.prefix?.[prefix];
    if (op?.tokenType.name === 'Not') {
      if (context > NOT) this.report('unexpected-token', '`not` here needs parentheses: write `(not x)`', this.tokenRange(op));
      const start = this.tokenRange(op);
      const inner = this.climb(this.operand(n, prefix + 1, tails, cursor, NOT), NOT + 1, tails, cursor);
      return { kind: 'Unary', op: 'not', operand: inner, range: this.between(start, inner.range) };
    }
    if (op) {
      const start = this.tokenRange(op);
      if (c.prefix?.[prefix + 1]?.tokenType.name === 'Not') this.report('unexpected-token', '`not` after `-` needs parentheses: write `-(not x)`', this.tokenRange(c.prefix[prefix + 1]));
      const inner = this.operand(n, prefix + 1, tails, cursor, UNARY);
      return { kind: 'Unary', op: '-', operand: inner, range: this.between(start, inner.range) };
    }
    let expr = this.primary(c);
    for (const p of c.property ?? []) {
      const property = this.ident(p);
      expr = { kind: 'Member', object: expr, property, range: this.between(expr.range, property.range) };
    }
    return expr;
  }

  private primary(c: C.OperandCstChildren): A.Expr {
    if (c.literal) return this.literal(c.literal[0]);
    if (c.nameOrCall) return this.nameOrCall(c.nameOrCall[0]);
    if (c.LParen) {
      const inner = this.expression(c.inner?.[0]);
      return { kind: 'Paren', inner, range: this.between(this.tokenRange(c.LParen[0]), this.tokenRange(c.RParen?.[0])) };
    }
    return this.errorExpr();
  }

  private nameOrCall(n: C.NameOrCallCstNode): A.Expr {
    const c = n.children;
    const name = this.ident(c.name?.[0]);
    if (c.LParen) {
      const args = (c.arg ?? []).map((a) => this.expression(a));
      return { kind: 'Call', callee: name, args, range: this.between(name.range, this.tokenRange(c.RParen?.[0] ?? c.LParen[0])) };
    }
    return { kind: 'Name', name: name.name, range: name.range };
  }

  private literal(n: C.LiteralCstNode): A.Literal {
    const c = n.children;
    if (c.number) return this.numberLit(c.number[0]);
    if (c.string) return this.stringLit(c.string[0]);
    if (c.bool) return { kind: 'Bool', value: c.bool[0].image === 'true', range: this.tokenRange(c.bool[0]) };
    return this.listLiteral(c.list?.[0]);
  }

  private listLiteral(n: C.ListLiteralCstNode | undefined): A.ListLit {
    const c = n?.children;
    const items = (c?.item ?? []).map((i) => this.expression(i));
    return { kind: 'List', items, range: this.nodeRange(n) };
  }
}

function tailPrecedence(t: C.TailCstChildren): number {
  if (t.In || t.Is) return COMPARISON;
  return BINARY_PRECEDENCE[t.operator?.[0]?.image ?? ''] ?? OR;
}

function isComparison(e: A.Expr): boolean {
  return e.kind === 'In' || e.kind === 'MissingTest' || (e.kind === 'Binary' && BINARY_PRECEDENCE[e.op] === COMPARISON);
}

/** Operators in one expression past which it is refused (`too-deep`): each is a level of recursion in every later pass. */
export const MAX_CHAIN = 256;

/** A literal's text as a message shows it: a very long one is cut. */
const shortRaw = (raw: string): string => (raw.length > 40 ? `${raw.slice(0, 37)}...` : raw);

/** `1_000` → `1000`, `36%` → `0.36`, `007.50` → `7.5`: the exact value as a canonical decimal string. */
export function normaliseDecimal(raw: string): string {
  let s = raw.replace(/_/g, '');
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1);
  let [int, frac = ''] = s.split('.');
  if (percent) {
    const padded = int.padStart(3, '0');
    frac = padded.slice(-2) + frac;
    int = padded.slice(0, -2);
  }
  int = int.replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** 1-based line and column of an offset. */
export function lineColAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = bomLength(text);
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: Math.max(1, offset - lineStart + 1) };
}

/**
 * 1 when the text starts with a byte-order mark (U+FEFF), else 0. The mark is not part of the
 * policy: the lexer skips it as white space, offsets still count it (they index the text as given,
 * which editors and splicing rely on), and columns do not (line 1 starts after it, as an editor
 * shows it).
 */
export function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}
