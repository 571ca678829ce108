// The suggested order of a rule set: the order of its running rules that minimises the expected
// source cost per applicant reaching the set, when the first reject stops everything.
//
// Model (from the replayed records, no guess): a record reaching the set is one "signature" — which
// rules of the set would fire on it alone, which sources were already read before the set (free
// now), which per-hit sources would bill. Running rule r reads its sources; a source costs its
// price the first time the set reads it (per-hit: only when its hit field is true); a rule in force
// with a reject outcome that fires stops the record. Whether a record is still alive after a SET of
// rules, and which sources that set has read, depend only on the set, not on its order; so the
// cost of appending rule r after set T is a function Δ(T, r), and a dynamic programme over the 2^m
// subsets gives the exact optimum. Sums run over integers (prices scaled to whole units of their
// smallest decimal place), so ties are exact and the result does not depend on record order.
// Above EXACT_ORDER_LIMIT running rules the programme is too large and a greedy order is used:
// repeatedly the rule with the least cost per record it stops (the report says so).
//
// A shadow rule is on trial: it is there to be compared on the applicants it sees now (a vendor
// run in shadow before the incumbent sees every applicant the incumbent judges). So a rule that
// stops records and now comes after a shadow rule stays after it: the orders searched keep that.

import { EXACT_ORDER_LIMIT } from './report.js';

export interface OrderRule {
  id: string;
  /** Not switched off: it runs and reads its sources. */
  running: boolean;
  /** Switched on (not shadow) with a reject outcome: a hit stops the record. */
  stops: boolean;
  /** In shadow: the stopping rules after it now stay after it. */
  shadow?: boolean;
  /** Positions in the set's source list. */
  sources: number[];
}

export interface OrderSource {
  kind: 'free' | 'per_hit' | 'per_query';
  /** Price as an integer count of `1 / scale`. */
  price: number;
}

export interface Signature {
  /** Per rule of the set: fires on the record alone. */
  hits: boolean[];
  /** Per source of the set: already read before the set. */
  prior: boolean[];
  /** Per source of the set: its hit field is true (bills a per-hit source). */
  charged: boolean[];
  count: number;
}

export interface OrderModel {
  rules: OrderRule[];
  sources: OrderSource[];
  signatures: Signature[];
}

export interface OrderResult {
  method: 'exact' | 'greedy';
  note?: string;
  /** Rule positions (in `model.rules`) of the running rules, current order. */
  current: number[];
  suggested: number[];
  /** Total scaled cost over every signature's records. */
  currentCost: number;
  suggestedCost: number;
}

/** Scaled charge of each source for one signature (0 when already read or not billed). */
function weights(model: OrderModel, sig: Signature): number[] {
  return model.sources.map((s, j) => {
    if (sig.prior[j]) return 0;
    if (s.kind === 'per_query') return s.price;
    if (s.kind === 'per_hit') return sig.charged[j] ? s.price : 0;
    return 0;
  });
}

/** Total scaled cost of running the rules in `order` on every signature, with short-circuit. */
export function orderCost(model: OrderModel, order: number[]): number {
  let total = 0;
  for (const sig of model.signatures) {
    const w = weights(model, sig);
    const seen = new Uint8Array(model.sources.length);
    let cost = 0;
    for (const r of order) {
      const rule = model.rules[r];
      for (const j of rule.sources)
        if (!seen[j]) {
          seen[j] = 1;
          cost += w[j];
        }
      if (rule.stops && sig.hits[r]) break;
    }
    total += cost * sig.count;
  }
  return total;
}

/**
 * Per running rule (by its index in `running`): the indices in `running` of the rules that must
 * come before it — the shadow rules it now comes after, when it stops records.
 */
export function mustFollow(model: OrderModel, running: number[]): number[][] {
  const before = running.map((): number[] => []);
  running.forEach((s, i) => {
    if (!model.rules[s].shadow) return;
    for (let k = i + 1; k < running.length; k++) if (model.rules[running[k]].stops) before[k].push(i);
  });
  return before;
}

export function suggestOrder(model: OrderModel): OrderResult {
  const current = model.rules.flatMap((r, i) => (r.running ? [i] : []));
  const bound = model.signatures.reduce((t, s) => t + s.count * weights(model, s).reduce((a, b) => a + b, 0), 0);
  const before = mustFollow(model, current);
  const trial = before.some((b) => b.length > 0) ? 'shadow rules still see every applicant they see now: the rules that stop records after them stay after them' : undefined;
  let result: { method: 'exact' | 'greedy'; suggested: number[]; note?: string };
  if (current.length <= EXACT_ORDER_LIMIT && bound <= Number.MAX_SAFE_INTEGER) result = { method: 'exact', suggested: exactOrder(model, current, before), ...(trial ? { note: trial } : {}) };
  else {
    const why =
      current.length > EXACT_ORDER_LIMIT
        ? `${current.length} running rules: above ${EXACT_ORDER_LIMIT}, the exact search over every subset is too large`
        : 'the prices times the records exceed exact integer arithmetic';
    result = { method: 'greedy', suggested: greedyOrder(model, current, before), note: `greedy order (cheapest per record stopped first), not proven optimal: ${why}${trial ? `; ${trial}` : ''}` };
  }
  const currentCost = orderCost(model, current);
  let suggestedCost = orderCost(model, result.suggested);
  if (suggestedCost > currentCost) {
    result.suggested = current;
    suggestedCost = currentCost;
    result.note = `${result.note ?? ''}; the greedy order was no better than the current one, which is kept`.replace(/^; /, '');
  }
  return { ...result, current, currentCost, suggestedCost };
}

