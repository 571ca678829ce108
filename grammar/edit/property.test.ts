// Random sequences of visual acts over the sample policies and small synthetic ones. After each
// act: (a) the new text parses with no new errors, (b) it compiles to exactly the graph the act's
// graph-level model predicts from the previous graph (when the act leaves errors on purpose, the
// flow it writes is the model's and nothing else changed), (c) the edits stay inside the region the act
// is about, and every comment outside them survives.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Comment, Policy, Range } from '../ast.js';
import { parse } from '../index.js';
import { check } from '../check/index.js';
import { compile, compileText } from '../../runtime/compile.js';
import type { DecisionGraph } from '../../runtime/graph.js';
import { applyEdits, planEdit, type TextEdit, type VisualAct } from './index.js';
import { Gen, rng } from './testing/gen.js';
import { edgesOf, expected, normalize } from './testing/model.js';
import { declarationsBesideFlow, shapeOfAst, shapeOfGraph } from './testing/shape.js';
import { ODD, SMALL, WIDE } from './testing/small.js';

const sample = (name: string) => readFileSync(new URL(`../../samples/${name}.policy`, import.meta.url), 'utf8');

const POLICIES: [string, string, number][] = [
  // name, text, sequences (220 in all)
  ['application', sample('application'), 40],
  ['preapproval', sample('preapproval'), 40],
  ['drawdown', sample('drawdown'), 40],
  ['small', SMALL, 30],
  ['odd', ODD, 20],
  ['wide', WIDE, 30],
  // CRLF: every edit keeps the file's line ending.
  ['small-crlf', SMALL.replace(/\n/g, '\r\n'), 20],
];
const ACTS_PER_SEQUENCE = 10;

type Region = [number, number];

/** Where the act may write, in the old text's offsets; `between` allows one insertion between declarations. */
function regions(text: string, ast: Policy, act: VisualAct): { regions: Region[]; between?: boolean; deletes?: string } {
  const decl = (id: string) => ast.declarations.find((d) => d.kind !== 'Flow' && d.id.name === id);
  const whole = (r: Range): Region => [r.start.offset, r.end.offset];
  const flows = ast.declarations.filter((d) => d.kind === 'Flow').map((d) => whole(d.range));
  const branches = ast.declarations.filter((d) => d.kind === 'Branch').map((d) => whole(d.range));
  const rule = (id: string) => {
    for (const d of ast.declarations) if (d.kind === 'RuleSet') for (const r of d.rules) if (r.id.name === id) return r;
    return undefined;
  };
  switch (act.kind) {
    case 'move-rule':
    case 'order-rules':
    case 'add-rule':
    case 'delete-rule':
      return { regions: [whole(decl(act.ruleset)!.range)] };
    case 'set-order': {
      const d = decl(act.ruleset)!;
      return { regions: [[d.range.start.offset, text.indexOf('{', d.range.start.offset)]] };
    }
    case 'move-arm':
      return { regions: [whole(decl(act.branch)!.range)] };
    case 'move-clause':
      return { regions: [whole(decl(act.decision)!.range)] };
    case 'set-switch': {
      const r = rule(act.rule)!;
      return { regions: [[r.range.start.offset, r.when.range.start.offset]] };
    }
    case 'set-param': {
      const d = decl(act.param)!;
      return { regions: [d.kind === 'Param' ? whole(d.value.range) : [0, 0]] };
    }
    case 'edit-rule':
      return { regions: [whole(rule(act.rule)!.range)] };
    case 'connect':
    case 'move-node':
      return { regions: [...flows, ...branches] };
    case 'insert-on-edge':
    case 'add-node':
      return { regions: [...flows, ...branches], between: true };
    case 'delete-node':
      return { regions: [...flows, ...branches], deletes: act.node };
  }
}

