// A CRLF policy stays CRLF: every act that writes new lines writes them with the text's own line
// ending, and otherwise makes exactly the edit it makes on the same policy written with LF.

import { describe, expect, test } from 'vitest';
import { applyEdits, planEdit, type VisualAct } from './index.js';
import { ODD, SMALL } from './testing/small.js';

const crlf = (s: string) => s.replace(/\n/g, '\r\n');
const LONE_LF = /(?<!\r)\n/;

/** The act on the LF text and on its CRLF twin: the same result, line endings aside. */
function agrees(lf: string, act: VisualAct): string {
  const a = planEdit(lf, act);
  const b = planEdit(crlf(lf), act);
  if (!a.ok || !b.ok) throw new Error(`refused: ${JSON.stringify(a.ok ? b : a)}`);
  const onLf = applyEdits(lf, a.edits);
  const onCrlf = applyEdits(crlf(lf), b.edits);
  expect(onLf).not.toBe(lf);
  expect(onCrlf).not.toMatch(LONE_LF);
  expect(onCrlf).toBe(crlf(onLf));
  expect(b.diagnostics?.map((d) => d.code)).toEqual(a.diagnostics?.map((d) => d.code));
  if (a.focus && b.focus) expect(crlf(onLf.slice(a.focus.start, a.focus.end))).toBe(onCrlf.slice(b.focus.start, b.focus.end));
  return onCrlf;
}

const rule = { id: 'rich', title: 'Rich', when: 'applicant.income > 100000', outcome: 'flag' as const };

describe('CRLF policies keep CRLF', () => {
  test('the line ending is read from the text, not assumed', () => {
    const plan = planEdit(crlf(SMALL), { kind: 'add-rule', ruleset: 'basics', rule });
    expect(plan.ok && plan.edits[0].text).toBe('  rule rich "Rich" {\r\n    when applicant.income > 100000\r\n    then flag\r\n  }\r\n');
  });

  test('add-rule between rules, at the end, into `{}` and into a block holding only a comment', () => {
    agrees(SMALL, { kind: 'add-rule', ruleset: 'basics', rule, at: 1 });
    agrees(SMALL, { kind: 'add-rule', ruleset: 'basics', rule });
    const empty = SMALL.replace(/ruleset extra "Extra" order cost \{[\s\S]*?\n\}\n/, 'ruleset extra "Extra" order cost {}\n');
    expect(agrees(empty, { kind: 'add-rule', ruleset: 'extra', rule })).toContain('order cost {\r\n  rule rich "Rich" {\r\n');
    const commented = SMALL.replace(/ruleset extra "Extra" order cost \{[\s\S]*?\n\}\n/, 'ruleset extra "Extra" order cost { // none yet\n}\n');
    expect(agrees(commented, { kind: 'add-rule', ruleset: 'extra', rule })).toContain('order cost { // none yet\r\n  rule rich "Rich" {\r\n');
  });

  test('add-node after its kind, after the last decision, before the flow, and at the end of a text with no flow', () => {
    const kyc = { kind: 'ruleset' as const, id: 'kyc', rules: [{ id: 'young', when: 'applicant.age < 21', outcome: 'review' as const }] };
    agrees(SMALL, { kind: 'add-node', node: kyc, after: 'basics' });
    agrees(SMALL, { kind: 'add-node', node: { kind: 'decision', id: 'stop', outcome: 'reject', reason: 'stop' } });
    // ODD has no branch: the new one goes before `flow`, and `quick`'s chain is cut (a new line).
    agrees(ODD, { kind: 'add-node', node: { kind: 'branch', id: 'elderly', when: 'applicant.age > 70', then: 'tail', else: 'done' }, after: 'quick' });
    // No flow and no scorecard: the declaration goes at the end.
    const noFlow = ODD.slice(0, ODD.indexOf('flow {'));
    agrees(noFlow, { kind: 'add-node', node: { kind: 'scorecard', id: 'age_points', characteristic: 'applicant.age' } });
  });

  test('add-node after `start` into an empty flow block, and one holding only a comment', () => {
    const node = { kind: 'ruleset' as const, id: 'first' };
    const empty = ODD.replace(/flow \{[\s\S]*\}\n$/, 'flow {}\n');
    expect(agrees(empty, { kind: 'add-node', node, after: 'start' })).toContain('flow {\r\n  start -> first\r\n}\r\n');
    const commented = ODD.replace(/flow \{[\s\S]*\}\n$/, 'flow {\n  // to do\n}\n');
    expect(agrees(commented, { kind: 'add-node', node, after: 'start' })).toContain('flow {\r\n  // to do\r\n  start -> first\r\n}\r\n');
  });

  test('insert-on-edge on a branch arm adds a chain line', () => {
    agrees(SMALL, { kind: 'insert-on-edge', from: 'route', to: 'score', arm: 'else', node: { kind: 'scorecard', id: 'age_score', characteristic: 'applicant.age' } });
    agrees(SMALL, { kind: 'insert-on-edge', from: 'basics', to: 'route', node: { kind: 'ruleset', id: 'kyc' } });
  });

  test('connect in the middle of a chain cuts it onto a new line, with or without a comment in the cut', () => {
    const t2 = SMALL.replaceAll('when score >=', 'when applicant.age >=');
    expect(agrees(t2, { kind: 'connect', from: 'extra', to: 'offer' })).toContain('  extra -> offer\r\n  score -> offer\r\n');
    const commented = t2.replace('extra -> score', 'extra /* then */ -> score');
    expect(agrees(commented, { kind: 'connect', from: 'extra', to: 'offer' })).toContain('  extra /* then */ -> offer\r\n  score -> offer\r\n');
  });

  test('moves and deletions keep the lines they carry as they were', () => {
    agrees(SMALL, { kind: 'move-rule', ruleset: 'basics', rule: 'overage', to: 2 });
    agrees(SMALL, { kind: 'delete-rule', ruleset: 'basics', rule: 'overage' });
    agrees(SMALL, { kind: 'delete-node', node: 'basics' });
    agrees(SMALL, { kind: 'delete-node', node: 'offer' });
    agrees(SMALL, { kind: 'move-node', node: 'basics', after: 'score' });
  });
});
