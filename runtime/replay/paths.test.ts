// Unique rejects follow each record's own path through the branches: a reject rule behind an arm
// the record does not take rejects nobody there, so it neither takes another rule's unique rejects
// away nor has any of its own. Answers worked out by hand for each record below. And the cause of a
// flip between two policies whose rule lists differ is the rule only one of them has, or the
// first real difference after it.

import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileSource, runBacktest } from './engine.js';
import type { BacktestReport } from './report.js';
import { formatSummary } from './summary.js';
import { tempFile, TINY_POLICY, tinyGraph, tinyJsonl, version } from './test-fixture.js';

const ROUTED = `policy routed "Routed" version 1

input applicant {
  id: text
  channel: enum("app", "partner")
  dti: number
  age: number
}

param max_dti = 0.7
param partner_max_dti = 0.5

ruleset screen "Screen" order written {
  rule dti_high "DTI over the ceiling" {
    when applicant.dti > max_dti
    then reject "dti"
  }
}

ruleset partner "Partner checks" order written {
  rule partner_dti "Partner DTI" {
    when applicant.dti > partner_max_dti
    then reject "partner dti"
  }
}

ruleset general "General checks" order written {
  rule young "Under 21" {
    when applicant.age < 21
    then reject "young"
  }
  rule indebted "Indebted" {
    when applicant.dti > 0.5
    then flag "indebted"
  }
}

branch route "By channel" {
  when applicant.channel == "partner" -> partner
  else -> general
}

decision offer "Offer" {
  when applicant.age >= 25 => approve {
    limit 1000
    apr 20%
  }
  else => review "manual"
}

flow {
  start -> screen -> route
  partner -> offer
  general -> offer
}
`;

// id, channel, dti, age. Rules that hit alone (on / off the record's path):
const ROWS: [string, string, number, number][] = [
  ['P1', 'partner', 0.8, 30], // dti_high, partner_dti            → two on its path: no unique reject
  ['P2', 'partner', 0.6, 19], // partner_dti; young off its path    → partner_dti unique
  ['P3', 'partner', 0.2, 19], // young off its path                 → none
  ['G1', 'app', 0.6, 30], //     partner_dti off its path           → none; approved, caught by indebted alone
  ['G2', 'app', 0.8, 30], //     dti_high; partner_dti off its path → dti_high unique
  ['G3', 'app', 0.2, 19], //     young                              → young unique
];

async function backtest(text: string, rows: unknown[]): Promise<BacktestReport> {
  const graph = tinyGraph(text);
  const jsonl = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  return runBacktest({
    base: version(graph, [], [], text),
    candidate: version(graph, [], [], text),
    data: fileSource(tempFile('routed.jsonl', jsonl), 'jsonl'),
    workers: 0,
  });
}

const unique = (report: BacktestReport) => Object.fromEntries(report.rules.map((r) => [r.id, r.base!.uniqueRejects]));
const standalone = (report: BacktestReport) => Object.fromEntries(report.rules.map((r) => [r.id, r.base!.standaloneHits]));

