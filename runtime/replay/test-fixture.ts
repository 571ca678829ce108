// A tiny policy and 14 hand-made records whose backtest statistics are worked out by hand in
// stats.test.ts. Shared by the replay tests; not part of the runtime.

import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileText } from '../compile.js';
import type { DecisionGraph } from '../graph.js';
import { parseOverrides } from '../overrides.js';
import type { BacktestVersion } from './engine.js';

export const TINY_POLICY = `policy tiny "Tiny" version 1

input applicant {
  id: text
  age: number
  income: money
}

source blacklist "Blacklist" {
  origin own
  cost free
  fields { listed: bool }
}

source fraud_a "Vendor A" {
  origin external
  cost 1.00 per hit when hit
  fields { hit: bool }
}

source fraud_b "Vendor B" {
  origin external
  cost 0.50 per hit when hit
  fields { hit: bool }
}

source bureau "Bureau" {
  origin external
  cost 2.00 per query
  fields { score: number }
}

param min_age = 18
param min_score = 600

ruleset checks "Checks" order written {
  rule underage "Under age" {
    when applicant.age < min_age
    then reject "under age"
  }
  rule listed "Blacklisted" {
    when blacklist.listed
    then reject "listed"
  }
  rule vendor_a "Vendor A hit" {
    when fraud_a.hit
    then reject "fraud a"
  }
  rule vendor_b "Vendor B hit" shadow {
    when fraud_b.hit
    then reject "fraud b"
  }
}

ruleset credit "Credit" order written {
  rule low_score "Low bureau score" {
    when bureau.score < min_score
    then review "low score"
  }
}

decision offer "Offer" {
  when applicant.income >= 5000 => approve {
    limit 1000
    apr 20%
  }
  when applicant.income >= 2000 => review "middle"
  else => reject "low income"
}

flow {
  start -> checks -> credit -> offer
}
`;

export function tinyGraph(text = TINY_POLICY): DecisionGraph {
  const { graph, diagnostics } = compileText(text);
  if (!graph) throw new Error(`the test policy does not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
  return graph;
}

export function version(graph: DecisionGraph, set: string[] = [], sw: string[] = [], text = TINY_POLICY): BacktestVersion {
  const { overrides, errors } = parseOverrides(graph, { set, switch: sw });
  if (errors.length) throw new Error(errors.join('; '));
  return { file: 'tiny.policy', text, graph, overrides, set, switch: sw };
}

type Row = [id: string, age: number | string, income: number, listed: boolean, a: boolean, b: boolean, score: number | undefined, bad: boolean];

/** Index 10 is an unreadable line; index 11 has an age that is not a number. */
export const TINY_ROWS: (Row | 'unreadable')[] = [
  ['A0', 30, 6000, false, false, false, 700, false],
  ['A1', 19, 6000, false, false, false, 700, true],
  ['A2', 17, 6000, false, false, false, 700, false],
  ['A3', 40, 3000, true, false, false, 700, true],
  ['A4', 40, 6000, false, true, false, 700, false],
  ['A5', 40, 6000, false, false, true, 650, false],
  ['A6', 40, 6000, false, true, true, 700, true],
  ['A7', 25, 6000, false, false, false, 550, false],
  ['A8', 25, 2500, false, false, false, 700, true],
  ['A9', 25, 1000, false, false, false, 700, false],
  'unreadable',
  ['A11', 'old', 6000, false, false, false, 700, false],
  ['A12', 20, 6000, false, false, false, undefined, false],
  ['A13', 45, 8000, false, false, true, 500, true],
];

export function tinyRecord(row: Row): Record<string, unknown> {
  const [id, age, income, listed, a, b, score, bad] = row;
  return {
    applicant: { id, age, income },
    blacklist: { listed },
    fraud_a: { hit: a },
    fraud_b: { hit: b },
    ...(score !== undefined ? { bureau: { score } } : {}),
    outcome: { bad_30dpd: bad },
  };
}

export function tinyJsonl(rows = TINY_ROWS): string {
  return rows.map((r) => (r === 'unreadable' ? '{"applicant": {"id": "A10", ' : JSON.stringify(tinyRecord(r)))).join('\n') + '\n';
}

export function tinyCsv(rows = TINY_ROWS): string {
  const header = 'applicant.id,applicant.age,applicant.income,blacklist.listed,fraud_a.hit,fraud_b.hit,bureau.score,outcome.bad_30dpd';
  const lines = rows.map((r) => (r === 'unreadable' ? 'A10,broken' : r.map((c) => (c === undefined ? '' : String(c))).join(',')));
  return `${header}\n${lines.join('\n')}\n`;
}

/** Writes text to a new temp file and returns its path. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-replay-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
