// The suggested order against brute force: on random small rule sets (≤ 6 rules, shared sources,
// per-hit and per-query prices, shadow and review rules, sources read before the set), the exact
// order's cost equals the cheapest of all permutations.

import { describe, expect, it } from 'vitest';
import { mustFollow, orderCost, suggestOrder, type OrderModel, type OrderRule, type Signature } from './order.js';
import { EXACT_ORDER_LIMIT } from './report.js';
import { mulberry32 } from '../data/random.js';

/** Seeded, so that a failure reproduces. */
const rng = mulberry32;

function randomModel(seed: number, nRules: number): OrderModel {
  const r = rng(seed);
  const nSources = 1 + Math.floor(r() * 4);
  const sources = Array.from({ length: nSources }, () => {
    const k = r();
    return { kind: k < 0.2 ? ('free' as const) : k < 0.6 ? ('per_hit' as const) : ('per_query' as const), price: 1 + Math.floor(r() * 300) };
  });
  const rules: OrderRule[] = Array.from({ length: nRules }, (_, i) => {
    const reads = sources.map((_, j) => j).filter(() => r() < 0.45);
    const kind = r();
    return { id: `r${i}`, running: kind > 0.08, stops: kind > 0.3, shadow: kind > 0.08 && kind <= 0.2, sources: reads };
  });
  const signatures: Signature[] = Array.from({ length: 1 + Math.floor(r() * 25) }, () => ({
    hits: rules.map(() => r() < 0.3),
    prior: sources.map(() => r() < 0.15),
    charged: sources.map(() => r() < 0.5),
    count: 1 + Math.floor(r() * 50),
  }));
  return { rules, sources, signatures };
}

function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('suggested order', () => {
  it('matches brute force over every permutation on 300 random rule sets', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const model = randomModel(seed, 1 + (seed % 6));
      const result = suggestOrder(model);
      const running = model.rules.flatMap((rule, i) => (rule.running ? [i] : []));
      // The orders allowed: a stopping rule that now comes after a shadow rule stays after it.
      const must = mustFollow(model, running);
      const keeps = (p: number[]) => running.every((r, k) => must[k].every((s) => p.indexOf(running[s]) < p.indexOf(r)));
      const best = Math.min(...permutations(running).filter(keeps).map((p) => orderCost(model, p)));
      expect(keeps(result.suggested), `seed ${seed}`).toBe(true);
      expect(result.method).toBe('exact');
      expect(result.suggestedCost, `seed ${seed}`).toBe(best);
      expect(orderCost(model, result.suggested)).toBe(result.suggestedCost);
      expect([...result.suggested].sort((a, b) => a - b)).toEqual(running);
      expect(result.currentCost).toBe(orderCost(model, running));
    }
  });

  it('keeps a shadow vendor ahead of the rules that stop records after it, and says so', () => {
    // Vendor B on trial in shadow before vendor A: moving B after A would save its fees on A's
    // catches, but B would no longer be compared on the applicants A stops.
    const model: OrderModel = {
      rules: [
        { id: 'vendor_b', running: true, stops: false, shadow: true, sources: [0] },
        { id: 'vendor_a', running: true, stops: true, sources: [1] },
      ],
      sources: [
        { kind: 'per_query', price: 100 },
        { kind: 'per_query', price: 100 },
      ],
      signatures: [
        { hits: [true, true], prior: [false, false], charged: [false, false], count: 30 },
        { hits: [false, false], prior: [false, false], charged: [false, false], count: 70 },
      ],
    };
    const r = suggestOrder(model);
    expect(r.suggested).toEqual([0, 1]);
    expect(r.note).toBe('shadow rules still see every applicant they see now: the rules that stop records after them stay after them');
    // Without the trial, the same rule last is cheaper.
    const plain = suggestOrder({ ...model, rules: [{ ...model.rules[0], shadow: false }, model.rules[1]] });
    expect(plain.suggested).toEqual([1, 0]);
    expect(plain.note).toBeUndefined();
  });

  it('keeps the current order when it is already optimal', () => {
    // One stopper reading a free source, one per-query rule that stops nothing: already right.
    const model: OrderModel = {
      rules: [
        { id: 'cheap', running: true, stops: true, sources: [0] },
        { id: 'dear', running: true, stops: false, sources: [1] },
      ],
      sources: [
        { kind: 'free', price: 0 },
        { kind: 'per_query', price: 200 },
      ],
      signatures: [
        { hits: [true, false], prior: [false, false], charged: [false, false], count: 10 },
        { hits: [false, true], prior: [false, false], charged: [false, false], count: 90 },
      ],
    };
    const r = suggestOrder(model);
    expect(r.suggested).toEqual([0, 1]);
    expect(r.currentCost).toBe(90 * 200);
    // Reversed, the per-query source would bill all 100 records.
    expect(orderCost(model, [1, 0])).toBe(100 * 200);
  });

  it('does not charge a source already read before the set', () => {
    const model: OrderModel = {
      rules: [{ id: 'a', running: true, stops: true, sources: [0] }],
      sources: [{ kind: 'per_query', price: 100 }],
      signatures: [
        { hits: [false], prior: [true], charged: [false], count: 5 },
        { hits: [false], prior: [false], charged: [false], count: 3 },
      ],
    };
    expect(suggestOrder(model).currentCost).toBe(300);
  });

  it('falls back to a greedy order above the exact limit, and says so', () => {
    const n = EXACT_ORDER_LIMIT + 2;
    const model: OrderModel = {
      rules: Array.from({ length: n }, (_, i) => ({ id: `r${i}`, running: true, stops: true, sources: [i] })),
      // Later rules are cheaper and stop more: the greedy order runs them first.
      sources: Array.from({ length: n }, (_, i) => ({ kind: 'per_query' as const, price: 100 * (n - i) })),
      signatures: Array.from({ length: n }, (_, i) => ({ hits: Array.from({ length: n }, (_, k) => k === i), prior: new Array(n).fill(false), charged: new Array(n).fill(false), count: 1 + i })),
    };
    const r = suggestOrder(model);
    expect(r.method).toBe('greedy');
    expect(r.note).toMatch(/greedy/);
    expect(r.suggested[0]).toBe(n - 1);
    expect(r.suggestedCost).toBeLessThan(r.currentCost);
  });
});
