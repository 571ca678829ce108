// A small seeded PRNG and the distributions the dataset generator draws from. Deterministic: the
// uniform stream is 32-bit integer math (no Math.random, no clock); the distributions add
// Math.log/exp/cos, which V8 computes with its own fdlibm port, so a seed gives the same bytes on
// any machine running the same engine.

export type Rng = () => number;

/** mulberry32: 32-bit state, fast, good enough for synthetic data (not for cryptography). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One independent stream per (seed, index): record i is the same whatever `start` or chunking
 * produced it, so a dataset can be generated in slices or in parallel and stay byte-identical.
 */
export function streamFor(seed: number, index: number): Rng {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return mulberry32(h);
}

export class Draw {
  constructor(readonly rng: Rng) {}

  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.rng();
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)];
  }

  /** Pick by relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let u = this.rng() * total;
    for (const [item, w] of items) {
      u -= w;
      if (u < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** Standard normal (Box–Muller; the second value is dropped to keep the stream simple). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.rng();
    const v = this.rng();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson by inversion; fine for the small means used here. */
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.rng();
    while (p > limit && k < 100) {
      k++;
      p *= this.rng();
    }
    return k;
  }
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
