// Round-trip fuzzing of the formatter: random valid policies in random layouts, with comments in
// random places. For each seed: text → parse → print → parse gives the same tree (positions aside)
// and the same comments in the same order; printing again changes nothing; `format` agrees.
//
// FUZZ_SEEDS=5000 npx vitest run grammar/format.fuzz.test.ts   (more seeds)
// FUZZ_SEED=123 npx vitest run grammar/format.fuzz.test.ts     (one seed, to debug it)

import { describe, expect, it } from 'vitest';
import type { Policy } from './ast.js';
import { commentText, format, print, shapeOf } from './format.js';
import { parse } from './index.js';
import { randomPolicy } from './testing/random-policy.js';

const only = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const seedCount = Number(process.env.FUZZ_SEEDS ?? 300);
const BATCH = 50;

const errorsOf = (text: string) => parse(text).diagnostics.filter((d) => d.severity === 'error');

/** The first line where two texts differ, with its neighbours, for a readable failure. */
function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && la[i] === lb[i]) i++;
  return `line ${i + 1}:\n  first:  ${JSON.stringify(la.slice(Math.max(0, i - 1), i + 2))}\n  second: ${JSON.stringify(lb.slice(Math.max(0, i - 1), i + 2))}`;
}

/** Undefined when the seed round-trips; otherwise what went wrong, naming the seed. */
function roundTripProblem(seed: number, commentRate?: number): string | undefined {
  const text = randomPolicy(seed, { commentRate });
  const where = `seed ${seed}${commentRate === undefined ? '' : ` (commentRate ${commentRate})`}`;
  const inputErrors = errorsOf(text);
  if (inputErrors.length) return `${where}: the generated text does not parse: ${inputErrors[0].message} at ${inputErrors[0].range.start.line}:${inputErrors[0].range.start.column}\n${text}`;
  const ast = parse(text).ast;
  let out: string;
  try {
    out = print(ast);
  } catch (e) {
    return `${where}: print threw ${String(e)}`;
  }
  const outErrors = errorsOf(out);
  if (outErrors.length) return `${where}: the printed text does not parse: ${outErrors[0].message} at ${outErrors[0].range.start.line}:${outErrors[0].range.start.column}\n${out}`;
  const again = parse(out).ast;
  const [before, after] = [JSON.stringify(shapeOf(withoutComments(ast)), null, 1), JSON.stringify(shapeOf(withoutComments(again)), null, 1)];
  if (before !== after) return `${where}: the tree changed, ${firstDifference(before, after)}`;
  const [c1, c2] = [ast.comments.map(commentText), again.comments.map(commentText)];
  if (JSON.stringify(c1) !== JSON.stringify(c2)) return `${where}: comments changed: ${JSON.stringify(c1)} became ${JSON.stringify(c2)}`;
  const twice = print(again);
  if (twice !== out) return `${where}: printing is not idempotent, ${firstDifference(out, twice)}`;
  // format() is parse + print + a check; every tenth seed confirms it agrees with print().
  if (seed % 10 === 0 && format(text).text !== out) return `${where}: format() and print() disagree`;
  return undefined;
}

const withoutComments = (p: Policy): Policy => ({ ...p, comments: [] });

