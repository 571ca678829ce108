// Structure: edges (connect, insert a node on an edge, move a node), new nodes, deletions.

import type { Code } from '../codes.js';
import { badOutcome } from './acts-rules.js';
import { START, kindWord, refuse, type Ctx, type Draft, type Refusal } from './context.js';
import { deleteDecl, insertDecl } from './decl-text.js';
import { addChain, appendEdge, armTarget, insertIntoSegments, removeFromFlow, replaceIdent, setSuccessor } from './flow-text.js';
import { nodeText, readBase, readExpr } from './new-text.js';
import type { NewNode, TextEdit, VisualAct } from './types.js';

type Act<K extends VisualAct['kind']> = Extract<VisualAct, { kind: K }>;

/** Rewiring may leave a node that nothing leads to any more: the author wires it next. */
const REWIRE: readonly Code[] = ['flow-unreachable'];
/**
 * Adding or deleting may leave the flow unfinished; the checker says where. Deleting the node
 * `start` leads to leaves the flow without a beginning (`flow-no-start`): the author rewires it next.
 */
const STRUCTURE: readonly Code[] = ['flow-unreachable', 'flow-successor-count', 'flow-no-start', 'flow-dead-end', 'unknown-node', 'unknown-name', 'score-not-computed'];

/** A node with exactly one successor in the flow: `start`, a rule set, a scorecard. */
function isLinear(ctx: Ctx, name: string): boolean {
  if (name === START) return true;
  const d = ctx.flowNode(name);
  return d?.kind === 'RuleSet' || d?.kind === 'Scorecard';
}

function knownNode(ctx: Ctx, name: string, what: string): Refusal | undefined {
  if (name === START || ctx.flowNode(name)) return undefined;
  const d = ctx.decl(name);
  return refuse('unknown-name', d ? `${what} \`${name}\` is a ${kindWord(d)}, not a node of the flow` : `${what} \`${name}\` is not a node of the flow`);
}

/** Refuses an edge `from → to` that would close a loop (the edge being replaced ignored). */
function cycle(ctx: Ctx, from: string, to: string, replaced?: string): Refusal | undefined {
  if (from === to) return refuse('flow-cycle', `\`${from}\` cannot lead to itself`);
  if (ctx.reaches(to, from, (a, b) => a === from && b === replaced))
    return refuse('flow-cycle', `\`${to}\` already leads to \`${from}\`: the edge \`${from} -> ${to}\` would make a loop`);
  return undefined;
}

export function connect(ctx: Ctx, act: Act<'connect'>): Draft | Refusal {
  const bad = knownNode(ctx, act.from, 'the edge starts at') ?? knownNode(ctx, act.to, 'the edge leads to');
  if (bad) return bad;
  if (act.to === START) return refuse('not-allowed', 'nothing leads to `start`: it is the entry of the flow');
  const from = ctx.flowNode(act.from);
  if (from?.kind === 'Decision') return refuse('not-allowed', `\`${act.from}\` is a decision: a decision ends a path and has no successor`);
  if (from?.kind === 'Branch') {
    if (act.arm === undefined) return refuse('invalid-index', `\`${act.from}\` is a branch: say which arm (its index, or \`else\`) leads to \`${act.to}\``);
    const target = armTarget(ctx, act.from, act.arm);
    if (!target) return refuse('invalid-index', `branch \`${act.from}\` has no ${act.arm === 'else' ? '`else`' : `arm ${act.arm}`}`);
    if (target.name === act.to) return { edits: [] };
    const c = cycle(ctx, act.from, act.to);
    if (c) return c;
    const edit = replaceIdent(target, act.to);
    return { edits: [edit], focus: edit, allow: REWIRE };
  }
  if (act.arm !== undefined) return refuse('invalid-index', `\`${act.from}\` is not a branch: it has one successor, no arms`);
  const old = ctx.successor(act.from)?.name;
  if (old === act.to) return { edits: [] };
  const c = cycle(ctx, act.from, act.to, old);
  if (c) return c;
  const edits = setSuccessor(ctx, act.from, act.to);
  return { edits, focus: edits[0], allow: REWIRE };
}

