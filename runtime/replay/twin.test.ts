// Twin versions (twin.ts): when the candidate is the base policy with other params read only by
// conditions, the core takes the base's decision for every record whose paired answers agree.
// The counts must be exactly those of the same backtest run without the shortcut (a copy of the
// graph that is equal in effect but not in JSON: no shared probe, so no twins).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import type { DecisionGraph } from '../graph.js';
import { parseOverrides } from '../overrides.js';
import { ReplayCore, type VersionInit } from './core.js';
import { buildProbes } from './probe.js';
import { twinPairs } from './twin.js';
import { indexer } from './slots.js';
import { RecordKinds } from './kinds.js';

const root = join(import.meta.dirname, '..', '..');
const graph: DecisionGraph = compileText(readFileSync(join(root, 'samples/application.policy'), 'utf8')).graph!;
const copy: DecisionGraph = { ...graph, policy: { ...graph.policy, title: 'copy' } };
const data = readFileSync(join(root, 'samples/data/applicants.jsonl'), 'utf8');

const version = (input: { set?: string[]; switch?: string[] }, g = graph): VersionInit => {
  const { overrides, errors } = parseOverrides(g, input);
  if (errors.length) throw new Error(errors.join('; '));
  return { graph: g, overrides };
};

function pairsOf(base: VersionInit, cand: VersionInit): Int32Array | undefined {
  const p = buildProbes([base, cand]);
  return twinPairs(base.graph, base.overrides, cand.overrides, p.ids, indexer(p.evaluators[0]));
}

function run(base: VersionInit, cand: VersionInit) {
  const core = new ReplayCore({ versions: [base, cand], outcomeLabel: 'bad_30dpd', swaps: false, sweep: { param: 'min_phone_tenure', values: ['2', '9'] } });
  core.jsonl(data, 0, 1);
  return core.partial;
}

describe('twin versions', () => {
  it('are the same policy with params read only by conditions, switched alike', () => {
    const base = version({});
    // Rules (through no let) and a branch-free threshold: twins, comparing only the rules that read it.
    const tenure = pairsOf(base, version({ set: ['min_phone_tenure=3'] }));
    expect(tenure).toBeDefined();
    // The conditions reading a score have candidate states of their own too (compared, always equal here).
    expect(tenure!.length).toBeGreaterThanOrEqual(2);
    // A param read by an offer's terms: the decisions may differ with every answer alike.
    expect(pairsOf(base, version({ set: ['limit_multiple=4'] }))).toBeUndefined();
    expect(pairsOf(base, version({ set: ['min_phone_tenure=3', 'prime_limit_multiple=6'] }))).toBeUndefined();
    // A switch that differs changes the flow itself.
    expect(pairsOf(base, version({ set: ['min_phone_tenure=3'], switch: ['zhima_low=on'] }))).toBeUndefined();
    // The same switch on both sides does not.
    expect(pairsOf(version({ switch: ['zhima_low=on'] }), version({ set: ['min_phone_tenure=3'], switch: ['zhima_low=on'] }))).toBeDefined();
  });

  it('count exactly what the same backtest counts without the shortcut', () => {
    const cases: [{ set?: string[]; switch?: string[] }, { set?: string[]; switch?: string[] }][] = [
      [{}, { set: ['min_phone_tenure=3'] }],
      [{}, { set: ['approve_score=600', 'review_score=540', 'face_threshold=0.8'] }],
      [{ switch: ['zhima_low=on'] }, { set: ['zhima_min=600', 'max_dti=0.5'], switch: ['zhima_low=on'] }],
      [{}, { set: ['limit_multiple=4'] }],
    ];
    for (const [b, c] of cases) {
      const twin = run(version(b), version(c));
      const plain = run(version(b), version(c, copy));
      expect(plain.twinned).toBe(0);
      expect(twin.versions).toEqual(plain.versions);
      expect(twin.cells).toEqual(plain.cells);
      expect(twin.cellExamples).toEqual(plain.cellExamples);
      expect([...twin.causes.entries()].sort()).toEqual([...plain.causes.entries()].sort());
      expect(twin.sweep).toEqual(plain.sweep);
      expect(twin.bad).toEqual(plain.bad);
      expect([twin.approved, twin.swappedIn, twin.swappedOut]).toEqual([plain.approved, plain.swappedIn, plain.swappedOut]);
      expect(twin.retraced).toBe(0);
      if (c.set?.includes('limit_multiple=4')) expect(twin.twinned).toBe(0);
      else {
        // The shortcut is taken for most records, and not for those whose answers differ.
        expect(twin.twinned).toBeGreaterThan(twin.records / 2);
        expect(twin.twinned).toBeLessThan(twin.records);
      }
    }
  });
});

describe('records counted by kind', () => {
  it('count exactly what counting every record on its own counts', () => {
    const cases: [{ set?: string[]; switch?: string[] }, { set?: string[]; switch?: string[] }, DecisionGraph][] = [
      [{}, { set: ['min_phone_tenure=3'] }, graph],
      [{}, { set: ['limit_multiple=4', 'approve_score=600'] }, graph],
      [{ switch: ['zhima_low=on'] }, { set: ['zhima_min=600'] }, copy],
    ];
    for (const [b, c, g] of cases) {
      const make = () => new ReplayCore({ versions: [version(b), version(c, g)], outcomeLabel: 'bad_30dpd', swaps: false, sweep: { param: 'min_phone_tenure', values: ['2'] } });
      const byKind = make();
      const alone = make();
      // Every version of `alone` (the twin counter included) keeps no kind.
      const inner = alone as unknown as { v: { kinds: RecordKinds; codes: Uint8Array }[]; twinV?: { kinds: RecordKinds; codes: Uint8Array } };
      for (const v of [...inner.v, ...(inner.twinV ? [inner.twinV] : [])]) v.kinds = new RecordKinds(v.codes, 0);
      byKind.jsonl(data, 0, 1);
      alone.jsonl(data, 0, 1);
      const kinds = byKind as unknown as { v: { kinds: RecordKinds }[]; twinV?: { kinds: RecordKinds } };
      const found = [...kinds.v, ...(kinds.twinV ? [kinds.twinV] : [])].reduce((n, v) => n + v.kinds.found, 0);
      expect(found).toBeGreaterThan(1000);
      const a = byKind.partial;
      const o = alone.partial;
      expect(a.versions).toEqual(o.versions);
      expect(a.cells).toEqual(o.cells);
      expect(a.cellExamples).toEqual(o.cellExamples);
      expect([...a.causes.entries()].sort()).toEqual([...o.causes.entries()].sort());
      expect(a.retraced).toBe(0);
    }
  });
});
