// Switches, parameters and the rules themselves: add, delete, edit.

import { RULE_OUTCOMES, SWITCH_STATES, type Expr, type ParamDecl, type RuleOutcomeKind } from '../ast.js';
import { paramLiteralType } from '../check/param-literal.js';
import { unparen } from '../check/walk.js';
import { quote } from '../format.js';
import { refuse, type Ctx, type Draft, type Refusal } from './context.js';
import { readExpr, ruleText } from './new-text.js';
import { INDENT, fillBlock, segments } from './text.js';
import type { TextEdit, VisualAct } from './types.js';

type Act<K extends VisualAct['kind']> = Extract<VisualAct, { kind: K }>;


export function setSwitch(ctx: Ctx, act: Act<'set-switch'>): Draft | Refusal {
  const found = ctx.rule(act.rule);
  if (!found) return refuse('unknown-name', `there is no rule \`${act.rule}\``);
  if (!SWITCH_STATES.includes(act.state)) return refuse('invalid-value', `a rule is \`on\`, \`off\`, \`shadow\` or \`required\`, not \`${String(act.state)}\``);
  const { rule } = found;
  if (rule.switch === act.state) return { edits: [] };
  if (rule.switch === 'required' && (act.state === 'off' || act.state === 'shadow'))
    return refuse('required-rule', `\`${act.rule}\` is required: it cannot be switched ${act.state === 'off' ? 'off' : 'to shadow'} (remove \`required\` first if the rule is no longer essential)`);
  const sw = rule.switchRange;
  let edit: TextEdit;
  if (sw && act.state === 'on') {
    // Drop the word and the space before it: `rule a "t" off {` → `rule a "t" {`.
    const before = (rule.title ?? rule.id).range.end.offset;
    const gapClean = /^[ \t]*$/.test(ctx.text.slice(before, sw.start.offset));
    edit = { start: gapClean ? before : sw.start.offset, end: sw.end.offset, text: '' };
  } else if (sw) edit = { start: sw.start.offset, end: sw.end.offset, text: act.state };
  else {
    const at = (rule.title ?? rule.id).range.end.offset;
    edit = { start: at, end: at, text: ` ${act.state}` };
  }
  return { edits: [edit], focus: edit };
}

/**
 * `15%` and `0.15` are one type (number); so are `"a"` and `"b"`; a list keeps its item type, but
 * `[]` has none (it is `list`): emptying a list, or filling an empty one, is the checker's to judge,
 * by what the param is tested against.
 */
function typeName(e: Expr): string | undefined {
  const t = paramLiteralType(e).type;
  if (!t) return undefined;
  const u = unparen(e);
  if (u.kind === 'List' && u.items.length === 0) return 'list';
  return t.kind === 'scalar_list' ? `list of ${t.item.kind}` : t.kind;
}

const fits = (got: string, want: string): boolean => got === want || (got.startsWith('list') && want.startsWith('list') && (got === 'list' || want === 'list'));

export function setParam(ctx: Ctx, act: Act<'set-param'>): Draft | Refusal {
  const d = ctx.decl(act.param);
  if (d?.kind !== 'Param') return refuse('unknown-name', d ? `\`${act.param}\` is not a param` : `there is no param \`${act.param}\``);
  const read = readExpr(act.value, `the value of \`${act.param}\``);
  if ('ok' in read) return read;
  const want = typeName(d.value);
  const got = typeName(read.expr);
  if (!got) return refuse('type-mismatch', `a param holds a literal (a number, percent, string, bool or list of them), not \`${read.text}\``);
  if (want && !fits(got, want)) return refuse('type-mismatch', `\`${act.param}\` holds a ${want}: \`${read.text}\` is a ${got}`);
  return replaceValue(ctx, d, read.text);
}

function replaceValue(ctx: Ctx, d: ParamDecl, text: string): Draft {
  const r = d.value.range;
  if (ctx.text.slice(r.start.offset, r.end.offset) === text) return { edits: [] };
  const edit = { start: r.start.offset, end: r.end.offset, text };
  return { edits: [edit], focus: edit };
}