/** Reads and prints what a new node's text needs, with its id checked. */
function newNodeText(ctx: Ctx, node: NewNode, extraIds: string[] = []): string | Refusal {
  const bad = ctx.badNewId(node.id);
  if (bad) return bad;
  const exprs: { rules?: string[]; when?: string; characteristic?: string; base?: string } = {};
  switch (node.kind) {
    case 'ruleset': {
      exprs.rules = [];
      const ids = new Set<string>(extraIds.concat(node.id));
      for (const r of node.rules ?? []) {
        const badRule = ctx.badNewId(r.id);
        if (badRule) return badRule;
        if (ids.has(r.id)) return refuse('duplicate-id', `\`${r.id}\` is named twice in the new rule set`);
        ids.add(r.id);
        const outcome = badOutcome(r.outcome);
        if (outcome) return outcome;
        const when = readExpr(r.when, `the condition of \`${r.id}\``);
        if ('ok' in when) return when;
        exprs.rules.push(when.text);
      }
      break;
    }
    case 'branch': {
      for (const t of [node.then, node.else]) {
        const b = knownNode(ctx, t, 'the branch leads to');
        if (b) return b;
        if (t === START) return refuse('not-allowed', 'nothing leads to `start`: it is the entry of the flow');
      }
      const when = readExpr(node.when, `the condition of \`${node.id}\``);
      if ('ok' in when) return when;
      exprs.when = when.text;
      break;
    }
    case 'scorecard': {
      const c = readExpr(node.characteristic, `the characteristic of \`${node.id}\``);
      if ('ok' in c) return c;
      exprs.characteristic = c.text;
      if (node.base !== undefined) {
        const base = readBase(node.base);
        if (typeof base !== 'string') return base;
        exprs.base = base;
      }
      break;
    }
    case 'decision':
      if (!['approve', 'review', 'reject'].includes(node.outcome)) return refuse('invalid-value', `a decision's outcome is \`approve\`, \`review\` or \`reject\`, not \`${node.outcome}\``);
      break;
    default:
      return refuse('invalid-value', `a new node is a rule set, branch, scorecard or decision, not \`${(node as { kind: string }).kind}\``);
  }
  return nodeText(node, exprs);
}

/** Edits that put the new node `id` on the edge `from → to`, its successor being `to` when it has one. */
function wireOnEdge(ctx: Ctx, node: NewNode, from: string, to: string, arm: number | 'else' | undefined): TextEdit[] | Refusal {
  const linear = node.kind === 'ruleset' || node.kind === 'scorecard';
  const fromDecl = ctx.flowNode(from);
  if (fromDecl?.kind === 'Branch') {
    const idx = arm ?? armIndexTo(ctx, from, to);
    if (idx === undefined) return refuse('unknown-name', `branch \`${from}\` has no arm leading to \`${to}\``);
    const target = armTarget(ctx, from, idx);
    if (!target || target.name !== to) return refuse('unknown-name', `branch \`${from}\` has no ${idx === 'else' ? '`else`' : `arm ${idx}`} leading to \`${to}\``);
    const edits = [replaceIdent(target, node.id)];
    if (linear) edits.push(...addChain(ctx, [node.id, to]));
    return edits;
  }
  if (arm !== undefined) return refuse('invalid-index', `\`${from}\` is not a branch: it has no arms`);
  if (ctx.successor(from)?.name !== to) return refuse('unknown-name', `there is no edge \`${from} -> ${to}\``);
  return linear ? insertIntoSegments(ctx, from, to, node.id) : setSuccessor(ctx, from, node.id);
}

function armIndexTo(ctx: Ctx, branch: string, to: string): number | 'else' | undefined {
  const d = ctx.flowNode(branch);
  if (d?.kind !== 'Branch') return undefined;
  const i = d.arms.findIndex((a) => a.target.name === to);
  if (i >= 0) return i;
  return d.else?.target.name === to ? 'else' : undefined;
}

