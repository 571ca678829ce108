// Records' signatures at each rule set, counted for the suggested order (finalize.ts: `setModel`):
// the standalone hits of the set's rules, the sources read before the set, and the per-hit sources
// that would bill, each a bit set. The report keys them as text (`hits:prior:charged`); while
// records are counted they are kept under one number where that number is exact (a Map keyed by
// numbers is cheaper than building and hashing a text per record and set), and turned into the
// text keys when the counts are read (`fold`).

import type { VersionPlan } from './plan.js';
import { HIT } from './slots.js';

/** Where a version's probe answers are (core.ts: `Version`). */
export interface SignatureInputs {
  plan: VersionPlan;
  /** The probe's states of the record at hand. */
  codes: Uint8Array;
  /** Per plan rule: its state's index in `codes`. */
  ruleAt: Int32Array;
  /** Per source: the index in `codes` of its hit field's state, or -1. */
  hitAt: Int32Array;
}

/** Whether a set's signature fits one number exactly: each part within 30 bits (as the text keys write them), all within a double's 53. */
const fitsNumber = (rules: number, sources: number): boolean => rules <= 30 && sources <= 30 && rules + 2 * sources <= 53;

/** The set bits of a test over n positions as a compact, stable key part. */
function bitsKey(n: number, test: (i: number) => boolean): string | number {
  if (n <= 30) {
    let b = 0;
    for (let i = 0; i < n; i++) if (test(i)) b |= 1 << i;
    return b;
  }
  let s = '';
  for (let i = 0; i < n; i++) s += test(i) ? '1' : '0';
  return s;
}

function bump<K>(m: Map<K, number>, key: K, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n === 0) m.delete(key);
  else m.set(key, n);
}

export class SignatureCounts {
  /** Per set: counts under numeric keys, (hits × 2^sources + prior) × 2^sources + charged; undefined where that does not fit. */
  private readonly numeric: (Map<number, number> | undefined)[];

  constructor(
    private readonly v: SignatureInputs,
    /** The text-keyed counts per set (the partial's `setSignatures`). */
    private readonly text: Map<string, number>[],
  ) {
    this.numeric = v.plan.sets.map((set) => (fitsNumber(set.rules.length, set.sources.length) ? new Map<number, number>() : undefined));
  }

  /** Adds `sign` to the count of the record at hand at set `s`, `seen` holding the sources read before it. */
  add(s: number, seen: Uint8Array, sign: number): void {
    const counts = this.numeric[s];
    if (counts === undefined) {
      bump(this.text[s], this.textKey(s, seen), sign);
      return;
    }
    const set = this.v.plan.sets[s];
    const ruleIdx = set.rules;
    const srcs = set.sources;
    const { codes, ruleAt, hitAt } = this.v;
    let hits = 0;
    for (let i = 0; i < ruleIdx.length; i++) if (codes[ruleAt[ruleIdx[i]]] === HIT) hits |= 1 << i;
    let prior = 0;
    let charged = 0;
    for (let j = 0; j < srcs.length; j++) {
      if (seen[srcs[j]] === 1) prior |= 1 << j;
      const h = hitAt[srcs[j]];
      if (h >= 0 && codes[h] === HIT) charged |= 1 << j;
    }
    const scale = 2 ** srcs.length;
    bump(counts, (hits * scale + prior) * scale + charged, sign);
  }

  /** Moves the counts kept under numeric keys into the text-keyed maps. */
  fold(): void {
    this.numeric.forEach((counts, s) => {
      if (counts === undefined || counts.size === 0) return;
      const scale = 2 ** this.v.plan.sets[s].sources.length;
      for (const [k, n] of counts) {
        const charged = k % scale;
        const rest = (k - charged) / scale;
        const prior = rest % scale;
        bump(this.text[s], `${(rest - prior) / scale}:${prior}:${charged}`, n);
      }
      counts.clear();
    });
  }

  /** The text key of the record at hand at set `s`, for a set too wide for a numeric key. */
  private textKey(s: number, seen: Uint8Array): string {
    const set = this.v.plan.sets[s];
    const ruleIdx = set.rules;
    const srcs = set.sources;
    const { codes, ruleAt, hitAt } = this.v;
    const hits = bitsKey(ruleIdx.length, (i) => codes[ruleAt[ruleIdx[i]]] === HIT);
    const prior = bitsKey(srcs.length, (j) => seen[srcs[j]] === 1);
    const charged = bitsKey(srcs.length, (j) => {
      const h = hitAt[srcs[j]];
      return h >= 0 && codes[h] === HIT;
    });
    return `${hits}:${prior}:${charged}`;
  }
}
