// The README's "Embedding the runtime" recipe, step by step: a graph compiled by the CLI, loaded,
// overridden and decided in-process gives what `verdict run` gives for the same record.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerdict } from '../cli/testing.js';
import { loadGraph } from './schema.js';
import { parseOverrides } from './overrides.js';
import { prepare } from './evaluate.js';
import { parseJson } from './json.js';
import type { DecisionGraph } from './graph.js';
import { compileText } from './compile.js';

const root = join(import.meta.dirname, '..');

describe('embedding the runtime as the README shows', () => {
  it('decides in-process exactly as `verdict run` does, long numbers included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-embed-'));
    const graphFile = join(dir, 'graph.json');
    expect((await runVerdict(['compile', join(root, 'samples/application.policy'), '-o', graphFile])).code).toBe(0);

    const graph = loadGraph(JSON.parse(readFileSync(graphFile, 'utf8')));
    const { overrides, errors } = parseOverrides(graph, { set: ['min_phone_tenure=3'], switch: ['zhima_low=on'] });
    expect(errors).toEqual([]);
    const policy = prepare(graph, overrides);

    // A stored applicant whose income has more digits than a double keeps.
    const line = readFileSync(join(root, 'samples/data/applicants.jsonl'), 'utf8').split('\n')[0];
    const body = line.replace(/"monthly_income":"[^"]*"/, '"monthly_income":2999.9999999999999999');
    expect(body).toContain('2999.9999999999999999');
    const record = join(dir, 'one.json');
    writeFileSync(record, body);
    const cli = await runVerdict(['run', join(root, 'samples/application.policy'), '--record', record, '--trace', '--set', 'min_phone_tenure=3', '--switch', 'zhima_low=on']);
    const fromCli = JSON.parse(cli.out);

    const result = policy.decide(parseJson(body), { trace: true });
    expect(JSON.parse(JSON.stringify(result))).toEqual(fromCli);
    // The debt-to-income let divides by the income as written (1318.38 / 3000 would be 0.43946).
    expect(JSON.stringify(result.trace)).toContain('"debt_to_income":"0.4394600000000000000146486666666667"');
  });

  it('refuses what is not a compiled graph, saying how to get one', () => {
    expect(() => prepare({} as DecisionGraph)).toThrow(/not a verdict\.graph\/1 decision graph .*loadGraph/);
    expect(() => loadGraph({ schema: 'verdict.graph/99' })).toThrow(/cannot read decision graph schema "verdict.graph\/99"/);
  });
});

describe('the decision date, when the service owns it', () => {
  const drawdown = () => compileText(readFileSync(join(root, 'samples/drawdown.policy'), 'utf8')).graph!;
  const expired = {
    as_of: '2020-01-01',
    credit_line: { id: 'L-3001', kind: 'revolving', limit: '10000', outstanding: '1000', overdue_loans: 0, expires_at: '2026-02-28', lower_amount_allowed: true, rate: 0.18, monthly_fee_rate: 0.002 },
    request: { amount: '3000', term_months: 6 },
  };

  it('decides as of `asOf`, not as of the date a request carries', () => {
    const policy = prepare(drawdown(), parseOverrides(drawdown(), {}).overrides);
    // Taken at its word, the body dates itself before the line expired.
    expect(policy.decide(expired).decision).toBe('approve');
    for (const trace of [false, true]) {
      const r = policy.decide(expired, { asOf: '2026-03-01', trace });
      expect([trace, r.decision, r.hits.map((h) => h.rule)]).toEqual([trace, 'reject', ['line_expired']]);
    }
    expect(policy.decide(expired, { asOf: '2026-03-01', trace: true }).trace!.asOf).toBe('2026-03-01');
    // The record's own as_of is not read then: a garbled one does not matter.
    expect(policy.decide({ ...expired, as_of: 'yesterday' }, { asOf: '2026-02-27' }).decision).toBe('approve');
  });

  it('refuses an asOf that is not a date, as a wrong argument', () => {
    const policy = prepare(drawdown(), parseOverrides(drawdown(), {}).overrides);
    for (const bad of ['2026-02-30', '01/03/2026', '2026-03-01T10:00'])
      expect(() => policy.decide(expired, { asOf: bad })).toThrow(expect.objectContaining({ code: 'bad-as-of' }));
  });
});