export function insertOnEdge(ctx: Ctx, act: Act<'insert-on-edge'>): Draft | Refusal {
  const bad = knownNode(ctx, act.from, 'the edge starts at') ?? knownNode(ctx, act.to, 'the edge leads to');
  if (bad) return bad;
  const text = newNodeText(ctx, act.node);
  if (typeof text !== 'string') return text;
  const wiring = wireOnEdge(ctx, act.node, act.from, act.to, act.arm);
  if (!Array.isArray(wiring)) return wiring;
  const decl = insertDecl(ctx, act.node.kind, text);
  return { edits: [decl, ...wiring], focus: decl, allow: REWIRE };
}

export function addNode(ctx: Ctx, act: Act<'add-node'>): Draft | Refusal {
  const text = newNodeText(ctx, act.node);
  if (typeof text !== 'string') return text;
  const decl = insertDecl(ctx, act.node.kind, text);
  if (act.after === undefined) return { edits: [decl], focus: decl, allow: STRUCTURE };
  const bad = knownNode(ctx, act.after, 'the new node comes after');
  if (bad) return bad;
  if (!isLinear(ctx, act.after))
    return refuse('not-allowed', `\`${act.after}\` is a ${kindWord(ctx.flowNode(act.after)!)}: ${ctx.flowNode(act.after)?.kind === 'Branch' ? 'say which of its edges the node goes on (insert on edge)' : 'a decision ends a path'}`);
  const next = ctx.successor(act.after)?.name;
  const wiring = next ? wireOnEdge(ctx, act.node, act.after, next, undefined) : appendEdge(ctx, act.after, act.node.id);
  if (!Array.isArray(wiring)) return wiring;
  return { edits: [decl, ...wiring], focus: decl, allow: STRUCTURE };
}

export function deleteNode(ctx: Ctx, act: Act<'delete-node'>): Draft | Refusal {
  if (act.node === START) return refuse('not-allowed', '`start` is the entry of the flow: it cannot be deleted');
  const d = ctx.decl(act.node);
  if (!d) return refuse('unknown-name', `there is nothing named \`${act.node}\``);
  const edits: TextEdit[] = [deleteDecl(ctx, d)];
  if (d.kind === 'RuleSet' || d.kind === 'Scorecard' || d.kind === 'Branch' || d.kind === 'Decision') {
    const successor = isLinear(ctx, act.node) ? ctx.successor(act.node)?.name : undefined;
    edits.push(...removeFromFlow(ctx, act.node, successor));
  }
  return { edits, allow: STRUCTURE };
}

export function moveNode(ctx: Ctx, act: Act<'move-node'>): Draft | Refusal {
  const bad = knownNode(ctx, act.node, 'the node') ?? knownNode(ctx, act.after, 'the node goes after');
  if (bad) return bad;
  if (act.node === START) return refuse('not-allowed', '`start` is the entry of the flow: it cannot move');
  if (!isLinear(ctx, act.node)) return refuse('not-allowed', `only a rule set or a scorecard moves along the flow; \`${act.node}\` is a ${kindWord(ctx.flowNode(act.node)!)}`);
  if (act.after === act.node) return refuse('not-allowed', `\`${act.node}\` cannot go after itself`);
  if (!isLinear(ctx, act.after))
    return refuse('not-allowed', `\`${act.after}\` is a ${kindWord(ctx.flowNode(act.after)!)}: ${ctx.flowNode(act.after)?.kind === 'Branch' ? 'say which of its edges the node goes on' : 'a decision ends a path'}`);
  const succ = ctx.successor(act.node)?.name;
  const next = ctx.successor(act.after)?.name;
  if (!succ) return refuse('not-allowed', `\`${act.node}\` has no successor in the flow to bridge to`);
  if (!next) return refuse('not-allowed', `\`${act.after}\` has no successor in the flow`);
  if (next === act.node) return { edits: [] };
  const edits = [...removeFromFlow(ctx, act.node, succ), ...insertIntoSegments(ctx, act.after, next, act.node)];
  return { edits, focus: edits[edits.length - 1], allow: [] };
}


