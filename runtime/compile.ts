// AST + analysis → the decision graph (`verdict.graph/1`, runtime/graph.ts): every name resolved,
// every expression typed, rules in the order they will run. Only called on a policy without
// errors; a hole found here is a broken invariant and throws a `VerdictError`.

import type * as A from '../grammar/ast.js';
import { isFlowNode } from '../grammar/ast.js';
import type { Analysis } from '../grammar/check/analyze.js';
import { binValue } from '../grammar/check/bin-model.js';
import { check } from '../grammar/check/index.js';
import { isFunctionName } from '../grammar/check/functions.js';
import { paramLiteralType } from '../grammar/check/param-literal.js';
import { printExpr } from '../grammar/check/print.js';
import { TERMS, isShareOfLimit, isTermKey } from '../grammar/check/terms.js';
import { fieldMap, recordType } from '../grammar/check/types.js';
import { START } from '../grammar/check/flow.js';
import { hasErrors, mergeDiagnostics, sortDiagnostics, type Diagnostic } from '../grammar/diagnostics.js';
import { isStackOverflow, parse } from '../grammar/index.js';
import { VerdictError } from './errors.js';
import {
  GRAPH_SCHEMA,
  costOrdered,
  type Bin,
  type CharacteristicSpec,
  type DecisionGraph,
  type GExpr,
  type GraphNode,
  type InputSpec,
  type OutcomeSpec,
  type ParamSpec,
  type ParamValue,
  type RecordType,
  type RuleSpec,
  type SourceSpec,
  type TermsSpec,
} from './graph.js';

/** A fee written as a percent literal (`1%`, `(1%)`): a share of `limit`. */
const shareOfLimit = (e: A.Expr): boolean => (e.kind === 'Paren' ? shareOfLimit(e.inner) : e.kind === 'Number' && isShareOfLimit(e.raw));

const broken = (what: string, range?: A.Range): never => {
  const at = range ? ` at ${range.start.line}:${range.start.column}` : '';
  throw new VerdictError('compile-invariant', `cannot compile${at}: ${what} (compile() runs only on a policy without errors)`);
};

/** Copies only the keys whose value is defined, so that the JSON carries no `undefined`. */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

class Compiler {
  constructor(
    private readonly ast: A.Policy,
    private readonly analysis: Analysis,
    private readonly source?: string,
  ) {}

  graph(): DecisionGraph {
    const { ast, analysis } = this;
    const header = ast.header ?? broken('no policy header');
    const decls = ast.declarations;
    const startEdge = analysis.flow.out.get(START)?.[0] ?? broken('no `start` in the flow');
    const nodes: GraphNode[] = [{ kind: 'start', id: START, next: startEdge.to, range: startEdge.range }];
    for (const d of decls) if (isFlowNode(d)) nodes.push(this.node(d));
    return {
      schema: GRAPH_SCHEMA,
      policy: defined({ id: header.id.name, title: header.title?.value, version: header.version?.value }),
      inputs: decls.filter((d): d is A.InputDecl => d.kind === 'Input').map((d) => this.input(d)),
      sources: decls.filter((d): d is A.SourceDecl => d.kind === 'Source').map((d) => this.sourceSpec(d)),
      params: decls.filter((d): d is A.ParamDecl => d.kind === 'Param').map((d) => this.param(d)),
      lets: decls.filter((d): d is A.LetDecl => d.kind === 'Let').map((d) => ({ id: d.id.name, expr: this.expr(d.expr), range: d.range })),
      nodes,
      edges: analysis.flow.edges.map((e) => defined({ from: e.from, to: e.to, kind: e.kind, index: e.index, range: e.range })),
    };
  }

  private fields(fields: A.FieldDecl[], at: A.Range): RecordType {
    return recordType(fieldMap(fields)) ?? broken('a field of unknown type', at);
  }

  private input(d: A.InputDecl): InputSpec {
    const fields = this.fields(d.fields, d.range);
    return defined({ id: d.id.name, fields, idField: 'id' in fields ? 'id' : undefined, range: d.range });
  }

  private sourceSpec(d: A.SourceDecl): SourceSpec {
    const sym = this.analysis.symbols.get(d.id.name);
    if (sym?.kind !== 'source') return broken(`source \`${d.id.name}\` is not in the symbol table`, d.range);
    return defined({
      id: d.id.name,
      title: d.title?.value,
      origin: sym.cls.origin,
      cost: defined({ ...sym.cls.cost }),
      latency: sym.cls.latency,
      fields: this.fields(d.fields, d.range),
      costRank: sym.costRank,
      range: d.range,
    });
  }