function runSeeds(seeds: number[], commentRate?: number): void {
  const problems = seeds.map((s) => roundTripProblem(s, commentRate)).filter((p): p is string => p !== undefined);
  // The whole report of the first failure (it holds the text), the seeds of the others.
  if (problems.length) console.error(problems[0]);
  expect(problems.map((p) => p.split('\n')[0])).toEqual([]);
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('format fuzz: parse(print(ast)) equals ast', () => {
  if (only !== undefined) {
    it(`seed ${only}`, () => runSeeds([only]));
    return;
  }
  for (let from = 1; from <= seedCount; from += BATCH) {
    const seeds = range(from, Math.min(BATCH, seedCount - from + 1));
    it(`seeds ${seeds[0]}–${seeds[seeds.length - 1]}`, () => runSeeds(seeds));
  }
  it('seeds 1–60 with a comment between almost every other token', () => runSeeds(range(1, 60), 0.4));
  it('seeds 1–40 without comments', () => runSeeds(range(1, 40), 0));
});

describe('format fuzz: the generator covers the language', () => {
  it('produces every construct over the first 100 seeds', () => {
    const seen = new Set<string>();
    const visit = (v: unknown, parent?: Record<string, unknown>, key?: string): void => {
      if (Array.isArray(v)) return v.forEach((x) => visit(x, parent, key));
      if (v === null || typeof v !== 'object') return;
      const node = v as Record<string, unknown>;
      if (typeof node.kind === 'string') {
        seen.add(node.kind);
        if (node.kind === 'Binary') seen.add(`op ${String(node.op)}`);
        if (node.kind === 'Unary') seen.add(`unary ${String(node.op)}`);
        if (node.kind === 'In' || node.kind === 'MissingTest') seen.add(`${node.kind} negated=${String(node.negated)}`);
        if (node.kind === 'Number' && typeof node.raw === 'string') {
          if (node.raw.includes('%')) seen.add('percent number');
          if (node.raw.includes('_')) seen.add('underscore number');
        }
        // `a - (b - c)` and `not (a and b)`: a looser tree kept inside a tighter one by parentheses.
        const right = node.right as { kind?: string; inner?: { kind?: string; op?: string } } | undefined;
        if (node.kind === 'Binary' && right?.kind === 'Paren' && right.inner?.kind === 'Binary' && right.inner.op === node.op) seen.add('right-nested parens');
        const operand = node.operand as { kind?: string; inner?: { kind?: string; op?: string } } | undefined;
        if (node.kind === 'Unary' && node.op === 'not' && operand?.kind === 'Paren' && operand.inner?.op === 'and') seen.add('not (a and b)');
        if (node.kind === 'String' && typeof node.value === 'string' && /[\n\t"\\\u0007]/.test(node.value) && /[^\x00-\x7f]/.test(node.value)) seen.add('escaped unicode string');
        if (node.kind === 'Rule') seen.add(`switch ${String(node.switch)}`);
        if (node.kind === 'RuleSet' && node.orderRange) seen.add(`order ${String(node.order)} written`);
      }
      if (parent?.kind === 'Source' && key === 'cost') seen.add(`cost ${String(node.kind)}`);
      for (const [k, child] of Object.entries(node)) if (k !== 'range') visit(child, node, k);
    };
    for (const seed of range(1, 100)) {
      const ast = parse(randomPolicy(seed)).ast;
      visit(ast.declarations);
      for (const c of ast.comments) seen.add(c.block ? 'block comment' : 'line comment');
    }
    const wanted = [
      ...['Input', 'Source', 'Param', 'Let', 'RuleSet', 'Rule', 'Scorecard', 'Characteristic', 'Branch', 'BranchArm', 'Decision', 'Clause', 'Outcome', 'Term', 'Flow', 'Chain'],
      ...['Interval', 'Compare', 'Equals', 'InList', 'MissingBin', 'ElseBin'],
      ...['Number', 'String', 'Bool', 'List', 'Name', 'Member', 'Call', 'Unary', 'Binary', 'In', 'MissingTest', 'Paren'],
      ...['PrimitiveType', 'EnumType', 'ListType', 'UnknownType', 'Field'],
      ...['or', 'and', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/'].map((op) => `op ${op}`),
      ...['unary -', 'unary not', 'In negated=true', 'In negated=false', 'MissingTest negated=true', 'MissingTest negated=false'],
      ...['percent number', 'underscore number', 'right-nested parens', 'not (a and b)', 'escaped unicode string'],
      ...['switch on', 'switch required', 'switch off', 'switch shadow', 'order cost written', 'order written written'],
      ...['cost free', 'cost per_query', 'cost per_hit', 'block comment', 'line comment'],
    ];
    expect(wanted.filter((w) => !seen.has(w))).toEqual([]);
  });
});
