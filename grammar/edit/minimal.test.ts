// The smallest edit that expresses an act, and planEdit on odd input: it answers, never throws.

import { describe, expect, test } from 'vitest';
import { compileText } from '../../runtime/compile.js';
import { parse } from '../index.js';
import { applyEdits, planEdit, type EditPlan, type TextEdit, type VisualAct } from './index.js';
import { ODD, SMALL } from './testing/small.js';
import { longestIncreasing } from './text.js';

function plan(text: string, act: VisualAct): Extract<EditPlan, { ok: true }> {
  const p = planEdit(text, act);
  if (!p.ok) throw new Error(`refused (${p.code}): ${p.reason}`);
  return p;
}

/** An edit at the one place `before` occurs in `text` (`at` = offset inside it). */
function at(text: string, before: string, offset: number, end: number, newText: string): TextEdit {
  expect(text.split(before).length, `\`${before}\` occurs once`).toBe(2);
  const base = text.indexOf(before);
  return { start: base + offset, end: base + end, text: newText };
}

describe('the smallest edit', () => {
  test('edit-rule writes only the characters that change, cut between whole words', () => {
    const p = plan(SMALL, { kind: 'edit-rule', rule: 'overage', when: 'applicant.age >= max_age' });
    expect(p.edits).toEqual([at(SMALL, 'applicant.age > max_age', 15, 15, '=')]);
    // The editor still reveals the whole condition.
    const after = applyEdits(SMALL, p.edits);
    expect(after.slice(p.focus!.start, p.focus!.end)).toBe('applicant.age >= max_age');
    // `age` → `aged` inside the reason: the word, not its last letter.
    const r = plan(SMALL, { kind: 'edit-rule', rule: 'underage', reason: 'under aged' });
    expect(r.edits).toEqual([at(SMALL, '"under age"', 7, 10, 'aged')]);
  });

  test('set-param replaces the number, not the `%` it keeps', () => {
    const p = plan(SMALL, { kind: 'set-param', param: 'rate', value: '12.5%' });
    expect(p.edits).toEqual([at(SMALL, 'rate = 15%', 7, 9, '12.5')]);
    expect(applyEdits(SMALL, p.edits).slice(p.focus!.start, p.focus!.end)).toBe('12.5%');
  });

  test('an identifier is replaced whole, never cut to its differing letters', () => {
    const text = SMALL.replaceAll('when score >=', 'when applicant.age >=').replace('decision offer "Offer" {', 'decision ko_offer {\n  else => reject "ko"\n}\n\ndecision offer "Offer" {');
    // `offer` → `ko_offer`: the name, not an inserted `ko_`.
    const p = plan(text, { kind: 'connect', from: 'score', to: 'ko_offer' });
    expect(p.edits).toEqual([at(text, 'score -> offer', 9, 14, 'ko_offer')]);
    const o = plan(text, { kind: 'connect', from: 'route', to: 'offer', arm: 'else' });
    expect(o.edits).toEqual([at(text, 'else -> score', 8, 13, 'offer')]);
  });

  test('a node with no successor yet gets ` -> next` at the end of its chain, not a new chain line', () => {
    const text = SMALL.replace('  extra -> score -> offer\n', '  extra -> score\n');
    const p = plan(text, { kind: 'add-node', node: { kind: 'decision', id: 'stop', outcome: 'review' }, after: 'score' });
    expect(p.edits[1]).toEqual(at(text, 'extra -> score\n', 14, 14, ' -> stop'));
    const c = plan(text, { kind: 'connect', from: 'score', to: 'offer' });
    expect(c.edits).toEqual([at(text, 'extra -> score\n', 14, 14, ' -> offer')]);
    expect(compileText(applyEdits(text, c.edits)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('moving a rule among rules written on one line takes it out and puts it back; the rules it passes stay untouched', () => {
    const p = plan(ODD, { kind: 'move-rule', ruleset: 'quick', rule: 'young', to: 1 });
    const young = 'rule young { when applicant.age < 18 then reject }';
    expect(p.edits).toEqual([at(ODD, `${young} `, 0, young.length + 1, ''), at(ODD, 'then review "far" }', 19, 19, ` ${young}`)]);
    expect(applyEdits(ODD, p.edits)).toContain('ruleset quick { rule far { when applicant.region != region then review "far" } rule young { when applicant.age < 18 then reject } }');
    const back = applyEdits(ODD, p.edits);
    const q = plan(back, { kind: 'move-rule', ruleset: 'quick', rule: 'young', to: 0 });
    expect(applyEdits(back, q.edits)).toBe(ODD);
    // Two rules: moving one up is moving the other down; either way one goes out and comes back.
    expect(q.edits).toHaveLength(2);
    expect(q.edits[0].text).toBe('');
  });

  test('a comment inside an empty block is kept when the first item goes in', () => {
    const text = SMALL.replace(/ruleset extra "Extra" order cost \{[\s\S]*?\n\}\n/, 'ruleset extra "Extra" order cost { /* none yet */ }\n');
    const rule = { id: 'rich', when: 'applicant.income > 100000', outcome: 'flag' as const };
    const p = plan(text, { kind: 'add-rule', ruleset: 'extra', rule });
    expect(applyEdits(text, p.edits)).toContain('ruleset extra "Extra" order cost { /* none yet */\n  rule rich {\n    when applicant.income > 100000\n    then flag\n  }\n}\n');
  });
});

describe('reordering many rules moves the fewest', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const ruleText = (n: string) => `  // about ${n}\n  rule ${n} {\n    when applicant.age < ${names.indexOf(n) + 10}\n    then review\n  }\n`;
  const withRules = (order: string[]) => SMALL.replace(/ruleset extra "Extra" order cost \{[\s\S]*?\n\}\n/, `ruleset extra "Extra" order cost {\n${order.map(ruleText).join('')}}\n`);
  const text = withRules(names);

  test('only the rules outside the longest run already in order are taken out and put back', () => {
    // c, a, b, f, d, e: a b d e stay; c and f move (two deletions, two insertions).
    const order = ['c', 'a', 'b', 'f', 'd', 'e'];
    const p = plan(text, { kind: 'order-rules', ruleset: 'extra', rules: order });
    expect(p.edits).toHaveLength(4);
    for (const e of p.edits) {
      if (e.text === '') expect(['c', 'f'].map(ruleText)).toContain(text.slice(e.start, e.end));
      else expect(['c', 'f'].map(ruleText)).toContain(e.text);
    }
    expect(applyEdits(text, p.edits)).toBe(withRules(order));
    expect(compileText(applyEdits(text, p.edits)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('every order of six rules comes out right, with as many moves as a brute force finds', () => {
    const perms = (xs: string[]): string[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
    for (const order of perms(names)) {
      const p = planEdit(text, { kind: 'order-rules', ruleset: 'extra', rules: order });
      if (!p.ok) throw new Error(p.reason);
      expect(applyEdits(text, p.edits)).toBe(withRules(order));
      // The fewest moves: six minus the longest subsequence of `order` already in written order.
      let longest = 0;
      for (let mask = 0; mask < 64; mask++) {
        const kept = order.filter((_, i) => mask & (1 << i));
        if (kept.every((x, i) => i === 0 || kept[i - 1] < x)) longest = Math.max(longest, kept.length);
      }
      const moves = p.edits.filter((e) => e.text === '').length;
      expect(moves, order.join(' ')).toBe(order.join('') === names.join('') ? 0 : 6 - longest);
    }
  });

  test('longestIncreasing keeps a longest increasing run', () => {
    expect([...longestIncreasing([2, 0, 1, 5, 3, 4])].sort()).toEqual([0, 1, 3, 4]);
    expect(longestIncreasing([])).toEqual(new Set());
    expect([...longestIncreasing([3, 2, 1])]).toHaveLength(1);
  });
});

const INTERNAL = 'the edit could not be planned';

/** One act of every kind, on the names SMALL declares. */
const ACTS: VisualAct[] = [
  { kind: 'move-rule', ruleset: 'basics', rule: 'overage', to: 0 },
  { kind: 'order-rules', ruleset: 'basics', rules: ['listed', 'overage', 'underage'] },
  { kind: 'set-order', ruleset: 'basics', order: 'cost' },
  { kind: 'move-arm', branch: 'route', arm: 0, to: 0 },
  { kind: 'move-clause', decision: 'offer', clause: 1, to: 0 },
  { kind: 'move-node', node: 'basics', after: 'score' },
  { kind: 'set-switch', rule: 'overage', state: 'off' },
  { kind: 'set-param', param: 'min_age', value: '21' },
  { kind: 'connect', from: 'route', to: 'offer', arm: 'else' },
  { kind: 'connect', from: 'basics', to: 'score' },
  { kind: 'insert-on-edge', from: 'basics', to: 'route', node: { kind: 'ruleset', id: 'kyc', rules: [{ id: 'y', when: 'applicant.age < 21', outcome: 'review' }] } },
  { kind: 'insert-on-edge', from: 'route', to: 'score', arm: 'else', node: { kind: 'scorecard', id: 'sc2', characteristic: 'applicant.age' } },
  { kind: 'add-node', node: { kind: 'decision', id: 'stop', outcome: 'reject' } },
  { kind: 'add-node', node: { kind: 'branch', id: 'br', when: 'applicant.age < 3', then: 'offer', else: 'offer' }, after: 'basics' },
  { kind: 'add-rule', ruleset: 'extra', rule: { id: 'rich', when: 'applicant.income > 1', outcome: 'flag' } },
  { kind: 'delete-rule', ruleset: 'basics', rule: 'overage' },
  { kind: 'delete-node', node: 'basics' },
  { kind: 'delete-node', node: 'route' },
  { kind: 'delete-node', node: 'offer' },
  { kind: 'edit-rule', rule: 'overage', when: 'applicant.age >= max_age', outcome: 'reject', reason: 'x', title: 'T' },
];

/** planEdit answers (a plan or a refusal with a reason), from its own checks, not from a caught crash. */
function answers(text: string, act: VisualAct): EditPlan {
  let p: EditPlan | undefined;
  expect(() => (p = planEdit(text, act))).not.toThrow();
  if (!p!.ok) {
    expect(p!.reason, `${JSON.stringify(act)} on ${JSON.stringify(text.slice(0, 40))}…`).not.toContain(INTERNAL);
    expect(p!.reason.length).toBeGreaterThan(10);
  } else if (p!.edits.length) {
    // An edit on a broken text adds no syntax error of its own.
    const errors = (t: string) => parse(t).diagnostics.filter((d) => d.severity === 'error').length;
    expect(errors(applyEdits(text, p!.edits))).toBeLessThanOrEqual(errors(text));
  }
  return p!;
}

describe('odd input: planEdit answers and never throws', () => {
  test('an empty or blank text: every act is refused for the name it cannot find', () => {
    for (const text of ['', '   \n', '\r\n']) {
      for (const act of ACTS) {
        const p = answers(text, act);
        if (act.kind !== 'add-node') expect(p, JSON.stringify(act)).toMatchObject({ ok: false, code: 'unknown-name' });
      }
    }
  });

  test('every act on SMALL cut short every 29 characters, and with a 7-character hole every 53', () => {
    let planned = 0;
    for (let cut = 0; cut <= SMALL.length; cut += 29) for (const act of ACTS) if (answers(SMALL.slice(0, cut), act).ok) planned++;
    for (let hole = 0; hole < SMALL.length; hole += 53) for (const act of ACTS) if (answers(SMALL.slice(0, hole) + SMALL.slice(hole + 7), act).ok) planned++;
    // Recovery keeps enough of a broken text for many acts to go through.
    expect(planned).toBeGreaterThan(400);
  });

  test('names with unicode: a new id is refused as a name, a lookup finds nothing, titles and reasons are written quoted', () => {
    for (const id of ['规则', 'é', 'a😀', '']) {
      expect(planEdit(SMALL, { kind: 'add-node', node: { kind: 'ruleset', id } })).toMatchObject({ ok: false, code: 'invalid-id' });
      expect(planEdit(SMALL, { kind: 'add-rule', ruleset: 'basics', rule: { id, when: 'true', outcome: 'flag' } })).toMatchObject({ ok: false, code: 'invalid-id' });
      expect(planEdit(SMALL, { kind: 'delete-node', node: id })).toMatchObject({ ok: false, code: 'unknown-name' });
      expect(planEdit(SMALL, { kind: 'set-switch', rule: id, state: 'off' })).toMatchObject({ ok: false, code: 'unknown-name' });
      expect(planEdit(SMALL, { kind: 'connect', from: 'basics', to: id })).toMatchObject({ ok: false, code: 'unknown-name' });
    }
    const title = '新规则 "试用" 😀';
    const p = plan(SMALL, { kind: 'add-rule', ruleset: 'basics', rule: { id: 'trial', title, reason: '拒绝\n😀', when: 'applicant.age > 99', outcome: 'reject' } });
    const graph = compileText(applyEdits(SMALL, p.edits)).graph!;
    const rule = graph.nodes.flatMap((n) => (n.kind === 'ruleset' ? n.rules : [])).find((r) => r.id === 'trial')!;
    expect([rule.title, rule.reason]).toEqual([title, '拒绝\n😀']);
    // Editing a title that ends in an emoji writes whole characters.
    const e = plan(applyEdits(SMALL, p.edits), { kind: 'edit-rule', rule: 'trial', title: '新规则 "试用" 😁' });
    for (const x of e.edits) expect(x.text).not.toMatch(/^[\udc00-\udfff]/);
  });

  test('a text whose declarations use unicode names (a lexer error) still takes edits elsewhere', () => {
    const text = SMALL.replace('ruleset extra "Extra"', 'ruleset 额外 "Extra"');
    expect(parse(text).diagnostics.length).toBeGreaterThan(0);
    for (const act of ACTS) answers(text, act);
    expect(planEdit(text, { kind: 'set-switch', rule: 'overage', state: 'off' }).ok).toBe(true);
    expect(planEdit(text, { kind: 'delete-node', node: '额外' })).toMatchObject({ ok: false, code: 'unknown-name' });
  });

  test('malformed acts are refused with a reason', () => {
    expect(planEdit(SMALL, { kind: 'move-rule', ruleset: 'basics', rule: 'overage', to: Number.NaN })).toMatchObject({ ok: false, code: 'invalid-index' });
    expect(planEdit(SMALL, { kind: 'move-arm', branch: 'route', arm: 0.5, to: 0 })).toMatchObject({ ok: false, code: 'invalid-index' });
    expect(planEdit(SMALL, { kind: 'add-rule', ruleset: 'basics', rule: { id: 'q', when: 'true', outcome: 'flag' }, at: -1 })).toMatchObject({ ok: false, code: 'invalid-index' });
    expect(planEdit(SMALL, { kind: 'set-param', param: 'min_age', value: '' })).toMatchObject({ ok: false, code: 'invalid-value' });
    expect(planEdit(SMALL, { kind: 'edit-rule', rule: 'overage', when: '   ' })).toMatchObject({ ok: false, code: 'invalid-value' });
  });
});
