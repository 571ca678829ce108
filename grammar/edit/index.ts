// Visual acts on the decision graph → the smallest text edits of the policy (issue #6). The text
// stays the single source of truth: every drag, toggle or rewire on the canvas becomes a few
// replacements that go through the editor's undo stack. Pure: no I/O, no DOM; runs in the studio
// page and in Node tests. Contract: /work/brief/visual-edit-api.md.

import type { Policy, Range } from '../ast.js';
import { check } from '../check/index.js';
import type { Diagnostic } from '../diagnostics.js';
import { parse, type ParseResult } from '../index.js';
import { costOrdered, type DecisionGraph } from '../../runtime/graph.js';
import { addNode, connect, deleteNode, insertOnEdge, moveNode } from './acts-flow.js';
import { moveArm, moveClause, moveRule, orderRules, setOrder } from './acts-order.js';
import { addRule, deleteRule, editRule, setParam, setSwitch } from './acts-rules.js';
import { Ctx, isRefusal, refuse, type Draft, type Refusal } from './context.js';
import { referencesTo as findReferences } from './references.js';
import { applyEdits as apply, landed, overlapping, trimEdit } from './text.js';
import type { EditPlan, EditRefusalCode, TextEdit, VisualAct } from './types.js';

export type { EditPlan, EditRefusalCode, NewNode, NewRule, Reference, TextEdit, VisualAct } from './types.js';

/** Plans the smallest text edit(s) expressing `act` on `text` (parsed once by the caller or here). Never throws. */
export function planEdit(text: string, act: VisualAct, parsed?: ParseResult): EditPlan {
  try {
    const before = parsed ?? parse(text);
    const ctx = new Ctx(text, before);
    const draft = dispatch(ctx, act);
    if (isRefusal(draft)) return draft;
    return validate(text, before, act, draft);
  } catch (e) {
    // A bug here must cost the analyst one refused drag, never the studio.
    return refuse('not-allowed', `the edit could not be planned: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function dispatch(ctx: Ctx, act: VisualAct): Draft | Refusal {
  switch (act.kind) {
    case 'move-rule':
      return moveRule(ctx, act);
    case 'order-rules':
      return orderRules(ctx, act);
    case 'set-order':
      return setOrder(ctx, act);
    case 'move-arm':
      return moveArm(ctx, act);
    case 'move-clause':
      return moveClause(ctx, act);
    case 'move-node':
      return moveNode(ctx, act);
    case 'set-switch':
      return setSwitch(ctx, act);
    case 'set-param':
      return setParam(ctx, act);
    case 'connect':
      return connect(ctx, act);
    case 'insert-on-edge':
      return insertOnEdge(ctx, act);
    case 'add-node':
      return addNode(ctx, act);
    case 'add-rule':
      return addRule(ctx, act);
    case 'delete-rule':
      return deleteRule(ctx, act);
    case 'delete-node':
      return deleteNode(ctx, act);
    case 'edit-rule':
      return editRule(ctx, act);
    default:
      return refuse('not-allowed', `unknown act \`${(act as { kind: string }).kind}\``);
  }
}

/** Line numbers in messages move with the text; they do not make an error new. */
const key = (d: Diagnostic): string => `${d.code}\u0000${d.message.replace(/line \d+/g, 'line #')}`;

function newErrors(before: readonly Diagnostic[], after: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, number>();
  for (const d of before) if (d.severity === 'error') seen.set(key(d), (seen.get(key(d)) ?? 0) + 1);
  const out: Diagnostic[] = [];
  for (const d of after) {
    if (d.severity !== 'error') continue;
    const n = seen.get(key(d)) ?? 0;
    if (n > 0) seen.set(key(d), n - 1);
    else out.push(d);
  }
  return out;
}

const CODE_OF: Partial<Record<string, EditRefusalCode>> = {
  'duplicate-id': 'duplicate-id',
  'flow-cycle': 'flow-cycle',
  'unknown-name': 'unknown-name',
  'unknown-field': 'unknown-name',
  'unknown-node': 'unknown-name',
  'unknown-function': 'unknown-name',
  'type-mismatch': 'type-mismatch',
  'condition-not-bool': 'type-mismatch',
  'invalid-enum-value': 'type-mismatch',
  'wrong-arity': 'type-mismatch',
};

/**
 * The result must read back without new syntax errors, and without new checker errors beyond
 * those the act may leave (an orphan after a rewire): otherwise the act is refused with the
 * checker's own words, so the canvas never writes a policy the analyst did not mean.
 */
function validate(text: string, before: ParseResult, act: VisualAct, draft: Draft): EditPlan {
  const { edits } = draft;
  if (!edits.length) return { ok: true, edits: [] };
  if (overlapping(edits)) return refuse('not-allowed', `the \`${act.kind}\` edit could not be planned without overlapping changes`);
  const next = apply(text, edits);
  const after = parse(next);
  const syntax = newErrors(before.diagnostics, after.diagnostics);
  if (syntax.length) return refuse('invalid-value', `the edit would not read back: ${syntax[0].message}`);
  const afterChecked = check(after.ast).diagnostics;
  const errorsAfter = afterChecked.filter((d) => d.severity === 'error');
  let left: Diagnostic[] = [];
  if (errorsAfter.length) {
    left = newErrors(check(before.ast).diagnostics, afterChecked);
    const allow = draft.allow ?? [];
    const blocking = left.find((d) => !allow.includes(d.code));
    if (blocking) return refuse(CODE_OF[blocking.code] ?? 'invalid-value', blocking.message);
  }
  // Trimming changes where the edits start, not the text they make: the focus is read before.
  const trimmed = edits.map((e) => trimEdit(text, e)).filter((e): e is TextEdit => e !== undefined);
  const plan: EditPlan = { ok: true, edits: apply(text, trimmed) === next ? trimmed : edits };
  if (draft.focus) plan.focus = landed(edits, draft.focus);
  if (left.length) plan.diagnostics = left;
  return plan;
}

/** Applies edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return apply(text, edits);
}

/** Who refers to a declaration (flow, branch targets, lets, rules…), for the delete warning. */
export function referencesTo(policy: Policy, name: string): { range: Range; what: string }[] {
  return findReferences(policy, name);
}

/**
 * The rules of a rule set in the order `order cost` runs them (cost class, stable on written
 * order), whatever the set's current `order`: the permutation for "order by cost". Empty for an
 * unknown rule set.
 */
export function costOrder(graph: DecisionGraph, ruleset: string): string[] {
  const node = graph.nodes.find((n) => n.kind === 'ruleset' && n.id === ruleset);
  if (node?.kind !== 'ruleset') return [];
  const written = [...node.rules].sort((a, b) => a.writtenIndex - b.writtenIndex);
  return costOrdered(written).map((r) => r.id);
}