describe('unique rejects along branches', () => {
  it('counts only the rules on the record’s own path', async () => {
    const report = await backtest(
      ROUTED,
      ROWS.map(([id, channel, dti, age]) => ({ applicant: { id, channel, dti, age }, outcome: { bad_30dpd: id === 'G1' } })),
    );
    expect(unique(report)).toEqual({ dti_high: 1, partner_dti: 1, young: 1, indebted: null });
    // The standalone rate stays the rule alone on every record, whatever its path.
    expect(standalone(report)).toEqual({ dti_high: 2, partner_dti: 4, young: 3, indebted: 4 });
  });

  it('counts an approved record as caught only by the rules on its path', async () => {
    const report = await backtest(
      ROUTED,
      ROWS.map(([id, channel, dti, age]) => ({ applicant: { id, channel, dti, age }, outcome: { bad_30dpd: id === 'G1' } })),
    );
    expect(report.decisions.base.counts).toMatchObject({ approve: 1 });
    const caught = Object.fromEntries(report.rules.map((r) => [r.id, r.base!.approvedCaught]));
    expect(caught.indebted).toEqual({ count: 1, labelled: 1, bad: 1, badRate: '1.000000' });
    // partner_dti hits G1 alone too, but G1 is not a partner.
    expect(caught.partner_dti).toEqual({ count: 0, labelled: 0, bad: 0, badRate: null });
  });

  it('counts the catches of an approval whose kind was first met held at review', async () => {
    // R1 and R2 answer every condition alike; R1's limit of 0 holds its approve at review, R2 is approved.
    const text = `policy held "Held" version 1

input applicant {
  id: text
  base: money
  flagged: bool
}

ruleset s "S" order written {
  rule marked "Marked" {
    when applicant.flagged
    then flag "marked"
  }
}

decision offer "Offer" {
  else => approve {
    limit applicant.base
    apr 20%
  }
}

flow {
  start -> s -> offer
}
`;
    const report = await backtest(text, [
      { applicant: { id: 'R1', base: '0', flagged: true }, outcome: { bad_30dpd: false } },
      { applicant: { id: 'R2', base: '1000', flagged: true }, outcome: { bad_30dpd: true } },
    ]);
    expect(report.decisions.base.counts).toMatchObject({ approve: 1, review: 1 });
    expect(report.rules[0].base!.approvedCaught).toEqual({ count: 1, labelled: 1, bad: 1, badRate: '1.000000' });
  });

  it('ends the path at a branch on a score the stopped record never got', async () => {
    // The route reads a score computed after the screen: a record the screen rejects has none, so
    // whichever arm it would take is unknown and no rule behind the branch counts against it.
    const text = ROUTED.replace('branch route "By channel" {\n  when applicant.channel == "partner" -> partner', 'scorecard points "Points" {\n  base 0\n  applicant.age {\n    < 40 => 10\n    else => 20\n  }\n}\n\nbranch route "By points" {\n  when points >= 15 -> partner').replace('start -> screen -> route', 'start -> screen -> points -> route');
    const report = await backtest(text, [
      { applicant: { id: 'S1', channel: 'app', dti: 0.8, age: 19 } }, // rejected by dti_high; young (general, the arm a missing score would take) not counted
      { applicant: { id: 'S2', channel: 'app', dti: 0.2, age: 19 } }, // not stopped: points 10 → general, young unique
    ]);
    expect(report.decisions.base.counts).toMatchObject({ reject: 2 });
    expect(unique(report)).toEqual({ dti_high: 1, partner_dti: 0, young: 1, indebted: null });
  });
});

describe('swap causes between two policies whose rules differ', () => {
  const BASE = `policy m "M" version 1

input a {
  id: text
  age: number
  income: money
}

param cut = 3000

ruleset r "R" order written {
  rule young "Young" {
    when a.age < 18
    then reject "young"
  }
}

decision d "D" {
  when a.income >= cut => approve {
    limit 1000
    apr 20%
  }
  else => reject "low"
}

flow {
  start -> r -> d
}
`;
  const withRule = (when: string, before: boolean, cut = '3000') => {
    const rule = `  rule old "Old" {\n    when ${when}\n    then reject "old"\n  }\n`;
    const text = BASE.replace('version 1', 'version 2').replace('param cut = 3000', `param cut = ${cut}`);
    return before ? text.replace('  rule young', `${rule}  rule young`) : text.replace('    then reject "young"\n  }\n', `    then reject "young"\n  }\n${rule}`);
  };
  const records = [
    { a: { id: 'X1', age: 30, income: '4000' } },
    { a: { id: 'X2', age: 30, income: '6000' } },
  ];
  const causes = async (base: string, candidate: string) => {
    const jsonl = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const [gb, gc] = [tinyGraph(base), tinyGraph(candidate)];
    const report = await runBacktest({
      base: version(gb, [], [], base),
      candidate: version(gc, [], [], candidate),
      data: fileSource(tempFile('m.jsonl', jsonl), 'jsonl'),
      workers: 0,
    });
    return report.swaps.causes.map((c) => [c.key, c.count]);
  };

  it('names the rule only one version has, where it fired', async () => {
    expect(await causes(BASE, withRule('a.age > 25', true))).toEqual([['rule old fired in candidate', 2]]);
    expect(await causes(BASE, withRule('a.age > 25', false))).toEqual([['rule old fired in candidate', 2]]);
    expect(await causes(withRule('a.age > 25', true), BASE)).toEqual([['rule old fired in base', 2]]);
  });

  it('steps over a rule only one version has when it did not fire', async () => {
    expect(await causes(BASE, withRule('a.age > 90', true, '5000'))).toEqual([['clause d: 0 → else', 1]]);
    expect(await causes(BASE, withRule('a.age > 90', false, '5000'))).toEqual([['clause d: 0 → else', 1]]);
  });
});

