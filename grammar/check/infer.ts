// Resolution and typing of expressions. Every expression gets an `ExprInfo` (type, nullability,
// and for names what they refer to); problems found on the way are recorded as issues, which the
// checks that own their codes report. A type that is unknown (`undefined`) means a problem was
// recorded where it was lost, so nothing downstream reports it again.

import type { CallExpr, CompareOp, Expr, MemberExpr, NameRef, Range } from '../ast.js';
import type { Code } from '../codes.js';
import type { Fix } from '../diagnostics.js';
import type { ValueType } from '../../runtime/graph.js';
import { comparable, enumLiteral } from './compare.js';
import { FUNCTIONS, argKind, isFunctionName, maxArgs, type ArgKind } from './functions.js';
import { paramLiteralType } from './param-literal.js';
import { printExpr } from './print.js';
import { didYouMean } from './suggest.js';
import { SYM_LABEL, type Sym } from './symbols.js';
import { BOOL, NUMBER, TEXT, isNumeric, isScalar, itemType, numericJoin, showType, type Ty } from './types.js';
import { unparen } from './walk.js';
import { parseDecimal, ROUND_DIGITS, roundDigitsOk, stepOk } from '../../runtime/values.js';

/** What other languages call an absent value (`x == null`): here it is `x is missing`. */
const NULL_WORDS = new Set(['null', 'nil', 'none', 'undefined']);

/** What a name or member expression denotes. */
export type Ref =
  | { kind: 'param'; id: string }
  | { kind: 'let'; id: string }
  | { kind: 'score'; id: string }
  | { kind: 'field'; owner: 'input' | 'source'; id: string; field: string }
  | { kind: 'it' }
  | { kind: 'item_field'; field: string };

export interface ExprInfo {
  /** Undefined when unknown: the problem that lost it has been recorded. */
  type: Ty;
  /** True when the value may be missing at run time. */
  nullable: boolean;
  ref?: Ref;
}

export interface ExprIssue {
  code: Code;
  range: Range;
  message: string;
  fix?: Fix;
}

/** The stack of list elements in scope: one entry per enclosing list function, innermost last. */
type Scope = readonly Ty[];

const UNKNOWN: ExprInfo = { type: undefined, nullable: false };
const known = (type: ValueType, nullable = false): ExprInfo => ({ type, nullable });
// Shared, never mutated: most expressions are literals and comparisons.
const NUMBER_INFO = known(NUMBER);
const TEXT_INFO = known(TEXT);
const BOOL_INFO = known(BOOL);
const typeOf = (i: ExprInfo): Ty => i.type;
const isNullable = (i: ExprInfo): boolean => i.nullable;

const ARG_KIND_TEXT: Record<ArgKind, string> = {
  numeric: 'a number or money',
  text: 'a text',
  date: 'a date',
  bool: 'a bool',
  list: 'a list',
  sized: 'a text or a list',
  any: 'a value',
};

function fitsKind(kind: ArgKind, t: ValueType): boolean {
  switch (kind) {
    case 'numeric':
      return isNumeric(t);
    case 'text':
      return t.kind === 'text' || t.kind === 'enum';
    case 'date':
      return t.kind === 'date';
    case 'bool':
      return t.kind === 'bool';
    case 'list':
      return t.kind === 'list' || t.kind === 'scalar_list';
    case 'sized':
      return t.kind === 'text' || t.kind === 'enum' || t.kind === 'list' || t.kind === 'scalar_list';
    case 'any':
      return t.kind !== 'record';
  }
}

export class Typer {
  readonly exprs = new Map<Expr, ExprInfo>();
  readonly issues: ExprIssue[] = [];
  private readonly lets = new Map<string, ExprInfo | 'visiting'>();
  private readonly params = new Map<string, Ty>();
  /**
   * The item type of each param written as an empty list (`param excluded_terms = []`), taken from
   * the values it is tested against with `in`: the literal says nothing, and without it a run-time
   * override (`--set excluded_terms=[6]`) would be checked against no type, or a wrong one.
   */
  readonly emptyListItems = new Map<string, { type: ValueType; at: Range }>();
  private valueNames?: string[];
  private recordNames?: string[];

  constructor(private readonly symbols: Map<string, Sym>) {}