  private param(d: A.ParamDecl): ParamSpec {
    let type = paramLiteralType(d.value).type ?? broken(`param \`${d.id.name}\` is not a literal`, d.range);
    // `[]` has no item type of its own: it takes that of the values it is tested against.
    const item = this.analysis.emptyListItems.get(d.id.name);
    if (item && type.kind === 'scalar_list') type = { kind: 'scalar_list', item };
    return defined({ id: d.id.name, type, default: paramValue(d.value), doc: d.doc?.value, range: d.range });
  }

  private node(d: A.FlowNodeDecl): GraphNode {
    const base = defined({ id: d.id.name, title: d.title?.value, range: d.range });
    switch (d.kind) {
      case 'RuleSet': {
        const written = d.rules.map((r, i) => this.rule(r, i));
        const rules = d.order === 'cost' ? costOrdered(written) : written;
        return { ...base, kind: 'ruleset', order: d.order, rules, next: this.next(d.id.name) };
      }
      case 'Scorecard':
        return {
          ...base,
          kind: 'scorecard',
          base: d.base?.value ?? '0',
          characteristics: d.characteristics.map((c) => this.characteristic(c)),
          next: this.next(d.id.name),
        };
      case 'Branch':
        return {
          ...base,
          kind: 'branch',
          arms: d.arms.map((a) => ({ when: this.expr(a.when), target: a.target.name, range: a.range })),
          else: d.else?.target.name ?? broken(`branch \`${d.id.name}\` has no else`, d.range),
        };
      case 'Decision':
        return {
          ...base,
          kind: 'decision',
          clauses: d.clauses.map((c) => ({ when: this.expr(c.when), outcome: this.outcome(c.outcome), range: c.range })),
          else: this.outcome(d.else ?? broken(`decision \`${d.id.name}\` has no else`, d.range)),
        };
    }
  }

  private next(id: string): string {
    const out = this.analysis.flow.out.get(id)?.filter((e) => e.kind === 'flow') ?? [];
    if (out.length !== 1) broken(`node \`${id}\` has ${out.length} successors`);
    return out[0].to;
  }

  private rule(r: A.RuleDecl, writtenIndex: number): RuleSpec {
    const cost = this.analysis.ruleCost.get(r) ?? broken(`rule \`${r.id.name}\` was not analysed`, r.range);
    return defined({
      id: r.id.name,
      title: r.title?.value,
      switch: r.switch,
      when: this.expr(r.when),
      outcome: r.outcome.kind,
      reason: r.outcome.reason?.value,
      sources: cost.sources,
      costRank: cost.costRank,
      costSource: cost.costSource,
      writtenIndex,
      range: r.range,
    });
  }

  private characteristic(c: A.Characteristic): CharacteristicSpec {
    const label = this.source ? this.source.slice(c.expr.range.start.offset, c.expr.range.end.offset) : printExpr(c.expr);
    return { label, expr: this.expr(c.expr), bins: c.bins.map((b) => this.bin(b)), range: c.range };
  }

  private bin(b: A.Bin): Bin {
    const points = b.points.value;
    const literal = (e: A.Expr): string | boolean | { decimal: string } => {
      const v = binValue(e) ?? broken('a bin value that is not a literal', e.range);
      return v.family === 'numeric' ? { decimal: v.value.toFixed() } : v.value;
    };
    switch (b.kind) {
      case 'Interval':
        return {
          test: { kind: 'interval', lower: b.lower.value, lowerInclusive: b.lowerInclusive, upper: b.upper.value, upperInclusive: b.upperInclusive },
          points,
          range: b.range,
        };
      case 'Compare':
        return { test: { kind: 'compare', op: b.op, value: b.value.value }, points, range: b.range };
      case 'Equals':
        return { test: { kind: 'equals', value: literal(b.value) }, points, range: b.range };
      case 'InList':
        return { test: { kind: 'in', values: b.values.map(literal) }, points, range: b.range };
      case 'MissingBin':
        return { test: { kind: 'missing' }, points, range: b.range };
      case 'ElseBin':
        return { test: { kind: 'else' }, points, range: b.range };
    }
  }

  private outcome(o: A.DecisionOutcome): OutcomeSpec {
    let terms: TermsSpec | undefined;
    if (o.terms) {
      terms = {};
      for (const t of o.terms) {
        const key = t.key.name;
        if (!isTermKey(key)) broken(`unknown term \`${key}\``, t.range);
        const spec = TERMS[key].value;
        if (spec.kind === 'word') {
          const word = t.value.kind === 'Name' ? t.value.name : broken(`term \`${key}\` is not a word`, t.range);
          terms[key] = { op: 'str', value: word, type: { kind: 'enum', values: [...spec.words] }, nullable: false, range: t.value.range };
        } else if (spec.unit === 'fee' && shareOfLimit(t.value)) {
          // `upfront_fee 1%` is 1% of the offer's `limit`: compiled to that amount, so every fee reaches the runtime as money.
          const limit = o.terms.find((l) => l.key.name === 'limit') ?? broken(`a percent \`${key}\` without \`limit\``, t.range);
          const range = t.value.range;
          terms[key] = { op: 'arith', fn: '*', left: this.expr(limit.value), right: this.expr(t.value), type: { kind: 'money' }, nullable: this.expr(limit.value).nullable, range };
        } else terms[key] = this.expr(t.value);
      }
    }
    return defined({ decision: o.decision, reason: o.reason?.value, terms, range: o.range });
  }

