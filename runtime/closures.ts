// Graph expressions → closures, built once at prepare time. Every name is resolved to a slot (a
// field of the decoded record, a let, a score) or to a constant (a param, after overrides), so a
// decision does no lookup and no tree walk. Each expression can be built in two modes: plain,
// and traced, where the leaves (fields, params, lets, scores) also note the value they read into
// the frame's `reads`; the plain closures do no trace work (one null test when a let is computed).

import { VerdictError } from './errors.js';
import type { GExpr, ValueType } from './graph.js';
import { FUNCTIONS as FUNCTION_SPECS, maxArgs } from '../grammar/check/functions.js';
import { FUNCTION_IMPLS } from './functions.js';
import { fuse } from './fused.js';
import { compareConst, miss } from './fused-leaf.js';
import type { RecordLayout } from './record.js';
import { itemFieldOrder } from './record.js';
import { toJson, type JsonValue, type Reads } from './result.js';
import { add, compareValues, div, EvalFault, mul, neg, parseDate, parseDecimal, sub, valuesEqual, type Num } from './values.js';

/** A graph (or overrides) the runtime cannot run: a broken invariant, thrown by `prepare`. */
export class GraphError extends VerdictError {
  constructor(message: string) {
    super('invalid-graph', message);
    this.name = 'GraphError';
  }
}

export type Fn = (f: Frame) => unknown;

/**
 * The per-decision state, one per evaluator and reused by every decision (evaluation is
 * synchronous and never re-entered). Per-decision data is stamped with a generation number
 * instead of being cleared.
 */
export class Frame {
  vals: unknown[];
  gen = 0;
  readonly letGen: Int32Array;
  readonly letVal: unknown[];
  readonly letMiss: Uint8Array;
  readonly srcGen: Int32Array;
  /** Source indices in the order first read: the first `calledCount` entries. */
  readonly called: Int32Array;
  calledCount = 0;
  readonly scores: unknown[];
  /** Set when a comparison met a missing value: what makes a rule `missing` rather than `pass`. */
  missing = false;
  /** The element a list function is visiting (`it`). */
  it: unknown = undefined;
  asOf: number | undefined = undefined;
  /** Trace only: where leaves note what they read, and the lets computed. */
  reads: Reads | null = null;
  letLog: { id: string; value: JsonValue }[] | null = null;

  constructor(slots: number, lets: number, sources: number, scorecards: number) {
    this.vals = new Array<unknown>(slots).fill(undefined);
    this.letGen = new Int32Array(lets);
    this.letVal = new Array<unknown>(lets).fill(undefined);
    this.letMiss = new Uint8Array(lets);
    this.srcGen = new Int32Array(sources);
    this.called = new Int32Array(sources);
    this.scores = new Array<unknown>(scorecards).fill(undefined);
  }

  begin(): void {
    if (++this.gen > 0x3fffffff) {
      this.gen = 1;
      this.letGen.fill(0);
      this.srcGen.fill(0);
    }
    this.calledCount = 0;
    this.missing = false;
    this.it = undefined;
    this.asOf = undefined;
    this.reads = null;
    this.letLog = null;
    const scores = this.scores;
    for (let i = 0; i < scores.length; i++) scores[i] = undefined;
  }

  callSource(index: number): void {
    this.srcGen[index] = this.gen;
    this.called[this.calledCount++] = index;
  }
}

/** What expressions resolve names against, fixed at prepare time. */
export interface Env {
  layout: RecordLayout;
  /** Source index of each source id. */
  sourceIndex: Map<string, number>;
  /** Param values after overrides, as run-time values. */
  params: Map<string, unknown>;
  letSlot: Map<string, number>;
  letTypes: ValueType[];
  /** Filled once every let is built; read at run time. */
  letFns: Fn[];
  scoreSlot: Map<string, number>;
}

/** A literal's run-time value, or `NOT_CONST`. Params count: their value is fixed at prepare. */
const NOT_CONST = Symbol('not-const');
function constantOf(e: GExpr, env: Env): unknown {
  switch (e.op) {
    case 'num':
      return numConst(e.value);
    case 'str':
      return e.type.kind === 'date' ? dateConst(e.value) : e.value;
    case 'bool':
      return e.value;
    case 'param':
      return env.params.has(e.id) ? env.params.get(e.id) : NOT_CONST;
    case 'list': {
      const items = e.items.map((i) => constantOf(i, env));
      return items.includes(NOT_CONST) ? NOT_CONST : items;
    }
    default:
      return NOT_CONST;
  }
}

/** A constant for `fuse`: undefined when not one. */
const nonConst = (v: unknown): unknown => (v === NOT_CONST ? undefined : v);

