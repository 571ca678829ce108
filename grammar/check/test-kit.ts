// Helpers for the checker's tests: inline policies, their diagnostics as `{ code, line, column }`,
// and the position of a piece of text, so that expectations read like the snippet.

import { expect } from 'vitest';
import type { Code } from '../codes.js';
import type { Diagnostic } from '../diagnostics.js';
import { parse } from '../index.js';
import { check } from './index.js';

/** Strips the indentation common to all non-blank lines, and a leading newline. */
export function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A complete policy around `decls`: one input, one per-hit source, a decision `done`, and the given flow. */
export function policyWith(decls: string, flow = 'start -> done'): string {
  return dedent(`
    policy t "Test" version 1
    input applicant {
      id: text
      age: number
      income: money
      debt: money
      channel: enum("app", "h5", "partner")
      zhima: number?
      applied_at: date
      name: text
      contacts: list of { name: text, relation: text, in_book: bool, since: date? }
    }
    source bureau "Bureau" {
      origin external
      cost 0.5 per hit when listed
      fields { listed: bool, score: number }
    }
  `) + dedent(decls) + '\ndecision done "Done" { else => approve }\nflow { ' + flow + ' }\n';
}

/** Parses (which must succeed) and checks. */
export function checkText(text: string): { diagnostics: Diagnostic[]; analysis: ReturnType<typeof check>['analysis'] } {
  const parsed = parse(text);
  expect(parsed.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`), 'the snippet must parse').toEqual([]);
  return check(parsed.ast);
}

export interface Spot {
  code: Code;
  line: number;
  column: number;
}

/** The checker's diagnostics as `{ code, line, column }`, only those with the given codes when some are given. */
export function spots(text: string, only?: readonly Code[]): Spot[] {
  return checkText(text)
    .diagnostics.filter((d) => !only || only.includes(d.code))
    .map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column }));
}

/** The diagnostics with the given codes, whole. */
export function diagnosticsOf(text: string, only: readonly Code[]): Diagnostic[] {
  return checkText(text).diagnostics.filter((d) => only.includes(d.code));
}

/** 1-based line and column of the `occurrence`-th `needle` in `text`. */
export function at(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`\`${needle}\` (occurrence ${occurrence}) is not in the snippet`);
  }
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Two rule sets and a branch between them: the nodes the flow checks' tests wire up. */
export const FLOW_NODES = `
  ruleset r "R" {
    rule a "A" { when applicant.age < 18 then reject }
  }
  ruleset q "Q" {
    rule b "B" { when applicant.age < 20 then reject }
  }
  branch br "Br" {
    when applicant.age > 30 -> r
    else -> q
  }
`;