function exactOrder(model: OrderModel, running: number[], must: number[][]): number[] {
  const m = running.length;
  const before = must.map((ks) => ks.reduce((bits, k) => bits | (1 << k), 0));
  const full = (1 << m) - 1;
  const size = 1 << m;
  const nSrc = model.sources.length;
  // readers[j]: running rules (as bits over `running`) that read source j.
  const readers = new Array<number>(nSrc).fill(0);
  running.forEach((r, i) => {
    for (const j of model.rules[r].sources) readers[j] |= 1 << i;
  });
  // S[j][X] = Σ weight of source j over signatures whose stopping hits lie inside X: with X the
  // complement of T, that is the weight of the records still alive after T.
  const S: Float64Array[] = [];
  const stopMasks = model.signatures.map((sig) => running.reduce((mask, r, i) => (model.rules[r].stops && sig.hits[r] ? mask | (1 << i) : mask), 0));
  for (let j = 0; j < nSrc; j++) {
    const g = new Float64Array(size);
    model.signatures.forEach((sig, k) => {
      const w = weights(model, sig)[j];
      if (w) g[stopMasks[k]] += w * sig.count;
    });
    for (let b = 0; b < m; b++) {
      const bit = 1 << b;
      for (let x = 0; x < size; x++) if (x & bit) g[x] += g[x ^ bit];
    }
    S.push(g);
  }
  const delta = (T: number, i: number): number => {
    let d = 0;
    const alive = full ^ T;
    for (const j of model.rules[running[i]].sources) if ((readers[j] & T) === 0) d += S[j][alive];
    return d;
  };
  // best[T]: least cost to run the rules not in T, given T already ran (Infinity: no order allowed).
  const best = new Float64Array(size);
  for (let T = full - 1; T >= 0; T--) {
    let b = Infinity;
    for (let i = 0; i < m; i++) {
      if (T & (1 << i) || (before[i] & T) !== before[i]) continue;
      const c = delta(T, i) + best[T | (1 << i)];
      if (c < b) b = c;
    }
    best[T] = b;
  }
  // Ties go to the rule that comes first now, so that a current order that is optimal is kept.
  const order: number[] = [];
  let T = 0;
  while (T !== full) {
    let pick = -1;
    let b = Infinity;
    for (let i = 0; i < m; i++) {
      if (T & (1 << i) || (before[i] & T) !== before[i]) continue;
      const c = delta(T, i) + best[T | (1 << i)];
      if (c < b) {
        b = c;
        pick = i;
      }
    }
    order.push(running[pick]);
    T |= 1 << pick;
  }
  return order;
}

function greedyOrder(model: OrderModel, running: number[], before: number[][]): number[] {
  const sigs = model.signatures.map((sig) => ({ sig, w: weights(model, sig), alive: true }));
  const readSrc = new Uint8Array(model.sources.length);
  const left = [...running];
  const order: number[] = [];
  // The rules placed so far (indices in `running`), and whether rule r may come next.
  const placed = new Set<number>();
  const at = new Map(running.map((r, i) => [r, i]));
  const allowed = (r: number) => before[at.get(r)!].every((k) => placed.has(k));
  while (left.length) {
    let pick = -1;
    let pc = 0;
    let pp = 0;
    for (const r of left) {
      if (!allowed(r)) continue;
      const rule = model.rules[r];
      let c = 0;
      let p = 0;
      for (const s of sigs) {
        if (!s.alive) continue;
        for (const j of rule.sources) if (!readSrc[j]) c += s.w[j] * s.sig.count;
        if (rule.stops && s.sig.hits[r]) p += s.sig.count;
      }
      if (p === 0) continue;
      // c / p < pc / pp, by cross-multiplication (exact on integers).
      if (pick < 0 || c * pp < pc * p) {
        pick = r;
        pc = c;
        pp = p;
      }
    }
    if (pick < 0) {
      // No rule allowed next stops anything: the rules left keep their current order, unless a
      // stopper waits for a shadow rule, which then goes first.
      const waiting = left.some((r) => model.rules[r].stops && !allowed(r));
      if (!waiting) {
        order.push(...left);
        break;
      }
      pick = left.find(allowed)!;
    }
    order.push(pick);
    placed.add(at.get(pick)!);
    left.splice(left.indexOf(pick), 1);
    for (const j of model.rules[pick].sources) readSrc[j] = 1;
    if (model.rules[pick].stops) for (const s of sigs) if (s.sig.hits[pick]) s.alive = false;
  }
  return order;
}