describe('a JSON line whose bytes are not UTF-8', () => {
  it('is a bad record, counted once whatever the number of workers', async () => {
    const graph = tinyGraph();
    const good = (id: string) => JSON.stringify({ applicant: { id, age: 30, income: 6000 }, blacklist: { listed: false }, fraud_a: { hit: false }, fraud_b: { hit: false }, bureau: { score: 700 } });
    const lines = Array.from({ length: 400 }, (_, i) => Buffer.from(`${good(`G${i}`)}\n`));
    // Line 201: a name in another encoding (Latin-1 "é").
    lines.splice(200, 0, Buffer.concat([Buffer.from('{"applicant":{"id":"caf'), Buffer.from([0xe9]), Buffer.from('","age":30,"income":6000}}\n')]));
    const path = tempFile('latin1.jsonl', '');
    writeFileSync(path, Buffer.concat(lines));
    const reports = [];
    for (const workers of [0, 2])
      reports.push(await runBacktest({ base: version(graph), candidate: version(graph, ['min_age=21']), data: fileSource(path, 'jsonl', undefined, 4096), workers }));
    for (const r of reports) {
      expect(r.totals).toMatchObject({ records: 401, unreadable: 1, bad: 1 });
      expect(r.badRecords.listed).toEqual([{ index: 200, line: 201, reason: 'line 201: not valid UTF-8 (a text in another encoding?)', versions: ['base', 'candidate'] }]);
    }
  });
});

describe('a flip made by an offer term no approve is issued with', () => {
  it('names the term', async () => {
    const text = `policy held "Held" version 1

input a {
  id: text
  base: money
}

param mult = 1

ruleset s "S" order written {
  rule never "Never" {
    when a.base < 0
    then reject "negative"
  }
}

decision offer "Offer" {
  else => approve {
    limit a.base * mult
    apr 20%
  }
}

flow {
  start -> s -> offer
}
`;
    const graph = tinyGraph(text);
    const jsonl = `${JSON.stringify({ a: { id: 'R1', base: '1000' } })}\n`;
    const report = await runBacktest({ base: version(graph, [], [], text), candidate: version(graph, ['mult=0'], [], text), data: fileSource(tempFile('held.jsonl', jsonl), 'jsonl'), workers: 0 });
    expect(report.swaps.causes.map((c) => [c.key, c.count, c.cause])).toEqual([['invalid_limit in candidate', 1, { kind: 'terms', reason: 'invalid_limit', version: 'candidate' }]]);
  });
});

describe('a shadow trial before a rule that stops records', () => {
  it('stays before it in the suggested order, and the summary says why when nothing moves', async () => {
    // vendor_b (shadow) now runs before vendor_a: last would be cheaper, but the trial would lose the applicants vendor_a stops.
    const text = TINY_POLICY.replace(
      /  rule vendor_a "Vendor A hit" \{\n    when fraud_a.hit\n    then reject "fraud a"\n  \}\n  rule vendor_b "Vendor B hit" shadow \{\n    when fraud_b.hit\n    then reject "fraud b"\n  \}\n/,
      '  rule vendor_b "Vendor B hit" shadow {\n    when fraud_b.hit\n    then reject "fraud b"\n  }\n  rule vendor_a "Vendor A hit" {\n    when fraud_a.hit\n    then reject "fraud a"\n  }\n',
    );
    expect(text).not.toBe(TINY_POLICY);
    const graph = tinyGraph(text);
    const report = await runBacktest({ base: version(graph, [], [], text), candidate: version(graph, ['min_age=21'], [], text), data: fileSource(tempFile('tiny.jsonl', tinyJsonl()), 'jsonl'), workers: 0 });
    const checks = report.ruleSets.find((s) => s.id === 'checks')!.candidate!.order;
    expect(checks.suggested).toEqual(['underage', 'listed', 'vendor_b', 'vendor_a']);
    expect(checks.savingTotal).toBe('0');
    expect(formatSummary(report)).toContain('  checks: shadow rules still see every applicant they see now: the rules that stop records after them stay after them');
  });
});
