// What an outcome makes of a decision: its reasons in their order, and the approves that are never
// issued (an APR above the cap or unknown, a limit that is missing, zero or negative) — in `run`
// and in a backtest's lean results alike. And a shadow rule's fault, which decides nothing.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileText } from './compile.js';
import { prepare } from './evaluate.js';
import { parseOverrides } from './overrides.js';
import { fileSource, runBacktest } from './replay/engine.js';

const policy = (rules: string, offer: string) => `policy p "T" version 1
input applicant { id: text, debt: money, income: money, rate: number?, lim: money?, thin: bool }
ruleset r {
${rules}
}
decision offer { when applicant.income > 0 => approve ${offer} else => reject "no income" }
flow { start -> r -> offer }
`;

const compiled = (text: string) => {
  const c = compileText(text);
  if (!c.graph) throw new Error(c.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  return c.graph;
};

const applicant = (a: Record<string, unknown>) => ({ applicant: { id: 'A', debt: 100, income: 1000, thin: false, ...a } });

/** `run`'s decision and reasons, and the backtest's decision for the same record (lean results). */
async function both(text: string, a: Record<string, unknown>): Promise<{ decision: string; reasons: string[]; lean: string }> {
  const graph = compiled(text);
  const r = prepare(graph).decide(applicant(a), { trace: true });
  const dir = mkdtempSync(join(tmpdir(), 'verdict-outcome-'));
  const path = join(dir, 'r.jsonl');
  writeFileSync(path, `${JSON.stringify(applicant(a))}\n`);
  const v = { file: 'p.policy', text, graph, overrides: parseOverrides(graph, {}).overrides, set: [], switch: [] };
  const report = await runBacktest({ base: v, candidate: v, data: fileSource(path, 'jsonl', graph), workers: 0 });
  const lean = Object.entries(report.decisions.base.counts).find(([, n]) => n === 1)![0];
  return { decision: r.decision, reasons: r.reasons, lean };
}

describe('reasons and approves never issued', () => {
  it('an approve capped at review by a review rule keeps its own reason after the rule\'s', async () => {
    const text = policy('rule thin { when applicant.thin then review "thin file" }', '"prime" { limit 1000 apr 20% }');
    expect(await both(text, { thin: true })).toEqual({ decision: 'review', reasons: ['thin file', 'prime'], lean: 'review' });
    expect(await both(text, {})).toEqual({ decision: 'approve', reasons: ['prime'], lean: 'approve' });
  });

  it('an APR that is missing cannot be shown within the cap: review, apr_cap', async () => {
    const text = policy('rule none { when false then flag }', '{ limit 1000 apr applicant.rate }');
    expect(await both(text, {})).toEqual({ decision: 'review', reasons: ['apr_cap'], lean: 'review' });
    expect(await both(text, { rate: '0.2' })).toEqual({ decision: 'approve', reasons: [], lean: 'approve' });
  });

  it('a bad limit and an APR above the cap are both said', async () => {
    const text = policy('rule none { when false then flag }', '{ limit applicant.lim apr applicant.rate }');
    expect(await both(text, { rate: '0.45' })).toEqual({ decision: 'review', reasons: ['invalid_limit', 'apr_cap'], lean: 'review' });
    expect(await both(text, { rate: '0.2', lim: '-5' })).toEqual({ decision: 'review', reasons: ['invalid_limit'], lean: 'review' });
  });
});

describe('a shadow rule', () => {
  const text = policy('rule dti_trial shadow { when applicant.debt / applicant.income > 0.5 then reject "dti" }\nrule after { when applicant.debt > 1000 then reject "debt" }', '{ limit 1000 apr 20% }');

  it('whose condition faults decides nothing: the decision goes on, the trace says error, in run and in a backtest', async () => {
    // income 0: the shadow rule divides by zero; the decision node's own condition then rejects.
    expect(await both(text, { income: 0 })).toEqual({ decision: 'reject', reasons: ['no income'], lean: 'reject' });
    const r = prepare(compiled(text)).decide(applicant({ income: 0, debt: 2000 }), { trace: true });
    expect([r.decision, r.reasons]).toEqual(['reject', ['debt']]);
    const rules = r.trace!.nodes.find((n) => n.kind === 'ruleset' && n.id === 'r');
    expect(rules && 'rules' in rules ? rules.rules.map((x) => [x.rule, x.state]) : []).toEqual([
      ['dti_trial', 'error'],
      ['after', 'hit'],
    ]);
  });

  it('that is switched on faults the decision as any rule does', () => {
    const on = prepare(compiled(text), parseOverrides(compiled(text), { switch: ['dti_trial=on'] }).overrides).decide(applicant({ income: 0 }));
    expect([on.decision, on.reasons]).toEqual(['error', ['rule dti_trial: division by zero']]);
  });
});
