// The language's functions at run time: one closure builder per function, keyed by name so that
// the compiler proves every `FunctionName` has one. Arity and argument types are the checker's
// (grammar/check/functions.ts); the builders get their arguments already built as closures.
//
// Missing values: an argument that is missing makes the result missing (like arithmetic), except
// `coalesce`; in `count`/`any`/`all` a condition that is missing for an element counts as false;
// `sum`/`avg` are missing when the expression is missing for any element (as `a + b` would be).

import type { FunctionName, GExpr } from './graph.js';
import type { Fn, Frame } from './closures.js';
import { abs, add, compareValues, DataError, div, monthsBetween, roundHalfUp, roundToStep, type Num } from './values.js';

type Builder = (args: Fn[], exprs: GExpr[]) => Fn;

/** The decision's as-of day; a date function without one is a data error of the record. */
function asOf(f: Frame): number {
  if (f.asOf === undefined) throw new DataError('as_of', 'a date function needs the as-of date: give `as_of` in the record, or the first input\'s `applied_at`');
  return f.asOf;
}

/** Length in characters (code points), so that a Chinese name of three characters has length 3. */
function textLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      n++;
    }
  }
  return n;
}

function extreme(sign: 1 | -1): Builder {
  return (args) => (f) => {
    let best = args[0](f);
    if (best === undefined) return undefined;
    for (let i = 1; i < args.length; i++) {
      const v = args[i](f);
      if (v === undefined) return undefined;
      if (compareValues(v, best) * sign > 0) best = v;
    }
    return best;
  };
}

function unary(op: (x: Num) => Num): Builder {
  return ([x]) => (f) => {
    const v = x(f);
    return v === undefined ? undefined : op(v as Num);
  };
}

/** `floor(x)`, `floor(x, step)`; a missing step is missing, like any operand. */
function stepRounding(mode: 'floor' | 'ceil'): Builder {
  return ([x, step]) =>
    step === undefined
      ? unary((v) => roundToStep(v, undefined, mode))([x], [])
      : (f) => {
          const v = x(f);
          if (v === undefined) return undefined;
          const s = step(f);
          return s === undefined ? undefined : roundToStep(v as Num, s as Num, mode);
        };
}

function textTest(test: (s: string, part: string) => boolean): Builder {
  return ([a, b]) => (f) => {
    const s = a(f);
    if (s === undefined) return undefined;
    const p = b(f);
    return p === undefined ? undefined : test(s as string, p as string);
  };
}

/** Runs `body` with `it` bound to each element, restoring the outer `it` after. */
function sumOver(f: Frame, list: unknown[], expr: Fn): Num | undefined {
  const outer = f.it;
  let total: Num = 0;
  for (let i = 0; i < list.length; i++) {
    f.it = list[i];
    const v = expr(f);
    if (v === undefined) {
      f.it = outer;
      return undefined;
    }
    total = add(total, v as Num);
  }
  f.it = outer;
  return total;
}

export const FUNCTION_IMPLS: Record<FunctionName, Builder> = {
  min: extreme(-1),
  max: extreme(1),
  abs: unary(abs),
  floor: stepRounding('floor'),
  ceil: stepRounding('ceil'),
  round: ([x, digits]) => (f) => {
    const v = x(f);
    if (v === undefined) return undefined;
    if (digits === undefined) return roundHalfUp(v as Num, undefined);
    const d = digits(f);
    return d === undefined ? undefined : roundHalfUp(v as Num, d as Num);
  },
  coalesce: ([a, b]) => (f) => {
    const v = a(f);
    return v !== undefined ? v : b(f);
  },
  len: ([x]) => (f) => {
    const v = x(f);
    if (v === undefined) return undefined;
    return typeof v === 'string' ? textLength(v) : (v as unknown[]).length;
  },
  contains: textTest((s, part) => s.includes(part)),
  starts_with: textTest((s, prefix) => s.startsWith(prefix)),
  days_since: ([d]) => (f) => {
    const v = d(f);
    return v === undefined ? undefined : asOf(f) - (v as number);
  },
  months_since: ([d]) => (f) => {
    const v = d(f);
    return v === undefined ? undefined : monthsBetween(v as number, asOf(f));
  },
  count: ([list, cond]) => (f) => {
    const l = list(f) as unknown[] | undefined;
    if (l === undefined) return undefined;
    if (cond === undefined) return l.length;
    const outer = f.it;
    let n = 0;
    for (let i = 0; i < l.length; i++) {
      f.it = l[i];
      if (cond(f) === true) n++;
    }
    f.it = outer;
    return n;
  },
  sum: ([list, expr]) => (f) => {
    const l = list(f) as unknown[] | undefined;
    return l === undefined ? undefined : sumOver(f, l, expr);
  },
  avg: ([list, expr]) => (f) => {
    const l = list(f) as unknown[] | undefined;
    if (l === undefined || l.length === 0) return undefined;
    const total = sumOver(f, l, expr);
    return total === undefined ? undefined : div(total, l.length);
  },
  any: ([list, cond]) => (f) => {
    const l = list(f) as unknown[] | undefined;
    if (l === undefined) return undefined;
    const outer = f.it;
    let found = false;
    for (let i = 0; i < l.length && !found; i++) {
      f.it = l[i];
      found = cond(f) === true;
    }
    f.it = outer;
    return found;
  },
  all: ([list, cond]) => (f) => {
    const l = list(f) as unknown[] | undefined;
    if (l === undefined) return undefined;
    const outer = f.it;
    let every = true;
    for (let i = 0; i < l.length && every; i++) {
      f.it = l[i];
      every = cond(f) === true;
    }
    f.it = outer;
    return every;
  },
};
