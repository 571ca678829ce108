// Real decisions and a real backtest report of the sample application policy, for the replay
// tests: the runtime's own entry points (as the server and the CLI call them), no hand-made JSON.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileText } from '../../../runtime/compile.js';
import { prepare } from '../../../runtime/evaluate.js';
import type { DecisionGraph } from '../../../runtime/graph.js';
import { parseOverrides } from '../../../runtime/overrides.js';
import { fileSource, runBacktest } from '../../../runtime/replay/engine.js';
import type { BacktestReport } from '../../../runtime/replay/report.js';
import type { DecisionResult } from '../../../runtime/result.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
export const APPLICATION = readFileSync(join(ROOT, 'samples/application.policy'), 'utf8');
const CASES = JSON.parse(readFileSync(join(ROOT, 'samples/application.cases.json'), 'utf8')) as { name: string; record: Record<string, unknown> }[];

export function caseRecord(nameStart: string): Record<string, unknown> {
  const c = CASES.find((x) => x.name.startsWith(nameStart));
  if (!c) throw new Error(`no case ${nameStart}`);
  return c.record;
}

let graph: DecisionGraph | undefined;
export function applicationGraph(): DecisionGraph {
  if (graph) return graph;
  const r = compileText(APPLICATION);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return (graph = r.graph);
}

/** What `POST /api/decide` answers: the CLI's `run --trace` result. */
export function decideWith(text: string, record: unknown, set: string[] = [], sw: string[] = []): DecisionResult {
  const r = compileText(text);
  if (!r.graph) throw new Error('policy-errors');
  const { overrides, errors } = parseOverrides(r.graph, { set, switch: sw });
  if (errors.length) throw new Error(errors.join('; '));
  return prepare(r.graph, overrides).decide(record, { trace: true });
}

export const decideCase = (nameStart: string): DecisionResult => decideWith(APPLICATION, caseRecord(nameStart));

let report: Promise<BacktestReport> | undefined;
/** The sample policy against min_phone_tenure=3, on the first 300 sample applicants, in this thread. */
export function phoneTenureReport(): Promise<BacktestReport> {
  report ??= (async () => {
    const lines = readFileSync(join(ROOT, 'samples/data/applicants.jsonl'), 'utf8').split('\n').slice(0, 300);
    const path = join(mkdtempSync(join(tmpdir(), 'verdict-replay-ui-')), 'applicants.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const g = applicationGraph();
    const version = (set: string[]) => ({ file: 'samples/application.policy', text: APPLICATION, graph: g, overrides: parseOverrides(g, { set, switch: [] }).overrides, set, switch: [] });
    return runBacktest({ base: version([]), candidate: version(['min_phone_tenure=3']), data: fileSource(path, 'jsonl'), workers: 0 });
  })();
  return report;
}
