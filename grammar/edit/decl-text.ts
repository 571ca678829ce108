// Where a new declaration goes and what deleting one removes.

import type { Declaration } from '../ast.js';
import type { Ctx } from './context.js';
import type { TextEdit } from './types.js';

const KIND: Record<'ruleset' | 'branch' | 'scorecard' | 'decision', Declaration['kind']> = {
  ruleset: 'RuleSet',
  branch: 'Branch',
  scorecard: 'Scorecard',
  decision: 'Decision',
};

/**
 * A new declaration goes after the last one of its kind (rule sets stay with rule sets), else
 * before the flow block, else at the end; one blank line either side, as the formatter lays out.
 */
export function insertDecl(ctx: Ctx, kind: keyof typeof KIND, text: string): TextEdit {
  const decls = ctx.ast.declarations;
  const same = decls.filter((d) => d.kind === KIND[kind]);
  const after = same[same.length - 1];
  if (after) {
    const clean = ctx.lines.cleanLineEndAfter(after.range.end.offset);
    const at = clean === undefined ? after.range.end.offset : ctx.lines.lineEnd(after.range.end.offset);
    return { start: at, end: at, text: ctx.nl(`\n\n${text}`) };
  }
  const flowAt = decls.findIndex((d) => d.kind === 'Flow');
  if (flowAt >= 0) {
    const flow = decls[flowAt];
    const floor = flowAt > 0 ? decls[flowAt - 1].range.end.offset : (ctx.ast.header?.range.end.offset ?? 0);
    const at = ctx.lines.firstOnLine(flow.range.start.offset) ? ctx.lines.leadingStart(flow.range.start.offset, floor) : flow.range.start.offset;
    return { start: at, end: at, text: ctx.nl(`${text}\n\n`) };
  }
  const end = ctx.text.length;
  return { start: end, end, text: ctx.nl(`${ctx.text.endsWith('\n') ? '\n' : '\n\n'}${text}\n`) };
}

/**
 * Deletes a declaration with the comment lines directly above it, and one of the blank lines
 * around it so that the two neighbours stay one blank line apart.
 */
export function deleteDecl(ctx: Ctx, d: Declaration): TextEdit {
  const decls = ctx.ast.declarations;
  const k = decls.indexOf(d);
  const floor = k > 0 ? decls[k - 1].range.end.offset : (ctx.ast.header?.range.end.offset ?? 0);
  const L = ctx.lines;
  const s = d.range.start.offset;
  const lineEnd = L.firstOnLine(s) ? L.cleanLineEndAfter(d.range.end.offset) : undefined;
  if (lineEnd === undefined) return { start: s, end: d.range.end.offset, text: '' };
  const start = L.leadingStart(s, floor);
  let end = lineEnd;
  const blankBefore = start > 0 && L.isBlankLine(L.lineStart(start - 1));
  if (end >= ctx.text.length) return { start: blankBefore ? L.lineStart(start - 1) : start, end, text: '' };
  if ((blankBefore || start === 0) && L.isBlankLine(end)) end = L.nextLineStart(end);
  return { start, end, text: '' };
}