  /** Types a let once; a let met again while it is being typed is part of a cycle (reported by `let-cycle`). */
  letInfo(id: string): ExprInfo {
    const state = this.lets.get(id);
    if (state === 'visiting') return UNKNOWN;
    if (state) return state;
    const sym = this.symbols.get(id);
    if (sym?.kind !== 'let') return UNKNOWN;
    this.lets.set(id, 'visiting');
    const info = this.infer(sym.decl.expr);
    this.lets.set(id, info);
    return info;
  }

  paramType(id: string): Ty {
    if (this.params.has(id)) return this.params.get(id);
    const sym = this.symbols.get(id);
    const t = sym?.kind === 'param' ? paramLiteralType(sym.decl.value).type : undefined;
    this.params.set(id, t);
    return t;
  }

  infer(e: Expr, scope: Scope = []): ExprInfo {
    const info = this.compute(e, scope);
    this.exprs.set(e, info);
    return info;
  }

  private issue(code: Code, range: Range, message: string, fix?: Fix): void {
    this.issues.push(fix ? { code, range, message, fix } : { code, range, message });
  }

  /** Notes what an empty-list param is tested against; two different kinds of value leave its items no one type. */
  private emptyListItem(id: string, value: ValueType, at: Range): void {
    // As a literal list: numbers (money included) are numbers, an enum's values are texts.
    const item: ValueType = isNumeric(value) ? NUMBER : value.kind === 'enum' ? TEXT : value;
    const seen = this.emptyListItems.get(id);
    if (!seen) this.emptyListItems.set(id, { type: item, at });
    else if (seen.type.kind !== item.kind)
      this.issue(
        'type-mismatch',
        at,
        `param \`${id}\` is an empty list tested here against ${showType(value)}, and on line ${seen.at.start.line} against ${showType(seen.type)}: a list param holds values of one type (give it one value, or use two params)`,
      );
  }

  private readonly report = (issue: ExprIssue): void => {
    this.issues.push(issue);
  };

  private compute(e: Expr, scope: Scope): ExprInfo {
    switch (e.kind) {
      case 'Number':
        return NUMBER_INFO;
      case 'String':
        return TEXT_INFO;
      case 'Bool':
        return BOOL_INFO;
      case 'List':
        return this.list(e.items, scope);
      case 'Name':
        return this.name(e, scope);
      case 'Member':
        return this.member(e, scope);
      case 'Call':
        return this.call(e, scope);
      case 'Unary': {
        const a = this.infer(e.operand, scope);
        if (!a.type) return { type: e.op === 'not' ? BOOL : undefined, nullable: a.nullable };
        if (e.op === 'not') {
          if (a.type.kind !== 'bool') this.issue('type-mismatch', e.operand.range, `\`not\` needs a bool, not ${showType(a.type)}`);
          return known(BOOL, a.nullable);
        }
        if (!isNumeric(a.type)) {
          this.issue('type-mismatch', e.operand.range, `\`-\` needs a number or money, not ${showType(a.type)}`);
          return { type: undefined, nullable: a.nullable };
        }
        return known(a.type, a.nullable);
      }
      case 'Binary':
        return this.binary(e.op, e.left, e.right, e.range, scope);
      case 'In':
        return this.inList(e.value, e.list, scope);
      case 'MissingTest':
        this.infer(e.operand, scope);
        return BOOL_INFO;
      case 'Paren': {
        const inner = this.infer(e.inner, scope);
        return { type: inner.type, nullable: inner.nullable };
      }
      case 'Error':
        return UNKNOWN;
    }
  }

  private list(items: Expr[], scope: Scope): ExprInfo {
    let item: Ty;
    let bad = false;
    for (const it of items) {
      const t = this.infer(it, scope).type;
      if (!t) {
        bad = true;
        continue;
      }
      if (!isScalar(t)) {
        this.issue('type-mismatch', it.range, `a list literal holds plain values, not ${showType(t)}`);
        bad = true;
      } else if (item && !(isNumeric(item) && isNumeric(t)) && item.kind !== t.kind && !(item.kind === 'text' && t.kind === 'enum')) {
        this.issue('type-mismatch', it.range, `the items of a list must share one type: this one is ${showType(t)}, the first is ${showType(item)}`);
        bad = true;
      } else if (!item) item = t;
    }
    if (bad) return UNKNOWN;
    return known({ kind: 'scalar_list', item: item ?? TEXT });
  }

