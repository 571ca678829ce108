// Leaves read inline by the fused closures (fused.ts, fused-lists.ts): an input field, a source
// field (its first read per decision notes the call) or a field of the list element `it`, read
// exactly as the general closures (closures.ts `fieldRead`, `item_field`) read them.

import type { GExpr } from './graph.js';
import type { Env, Fn, Frame } from './closures.js';
import { itemFieldOrder } from './record.js';
import { cmpNum, compareValues, farApart, Quotient, valuesEqual } from './values.js';

const INPUT = 0;
const SOURCE = 1;
export const ITEM = 2;
const SCORE = 3;

/**
 * Where a leaf reads: `kind` INPUT/SOURCE (`slot` in the frame, `si` the source), ITEM (`slot` in
 * the element) or SCORE (`slot` in the frame's scores).
 */
export interface Leaf {
  kind: number;
  slot: number;
  si: number;
}

export function leafOf(e: GExpr, env: Env): Leaf | undefined {
  if (e.op === 'field') {
    const slot = env.layout.slotOf(e.id, e.field);
    if (slot < 0) return undefined;
    if (e.owner === 'input') return { kind: INPUT, slot, si: -1 };
    const si = env.sourceIndex.get(e.id);
    return si === undefined ? undefined : { kind: SOURCE, slot, si };
  }
  if (e.op === 'score') {
    const slot = env.scoreSlot.get(e.id);
    return slot === undefined ? undefined : { kind: SCORE, slot, si: -1 };
  }
  if (e.op === 'item_field' && e.object.op === 'it' && e.object.type.kind === 'record') {
    const i = itemFieldOrder(e.object.type.fields).indexOf(e.field);
    return i < 0 ? undefined : { kind: ITEM, slot: i, si: -1 };
  }
  return undefined;
}

export const sameLeaf = (a: Leaf, b: Leaf): boolean => a.kind === b.kind && a.slot === b.slot && a.si === b.si;

/** The leaf's value, as `fieldRead` / `item_field` closures read it. */
export function read(f: Frame, kind: number, slot: number, si: number): unknown {
  if (kind === INPUT) return f.vals[slot];
  if (kind === SOURCE) {
    if (f.srcGen[si] !== f.gen) f.callSource(si);
    return f.vals[slot];
  }
  if (kind === SCORE) return f.scores[slot];
  const o = f.it as unknown[] | undefined;
  return o === undefined ? undefined : o[slot];
}

export const miss = (f: Frame): false => {
  f.missing = true;
  return false;
};

/**
 * The order of a present value and a JS-number constant, as `compareValues(a, c)` gives it: a
 * quotient is settled by its approximation when the gap is wide (as `cmpNum` does first).
 */
export function orderNum(a: unknown, c: number): number {
  if (typeof a === 'number') return a < c ? -1 : a > c ? 1 : 0;
  if (a instanceof Quotient) {
    const x = a.approx;
    if (farApart(x, c)) return x < c ? -1 : 1;
    return cmpNum(a, c);
  }
  return compareValues(a, c);
}

export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Whether an order `k` (negative, zero, positive; NaN for incomparable values) satisfies `op`: NaN satisfies none. */
export const ordered = (op: CmpOp, k: number): boolean => (op === '<' ? k < 0 : op === '<=' ? k <= 0 : op === '>' ? k > 0 : k >= 0);

/**
 * `left op c` with a right side fixed at prepare time (never missing), as the general `compare`
 * gives it: `left` is a compiled expression, or a leaf read inline (no closure call per record).
 * A quotient against a number is settled on its approximation when far from it (`orderNum`).
 */
export function compareConst(op: CmpOp, left: Fn | Leaf, c: unknown): Fn {
  const l = typeof left === 'function' ? left : undefined;
  const { kind, slot, si } = typeof left === 'function' ? { kind: -1, slot: -1, si: -1 } : left;
  if (op === '==' || op === '!=') {
    const negated = op === '!=';
    return (f) => {
      const a = l !== undefined ? l(f) : read(f, kind, slot, si);
      if (a === undefined) return miss(f);
      return valuesEqual(a, c) !== negated;
    };
  }
  if (typeof c === 'number')
    switch (op) {
      case '<':
        return (f) => {
          const a = l !== undefined ? l(f) : read(f, kind, slot, si);
          if (a === undefined) return miss(f);
          return typeof a === 'number' ? a < c : orderNum(a, c) < 0;
        };
      case '<=':
        return (f) => {
          const a = l !== undefined ? l(f) : read(f, kind, slot, si);
          if (a === undefined) return miss(f);
          return typeof a === 'number' ? a <= c : orderNum(a, c) <= 0;
        };
      case '>':
        return (f) => {
          const a = l !== undefined ? l(f) : read(f, kind, slot, si);
          if (a === undefined) return miss(f);
          return typeof a === 'number' ? a > c : orderNum(a, c) > 0;
        };
      case '>=':
        return (f) => {
          const a = l !== undefined ? l(f) : read(f, kind, slot, si);
          if (a === undefined) return miss(f);
          return typeof a === 'number' ? a >= c : orderNum(a, c) >= 0;
        };
    }
  // Incomparable values give NaN: every ordering of it is false, as in `compare`.
  return (f) => {
    const a = l !== undefined ? l(f) : read(f, kind, slot, si);
    if (a === undefined) return miss(f);
    return ordered(op, compareValues(a, c));
  };
}