export function numConst(text: string): Num {
  const v = parseDecimal(text);
  if (typeof v === 'string') throw new GraphError(`bad number in graph: ${v}`);
  return v;
}

function dateConst(text: string): number {
  const d = parseDate(text);
  if (d === undefined) throw new GraphError(`bad date in graph: ${JSON.stringify(text)}`);
  return d;
}

/** The label a leaf is traced under. */
function leafLabel(e: GExpr): string | undefined {
  switch (e.op) {
    case 'field':
      return `${e.id}.${e.field}`;
    case 'param':
    case 'let':
    case 'score':
      return e.id;
    default:
      return undefined;
  }
}

function traced(base: Fn, label: string, type: ValueType): Fn {
  return (f) => {
    const v = base(f);
    const r = f.reads;
    if (r !== null) r[label] = toJson(v, type);
    return v;
  };
}

export function compileExpr(e: GExpr, env: Env, trace: boolean): Fn {
  const base = compileNode(e, env, trace);
  const label = trace ? leafLabel(e) : undefined;
  return label === undefined ? base : traced(base, label, e.type);
}

function compileNode(e: GExpr, env: Env, trace: boolean): Fn {
  const sub_ = (x: GExpr) => compileExpr(x, env, trace);
  if (!trace) {
    const fused = fuse(e, env, (x) => nonConst(constantOf(x, env)), sub_);
    if (fused) return fused;
  }
  switch (e.op) {
    case 'num':
    case 'str':
    case 'bool':
    case 'param': {
      const v = constantOf(e, env);
      if (v === NOT_CONST) throw new GraphError(`unknown param \`${(e as { id: string }).id}\``);
      return () => v;
    }
    case 'list': {
      const v = constantOf(e, env);
      if (v !== NOT_CONST) return () => v;
      const items = e.items.map(sub_);
      return (f) => items.map((i) => i(f));
    }
    case 'field':
      return fieldRead(e.owner, e.id, e.field, env);
    case 'let':
      return letRead(e.id, env);
    case 'score': {
      const slot = env.scoreSlot.get(e.id);
      if (slot === undefined) throw new GraphError(`unknown scorecard \`${e.id}\``);
      return (f) => f.scores[slot];
    }
    case 'it':
      return (f) => f.it;
    case 'item_field': {
      const obj = sub_(e.object);
      const t = e.object.type;
      if (t.kind !== 'record') throw new GraphError(`field \`${e.field}\` read from a ${t.kind}`);
      const i = itemFieldOrder(t.fields).indexOf(e.field);
      if (i < 0) throw new GraphError(`unknown list element field \`${e.field}\``);
      return (f) => {
        const o = obj(f) as unknown[] | undefined;
        return o === undefined ? undefined : o[i];
      };
    }
    case 'call': {
      const spec = FUNCTION_SPECS[e.fn];
      const impl = FUNCTION_IMPLS[e.fn];
      if (!spec || !impl) throw new GraphError(`unknown function \`${e.fn}\``);
      if (e.args.length < spec.minArgs || e.args.length > maxArgs(spec)) throw new GraphError(`\`${spec.signature}\` called with ${e.args.length} arguments`);
      return impl(e.args.map(sub_), e.args);
    }
    case 'neg': {
      const a = sub_(e.arg);
      return (f) => {
        const v = a(f);
        return v === undefined ? undefined : neg(v as Num);
      };
    }
    case 'not': {
      const a = sub_(e.arg);
      return (f) => {
        const v = a(f);
        return v === undefined ? undefined : !v;
      };
    }
    case 'and': {
      const l = sub_(e.left);
      const r = sub_(e.right);
      // Three-valued: false wins, then missing.
      return (f) => {
        const a = l(f);
        if (a === false) return false;
        const b = r(f);
        if (b === false) return false;
        return a === undefined || b === undefined ? undefined : true;
      };
    }
    case 'or': {
      const l = sub_(e.left);
      const r = sub_(e.right);
      return (f) => {
        const a = l(f);
        if (a === true) return true;
        const b = r(f);
        if (b === true) return true;
        return a === undefined || b === undefined ? undefined : false;
      };
    }
    case 'arith':
      return arith(e.fn, sub_(e.left), sub_(e.right));
    case 'cmp': {
      // Against a constant (a literal or a param, untraced), the right side is not called per record.
      const c = trace ? NOT_CONST : constantOf(e.right, env);
      if (c !== NOT_CONST && c !== undefined) return compareConst(e.fn, sub_(e.left), c);
      return compare(e.fn, sub_(e.left), sub_(e.right));
    }
    case 'in':
      return inList(e.negated, sub_(e.value), e.list, env, trace);
    case 'is_missing': {
      const a = sub_(e.arg);
      return e.negated ? (f) => a(f) !== undefined : (f) => a(f) === undefined;
    }
  }
}

