// Scorecards: bins compiled to tests once, then a score per decision. The first bin that matches
// wins; no match scores 0 and the trace says `no match`. Interval and comparison bins with plain
// JS-number bounds test a JS-number value inline, without a call.

import type { Bin, ScorecardNode, ValueType } from './graph.js';
import { compileExpr, numConst, type Env, type Fn, type Frame } from './closures.js';
import { toJson, type CharacteristicTrace, type Trace } from './result.js';
import { add, compareValues, numToString, valuesEqual, type Num } from './values.js';

interface CBin {
  test: (v: unknown) => boolean;
  range: boolean;
  lo: number;
  hi: number;
  loIn: boolean;
  hiIn: boolean;
  points: Num;
  /** The bin as written, for the trace: `[18, 25)`, `< 0.3`, `in ["master", "doctor"]`. */
  label: string;
}

export interface CompiledScorecard {
  id: string;
  base: Num;
  chars: { label: string; fn: Fn; type: ValueType; bins: CBin[] }[];
}

export function compileScorecard(n: ScorecardNode, env: Env): CompiledScorecard {
  return {
    id: n.id,
    base: numConst(n.base),
    chars: n.characteristics.map((c) => ({ label: c.label, fn: compileExpr(c.expr, env, false), type: c.expr.type, bins: c.bins.map(compileBin) })),
  };
}

/** The score; with a trace, also the points of every characteristic. */
export function runScorecard(card: CompiledScorecard, f: Frame, trace: Trace | undefined): Num {
  let total = card.base;
  const chars: CharacteristicTrace[] | undefined = trace ? [] : undefined;
  for (const c of card.chars) {
    const v = c.fn(f);
    let bin: CBin | undefined;
    const bins = c.bins;
    for (let i = 0; i < bins.length; i++) {
      const b = bins[i];
      if (b.range && typeof v === 'number' ? (b.loIn ? v >= b.lo : v > b.lo) && (b.hiIn ? v <= b.hi : v < b.hi) : b.test(v)) {
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
          const c = compareValues(v, x);
          return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
        },
      };
    }
    case 'equals': {
      const x = binConst(t.value);
      return { points, label: showConst(t.value), ...NO_RANGE, test: (v) => v !== undefined && valuesEqual(v, x) };
    }
    case 'in': {
      const xs = t.values.map(binConst);
      return { points, label: `in [${t.values.map(showConst).join(', ')}]`, ...NO_RANGE, test: (v) => v !== undefined && xs.some((x) => valuesEqual(v, x)) };
    }
    case 'missing':
      return { points, label: 'missing', ...NO_RANGE, test: (v) => v === undefined };
    case 'else':
      return { points, label: 'else', ...NO_RANGE, test: () => true };
  }
}