  expr(e: A.Expr): GExpr {
    if (e.kind === 'Paren') return this.expr(e.inner);
    const info = this.analysis.exprs.get(e);
    if (!info?.type) return broken(`an expression without a type (\`${printExpr(e)}\`)`, e.range);
    const { type, nullable, ref } = info;
    const range = e.range;
    // Objects are built whole (no spread of a shared base): this runs once per expression node.
    switch (e.kind) {
      case 'Number':
        return { op: 'num', value: e.value, type, nullable, range };
      case 'String':
        return { op: 'str', value: e.value, type, nullable, range };
      case 'Bool':
        return { op: 'bool', value: e.value, type, nullable, range };
      case 'List':
        return { op: 'list', items: e.items.map((i) => this.expr(i)), type, nullable, range };
      case 'Name':
        if (ref?.kind === 'param' || ref?.kind === 'let' || ref?.kind === 'score') return { op: ref.kind, id: ref.id, type, nullable, range };
        if (ref?.kind === 'it') return { op: 'it', type, nullable, range };
        return broken(`unresolved name \`${e.name}\``, range);
      case 'Member':
        if (ref?.kind === 'field') return { op: 'field', owner: ref.owner, id: ref.id, field: ref.field, type, nullable, range };
        if (ref?.kind === 'item_field') return { op: 'item_field', object: this.expr(e.object), field: ref.field, type, nullable, range };
        return broken(`unresolved field \`${printExpr(e)}\``, range);
      case 'Call': {
        const fn = e.callee.name;
        if (!isFunctionName(fn)) return broken(`unknown function \`${fn}\``, range);
        return { op: 'call', fn, args: e.args.map((a) => this.expr(a)), type, nullable, range };
      }
      case 'Unary':
        return { op: e.op === '-' ? 'neg' : 'not', arg: this.expr(e.operand), type, nullable, range };
      case 'Binary': {
        const left = this.expr(e.left);
        const right = this.expr(e.right);
        const op = e.op;
        if (op === 'and' || op === 'or') return { op, left, right, type, nullable, range };
        if (op === '+' || op === '-' || op === '*' || op === '/') return { op: 'arith', fn: op, left, right, type, nullable, range };
        return { op: 'cmp', fn: op, left, right, type, nullable, range };
      }
      case 'In':
        return { op: 'in', negated: e.negated, value: this.expr(e.value), list: this.expr(e.list), type, nullable, range };
      case 'MissingTest':
        return { op: 'is_missing', negated: e.negated, arg: this.expr(e.operand), type, nullable, range };
      case 'Error':
        return broken('an expression the parser could not read', range);
    }
  }
}

function paramValue(e: A.Expr): ParamValue {
  if (e.kind === 'Paren') return paramValue(e.inner);
  if (e.kind === 'List') return e.items.map(paramValue);
  const v = binValue(e) ?? broken('a param value that is not a literal', e.range);
  return v.family === 'numeric' ? { decimal: v.value.toFixed() } : v.value;
}

/** The decision graph of a checked policy. `source` (the policy text) gives characteristics their labels as written. */
export function compile(ast: A.Policy, analysis: Analysis, source?: string): DecisionGraph {
  return new Compiler(ast, analysis, source).graph();
}

export interface CompileResult {
  ast: A.Policy;
  /** Parser and checker diagnostics, sorted. */
  diagnostics: Diagnostic[];
  /** Present when there is no error. */
  graph?: DecisionGraph;
}

/** Text → parse → check → graph. Never throws on user text. */
export function compileText(text: string): CompileResult {
  const parsed = parse(text);
  try {
    const checked = check(parsed.ast);
    const diagnostics = mergeDiagnostics(text, parsed.diagnostics, checked.diagnostics);
    if (hasErrors(diagnostics)) return { ast: parsed.ast, diagnostics };
    return { ast: parsed.ast, diagnostics, graph: compile(parsed.ast, checked.analysis, text) };
  } catch (e) {
    // The parser keeps brackets and operator chains within bounds (`too-deep`); both at their bounds
    // at once could still be more than the stack holds.
    if (!isStackOverflow(e)) throw e;
    const at = { offset: 0, line: 1, column: 1 };
    const tooDeep: Diagnostic = { code: 'too-deep', severity: 'error', message: 'the policy nests expressions too deeply to compile: name the inner parts with `let`', range: { start: at, end: at } };
    return { ast: parsed.ast, diagnostics: sortDiagnostics([...parsed.diagnostics, tooDeep]) };
  }
}