  private valueCandidates(scope: Scope): string[] {
    this.valueNames ??= [...this.symbols.values()].filter((s) => s.kind === 'param' || s.kind === 'let' || s.kind === 'scorecard').map((s) => s.id);
    return scope.length ? [...this.valueNames, 'it'] : this.valueNames;
  }

  private name(e: NameRef, scope: Scope): ExprInfo {
    if (!e.name) return UNKNOWN;
    if (e.name === 'it') {
      if (!scope.length) {
        this.issue('it-outside-list', e.range, '`it` stands for the element inside a list function such as `any(list, it.x > 0)`, and is not defined here');
        return UNKNOWN;
      }
      const t = scope[scope.length - 1];
      return { type: t, nullable: false, ref: { kind: 'it' } };
    }
    const sym = this.symbols.get(e.name);
    if (!sym) {
      if (NULL_WORDS.has(e.name.toLowerCase()))
        this.issue('unknown-name', e.range, `unknown name \`${e.name}\`: the language has no null; an absent value is missing, tested with \`x is missing\` or \`x is present\``);
      else this.issue('unknown-name', e.range, `unknown name \`${e.name}\``, didYouMean(e.name, this.valueCandidates(scope), e.range));
      return UNKNOWN;
    }
    switch (sym.kind) {
      case 'param':
        return { type: this.paramType(sym.id), nullable: false, ref: { kind: 'param', id: sym.id } };
      case 'let': {
        const info = this.letInfo(sym.id);
        return { type: info.type, nullable: info.nullable, ref: { kind: 'let', id: sym.id } };
      }
      case 'scorecard':
        return { type: NUMBER, nullable: false, ref: { kind: 'score', id: sym.id } };
      case 'input':
      case 'source': {
        const first = sym.fields.keys().next().value;
        const hint = first ? `, such as \`${sym.id}.${first}\`` : '';
        this.issue('type-mismatch', e.range, `\`${sym.id}\` is ${SYM_LABEL[sym.kind]}, not a value: read one of its fields${hint}`);
        return UNKNOWN;
      }
      default:
        this.issue('unknown-name', e.range, `\`${sym.id}\` is ${SYM_LABEL[sym.kind]}, not a value`);
        return UNKNOWN;
    }
  }

  private member(e: MemberExpr, scope: Scope): ExprInfo {
    const prop = e.property.name;
    const obj = e.object;
    if (obj.kind === 'Name' && obj.name !== 'it') {
      if (!obj.name) return UNKNOWN;
      const sym = this.symbols.get(obj.name);
      if (sym?.kind === 'input' || sym?.kind === 'source') {
        if (!prop) return UNKNOWN;
        const f = sym.fields.get(prop);
        if (!f) return this.unknownField(e, `${sym.kind} \`${sym.id}\``, sym.fields.keys());
        return { type: f.type, nullable: sym.kind === 'source' || f.optional, ref: { kind: 'field', owner: sym.kind, id: sym.id, field: prop } };
      }
      if (!sym) {
        this.recordNames ??= [...this.symbols.values()].filter((s) => s.kind === 'input' || s.kind === 'source').map((s) => s.id);
        this.issue('unknown-name', obj.range, `unknown input or source \`${obj.name}\``, didYouMean(obj.name, this.recordNames, obj.range));
        return UNKNOWN;
      }
    }
    const o = this.infer(obj, scope);
    if (!o.type || !prop) return UNKNOWN;
    if (o.type.kind === 'record') {
      const f = Object.prototype.hasOwnProperty.call(o.type.fields, prop) ? o.type.fields[prop] : undefined;
      if (!f) return this.unknownField(e, `the list element \`${printExpr(obj)}\``, Object.keys(o.type.fields));
      return { type: f.type, nullable: o.nullable || f.optional, ref: { kind: 'item_field', field: prop } };
    }
    const hint = o.type.kind === 'list' ? ': read its elements with a list function, such as `any(list, it.x == ...)`' : '';
    this.issue('type-mismatch', e.property.range, `\`${printExpr(obj)}\` is ${showType(o.type)} and has no field \`${prop}\`${hint}`);
    return UNKNOWN;
  }

  private unknownField(e: MemberExpr, owner: string, fields: Iterable<string>): ExprInfo {
    const prop = e.property;
    this.issue('unknown-field', prop.range, `${owner} has no field \`${prop.name}\``, didYouMean(prop.name, fields, prop.range));
    return UNKNOWN;
  }

