// `count` / `any` / `all` whose condition is tested on each element inline (fused.ts calls
// `listTest`): no closure call and no `it` binding per element, the same answers and marks.

import type { GExpr } from './graph.js';
import type { Env, Fn, Frame } from './closures.js';
import { ITEM, leafOf, miss, ordered, orderNum, type CmpOp } from './fused-leaf.js';
import { compareValues, valuesEqual } from './values.js';

// A condition tested inline is a field of the element, `not` of one, one `in` a list of texts, one
// compared with a constant (or its `days_since`), or `and` / `or` of two of those. `itemValue`
// gives what the general closure gives with `it` bound to the element.

const T_FIELD = 0;
const T_NOT = 1;
const T_IN = 2;
const T_EQ = 3;
const T_ORDER = 4;
/** `days_since(it.f) < c`: needs the as-of day (`listTest` falls back to the general closure without one). */
const T_DAYS = 5;

interface ItemTest {
  k: number;
  slot: number;
  negated: boolean;
  set: Set<string> | undefined;
  c: unknown;
  op: CmpOp;
}

function itemTestOf(e: GExpr, env: Env, constant: (e: GExpr) => unknown): ItemTest | undefined {
  const t: ItemTest = { k: T_FIELD, slot: -1, negated: false, set: undefined, c: undefined, op: '==' };
  let leafExpr: GExpr = e;
  if (e.op === 'not') {
    t.k = T_NOT;
    leafExpr = e.arg;
  } else if (e.op === 'in') {
    const items = constant(e.list);
    if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) return undefined;
    t.k = T_IN;
    t.set = new Set(items as string[]);
    t.negated = e.negated;
    leafExpr = e.value;
  } else if (e.op === 'cmp' && e.left.op === 'call' && e.left.fn === 'days_since') {
    const c = constant(e.right);
    if (typeof c !== 'number' || e.fn === '==' || e.fn === '!=' || e.left.args.length !== 1) return undefined;
    t.k = T_DAYS;
    t.op = e.fn;
    t.c = c;
    leafExpr = e.left.args[0];
  } else if (e.op === 'cmp') {
    const c = constant(e.right);
    if (c === undefined) return undefined;
    t.op = e.fn;
    t.c = c;
    t.negated = e.fn === '!=';
    t.k = e.fn === '==' || e.fn === '!=' ? T_EQ : T_ORDER;
    leafExpr = e.left;
  }
  const leaf = leafOf(leafExpr, env);
  if (!leaf || leaf.kind !== ITEM) return undefined;
  t.slot = leaf.slot;
  return t;
}

function itemValue(t: ItemTest, f: Frame, item: unknown[] | undefined): unknown {
  const v = item === undefined ? undefined : item[t.slot];
  switch (t.k) {
    case T_FIELD:
      return v;
    case T_NOT:
      return v === undefined ? undefined : !v;
    case T_IN:
      if (v === undefined) return miss(f);
      return t.set!.has(v as string) !== t.negated;
    case T_EQ: {
      if (v === undefined) return miss(f);
      return valuesEqual(v, t.c) !== t.negated;
    }
    case T_DAYS: {
      if (v === undefined) return miss(f);
      const a = (f.asOf as number) - (v as number);
      const c = t.c as number;
      const op = t.op;
      return op === '<' ? a < c : op === '<=' ? a <= c : op === '>' ? a > c : a >= c;
    }
    default: {
      if (v === undefined) return miss(f);
      const c = t.c;
      const op = t.op;
      if (typeof c === 'number') {
        if (typeof v === 'number') return op === '<' ? v < c : op === '<=' ? v <= c : op === '>' ? v > c : v >= c;
        return ordered(op, orderNum(v, c));
      }
      return ordered(op, compareValues(v, c));
    }
  }
}

const AND = 1;
const OR = 2;

/**
 * `count` / `any` / `all` with a condition of `itemTestOf` shapes, or undefined. `general` builds
 * the general closure: run instead when a `days_since` has no as-of day (it throws what it throws).
 */
export function listTest(fn: 'count' | 'any' | 'all', cond: GExpr, list: Fn, env: Env, constant: (e: GExpr) => unknown, general: () => Fn): Fn | undefined {
  let join = 0;
  let a: ItemTest | undefined;
  let b: ItemTest | undefined;
  if (cond.op === 'and' || cond.op === 'or') {
    join = cond.op === 'and' ? AND : OR;
    a = itemTestOf(cond.left, env, constant);
    b = itemTestOf(cond.right, env, constant);
    if (!a || !b) return undefined;
  } else {
    a = itemTestOf(cond, env, constant);
    if (!a) return undefined;
  }
  const fused = inlineListTest(fn, join, a, b ?? a, list);
  if (a.k !== T_DAYS && b?.k !== T_DAYS) return fused;
  const slow = general();
  return (f) => (f.asOf === undefined ? slow(f) : fused(f));
}

function inlineListTest(fn: 'count' | 'any' | 'all', join: number, ta: ItemTest, tb: ItemTest, list: Fn): Fn {
  /** Whether the condition is true on `item` (with the marks its evaluation leaves). */
  const holds = (f: Frame, item: unknown[] | undefined): boolean => {
    const x = itemValue(ta, f, item);
    if (join === 0) return x === true;
    if (join === AND) {
      if (x === false) return false;
      const y = itemValue(tb, f, item);
      return y !== false && x !== undefined && y !== undefined;
    }
    if (x === true) return true;
    return itemValue(tb, f, item) === true;
  };
  switch (fn) {
    case 'count':
      return (f) => {
        const l = list(f) as (unknown[] | undefined)[] | undefined;
        if (l === undefined) return undefined;
        let n = 0;
        for (let i = 0; i < l.length; i++) if (holds(f, l[i])) n++;
        return n;
      };
    case 'any':
      return (f) => {
        const l = list(f) as (unknown[] | undefined)[] | undefined;
        if (l === undefined) return undefined;
        for (let i = 0; i < l.length; i++) if (holds(f, l[i])) return true;
        return false;
      };
    case 'all':
      return (f) => {
        const l = list(f) as (unknown[] | undefined)[] | undefined;
        if (l === undefined) return undefined;
        for (let i = 0; i < l.length; i++) if (!holds(f, l[i])) return false;
        return true;
      };
  }
}
