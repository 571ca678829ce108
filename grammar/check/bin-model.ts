// What each scorecard bin matches, as sets that can be intersected and unioned: numeric bins as
// intervals on the (exact, dense) decimal line, text and bool bins as sets of values, `missing`
// as a flag. `else` matches whatever is left, so it takes no part in overlaps or gaps.

import Decimal from 'decimal.js';
import type { Bin, Expr } from '../ast.js';
import type { ValueType } from '../../runtime/graph.js';
import { decimalOf, isNumeric } from './types.js';
import { unparen } from './walk.js';

/** The family of values a characteristic has, which decides the bins it may use. */
export type BinFamily = 'numeric' | 'text' | 'bool' | 'none';

export function binFamily(t: ValueType): BinFamily {
  if (isNumeric(t)) return 'numeric';
  if (t.kind === 'text' || t.kind === 'enum') return 'text';
  if (t.kind === 'bool') return 'bool';
  return 'none';
}

/** A bin literal's value: the family it belongs to and its canonical key. */
export type BinValue = { family: 'numeric'; value: Decimal } | { family: 'text'; value: string } | { family: 'bool'; value: boolean };

/** The value of a literal written in a bin (`18`, `-5`, `"bachelor"`, `true`), or undefined after a parse error. */
export function binValue(e: Expr): BinValue | undefined {
  const u = unparen(e);
  if (u.kind === 'Number') {
    const d = decimalOf(u.value);
    return d && { family: 'numeric', value: d };
  }
  if (u.kind === 'Unary' && u.op === '-') {
    const inner = binValue(u.operand);
    return inner?.family === 'numeric' ? { family: 'numeric', value: inner.value.neg() } : undefined;
  }
  if (u.kind === 'String') return { family: 'text', value: u.value };
  if (u.kind === 'Bool') return { family: 'bool', value: u.value };
  return undefined;
}

/** A bound of an interval; `value` undefined is infinity on that side. */
export interface Bound {
  value?: Decimal;
  inclusive: boolean;
}

export interface Interval {
  lo: Bound;
  hi: Bound;
}

export interface BinMatch {
  intervals: Interval[];
  /** Text values, or `"true"`/`"false"`. */
  values: Set<string>;
  missing: boolean;
}

const point = (v: Decimal): Interval => ({ lo: { value: v, inclusive: true }, hi: { value: v, inclusive: true } });

/** What a bin matches; undefined for `else` or a bin whose values could not be read. */
export function binMatch(b: Bin): BinMatch | undefined {
  const m: BinMatch = { intervals: [], values: new Set(), missing: false };
  const addValue = (e: Expr): boolean => {
    const v = binValue(e);
    if (!v) return false;
    if (v.family === 'numeric') m.intervals.push(point(v.value));
    else m.values.add(String(v.value));
    return true;
  };
  switch (b.kind) {
    case 'Interval': {
      const lo = decimalOf(b.lower.value);
      const hi = decimalOf(b.upper.value);
      if (!lo || !hi) return undefined;
      m.intervals.push({ lo: { value: lo, inclusive: b.lowerInclusive }, hi: { value: hi, inclusive: b.upperInclusive } });
      return m;
    }
    case 'Compare': {
      const v = decimalOf(b.value.value);
      if (!v) return undefined;
      const inclusive = b.op === '<=' || b.op === '>=';
      m.intervals.push(b.op === '<' || b.op === '<=' ? { lo: { inclusive: false }, hi: { value: v, inclusive } } : { lo: { value: v, inclusive }, hi: { inclusive: false } });
      return m;
    }
    case 'Equals':
      return addValue(b.value) ? m : undefined;
    case 'InList':
      for (const v of b.values) if (!addValue(v)) return undefined;
      return m;
    case 'MissingBin':
      m.missing = true;
      return m;
    case 'ElseBin':
      return undefined;
  }
}

/** Whether an interval holds no value: its lower bound above its upper one, or equal to it with a bound excluded. */
export const isEmpty = (i: Interval): boolean => {
  if (!i.lo.value || !i.hi.value) return false;
  const c = i.lo.value.cmp(i.hi.value);
  return c > 0 || (c === 0 && !(i.lo.inclusive && i.hi.inclusive));
};

/** The common part of two intervals, or undefined when they do not meet. */
export function intersect(a: Interval, b: Interval): Interval | undefined {
  const lo = lowerMax(a.lo, b.lo);
  const hi = upperMin(a.hi, b.hi);
  const i = { lo, hi };
  return isEmpty(i) ? undefined : i;
}

function lowerMax(a: Bound, b: Bound): Bound {
  if (!a.value) return b;
  if (!b.value) return a;
  const c = a.value.cmp(b.value);
  return c > 0 ? a : c < 0 ? b : { value: a.value, inclusive: a.inclusive && b.inclusive };
}

function upperMin(a: Bound, b: Bound): Bound {
  if (!a.value) return b;
  if (!b.value) return a;
  const c = a.value.cmp(b.value);
  return c < 0 ? a : c > 0 ? b : { value: a.value, inclusive: a.inclusive && b.inclusive };
}

/** `25`, `< 18`, `>= 61`, `[25, 26)`: an interval as a bin would write it. */
export function showInterval(i: Interval): string {
  const { lo, hi } = i;
  if (!lo.value && !hi.value) return 'any number';
  if (!lo.value) return `${hi.inclusive ? '<=' : '<'} ${hi.value!.toString()}`;
  if (!hi.value) return `${lo.inclusive ? '>=' : '>'} ${lo.value.toString()}`;
  if (lo.value.eq(hi.value)) return lo.value.toString();
  return `${lo.inclusive ? '[' : '('}${lo.value.toString()}, ${hi.value.toString()}${hi.inclusive ? ']' : ')'}`;
}

/** The parts of the number line no interval covers, in order. */
export function uncovered(intervals: Interval[]): Interval[] {
  const live = intervals.filter((i) => !isEmpty(i));
  // By lower bound: -∞ first, then by value, an inclusive bound before an exclusive one.
  live.sort((a, b) => {
    if (!a.lo.value || !b.lo.value) return (a.lo.value ? 1 : 0) - (b.lo.value ? 1 : 0);
    return a.lo.value.cmp(b.lo.value) || (a.lo.inclusive === b.lo.inclusive ? 0 : a.lo.inclusive ? -1 : 1);
  });
  const gaps: Interval[] = [];
  // Everything below `frontier` is covered (and `frontier` itself when inclusive); no value = -∞, nothing covered yet.
  let frontier: Bound = { inclusive: false };
  let started = false;
  for (const i of live) {
    if (!started || frontier.value) {
      const gapLo: Bound = started ? { value: frontier.value, inclusive: !frontier.inclusive } : { inclusive: false };
      const gapHi: Bound = { value: i.lo.value, inclusive: !i.lo.inclusive };
      if (i.lo.value) {
        const gap = { lo: gapLo, hi: gapHi };
        if (!isEmpty(gap)) gaps.push(gap);
      }
    }
    if (!started) {
      frontier = i.hi;
      started = true;
    } else if (frontier.value) {
      if (!i.hi.value) frontier = i.hi;
      else {
        const c = i.hi.value.cmp(frontier.value);
        if (c > 0 || (c === 0 && i.hi.inclusive)) frontier = i.hi;
      }
    }
    if (!frontier.value) return gaps; // covered up to +∞
  }
  gaps.push(started ? { lo: { value: frontier.value, inclusive: !frontier.inclusive }, hi: { inclusive: false } } : { lo: { inclusive: false }, hi: { inclusive: false } });
  return gaps;
}
