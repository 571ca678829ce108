// Fused closures: common expression shapes compiled into one closure instead of a tree of them
// (closures.ts calls `fuse` first, for untraced expressions only; a traced one keeps its leaves).
// Each fused closure gives exactly what the general closures give for the same expression: the
// same value, the same `f.missing` mark, the same source calls (noted in the same order) and the
// same thrown errors. runtime/fused.test.ts compares the two on every shape.
//
// A leaf read inline is an input field, a source field (its first read per decision notes the
// call) or a field of the list element `it` (fused-leaf.ts).

import type { GExpr } from './graph.js';
import type { Env, Fn } from './closures.js';
import { FUNCTION_IMPLS } from './functions.js';
import { compareConst, ITEM, leafOf, miss, read, sameLeaf, type Leaf } from './fused-leaf.js';
import { listTest } from './fused-lists.js';
import { add, div, mul, sub as minus, valuesEqual, type Num } from './values.js';

export { leafOf, read } from './fused-leaf.js';

/** `==` / `!=` between two leaves (`face_check.ocr_name != applicant.name`). */
function leafVsLeaf(negated: boolean, l: Leaf, r: Leaf): Fn {
  const { kind: lk, slot: ls, si: lsi } = l;
  const { kind: rk, slot: rs, si: rsi } = r;
  return (f) => {
    const a = read(f, lk, ls, lsi);
    if (a === undefined) return miss(f);
    const b = read(f, rk, rs, rsi);
    if (b === undefined) return miss(f);
    return valuesEqual(a, b) !== negated;
  };
}

/**
 * A fused closure for `e` (untraced), or undefined when `e` has no fused shape. `constant` gives
 * a literal's or param's run-time value, undefined when `e` is not one; `sub` compiles a child.
 */
export function fuse(e: GExpr, env: Env, constant: (e: GExpr) => unknown, sub: (e: GExpr) => Fn): Fn | undefined {
  switch (e.op) {
    case 'item_field': {
      const leaf = leafOf(e, env);
      if (!leaf) return undefined;
      const i = leaf.slot;
      return (f) => {
        const o = f.it as unknown[] | undefined;
        return o === undefined ? undefined : o[i];
      };
    }
    case 'cmp': {
      const c = constant(e.right);
      const leaf = leafOf(e.left, env);
      if (c !== undefined) {
        // Any other left side: compiled as it is, then the same `compareConst`.
        return leaf ? compareConst(e.fn, leaf, c) : undefined;
      }
      const right = leafOf(e.right, env);
      if (leaf && right && (e.fn === '==' || e.fn === '!=')) return leafVsLeaf(e.fn === '!=', leaf, right);
      return undefined;
    }
    case 'arith': {
      // A leaf with a leaf or a constant (`debt / income`, `income * 3`).
      const leaf = leafOf(e.left, env);
      if (!leaf) return undefined;
      const right = leafOf(e.right, env);
      const c = right ? undefined : constant(e.right);
      if (!right && c === undefined) return undefined;
      const fn = e.fn === '+' ? add : e.fn === '-' ? minus : e.fn === '*' ? mul : div;
      const { kind, slot, si } = leaf;
      if (!right)
        return (f) => {
          const a = read(f, kind, slot, si);
          return a === undefined ? undefined : fn(a as Num, c as Num);
        };
      const { kind: rk, slot: rs, si: rsi } = right;
      return (f) => {
        const a = read(f, kind, slot, si);
        if (a === undefined) return undefined;
        const b = read(f, rk, rs, rsi);
        if (b === undefined) return undefined;
        return fn(a as Num, b as Num);
      };
    }
    case 'not': {
      const leaf = leafOf(e.arg, env);
      if (!leaf) return undefined;
      const { kind, slot, si } = leaf;
      return (f) => {
        const v = read(f, kind, slot, si);
        return v === undefined ? undefined : !v;
      };
    }
    case 'is_missing': {
      const leaf = leafOf(e.arg, env);
      if (!leaf) return undefined;
      const { kind, slot, si } = leaf;
      return e.negated ? (f) => read(f, kind, slot, si) !== undefined : (f) => read(f, kind, slot, si) === undefined;
    }
    case 'or': {
      // `x is missing or x == c` (fail closed on a missing answer): true when x is missing.
      const l = e.left;
      const r = e.right;
      if (l.op !== 'is_missing' || l.negated || r.op !== 'cmp' || r.fn !== '==') return undefined;
      const leaf = leafOf(l.arg, env);
      const other = leafOf(r.left, env);
      const c = constant(r.right);
      if (!leaf || !other || !sameLeaf(leaf, other) || c === undefined) return undefined;
      const { kind, slot, si } = leaf;
      return (f) => {
        const a = read(f, kind, slot, si);
        return a === undefined || valuesEqual(a, c);
      };
    }
    case 'in': {
      const items = constant(e.list);
      const leaf = leafOf(e.value, env);
      if (!leaf || !Array.isArray(items) || !items.every((i) => typeof i === 'string')) return undefined;
      const set = new Set(items as string[]);
      const negated = e.negated;
      const { kind, slot, si } = leaf;
      return (f) => {
        const v = read(f, kind, slot, si);
        if (v === undefined) return miss(f);
        return set.has(v as string) !== negated;
      };
    }
    case 'call': {
      if ((e.fn === 'count' || e.fn === 'any' || e.fn === 'all') && e.args.length === 2) {
        const fn = e.fn;
        const args = e.args;
        return listTest(fn, args[1], sub(args[0]), env, constant, () => FUNCTION_IMPLS[fn](args.map(sub), args));
      }
      // `avg(list, it.f)` / `sum(list, it.f)`: the element's field summed without a closure per element.
      if ((e.fn !== 'avg' && e.fn !== 'sum') || e.args.length !== 2) return undefined;
      const leaf = leafOf(e.args[1], env);
      if (!leaf || leaf.kind !== ITEM) return undefined;
      const list = sub(e.args[0]);
      const i = leaf.slot;
      const avg = e.fn === 'avg';
      return (f) => {
        const l = list(f) as unknown[][] | undefined;
        if (l === undefined || (avg && l.length === 0)) return undefined;
        let total: Num = 0;
        for (let k = 0; k < l.length; k++) {
          const item = l[k];
          const v = item === undefined ? undefined : item[i];
          if (v === undefined) return undefined;
          if (typeof v === 'number' && typeof total === 'number') {
            const s: number = total + v;
            if (Number.isSafeInteger(s) && Number.isSafeInteger(total) && Number.isSafeInteger(v)) {
              total = s;
              continue;
            }
          }
          total = add(total, v as Num);
        }
        return avg ? div(total, l.length) : total;
      };
    }
    default:
      return undefined;
  }
}
