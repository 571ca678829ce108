// Priorities: the order of rules, branch arms and decision clauses, and a rule set's `order` word.

import type { Range } from '../ast.js';
import { refuse, type Ctx, type Draft, type Refusal } from './context.js';
import { movedOne, permute, segments } from './text.js';
import type { VisualAct } from './types.js';

type Act<K extends VisualAct['kind']> = Extract<VisualAct, { kind: K }>;

/** Reorders `items` (between the `{` after `open` and their block's end) into `perm`. */
function reorder(ctx: Ctx, items: readonly { range: Range }[], open: Range, perm: number[]): Draft {
  const brace = ctx.openBrace({ start: open.start, end: items[0]?.range.start ?? open.end });
  const floor = brace ? brace.startOffset + 1 : open.start.offset;
  const edits = permute(ctx.text, segments(ctx.lines, items, floor), perm);
  // Reveal where the first item moved to (the dragged one, for one move).
  const focus = edits.find((e) => e.text !== '') ?? edits[0];
  return { edits, focus };
}

function checkIndex(n: number, to: number, what: string): Refusal | undefined {
  if (!Number.isInteger(to) || to < 0 || to >= n) return refuse('invalid-index', `${what} has ${n} position${n === 1 ? '' : 's'}: ${to} is not one of them (0 to ${n - 1})`);
  return undefined;
}

export function moveRule(ctx: Ctx, act: Act<'move-rule'>): Draft | Refusal {
  const set = ctx.ruleset(act.ruleset);
  if ('ok' in set) return set;
  const from = set.rules.findIndex((r) => r.id.name === act.rule);
  if (from < 0) return refuse('unknown-name', `rule set \`${act.ruleset}\` has no rule \`${act.rule}\``);
  const bad = checkIndex(set.rules.length, act.to, `rule set \`${act.ruleset}\``);
  if (bad) return bad;
  return reorder(ctx, set.rules, set.range, movedOne(set.rules.length, from, act.to));
}

export function orderRules(ctx: Ctx, act: Act<'order-rules'>): Draft | Refusal {
  const set = ctx.ruleset(act.ruleset);
  if ('ok' in set) return set;
  const ids = set.rules.map((r) => r.id.name);
  const missing = ids.filter((id) => !act.rules.includes(id));
  const extra = act.rules.filter((id) => !ids.includes(id));
  if (extra.length) return refuse('unknown-name', `rule set \`${act.ruleset}\` has no rule ${extra.map((x) => `\`${x}\``).join(', ')}`);
  if (missing.length || act.rules.length !== ids.length)
    return refuse('invalid-index', `the new order of \`${act.ruleset}\` must name each of its ${ids.length} rules once${missing.length ? ` (missing: ${missing.map((x) => `\`${x}\``).join(', ')})` : ''}`);
  return reorder(ctx, set.rules, set.range, act.rules.map((id) => ids.indexOf(id)));
}

export function setOrder(ctx: Ctx, act: Act<'set-order'>): Draft | Refusal {
  const set = ctx.ruleset(act.ruleset);
  if ('ok' in set) return set;
  if (act.order !== 'written' && act.order !== 'cost') return refuse('invalid-value', `a rule set is ordered \`written\` or \`cost\`, not \`${String(act.order)}\``);
  if (set.orderRange) {
    // Replace only the word after `order` (the explicit `order written` stays explicit).
    const word = ctx.tokensIn(set.orderRange).at(-1);
    if (!word || word.image === act.order) return { edits: [] };
    const edit = { start: word.startOffset, end: word.startOffset + word.image.length, text: act.order };
    return { edits: [edit], focus: edit };
  }
  if (act.order === 'written') return { edits: [] };
  const at = (set.title ?? set.id).range.end.offset;
  const edit = { start: at, end: at, text: ' order cost' };
  return { edits: [edit], focus: edit };
}

export function moveArm(ctx: Ctx, act: Act<'move-arm'>): Draft | Refusal {
  const d = ctx.flowNode(act.branch);
  if (d?.kind !== 'Branch') return refuse('unknown-name', `there is no branch \`${act.branch}\``);
  const what = `branch \`${act.branch}\` (the \`else\` stays last)`;
  const bad = checkIndex(d.arms.length, act.arm, what) ?? checkIndex(d.arms.length, act.to, what);
  if (bad) return bad;
  return reorder(ctx, d.arms, d.range, movedOne(d.arms.length, act.arm, act.to));
}

export function moveClause(ctx: Ctx, act: Act<'move-clause'>): Draft | Refusal {
  const d = ctx.flowNode(act.decision);
  if (d?.kind !== 'Decision') return refuse('unknown-name', `there is no decision \`${act.decision}\``);
  const what = `decision \`${act.decision}\` (the \`else\` stays last)`;
  const bad = checkIndex(d.clauses.length, act.clause, what) ?? checkIndex(d.clauses.length, act.to, what);
  if (bad) return bad;
  return reorder(ctx, d.clauses, d.range, movedOne(d.clauses.length, act.clause, act.to));
}
