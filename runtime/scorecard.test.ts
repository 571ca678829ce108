// Scorecard bins on a quotient (`debt / income`): the approximation settles a bin only when it is
// far from the bound, as `cmpNum` does; near or at a bound the exact test decides. Checked against
// the same card with every bin forced onto its general test.

import { describe, expect, it } from 'vitest';
import { dedent } from '../grammar/check/test-kit.js';
import { Frame, type Env } from './closures.js';
import { compileText } from './compile.js';
import { buildLayout } from './record.js';
import { compileScorecard, runScorecard } from './scorecard.js';
import { Dec, div, numToString, type Num } from './values.js';

const POLICY = dedent(`
  policy card_test "Card" version 1

  input applicant {
    id: text
    debt: money
    income: money
    edu: enum("college", "bachelor", "master", "doctor")?
    kids: number?
  }

  scorecard s "S" {
    base 500
    applicant.debt / applicant.income {
      < 0.3 => 40
      [0.3, 0.6) => 10
      (0.6, 0.9] => 5
      >= 2 => 1
      else => -30
    }
    applicant.edu {
      in ["master", "doctor"] => 40
      "bachelor" => 30
      missing => 7
      else => 0
    }
    applicant.kids {
      in [1, 2] => 3
      0 => 2
      else => 0
    }
  }

  decision offer "Offer" {
    else => approve
  }

  flow {
    start -> s -> offer
  }
`);

describe('scorecard bins on quotients', () => {
  it('score exactly as the general bin tests do, at and near every bound', () => {
    const res = compileText(POLICY);
    if (!res.graph) throw new Error(res.diagnostics.map((d) => d.message).join('\n'));
    const graph = res.graph;
    const node = graph.nodes.find((n) => n.kind === 'scorecard');
    if (node?.kind !== 'scorecard') throw new Error('no scorecard');
    const env: Env = { layout: buildLayout(graph), sourceIndex: new Map(), params: new Map(), letSlot: new Map(), letTypes: [], letFns: [], scoreSlot: new Map() };
    const fast = compileScorecard(node, env);
    const general = compileScorecard(node, env);
    for (const c of general.chars) c.bins = c.bins.map((b) => ({ ...b, range: false }));
    for (const card of [fast, general])
      for (const c of card.chars) {
        c.fn = (f) => f.it;
        c.leaf = -1;
      }
    expect(fast.chars[0].bins.filter((b) => b.range)).toHaveLength(4);
    // Only the first characteristic is under test here.
    for (const card of [fast, general]) card.chars.length = 1;

    const values: Num[] = [];
    for (const [n, d] of [
      [3, 10], [6, 10], [9, 10], [2, 1], [4, 2], [1, 3], [2, 3], [29, 100], [31, 100], [59, 100], [61, 100], [89, 100], [91, 100], [199, 100],
      [299999999999999, 1e15], [300000000000001, 1e15], [599999999999999, 1e15], [600000000000001, 1e15], [899999999999999, 1e15],
      [900000000000001, 1e15], [1999999999999999, 1e15], [-1, 7], [1, 1e15], [7, 3],
    ])
      values.push(div(n, d));
    values.push(new Dec('0.3'), new Dec('0.29999999999999999999999999'), new Dec('0.6000000000000000000000001'), 0.3, 0.6, 2);
    const f = new Frame(0, 0, 0, 0);
    const seen = new Set<string>();
    for (const v of values) {
      f.it = v;
      const a = numToString(runScorecard(fast, f, undefined));
      const b = numToString(runScorecard(general, f, undefined));
      expect(a, `${numToString(v)}`).toBe(b);
      seen.add(a);
    }
    // Every bin is reached, the exact ties included: 0.3 is in [0.3, 0.6), 0.9 in (0.6, 0.9], 2 in >= 2.
    expect([...seen].sort()).toEqual(['470', '501', '505', '510', '540']);
    f.it = div(3, 10);
    expect(numToString(runScorecard(fast, f, undefined))).toBe('510');
    f.it = div(9, 10);
    expect(numToString(runScorecard(fast, f, undefined))).toBe('505');
  });

  it('text, bool and number bins match only what `valuesEqual` matches', () => {
    const res = compileText(POLICY);
    const graph = res.graph!;
    const node = graph.nodes.find((n) => n.kind === 'scorecard');
    if (node?.kind !== 'scorecard') throw new Error('no scorecard');
    const env: Env = { layout: buildLayout(graph), sourceIndex: new Map(), params: new Map(), letSlot: new Map(), letTypes: [], letFns: [], scoreSlot: new Map() };
    const card = compileScorecard(node, env);
    const [, edu, kids] = card.chars;
    card.chars = [edu, kids];
    edu.leaf = kids.leaf = -1;
    const f = new Frame(0, 0, 0, 0);
    const score = (e: unknown, k: unknown) => {
      edu.fn = () => e;
      kids.fn = () => k;
      return numToString(runScorecard(card, f, undefined));
    };
    expect(['master', 'doctor', 'bachelor', 'college', undefined, 5, true].map((e) => score(e, undefined))).toEqual(['540', '540', '530', '500', '507', '500', '500']);
    expect([1, 2, 0, 3, div(4, 2), new Dec('2.000'), new Dec('0'), div(1, 2), '1', true].map((k) => score('college', k))).toEqual(['503', '503', '502', '500', '503', '503', '502', '500', '500', '500']);
  });
});
