// The shared probe (one evaluation answering for base and candidate of the same policy) against
// separate probes and against the evaluator's traces, on a policy where a let reads a changed
// param, rules and a branch read a score, and some records fault (income 0).

import { describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { prepare, STANDALONE_STATES, type ReplayEvaluator } from '../evaluate.js';
import type { DecisionGraph } from '../graph.js';
import { parseOverrides } from '../overrides.js';
import { ReplayCore, type VersionInit } from './core.js';
import { buildProbes } from './probe.js';

const POLICY = `policy scored "Scored" version 1
input applicant { id: text, age: number, income: money, debt: money }
param max_dti = 0.5
param min_age = 18
param cut = 600
param approve_at = 650
let dti = applicant.debt / applicant.income
let dti_over = dti - max_dti
ruleset pre "Pre" {
  rule young { when applicant.age < min_age then reject "young" }
  rule dti_high { when dti_over > 0 then review "dti" }
}
scorecard s "Score" {
  base 500
  applicant.age {
    [18, 30) => 50
    else => 120
  }
  dti {
    < 0.2 => 40
    else => 0
  }
}
branch route "Route" {
  when s >= cut -> fast
  else -> slow
}
ruleset fast "Fast" {
  rule rich { when applicant.income > 10000 then flag "rich" }
}
ruleset slow "Slow" {
  rule low_score { when s < cut - 60 then reject "low" }
  rule poor { when applicant.income < 1000 then reject "poor" }
}
decision offer "Offer" {
  when s >= approve_at => approve {
    limit 100
    apr 10%
  }
  else => review "grey"
}
flow {
  start -> pre -> s -> route
  fast -> offer
  slow -> offer
}
`;

function records(n: number): string {
  let x = 7;
  const next = (m: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % m;
  };
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const income = next(10) === 0 ? 0 : 500 + next(15000);
    lines.push(JSON.stringify({ applicant: { id: `R${i}`, age: 15 + next(50), income, debt: next(9000) } }));
  }
  return `${lines.join('\n')}\n`;
}

const graph: DecisionGraph = compileText(POLICY).graph!;
const version = (set: string[], g = graph): VersionInit => {
  const { overrides, errors } = parseOverrides(g, { set });
  if (errors.length) throw new Error(errors.join('; '));
  return { graph: g, overrides };
};

describe('shared probe', () => {
  const base = version([]);
  const CHANGES = ['max_dti=0.3', 'cut=650', 'min_age=21', 'approve_at=700'];
  const cand = version(CHANGES);

  it('is shared for the same policy, and renames only what the candidate changes', () => {
    const p = buildProbes([base, cand]);
    expect(p.shared).toBe(true);
    expect(p.ids[1].rules.get('young')).toBe('$c:young');
    expect(p.ids[1].rules.get('dti_high')).toBe('$c:dti_high'); // through the let dti_over
    expect(p.ids[1].rules.get('poor')).toBe('poor');
    expect(p.ids[1].rules.get('low_score')).toBe('$c:low_score'); // reads a score
    expect(p.ids[1].arms.get('route')).toEqual(['$c:$arm:route:0']);
    const rec = { applicant: { id: 'x', age: 20, income: 1000, debt: 400 }, $scores: { s: '550' }, $cscores: { s: '600' } };
    const st = p.evaluators[0].evalRules(rec);
    // Each answer equals the version's own evaluator on the record alone.
    const alone = prepare(graph, cand.overrides).evalRules(rec);
    expect(st['$c:young']).toBe(alone.young);
    expect(st['$c:dti_high']).toBe(alone.dti_high); // dti 0.4 > 0.3
    expect(st.dti_high).toBe('pass'); // 0.4 ≤ 0.5
  });

  it('gives the same counts as separate probes, with walks that agree with the decisions', () => {
    const text = records(600);
    const shared = new ReplayCore({ versions: [base, cand], outcomeLabel: 'bad', swaps: false });
    // A graph that is equal in effect but not in JSON: the probes are not shared.
    const copy: DecisionGraph = { ...graph, policy: { ...graph.policy, title: 'copy' } };
    const separate = new ReplayCore({ versions: [base, version(CHANGES, copy)], outcomeLabel: 'bad', swaps: false });
    shared.jsonl(text, 0, 1);
    separate.jsonl(text, 0, 1);
    expect(shared.partial.retraced).toBe(0);
    expect(separate.partial.retraced).toBe(0);
    expect(shared.partial.versions).toEqual(separate.partial.versions);
    expect(shared.partial.cells).toEqual(separate.partial.cells);
    expect([...shared.partial.causes.keys()].sort()).toEqual([...separate.partial.causes.keys()].sort());
    // The data do exercise every path: faults, both arms, rejects in both rule sets.
    const v = shared.partial.versions[1];
    expect(v.decisions[3]).toBeGreaterThan(0);
    expect(v.setReached[1]).toBeGreaterThan(0);
    expect(v.setReached[2]).toBeGreaterThan(0);
    expect([...shared.partial.causes.keys()].some((k) => k.includes('|branch route'))).toBe(true);
    expect([...shared.partial.causes.keys()].some((k) => k.includes('|clause offer'))).toBe(true);
  });

  it('redoes a record from its trace when the probe disagrees with the decision, counting it once', () => {
    const text = records(60);
    const clean = new ReplayCore({ versions: [base, cand], outcomeLabel: 'bad', swaps: false });
    clean.jsonl(text, 0, 1);
    const broken = new ReplayCore({ versions: [base, cand], outcomeLabel: 'bad', swaps: false });
    const probe = (broken as unknown as { v: { probe: ReplayEvaluator }[] }).v[0].probe;
    const real = probe.rulesDecoded.bind(probe);
    const young = probe.rules.findIndex((r) => r.id === 'young');
    let calls = 0;
    // Record 3 is not young: claiming that `young` fires makes the base walk disagree with its hits.
    probe.rulesDecoded = (vals, asOf, out) => {
      real(vals, asOf, out);
      if (calls++ === 3) out[young] = STANDALONE_STATES.indexOf('hit');
    };
    broken.jsonl(text, 0, 1);
    expect(broken.partial.retraced).toBe(1);
    expect(broken.partial.versions[0].ruleReached).toEqual(clean.partial.versions[0].ruleReached);
    expect(broken.partial.versions[0].setReached).toEqual(clean.partial.versions[0].setReached);
    expect(broken.partial.versions[1]).toEqual(clean.partial.versions[1]);
  });
});