  private call(e: CallExpr, scope: Scope): ExprInfo {
    const name = e.callee.name;
    if (!name) return UNKNOWN;
    if (!isFunctionName(name)) {
      // The arguments are not typed: a list function misspelled would make every `it` in them an error.
      this.issue('unknown-function', e.callee.range, `unknown function \`${name}\``, didYouMean(name, Object.keys(FUNCTIONS), e.callee.range));
      return UNKNOWN;
    }
    const spec = FUNCTIONS[name];
    const max = maxArgs(spec);
    let ok = true;
    if (e.args.length < spec.minArgs || e.args.length > max) {
      const want = spec.minArgs === max ? `${max}` : max === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} or ${max}`;
      this.issue('wrong-arity', e.range, `\`${spec.signature}\` takes ${want} argument${want === '1' ? '' : 's'}, not ${e.args.length}`);
      ok = false;
    }
    const infos: ExprInfo[] = [];
    const argOk: boolean[] = [];
    for (let i = 0; i < e.args.length; i++) {
      const a = e.args[i];
      const inner = spec.perItem && i === 1 ? [...scope, itemType(infos[0].type)] : scope;
      const info = this.infer(a, inner);
      infos.push(info);
      let fine = info.type !== undefined;
      if (info.type && i < max && !fitsKind(argKind(spec, i), info.type)) {
        this.issue('type-mismatch', a.range, `argument ${i + 1} of \`${spec.signature}\` must be ${ARG_KIND_TEXT[argKind(spec, i)]}, not ${showType(info.type)}`);
        fine = false;
      }
      argOk.push(fine);
      ok &&= fine;
    }
    if (e.args.length === 2) this.literalArgument(name, e.args[1]);

    let type: Ty;
    switch (spec.result.kind) {
      case 'fixed':
        type = { kind: spec.result.type };
        break;
      case 'same-as':
        type = argOk[spec.result.arg] ? infos[spec.result.arg].type : undefined;
        break;
      case 'numeric-join':
        type = numericJoin(infos.map(typeOf));
        break;
      case 'common':
        type = ok && infos.length === 2 ? this.common(e.args[0], infos[0], e.args[1], infos[1], e.range) : undefined;
        break;
    }
    const nullable =
      spec.nullable === 'always' ? true
      : spec.nullable === 'list' ? (infos[0]?.nullable ?? false)
      : spec.nullable === 'all' ? infos.length > 0 && infos.every(isNullable)
      : infos.some(isNullable);
    return { type, nullable };
  }

  /**
   * A number literal as the second argument of `round`, `floor` or `ceil` that the runtime would
   * refuse on every evaluation, by the runtime's own rules (runtime/values.ts: `roundDigitsOk`,
   * `stepOk`).
   */
  private literalArgument(name: string, arg: Expr): void {
    const u = unparen(arg);
    const lit = u.kind === 'Number' ? u : u.kind === 'Unary' && u.op === '-' && unparen(u.operand).kind === 'Number' ? unparen(u.operand) : undefined;
    if (lit?.kind !== 'Number') return;
    const n = parseDecimal(u === lit || lit.value === '0' ? lit.value : `-${lit.value}`);
    if (typeof n === 'string') return; // invalid-number says why
    if (name === 'round' && !roundDigitsOk(n))
      this.issue('invalid-argument', arg.range, `the digits of \`round\` must be a whole number from ${ROUND_DIGITS.min} to ${ROUND_DIGITS.max}, not ${printExpr(arg)}`);
    if ((name === 'floor' || name === 'ceil') && !stepOk(n)) this.issue('invalid-argument', arg.range, `the step of \`${name}\` must be positive, not ${printExpr(arg)}`);
  }

  /** The type both arguments of `coalesce` share. */
  private common(ae: Expr, a: ExprInfo, be: Expr, b: ExprInfo, at: Range): Ty {
    if (!comparable(this.report, '==', ae, a.type!, be, b.type!, at, 'coalesce')) return undefined;
    if (isNumeric(a.type) && isNumeric(b.type)) return numericJoin([a.type, b.type]);
    return a.type!.kind === 'text' && b.type!.kind === 'enum' ? b.type : a.type;
  }

  private binary(op: string, left: Expr, right: Expr, at: Range, scope: Scope): ExprInfo {
    const l = this.infer(left, scope);
    const r = this.infer(right, scope);
    const nullable = l.nullable || r.nullable;
    if (op === 'and' || op === 'or') {
      for (const [side, info] of [[left, l], [right, r]] as const)
        if (info.type && info.type.kind !== 'bool') this.issue('type-mismatch', side.range, `\`${op}\` needs bools, not ${showType(info.type)} (\`${printExpr(side)}\`)`);
      return known(BOOL, nullable);
    }
    if (op === '+' || op === '-' || op === '*' || op === '/') {
      if (!l.type || !r.type) return { type: undefined, nullable };
      const bad: [Expr, ValueType] | undefined = !isNumeric(l.type) ? [left, l.type] : !isNumeric(r.type) ? [right, r.type] : undefined;
      if (bad) {
        this.issue('type-mismatch', bad[0].range, `\`${op}\` needs numbers or money, not ${showType(bad[1])} (\`${printExpr(bad[0])}\`)`);
        return { type: undefined, nullable };
      }
      const lm = l.type.kind === 'money';
      const rm = r.type.kind === 'money';
      if (op === '*' && lm && rm) {
        this.issue('type-mismatch', at, 'money times money has no meaning: multiply an amount by a number, or divide two amounts for a ratio');
        return { type: undefined, nullable };
      }
      if (op === '/') return known(lm && !rm ? l.type : NUMBER, nullable);
      return known(numericJoin([l.type, r.type]), nullable);
    }
    // A comparison: never missing, since a comparison with a missing value is false.
    if (l.type && r.type && comparable(this.report, op as CompareOp, left, l.type, right, r.type, at)) {
      this.enumParam(right, r, l.type, left);
      this.enumParam(left, l, r.type, right);
    }
    return BOOL_INFO;
  }

  /** A text param (`e`, typed `info`) compared with an enum (`other`, typed `type`): its value must be one of the enum's, reported where it is used. */
  private enumParam(e: Expr, info: ExprInfo, type: ValueType, other: Expr): void {
    if (type.kind !== 'enum' || info.ref?.kind !== 'param') return;
    const sym = this.symbols.get(info.ref.id);
    if (sym?.kind === 'param') enumLiteral(this.report, sym.decl.value, type, other, { param: sym.id, at: e.range });
  }

  private inList(value: Expr, list: Expr, scope: Scope): ExprInfo {
    const v = this.infer(value, scope);
    if (v.type && !isScalar(v.type)) this.issue('type-mismatch', value.range, `\`in\` tests a single value, not ${showType(v.type)}`);
    const scalar = v.type && isScalar(v.type) ? v.type : undefined;
    const l = unparen(list);
    if (l.kind === 'List') {
      for (const item of l.items) {
        const it = this.infer(item, scope);
        if (scalar && it.type && comparable(this.report, '==', value, scalar, item, it.type, item.range, 'in')) this.enumParam(item, it, scalar, value);
      }
      const info: ExprInfo = scalar ? known({ kind: 'scalar_list', item: scalar }) : UNKNOWN;
      this.exprs.set(l, info);
      if (list !== l) this.exprs.set(list, info);
      return BOOL_INFO;
    }
    const li = this.infer(list, scope);
    if (!li.type) return BOOL_INFO;
    if (li.type.kind !== 'scalar_list') {
      this.issue('type-mismatch', list.range, `\`in\` needs a list of values such as \`["a", "b"]\` or a list param, not ${showType(li.type)}`);
      return BOOL_INFO;
    }
    const sym = li.ref?.kind === 'param' ? this.symbols.get(li.ref.id) : undefined;
    const empty = sym?.kind === 'param' && unparen(sym.decl.value).kind === 'List' && (unparen(sym.decl.value) as { items: Expr[] }).items.length === 0;
    if (scalar && empty) this.emptyListItem(sym!.id, scalar, list.range);
    if (scalar && !empty) {
      const ok = comparable(this.report, '==', value, scalar, list, li.type.item, list.range, 'in');
      if (ok && scalar.kind === 'enum' && sym?.kind === 'param') {
        const items = unparen(sym.decl.value);
        if (items.kind === 'List') for (const item of items.items) enumLiteral(this.report, item, scalar, value, { param: sym.id, at: list.range });
      }
    }
    return BOOL_INFO;
  }
}
