// Edits of the `flow { }` chains and branch targets: the smallest change of one edge. A chain is
// rewritten one segment at a time (`a -> b`), never reprinted, so the other chains, their order
// and their comments stay as written.

import type { FlowChain, Ident } from '../ast.js';
import { type Ctx } from './context.js';
import { INDENT, fillBlock } from './text.js';
import type { TextEdit } from './types.js';

const replaceIdent = (id: Ident, name: string): TextEdit => ({ start: id.range.start.offset, end: id.range.end.offset, text: name });

/** Whether the text between two offsets holds a comment (then it is not ours to delete). */
function hasComment(ctx: Ctx, from: number, to: number): boolean {
  return ctx.ast.comments.some((c) => c.range.start.offset >= from && c.range.start.offset < to);
}

/**
 * `from`'s flow successor becomes `to`. A chain that ends at the old successor gets the new name
 * in its place; a chain that goes on past it (`a -> from -> old -> c`) is cut after `from` and
 * the rest starts a line of its own, so the old successor keeps its own edges.
 */
export function setSuccessor(ctx: Ctx, from: string, to: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const { chain, i } of ctx.chainsWith(from)) {
    if (i + 1 >= chain.nodes.length) continue;
    const next = chain.nodes[i + 1];
    if (i + 2 === chain.nodes.length) {
      edits.push(replaceIdent(next, to));
      continue;
    }
    const cutFrom = chain.nodes[i].range.end.offset;
    const cutTo = next.range.start.offset;
    const indent = ctx.lines.indentAt(chain.range.start.offset) || INDENT;
    if (!hasComment(ctx, cutFrom, cutTo)) {
      edits.push({ start: cutFrom, end: cutTo, text: ctx.nl(` -> ${to}\n${indent}`) });
    } else {
      // Comments in the cut stay where they are: only the arrow and the spaces after it change.
      const arrow = ctx.text.indexOf('->', cutFrom);
      let end = arrow + 2;
      while (end < cutTo && /\s/.test(ctx.text[end])) end++;
      edits.push({ start: arrow, end, text: ctx.nl(`-> ${to}\n${indent}`) });
    }
  }
  if (!edits.length) edits.push(...appendEdge(ctx, from, to));
  return edits;
}

/** A new chain line at the end of the (last) flow block; a flow block when there is none. */
export function addChain(ctx: Ctx, names: string[]): TextEdit[] {
  const line = names.join(' -> ');
  const flow = ctx.flows[ctx.flows.length - 1];
  if (!flow) {
    const sep = ctx.text.endsWith('\n') ? '\n' : '\n\n';
    return [{ start: ctx.text.length, end: ctx.text.length, text: ctx.nl(`${sep}flow {\n${INDENT}${line}\n}\n`) }];
  }
  const last = flow.chains[flow.chains.length - 1];
  if (last) {
    const at = ctx.lines.lineEnd(last.range.end.offset);
    return [{ start: at, end: at, text: ctx.nl(`\n${ctx.lines.indentAt(last.range.start.offset) || INDENT}${line}`) }];
  }
  // A block with no chains: `flow {}`, `flow {\n}`, `flow { // to do\n}`.
  const close = flow.range.end.offset - 1;
  const open = ctx.openBrace(flow.range);
  const indent = ctx.lines.indentAt(flow.range.start.offset);
  const fill = fillBlock(ctx.lines, open ? open.startOffset + 1 : close, close, `${indent}${INDENT}${line}`, indent);
  return [{ ...fill, text: ctx.nl(fill.text) }];
}

/**
 * The edge `from -> to` for a node with no successor yet: ` -> to` after it where a chain ends at
 * it (the smallest edit), else a chain line of its own.
 */
export function appendEdge(ctx: Ctx, from: string, to: string): TextEdit[] {
  for (const { chain, i } of ctx.chainsWith(from)) {
    if (i !== chain.nodes.length - 1 || chain.nodes.length < 2) continue;
    const at = chain.nodes[i].range.end.offset;
    return [{ start: at, end: at, text: ` -> ${to}` }];
  }
  return addChain(ctx, [from, to]);
}

/** Deletes a whole chain: its line (and the comments above it) when it has the line to itself. */
function deleteChain(ctx: Ctx, chain: FlowChain, floor: number): TextEdit {
  const s = chain.range.start.offset;
  const lineEnd = ctx.lines.firstOnLine(s) ? ctx.lines.cleanLineEndAfter(chain.range.end.offset) : undefined;
  if (lineEnd === undefined) return { start: s, end: chain.range.end.offset, text: '' };
  return { start: ctx.lines.leadingStart(s, floor), end: lineEnd, text: '' };
}

/**
 * Takes `name` out of the flow. With a `successor`, every edge into it now leads there (its
 * predecessors are bridged); without one, the segments naming it go and branch targets stay
 * (the checker then reports them, as the delete warning said).
 */
export function removeFromFlow(ctx: Ctx, name: string, successor: string | undefined): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const { chain, i, flow } of ctx.chainsWith(name)) {
    const nodes = chain.nodes;
    const last = i === nodes.length - 1;
    const floor = prevChainEnd(flow.chains, chain) ?? (ctx.openBrace(flow.range)?.startOffset ?? flow.range.start.offset) + 1;
    if (nodes.length === 2 && (i === 0 || !successor)) edits.push(deleteChain(ctx, chain, floor));
    else if (!last) edits.push({ start: nodes[i].range.start.offset, end: nodes[i + 1].range.start.offset, text: '' });
    else if (successor) edits.push(replaceIdent(nodes[i], successor));
    else edits.push({ start: nodes[i - 1].range.end.offset, end: nodes[i].range.end.offset, text: '' });
  }
  if (successor) edits.push(...retarget(ctx, name, successor));
  return edits;
}

function prevChainEnd(chains: FlowChain[], chain: FlowChain): number | undefined {
  const k = chains.indexOf(chain);
  return k > 0 ? chains[k - 1].range.end.offset : undefined;
}

/** Branch arms that lead to `name` lead to `to` instead. */
export function retarget(ctx: Ctx, name: string, to: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const d of ctx.ast.declarations) {
    if (d.kind !== 'Branch') continue;
    for (const a of d.arms) if (a.target.name === name) edits.push(replaceIdent(a.target, to));
    if (d.else?.target.name === name) edits.push(replaceIdent(d.else.target, to));
  }
  return edits;
}

/** `a -> b` becomes `a -> node -> b` wherever the segment is written; empty when it is not. */
export function insertIntoSegments(ctx: Ctx, a: string, b: string, node: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const { chain, i } of ctx.chainsWith(a)) {
    const next = chain.nodes[i + 1];
    if (next?.name === b) edits.push({ start: next.range.start.offset, end: next.range.start.offset, text: `${node} -> ` });
  }
  return edits;
}

/** The branch arm (`index`, or `'else'`) as its target ident. */
export function armTarget(ctx: Ctx, branch: string, arm: number | 'else'): Ident | undefined {
  const d = ctx.flowNode(branch);
  if (d?.kind !== 'Branch') return undefined;
  return arm === 'else' ? d.else?.target : d.arms[arm]?.target;
}

export { replaceIdent };