function fieldRead(owner: 'input' | 'source', id: string, field: string, env: Env): Fn {
  const slot = env.layout.slotOf(id, field);
  if (slot < 0) throw new GraphError(`unknown field \`${id}.${field}\``);
  if (owner === 'input') return (f) => f.vals[slot];
  const si = env.sourceIndex.get(id);
  if (si === undefined) throw new GraphError(`unknown source \`${id}\``);
  return (f) => {
    if (f.srcGen[si] !== f.gen) f.callSource(si);
    return f.vals[slot];
  };
}

function letRead(id: string, env: Env): Fn {
  const slot = env.letSlot.get(id);
  if (slot === undefined) throw new GraphError(`unknown let \`${id}\``);
  const fns = env.letFns;
  const type = env.letTypes[slot];
  return (f) => {
    if (f.letGen[slot] === f.gen) {
      if (f.letMiss[slot] === 1) f.missing = true;
      return f.letVal[slot];
    }
    const outer = f.missing;
    f.missing = false;
    // Stamped only once computed: a let that faulted is computed (and faults) again if re-read.
    let v: unknown;
    try {
      v = fns[slot](f);
    } catch (e) {
      // The fault names the let it happened in, not only the rule or scorecard that read it.
      if (e instanceof EvalFault && e.inLet === undefined) throw new EvalFault(e.message, id);
      throw e;
    }
    f.letGen[slot] = f.gen;
    f.letVal[slot] = v;
    f.letMiss[slot] = f.missing ? 1 : 0;
    f.missing = f.missing || outer;
    if (f.letLog !== null) f.letLog.push({ id, value: toJson(v, type) });
    return v;
  };
}

function arith(op: '+' | '-' | '*' | '/', l: Fn, r: Fn): Fn {
  const fn = op === '+' ? add : op === '-' ? sub : op === '*' ? mul : div;
  return (f) => {
    const a = l(f);
    if (a === undefined) return undefined;
    const b = r(f);
    if (b === undefined) return undefined;
    return fn(a as Num, b as Num);
  };
}

/** A comparison with a missing value is false, and marks the frame. */
function compare(op: '==' | '!=' | '<' | '<=' | '>' | '>=', l: Fn, r: Fn): Fn {
  switch (op) {
    case '==':
      return (f) => {
        const a = l(f);
        if (a === undefined) return miss(f);
        const b = r(f);
        if (b === undefined) return miss(f);
        return valuesEqual(a, b);
      };
    case '!=':
      return (f) => {
        const a = l(f);
        if (a === undefined) return miss(f);
        const b = r(f);
        if (b === undefined) return miss(f);
        return !valuesEqual(a, b);
      };
    case '<':
      return (f) => {
        const a = l(f);
        if (a === undefined) return miss(f);
        const b = r(f);
        if (b === undefined) return miss(f);
        return typeof a === 'number' && typeof b === 'number' ? a < b : compareValues(a, b) < 0;
      };
    case '<=':
      return (f) => {
        const a = l(f);
        if (a === undefined) return miss(f);
        const b = r(f);
        if (b === undefined) return miss(f);
        return typeof a === 'number' && typeof b === 'number' ? a <= b : compareValues(a, b) <= 0;
      };
    case '>':
      return (f) => {
        const a = l(f);
        if (a === undefined) return miss(f);
        const b = r(f);
        if (b === undefined) return miss(f);
        return typeof a === 'number' && typeof b === 'number' ? a > b : compareValues(a, b) > 0;
      };
    case '>=':
      return (f) => {
        const a = l(f);
        if (a === undefined) return miss(f);
        const b = r(f);
        if (b === undefined) return miss(f);
        return typeof a === 'number' && typeof b === 'number' ? a >= b : compareValues(a, b) >= 0;
      };
  }
}

function inList(negated: boolean, value: Fn, list: GExpr, env: Env, trace: boolean): Fn {
  const items = constantOf(list, env);
  if (Array.isArray(items) && items.every((i) => typeof i === 'string')) {
    const set = new Set(items as string[]);
    const listFn = trace && list.op === 'param' ? compileExpr(list, env, true) : undefined;
    return (f) => {
      const v = value(f);
      if (listFn) listFn(f);
      if (v === undefined) return miss(f);
      return set.has(v as string) !== negated;
    };
  }
  const l = compileExpr(list, env, trace);
  return (f) => {
    const v = value(f);
    if (v === undefined) return miss(f);
    const arr = l(f) as unknown[] | undefined;
    if (arr === undefined) return miss(f);
    let found = false;
    for (let i = 0; i < arr.length; i++)
      if (valuesEqual(v, arr[i])) {
        found = true;
        break;
      }
    return found !== negated;
  };
}
