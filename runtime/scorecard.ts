// Scorecards: bins compiled to tests once, then a score per decision. The first bin that matches
// wins; no match scores 0 and the trace says `no match`. Interval and comparison bins with plain
// JS-number bounds test a JS-number value inline, without a call.

import type { Bin, ScorecardNode, ValueType } from './graph.js';
import { compileExpr, numConst, type Env, type Fn, type Frame } from './closures.js';
import { leafOf, read } from './fused.js';
import { ordered } from './fused-leaf.js';
import { toJson, type CharacteristicTrace, type Trace } from './result.js';
import { add, compareValues, farApart, numToString, Quotient, valuesEqual, type Num } from './values.js';

interface CBin {
  test: (v: unknown) => boolean;
  range: boolean;
  lo: number;
  hi: number;
  loIn: boolean;
  hiIn: boolean;
  points: Num;
  /** The bin for the trace, from the graph's values: `[18, 25)`, `< 0.3` (written `< 30%` or `< 0.3`), `in ["master", "doctor"]`. */
  label: string;
}

export interface CompiledScorecard {
  id: string;
  base: Num;
  /** A characteristic that is a field (`leaf` ≥ 0, fused.ts) is read inline, not through `fn`. */
  chars: { label: string; fn: Fn; leaf: number; slot: number; si: number; type: ValueType; bins: CBin[] }[];
}

export function compileScorecard(n: ScorecardNode, env: Env): CompiledScorecard {
  return {
    id: n.id,
    base: numConst(n.base),
    chars: n.characteristics.map((c) => {
      const leaf = leafOf(c.expr, env);
      const fn = compileExpr(c.expr, env, false);
      return { label: c.label, fn, leaf: leaf ? leaf.kind : -1, slot: leaf ? leaf.slot : -1, si: leaf ? leaf.si : -1, type: c.expr.type, bins: c.bins.map(compileBin) };
    }),
  };
}

/** The score; with a trace, also the points of every characteristic. */
export function runScorecard(card: CompiledScorecard, f: Frame, trace: Trace | undefined): Num {
  let total = card.base;
  const chars: CharacteristicTrace[] | undefined = trace ? [] : undefined;
  for (const c of card.chars) {
    const v = c.leaf >= 0 ? read(f, c.leaf, c.slot, c.si) : c.fn(f);
    let bin: CBin | undefined;
    const bins = c.bins;
    // A number is tested on the bin's bounds; so is a quotient (`debt / income`), on its
    // approximation, against bounds it is far from; anything else by the bin's own test.
    const exact = typeof v === 'number';
    const x = exact ? v : v instanceof Quotient ? v.approx : NaN;
    for (let i = 0; i < bins.length; i++) {
      const b = bins[i];
      if (b.range && (exact || (farFrom(x, b.lo) && farFrom(x, b.hi))) ? (b.loIn ? x >= b.lo : x > b.lo) && (b.hiIn ? x <= b.hi : x < b.hi) : b.test(v)) {
        bin = b;
        break;
      }
    }
    if (bin) total = add(total, bin.points);
    if (chars) chars.push({ label: c.label, value: toJson(v, c.type), bin: bin ? bin.label : 'no match', points: bin ? numToString(bin.points) : '0' });
  }
  if (trace && chars) trace.nodes.push({ kind: 'scorecard', id: card.id, base: numToString(card.base), score: numToString(total), characteristics: chars });
  return total;
}

/**
 * Whether a quotient's approximation `x` orders against the bound `y` as its exact value does:
 * an infinite bound, or the gap `cmpNum` settles on the approximations (false for NaN: no quotient).
 */
function farFrom(x: number, y: number): boolean {
  return y === Infinity || y === -Infinity ? x === x : farApart(x, y);
}

function binConst(v: string | boolean | { decimal: string }): unknown {
  return typeof v === 'object' ? numConst(v.decimal) : v;
}

function showConst(v: string | boolean | { decimal: string }): string {
  return typeof v === 'object' ? v.decimal : typeof v === 'string' ? JSON.stringify(v) : String(v);
}

const NO_RANGE = { range: false, lo: 0, hi: 0, loIn: false, hiIn: false };

function numericRange(lo: Num, loIn: boolean, hi: Num, hiIn: boolean) {
  return typeof lo === 'number' && typeof hi === 'number' ? { range: true, lo, hi, loIn, hiIn } : NO_RANGE;
}

function compileBin(b: Bin): CBin {
  const points = numConst(b.points);
  const t = b.test;
  switch (t.kind) {
    case 'interval': {
      const lo = numConst(t.lower);
      const hi = numConst(t.upper);
      const li = t.lowerInclusive;
      const hiIn = t.upperInclusive;
      return {
        points,
        label: `${li ? '[' : '('}${t.lower}, ${t.upper}${hiIn ? ']' : ')'}`,
        ...numericRange(lo, li, hi, hiIn),
        test: (v) => {
          if (v === undefined) return false;
          const a = compareValues(v, lo);
          const c = compareValues(v, hi);
          return (li ? a >= 0 : a > 0) && (hiIn ? c <= 0 : c < 0);
        },
      };
    }
    case 'compare': {
      const x = numConst(t.value);
      const op = t.op;
      const below = op === '<' || op === '<=';
      const inclusive = op === '<=' || op === '>=';
      return {
        points,
        label: `${op} ${t.value}`,
        ...(below ? numericRange(-Infinity, false, x, inclusive) : numericRange(x, inclusive, Infinity, false)),
        test: (v) => {
          if (v === undefined) return false;
          return ordered(op, compareValues(v, x));
        },
      };
    }
    // A text or bool equals only itself (`valuesEqual`): tested with `===`, numbers with `valuesEqual`.
    case 'equals': {
      const x = binConst(t.value);
      const test = typeof x === 'object' || typeof x === 'number' ? (v: unknown) => v !== undefined && valuesEqual(v, x) : (v: unknown) => v === x;
      return { points, label: showConst(t.value), ...NO_RANGE, test };
    }
    case 'in': {
      const xs = t.values.map(binConst);
      const plain = xs.every((x) => typeof x === 'string' || typeof x === 'boolean');
      const test = plain
        ? (v: unknown) => {
            for (let i = 0; i < xs.length; i++) if (v === xs[i]) return true;
            return false;
          }
        : (v: unknown) => v !== undefined && xs.some((x) => valuesEqual(v, x));
      return { points, label: `in [${t.values.map(showConst).join(', ')}]`, ...NO_RANGE, test };
    }
    case 'missing':
      return { points, label: 'missing', ...NO_RANGE, test: (v) => v === undefined };
    case 'else':
      return { points, label: 'else', ...NO_RANGE, test: () => true };
  }
}