/** Every edit inside the act's regions (an insertion may sit on a region's edge). */
function checkRegions(text: string, ast: Policy, act: VisualAct, edits: TextEdit[]): void {
  const { regions: allowed, between, deletes } = regions(text, ast, act);
  let insertions = 0;
  for (const e of edits) {
    if (allowed.some(([lo, hi]) => e.start >= lo && e.end <= hi)) continue;
    const inDecl = ast.declarations.some((d) => e.start > d.range.start.offset && e.start < d.range.end.offset);
    if (between && e.start === e.end && !inDecl) {
      insertions++;
      continue;
    }
    if (deletes) {
      const d = ast.declarations.find((x) => x.kind !== 'Flow' && x.id.name === deletes)!;
      expect(e.text, 'a deletion').toBe('');
      expect(e.start <= d.range.start.offset && e.end >= d.range.end.offset, 'the deletion covers the declaration').toBe(true);
      // Around the declaration, only its comments and blank lines go.
      const chars = text.split('');
      for (const c of ast.comments) for (let i = c.range.start.offset; i < c.range.end.offset; i++) chars[i] = ' ';
      const extra = chars.slice(e.start, d.range.start.offset).join('') + chars.slice(d.range.end.offset, e.end).join('');
      expect(extra.trim(), 'only comments and blank lines around the deleted declaration').toBe('');
      continue;
    }
    throw new Error(`${act.kind}: edit ${JSON.stringify(e)} falls outside the act's region ${JSON.stringify(allowed)}`);
  }
  expect(insertions).toBeLessThanOrEqual(1);
}

/** Comments outside every edited range are all still there, with their text. */
function checkComments(before: Comment[], after: Comment[], edits: TextEdit[]): void {
  const untouched = before.filter((c) => !edits.some((e) => e.start < c.range.end.offset && c.range.start.offset < e.end));
  const left = after.map((c) => c.text);
  for (const c of untouched) {
    const k = left.indexOf(c.text);
    expect(k, `comment ${c.text} survives`).toBeGreaterThanOrEqual(0);
    left.splice(k, 1);
  }
}

/** The act, and for a deletion what kind of node it took. */
function leftKey(ast: Policy, act: VisualAct): string {
  if (act.kind !== 'delete-node') return act.kind;
  const d = ast.declarations.find((x) => x.kind !== 'Flow' && x.id.name === act.node);
  return `delete-node ${d?.kind ?? '?'}`;
}

/** For a text with the errors an act leaves on purpose: the flow's shape, and everything else untouched. */
function checkShape(before: Policy, after: Policy, act: VisualAct, model: DecisionGraph, where: string): void {
  expect(shapeOfAst(after), where).toEqual(shapeOfGraph(model));
  const was = declarationsBesideFlow(before);
  const now = declarationsBesideFlow(after);
  if (act.kind === 'delete-node') {
    const d = before.declarations.find((x) => x.kind !== 'Flow' && x.id.name === act.node)!;
    expect(was.delete(`${d.kind} ${act.node}`), where).toBe(true);
  }
  if (act.kind === 'add-node' || act.kind === 'insert-on-edge') {
    const key = [...now.keys()].find((k) => k.endsWith(` ${act.node.id}`));
    expect(key, `${where}: the new declaration`).toBeDefined();
    now.delete(key!);
  }
  expect(now, where).toEqual(was);
}

/** Across all policies: how often the shape check ran, per act (and kind of deleted node). */
const leftTotals: Record<string, number> = {};

const REFUSALS = new Set(['unknown-name', 'duplicate-id', 'invalid-id', 'required-rule', 'type-mismatch', 'invalid-value', 'invalid-index', 'flow-cycle', 'not-allowed']);