export function addRule(ctx: Ctx, act: Act<'add-rule'>): Draft | Refusal {
  const set = ctx.ruleset(act.ruleset);
  if ('ok' in set) return set;
  const bad = ctx.badNewId(act.rule.id) ?? badOutcome(act.rule.outcome);
  if (bad) return bad;
  const when = readExpr(act.rule.when, `the condition of \`${act.rule.id}\``);
  if ('ok' in when) return when;
  const n = set.rules.length;
  const at = act.at ?? n;
  if (!Number.isInteger(at) || at < 0 || at > n) return refuse('invalid-index', `rule set \`${act.ruleset}\` has ${n} rules: a new one goes at 0 to ${n}, not ${at}`);
  const brace = ctx.openBrace(set.range);
  const floor = brace ? brace.startOffset + 1 : set.range.start.offset;
  const close = set.range.end.offset - 1;
  if (!n) {
    const indent = ctx.lines.indentAt(set.range.start.offset);
    const body = ruleText(act.rule, indent + INDENT, when.text);
    const fill = fillBlock(ctx.lines, floor, close, body, indent);
    const edit = { ...fill, text: ctx.nl(fill.text) };
    return { edits: [edit], focus: edit };
  }
  const segs = segments(ctx.lines, set.rules, floor);
  const indent = ctx.lines.indentAt(set.rules[0].range.start.offset);
  const body = ruleText(act.rule, indent, when.text);
  let edit: TextEdit;
  if (segs[0].lines) {
    const where = at < n ? segs[at].start : segs[n - 1].end;
    edit = { start: where, end: where, text: ctx.nl(`${body}\n`) };
  } else {
    const where = at < n ? segs[at].start : segs[n - 1].end;
    edit = at < n ? { start: where, end: where, text: `${body.trimStart()} ` } : { start: where, end: where, text: ` ${body.trimStart()}` };
  }
  return { edits: [edit], focus: edit };
}

/** A rule outcome that is none of the words (a new rule's, from the palette or a drawn rule set). */
export function badOutcome(o: string): Refusal | undefined {
  return RULE_OUTCOMES.includes(o as RuleOutcomeKind) ? undefined : refuse('invalid-value', `a rule's outcome is \`reject\`, \`review\` or \`flag\`, not \`${o}\``);
}

export function deleteRule(ctx: Ctx, act: Act<'delete-rule'>): Draft | Refusal {
  const set = ctx.ruleset(act.ruleset);
  if ('ok' in set) return set;
  const k = set.rules.findIndex((r) => r.id.name === act.rule);
  if (k < 0) return refuse('unknown-name', `rule set \`${act.ruleset}\` has no rule \`${act.rule}\``);
  if (set.rules[k].switch === 'required') return refuse('required-rule', `\`${act.rule}\` is required: it cannot be deleted (remove \`required\` first if the rule is no longer essential)`);
  const brace = ctx.openBrace(set.range);
  const seg = segments(ctx.lines, set.rules, brace ? brace.startOffset + 1 : set.range.start.offset)[k];
  if (seg.lines) return { edits: [{ start: seg.start, end: seg.end, text: '' }] };
  // Rules written on one line: take the rule and the spaces before it.
  let start = seg.start;
  while (start > 0 && (ctx.text[start - 1] === ' ' || ctx.text[start - 1] === '\t')) start--;
  return { edits: [{ start, end: seg.end, text: '' }] };
}

export function editRule(ctx: Ctx, act: Act<'edit-rule'>): Draft | Refusal {
  const found = ctx.rule(act.rule);
  if (!found) return refuse('unknown-name', `there is no rule \`${act.rule}\``);
  const { rule } = found;
  const edits: TextEdit[] = [];
  if (act.title !== undefined) {
    const t = rule.title;
    if (act.title === null || act.title === '') {
      if (t) edits.push({ start: rule.id.range.end.offset, end: t.range.end.offset, text: '' });
    } else if (!t) edits.push({ start: rule.id.range.end.offset, end: rule.id.range.end.offset, text: ` ${quote(act.title)}` });
    else if (t.value !== act.title) edits.push({ start: t.range.start.offset, end: t.range.end.offset, text: quote(act.title) });
  }
  if (act.when !== undefined) {
    const when = readExpr(act.when, `the condition of \`${act.rule}\``);
    if ('ok' in when) return when;
    const r = rule.when.range;
    if (ctx.text.slice(r.start.offset, r.end.offset) !== when.text) edits.push({ start: r.start.offset, end: r.end.offset, text: when.text });
  }
  const o = rule.outcome;
  const word = { start: o.range.start.offset, end: o.range.start.offset + o.kind.length };
  if (act.outcome !== undefined) {
    const bad = badOutcome(act.outcome);
    if (bad) return bad;
    if (act.outcome !== o.kind) edits.push({ ...word, text: act.outcome });
  }
  if (act.reason !== undefined) {
    const r = o.reason;
    if (act.reason === null || act.reason === '') {
      if (r) edits.push({ start: word.end, end: r.range.end.offset, text: '' });
    } else if (!r) edits.push({ start: word.end, end: word.end, text: ` ${quote(act.reason)}` });
    else if (r.value !== act.reason) edits.push({ start: r.range.start.offset, end: r.range.end.offset, text: quote(act.reason) });
  }
  return { edits, focus: edits[0] };
}
