// A decision's own answers (`answerInto`) stand in for the probe's: every condition the flow
// evaluated has, alone on the record, the state the probe would give it. Checked on every sample
// record of every sample policy, against the probe answering everything itself.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { prepareForReplay } from '../evaluate.js';
import { emptyOverrides } from '../overrides.js';
import { decodeRecord } from '../record.js';
import { buildProbes } from './probe.js';
import { indexer } from './slots.js';

const root = join(import.meta.dirname, '..', '..');
const applicants = readFileSync(join(root, 'samples/data/applicants.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
/** The stored applicants for the application policy, the worked cases for the others. */
const recordsOf = (name: string): unknown[] => {
  const cases = (JSON.parse(readFileSync(join(root, `samples/${name}.cases.json`), 'utf8')) as { record: unknown }[]).map((c) => c.record);
  return name === 'application' ? [...applicants, ...cases] : cases;
};

describe('a decision answering for the probe', () => {
  for (const name of ['application', 'preapproval', 'drawdown']) {
    it(`gives the probe's own states (${name} policy, every sample record and case)`, () => {
      const records = recordsOf(name);
      const graph = compileText(readFileSync(join(root, `samples/${name}.policy`), 'utf8')).graph!;
      const version = { graph, overrides: emptyOverrides() };
      const probes = buildProbes([version, version]);
      const probe = probes.evaluators[0];
      const ids = probes.ids[0];
      const at = indexer(probe);
      const decider = prepareForReplay(graph, version.overrides);
      const codes = new Uint8Array(probe.rules.length);
      const known = new Uint8Array(probe.rules.length);
      const alone = new Uint8Array(probe.rules.length);
      const list = (m: Map<string, string[]>, node: string, k: number) => (m.get(node)?.[k] === undefined ? -1 : at(m.get(node)![k]));
      decider.answerInto(codes, known, { rule: (id) => at(ids.rules.get(id)!), arm: (n, k) => list(ids.arms, n, k), clause: (n, k) => list(ids.clauses, n, k) });
      const scoreSlots = Int32Array.from(decider.scorecards.map((id) => (ids.scores === undefined ? -1 : probe.layout.slotOf(ids.scores, id))));
      const vals = new Array<unknown>(probe.layout.size);
      let answered = 0;
      let decided = 0;
      for (const rec of records) {
        let asOf: number | undefined;
        try {
          asOf = decodeRecord(decider.layout, rec, vals);
        } catch {
          continue;
        }
        decided++;
        known.fill(0);
        codes.fill(9);
        const r = decider.decideDecoded(vals, asOf, 0);
        if (r.decision !== 'error') decider.scoresInto(vals, scoreSlots);
        else for (const s of scoreSlots) if (s >= 0) vals[s] = undefined;
        probe.rulesDecoded(vals, asOf, codes, known);
        probe.rulesDecoded(vals, asOf, alone);
        expect([...codes]).toEqual([...alone]);
        answered += known.reduce((n, k) => n + k, 0);
      }
      expect(decided).toBeGreaterThan(records.length * 0.6);
      // Most conditions of most records came from the decision.
      expect(answered).toBeGreaterThan(decided * 2);
    });
  }
});