describe('random visual edits keep text and graph in step', () => {
  for (const [name, source, sequences] of POLICIES) {
    test(`${name}: ${sequences} sequences × ${ACTS_PER_SEQUENCE} acts`, () => {
      const first = compileText(source);
      expect(first.graph, `${name} compiles`).toBeDefined();
      // The model derives edges from nodes: on the starting graph that must be what the compiler wrote.
      expect(edgesOf(normalize(first.graph!).nodes)).toEqual(normalize(first.graph!).edges);
      const stats = { applied: 0, graphChecked: 0, leftErrors: 0, refused: 0, noop: 0 };
      const codes: Record<string, number> = {};
      const perKind: Record<string, number> = {};
      const leftPerKind: Record<string, number> = {};
      for (let s = 0; s < sequences; s++) {
        const gen = new Gen(rng(s * 7919 + name.length));
        let text = source;
        let graph = first.graph!;
        let before = parse(text);
        for (let k = 0; k < ACTS_PER_SEQUENCE; k++) {
          const g = gen.next(graph, text);
          if (!g) continue;
          const { act, hint } = g;
          const plan = planEdit(text, act, before);
          const where = `${name} #${s}.${k} ${JSON.stringify(act)}`;
          if (!plan.ok) {
            expect(REFUSALS.has(plan.code), `${where}: code ${plan.code}`).toBe(true);
            // Any node can be deleted: what the deletion leaves unfinished comes back as diagnostics.
            if (act.kind === 'delete-node') expect.fail(`${where}: refused (${plan.code}) ${plan.reason}`);
            expect(plan.reason.length, where).toBeGreaterThan(10);
            codes[plan.code] = (codes[plan.code] ?? 0) + 1;
            stats.refused++;
            continue;
          }
          if (!plan.edits.length) {
            stats.noop++;
            continue;
          }
          const next = applyEdits(text, plan.edits);
          if (source.includes('\r\n')) expect(next, `${where}: a lone LF in a CRLF text`).not.toMatch(/(?<!\r)\n/);
          const after = parse(next);
          // (a) no new syntax errors (every state here starts clean)
          expect(after.diagnostics.filter((d) => d.severity === 'error'), where).toEqual([]);
          // (c) the edits stay where the act is about, comments elsewhere stay
          checkRegions(text, before.ast, act, plan.edits);
          checkComments(before.ast.comments, after.ast.comments, plan.edits);
          if (plan.focus) expect(plan.focus.end, where).toBeLessThanOrEqual(next.length);
          stats.applied++;
          // The parse of (a) is reused: parse → check → compile is what compileText does.
          const checked = check(after.ast);
          const errors = checked.diagnostics.filter((d) => d.severity === 'error');
          if (plan.diagnostics?.length) {
            // An act that leaves work for the author says so, and the checker agrees: every text
            // here starts without errors, so what the plan reports is all the checker finds.
            expect(plan.diagnostics.map((d) => d.message).sort(), where).toEqual(errors.map((d) => d.message).sort());
            // (b') no graph compiles, but the flow the text writes is what the model predicts,
            // and the declarations the act does not add or delete are as they were.
            checkShape(before.ast, after.ast, act, expected(normalize(graph), act, hint), where);
            stats.leftErrors++;
            leftPerKind[leftKey(before.ast, act)] = (leftPerKind[leftKey(before.ast, act)] ?? 0) + 1;
            continue; // the sequence goes on from the last valid text
          }
          // (b) the graph is exactly what the model predicts
          expect(errors.map((d) => d.message), where).toEqual([]);
          const compiled: DecisionGraph = compile(after.ast, checked.analysis, next);
          expect(normalize(compiled), where).toEqual(expected(normalize(graph), act, hint));
          stats.graphChecked++;
          perKind[act.kind] = (perKind[act.kind] ?? 0) + 1;
          text = next;
          graph = compiled;
          before = after;
        }
      }
      for (const [k, n] of Object.entries(leftPerKind)) leftTotals[k] = (leftTotals[k] ?? 0) + n;
      if (process.env.EDIT_STATS) console.log(name, JSON.stringify({ stats, codes, perKind, leftPerKind }));
      // The generator must exercise the engine, not only its refusals.
      expect(stats.graphChecked, JSON.stringify({ stats, codes })).toBeGreaterThan(sequences * ACTS_PER_SEQUENCE * 0.35);
    });
  }

  // Runs after the policies above (vitest runs a file's tests in order).
  test('the shape check saw deletions of branches, decisions and read scorecards', () => {
    for (const k of ['delete-node Branch', 'delete-node Decision', 'delete-node Scorecard']) expect(leftTotals[k] ?? 0, `${k}: ${JSON.stringify(leftTotals)}`).toBeGreaterThan(2);
  });
});
