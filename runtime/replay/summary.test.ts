// The terminal summary as a risk analyst reads it in an 80-column terminal: tables that do not
// wrap, a rule switched between the versions named even when it fires as often, and the figures
// of a rule that exists in one version only.

import { describe, expect, it } from 'vitest';
import { fileSource, runBacktest } from './engine.js';
import type { BacktestReport } from './report.js';
import { parseSweep } from './sweep.js';
import { formatSummary, wrapLine } from './summary.js';
import { tempFile, tinyGraph, tinyJsonl, TINY_POLICY, version } from './test-fixture.js';

async function backtest(candidateSet: string[], candidateSwitch: string[], sweepText?: string, candidateText = TINY_POLICY): Promise<BacktestReport> {
  const graph = tinyGraph();
  const candidateGraph = tinyGraph(candidateText);
  const sweep = sweepText ? parseSweep(sweepText, candidateGraph) : undefined;
  if (sweep && 'error' in sweep) throw new Error(sweep.error);
  return runBacktest({
    base: version(graph),
    candidate: version(candidateGraph, candidateSet, candidateSwitch, candidateText),
    data: fileSource(tempFile('tiny.jsonl', tinyJsonl()), 'jsonl'),
    workers: 0,
    ...(sweep ? { sweep } : {}),
  });
}

/** The lines of one section: from its heading to the next blank line. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(heading));
  expect(from, `no section ${heading}`).toBeGreaterThanOrEqual(0);
  const to = lines.indexOf('', from);
  return lines.slice(from, to < 0 ? undefined : to);
}

describe('formatSummary in an 80-column terminal', () => {
  it('keeps the rules that move and the sweep inside 80 columns, the measure named once above base and cand.', async () => {
    // A rule id of the sample policy's longest kind (credit_overdue_accounts, 23 characters).
    const report = await backtest(['min_age=21'], ['vendor_b=on'], 'min_score=500..700:50');
    const long = structuredClone(report);
    for (const r of long.rules) r.id = `${r.id}_${'x'.repeat(23 - r.id.length - 1)}`.slice(0, 23);
    long.sweep!.points = long.sweep!.points.map((p) => ({ ...p, approved: p.approved * 100_000, labelled: p.labelled * 100_000, bad: p.bad * 100_000 }));
    const text = formatSummary(long);
    const rules = section(text, 'Rules that move');
    expect(rules.length).toBeGreaterThan(3);
    for (const line of rules) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(rules[1]).toMatch(/trigger rate\s+hits\s+standalone$/);
    expect(rules[2]).toMatch(/^ {2}rule\s+base\s+cand\.\s+Δ pp\s+base\s+cand\.\s+base\s+cand\.$/);
    const sweep = section(text, 'Sweep of min_score');
    for (const line of sweep) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(sweep[1]).toMatch(/bad rate among\s+cost per$/);
    expect(sweep[2]).toMatch(/approved\s+applicant$/);
  });

  it('wraps its prose to a terminal\'s width at spaces, and leaves table rows whole', async () => {
    const report = await backtest(['min_age=21'], ['vendor_b=on'], 'min_score=500..700:50');
    const plain = formatSummary(report);
    expect(plain.split('\n').some((l) => l.length > 80)).toBe(true); // the outcome warning, at least
    const wrapped = formatSummary(report, 10, 80);
    for (const line of wrapped.split('\n')) if (!line.trimStart().includes('  ')) expect(line.length, line).toBeLessThanOrEqual(80);
    // The same words in the same order: only line breaks and indents differ.
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    expect(words(wrapped)).toEqual(words(plain));
    expect(wrapLine('  one two three four', 12)).toEqual(['  one two', '    three', '    four']);
    expect(wrapLine('  rule  base  cand.  a long table row', 12)).toEqual(['  rule  base  cand.  a long table row']);
    expect(wrapLine('  unbreakable_identifier_here', 12)).toEqual(['  unbreakable_identifier_here']);
  });

  it('gives the change of a trigger rate in percentage points, as the HTML report does', async () => {
    const report = await backtest(['min_age=21'], []);
    const row = section(formatSummary(report), 'Rules that move').find((l) => l.startsWith('  underage '))!;
    const d = report.rules.find((r) => r.id === 'underage')!.delta.triggerRate!;
    expect(row).toContain(` +${(Number(d) * 100).toFixed(2)} `);
    expect(row).not.toContain(' pt');
  });

  it('names a rule switched between the versions even when it fires exactly as often', async () => {
    const report = await backtest([], ['vendor_b=on']);
    const vendor = report.rules.find((r) => r.id === 'vendor_b')!;
    expect(vendor.delta.triggerRate).toBe('0.000000');
    const text = formatSummary(report);
    expect(text).not.toContain('Rules: no rule fires differently');
    expect(section(text, 'Rules that move')).toContain('  vendor_b switched shadow → on (reject)');
  });

  it('gives the figures of a rule that exists in one version only', async () => {
    const without = TINY_POLICY.replace(/ {2}rule listed "Blacklisted" \{[^}]*\}\n/, '');
    expect(without).not.toContain('rule listed');
    const report = await backtest([], [], undefined, without);
    const listed = report.rules.find((r) => r.id === 'listed')!.base!;
    const line = section(formatSummary(report), 'Rules that move').find((l) => l.startsWith('  listed exists only in the base'))!;
    expect(line).toBe(`  listed exists only in the base: ${listed.hits} hit${listed.hits === 1 ? '' : 's'}, trigger rate ${(Number(listed.triggerRate) * 100).toFixed(2)}%, standalone ${(Number(listed.standaloneRate) * 100).toFixed(2)}%`);
  });
});

describe('the summary of one record', () => {
  it('counts in the singular: 1 record, 1 bad record, 1 record changes outcome', async () => {
    const graph = tinyGraph();
    const line = tinyJsonl().split('\n').find((l) => l.includes('"A01"')) ?? tinyJsonl().split('\n')[0];
    const report = await runBacktest({ base: version(graph), candidate: version(graph, [], [], TINY_POLICY), data: fileSource(tempFile('one.jsonl', `${line}\n`), 'jsonl'), workers: 0 });
    const text = formatSummary(report);
    expect(text).toMatch(/^Backtest of 1 record from /);
    expect(text).toContain('Swaps: 0 records change outcome');
    const bad = await runBacktest({ base: version(graph), candidate: version(graph, [], [], TINY_POLICY), data: fileSource(tempFile('bad.jsonl', 'not json\n'), 'jsonl'), workers: 0 });
    expect(formatSummary(bad)).toContain('  1 bad record (1 unreadable)');
  });
});
