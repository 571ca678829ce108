import { describe, expect, test } from 'vitest';
import { compileText } from '../../runtime/compile.js';
import { parse } from '../index.js';
import { applyEdits, costOrder, planEdit, referencesTo, type EditPlan, type VisualAct } from './index.js';
import { SMALL } from './testing/small.js';

function edited(text: string, act: VisualAct): string {
  const plan = planEdit(text, act);
  if (!plan.ok) throw new Error(`refused (${plan.code}): ${plan.reason}`);
  return applyEdits(text, plan.edits);
}

function refused(text: string, act: VisualAct): Extract<EditPlan, { ok: false }> {
  const plan = planEdit(text, act);
  if (plan.ok) throw new Error(`expected a refusal, got ${JSON.stringify(plan.edits)}`);
  return plan;
}

/** `text` with each [from, to] replaced once (each `from` must occur exactly once). */
function replaced(text: string, ...pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    expect(out.split(from).length, `\`${from}\` occurs once`).toBe(2);
    out = out.replace(from, to);
  }
  return out;
}

const compiles = (text: string) => {
  const r = compileText(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.graph!;
};

describe('priorities', () => {
  test('move-rule moves the rule lines with their leading comment, nothing else', () => {
    const after = edited(SMALL, { kind: 'move-rule', ruleset: 'basics', rule: 'overage', to: 2 });
    expect(after).toBe(
      replaced(
        SMALL,
        [
          `  // Trial: old applicants.
  rule overage {
    when applicant.age > max_age
    then review
  }
  rule listed "Listed" shadow {
    when bureau.listed
    then reject "listed"
  } // after listed
`,
          `  rule listed "Listed" shadow {
    when bureau.listed
    then reject "listed"
  } // after listed
  // Trial: old applicants.
  rule overage {
    when applicant.age > max_age
    then review
  }
`,
        ],
      ),
    );
    const rules = (compiles(after).nodes.find((n) => n.id === 'basics') as { rules: { id: string }[] }).rules.map((r) => r.id);
    expect(rules).toEqual(['underage', 'listed', 'overage']);
  });

  test('move-rule up, and the plan is two edits: out, and in', () => {
    const plan = planEdit(SMALL, { kind: 'move-rule', ruleset: 'basics', rule: 'listed', to: 0 });
    expect(plan.ok && plan.edits.length).toBe(2);
    const after = edited(SMALL, { kind: 'move-rule', ruleset: 'basics', rule: 'listed', to: 0 });
    expect(after.indexOf('rule listed')).toBeLessThan(after.indexOf('rule underage'));
    expect(after).toContain('  } // after listed\n  rule underage');
    if (plan.ok) expect(after.slice(plan.focus!.start, plan.focus!.end)).toMatch(/^ {2}rule listed "Listed" shadow \{/);
  });

  test('order-rules with rules on one line rewrites only the slots that change', () => {
    const text = SMALL.replace(
      /ruleset extra "Extra" order cost \{[\s\S]*?\n\}\n/,
      'ruleset extra "Extra" { rule a { when low_income then flag } rule b { when bureau.listed then flag } }\n',
    );
    const after = edited(text, { kind: 'order-rules', ruleset: 'extra', rules: ['b', 'a'] });
    expect(after).toBe(text.replace('{ rule a { when low_income then flag } rule b { when bureau.listed then flag } }', '{ rule b { when bureau.listed then flag } rule a { when low_income then flag } }'));
  });

  test('order-rules refuses a list that is not a permutation', () => {
    expect(refused(SMALL, { kind: 'order-rules', ruleset: 'basics', rules: ['underage', 'listed'] }).code).toBe('invalid-index');
    expect(refused(SMALL, { kind: 'order-rules', ruleset: 'basics', rules: ['underage', 'listed', 'nope'] }).code).toBe('unknown-name');
  });

  test('set-order inserts, replaces or leaves the order word', () => {
    expect(edited(SMALL, { kind: 'set-order', ruleset: 'basics', order: 'cost' })).toBe(replaced(SMALL, ['ruleset basics "Basic checks" {', 'ruleset basics "Basic checks" order cost {']));
    expect(edited(SMALL, { kind: 'set-order', ruleset: 'extra', order: 'written' })).toBe(replaced(SMALL, ['"Extra" order cost', '"Extra" order written']));
    expect(planEdit(SMALL, { kind: 'set-order', ruleset: 'basics', order: 'written' })).toEqual({ ok: true, edits: [] });
  });

  test('move-arm and move-clause keep `else` last', () => {
    const text = SMALL.replace('  else -> score\n', '  when applicant.age > 50 -> score\n  else -> score\n');
    const after = edited(text, { kind: 'move-arm', branch: 'route', arm: 1, to: 0 });
    expect(after).toContain('  when applicant.age > 50 -> score\n  when applicant.channel == "partner" -> extra\n  else -> score\n');
    const graph = compiles(after);
    expect(graph.edges.filter((e) => e.from === 'route').map((e) => [e.index, e.to])).toEqual([[0, 'score'], [1, 'extra'], [-1, 'score']]);
    const d = edited(SMALL, { kind: 'move-clause', decision: 'offer', clause: 0, to: 1 });
    expect(d).toContain('  when score >= 505 => review "grey"\n  when score >= 515 => approve {\n    limit 5000\n    apr 24%\n  }\n  else => reject "low"');
    expect(refused(SMALL, { kind: 'move-clause', decision: 'offer', clause: 0, to: 2 }).code).toBe('invalid-index');
  });
});

describe('switches and parameters', () => {
  test('set-switch touches only the switch word', () => {
    expect(edited(SMALL, { kind: 'set-switch', rule: 'overage', state: 'off' })).toBe(replaced(SMALL, ['rule overage {', 'rule overage off {']));
    expect(edited(SMALL, { kind: 'set-switch', rule: 'listed', state: 'off' })).toBe(replaced(SMALL, ['"Listed" shadow {', '"Listed" off {']));
    expect(edited(SMALL, { kind: 'set-switch', rule: 'listed', state: 'on' })).toBe(replaced(SMALL, ['"Listed" shadow {', '"Listed" {']));
    expect(edited(SMALL, { kind: 'set-switch', rule: 'underage', state: 'on' })).toBe(replaced(SMALL, ['"Under age" required {', '"Under age" {']));
  });

  test('a required rule refuses off and shadow, with a reason', () => {
    const r = refused(SMALL, { kind: 'set-switch', rule: 'underage', state: 'off' });
    expect(r).toMatchObject({ code: 'required-rule' });
    expect(r.reason).toContain('`underage` is required: it cannot be switched off');
    expect(refused(SMALL, { kind: 'set-switch', rule: 'underage', state: 'shadow' }).code).toBe('required-rule');
    expect(refused(SMALL, { kind: 'set-switch', rule: 'nobody', state: 'off' }).code).toBe('unknown-name');
  });

  test('set-param replaces only the literal, keeps the doc string and the written form', () => {
    expect(edited(SMALL, { kind: 'set-param', param: 'min_age', value: '21' })).toBe(replaced(SMALL, ['param min_age = 18 "Minimum age"', 'param min_age = 21 "Minimum age"']));
    expect(edited(SMALL, { kind: 'set-param', param: 'rate', value: ' 12.5% ' })).toBe(replaced(SMALL, ['param rate = 15%', 'param rate = 12.5%']));
    expect(edited(SMALL, { kind: 'set-param', param: 'max_age', value: '1_000' })).toContain('param max_age = 1_000\n');
  });

  test('set-param empties a list param, and fills an empty one with values of the type it is tested against', () => {
    const text = SMALL.replace('param min_age = 18 "Minimum age"', 'param min_age = 18 "Minimum age"\nparam ages = [3, 6]\nparam none = []').replace(
      'when applicant.age < min_age',
      'when applicant.age < min_age or applicant.age in ages or applicant.age in none',
    );
    compiles(text);
    expect(edited(text, { kind: 'set-param', param: 'ages', value: '[]' })).toContain('param ages = []\n');
    expect(edited(text, { kind: 'set-param', param: 'none', value: '[17, 18]' })).toContain('param none = [17, 18]\n');
    expect(refused(text, { kind: 'set-param', param: 'none', value: '["x"]' }).code).toBe('type-mismatch');
  });

  test('set-param type checks the value', () => {
    expect(refused(SMALL, { kind: 'set-param', param: 'min_age', value: '"18"' })).toMatchObject({ code: 'type-mismatch', reason: '`min_age` holds a number: `"18"` is a text' });
    expect(refused(SMALL, { kind: 'set-param', param: 'min_age', value: 'true' }).code).toBe('type-mismatch');
    expect(refused(SMALL, { kind: 'set-param', param: 'min_age', value: 'min_age + 1' }).code).toBe('type-mismatch');
    expect(refused(SMALL, { kind: 'set-param', param: 'min_age', value: '18 param x = 1' }).code).toBe('invalid-value');
    expect(refused(SMALL, { kind: 'set-param', param: 'min_age', value: '18 // x' }).code).toBe('invalid-value');
    expect(refused(SMALL, { kind: 'set-param', param: 'nope', value: '1' }).code).toBe('unknown-name');
    expect(refused(SMALL, { kind: 'set-param', param: 'low_income', value: '1' }).code).toBe('unknown-name');
  });
});

describe('structure', () => {
  test('connect changes only the target identifier at the end of a chain', () => {
    const text = SMALL.replace('decision offer "Offer" {', 'decision ko {\n  else => reject "ko"\n}\n\ndecision offer "Offer" {');
    const plan = planEdit(text, { kind: 'connect', from: 'score', to: 'ko' });
    expect(plan.ok).toBe(true);
    // offer is left with nothing leading to it: allowed, and reported.
    if (plan.ok) expect(plan.diagnostics?.map((d) => d.code)).toEqual(['flow-unreachable']);
    expect(applyEdits(text, plan.ok ? plan.edits : [])).toBe(replaced(text, ['extra -> score -> offer', 'extra -> score -> ko']));
  });

  test('connect in the middle of a chain cuts one segment', () => {
    const t2 = SMALL.replaceAll('when score >=', 'when applicant.age >=');
    const after = edited(t2, { kind: 'connect', from: 'extra', to: 'offer' });
    expect(after).toBe(replaced(t2, ['  extra -> score -> offer\n', '  extra -> offer\n  score -> offer\n']));
  });

  test('connect a branch arm changes its target only; loops and unknown nodes are refused', () => {
    const t2 = SMALL.replaceAll('when score >=', 'when applicant.age >=');
    expect(edited(t2, { kind: 'connect', from: 'route', to: 'offer', arm: 'else' })).toBe(replaced(t2, ['else -> score', 'else -> offer']));
    expect(refused(SMALL, { kind: 'connect', from: 'score', to: 'basics' })).toMatchObject({ code: 'flow-cycle' });
    expect(refused(SMALL, { kind: 'connect', from: 'score', to: 'score' }).code).toBe('flow-cycle');
    expect(refused(SMALL, { kind: 'connect', from: 'score', to: 'nowhere' }).code).toBe('unknown-name');
    expect(refused(SMALL, { kind: 'connect', from: 'offer', to: 'score' }).code).toBe('not-allowed');
    expect(refused(SMALL, { kind: 'connect', from: 'route', to: 'offer' }).code).toBe('invalid-index');
    expect(refused(SMALL, { kind: 'connect', from: 'score', to: 'start' }).code).toBe('not-allowed');
  });

  test('connect that skips a scorecard the decision reads is refused with the checker message', () => {
    const r = refused(SMALL, { kind: 'connect', from: 'extra', to: 'offer' });
    expect(r.code).toBe('invalid-value');
    expect(r.reason).toContain('score');
  });

  test('move-node takes a rule set out and puts it on another edge', () => {
    const after = edited(SMALL, { kind: 'move-node', node: 'basics', after: 'score' });
    expect(after).toBe(replaced(SMALL, ['start -> basics -> route\n  extra -> score -> offer', 'start -> route\n  extra -> score -> basics -> offer']));
    compiles(after);
    expect(planEdit(SMALL, { kind: 'move-node', node: 'basics', after: 'start' })).toEqual({ ok: true, edits: [] });
    expect(refused(SMALL, { kind: 'move-node', node: 'route', after: 'score' }).code).toBe('not-allowed');
    expect(refused(SMALL, { kind: 'move-node', node: 'basics', after: 'route' }).code).toBe('not-allowed');
  });

  test('insert-on-edge adds the declaration after its kind and wires it on the edge', () => {
    const node = { kind: 'ruleset' as const, id: 'kyc', title: 'KYC', rules: [{ id: 'young', when: 'applicant.age<21', outcome: 'review' as const, reason: 'young' }] };
    const after = edited(SMALL, { kind: 'insert-on-edge', from: 'basics', to: 'route', node });
    expect(after).toBe(
      replaced(
        SMALL,
        ['    then flag "poor"\n  }\n}\n', '    then flag "poor"\n  }\n}\n\nruleset kyc "KYC" {\n  rule young {\n    when applicant.age < 21\n    then review "young"\n  }\n}\n'],
        ['start -> basics -> route', 'start -> basics -> kyc -> route'],
      ),
    );
    compiles(after);
    const onArm = edited(SMALL, { kind: 'insert-on-edge', from: 'route', to: 'score', arm: 'else', node: { kind: 'scorecard', id: 'age_score', characteristic: 'applicant.age', base: '0' } });
    expect(onArm).toContain('  else -> age_score\n');
    expect(onArm).toContain('  extra -> score -> offer\n  age_score -> score\n}');
    expect(onArm).toContain('scorecard age_score {\n  base 0\n  applicant.age {\n    else => 0\n  }\n}\n\nbranch route');
    compiles(onArm);
  });

  test('add-node refuses taken ids, keywords and bad conditions', () => {
    expect(refused(SMALL, { kind: 'add-node', node: { kind: 'ruleset', id: 'score' } }).code).toBe('duplicate-id');
    expect(refused(SMALL, { kind: 'add-node', node: { kind: 'ruleset', id: 'overage' } }).code).toBe('duplicate-id');
    expect(refused(SMALL, { kind: 'add-node', node: { kind: 'ruleset', id: 'rule' } }).code).toBe('invalid-id');
    expect(refused(SMALL, { kind: 'add-node', node: { kind: 'ruleset', id: '9x' } }).code).toBe('invalid-id');
    expect(refused(SMALL, { kind: 'add-node', node: { kind: 'branch', id: 'b2', when: 'applicant.age >', then: 'score', else: 'offer' } }).code).toBe('invalid-value');
    expect(refused(SMALL, { kind: 'add-node', node: { kind: 'branch', id: 'b2', when: 'applicant.agee > 3', then: 'score', else: 'offer' }, after: 'basics' }).code).toBe('unknown-name');
  });

  test('add-node with a branch after a rule set, and a lone decision', () => {
    const after = edited(SMALL, { kind: 'add-node', node: { kind: 'branch', id: 'young', when: 'applicant.age < 25', then: 'score', else: 'route' }, after: 'basics' });
    expect(after).toContain('branch route "Route" {\n  when applicant.channel == "partner" -> extra\n  else -> score\n}\n\nbranch young {\n  when applicant.age < 25 -> score\n  else -> route\n}\n\ndecision offer');
    expect(after).toContain('start -> basics -> young\n');
    compiles(after);
    const plan = planEdit(SMALL, { kind: 'add-node', node: { kind: 'decision', id: 'stop', outcome: 'reject', reason: 'stop' } });
    expect(plan.ok).toBe(true);
    if (plan.ok) {
      expect(applyEdits(SMALL, plan.edits)).toContain('  else => reject "low"\n}\n\ndecision stop {\n  else => reject "stop"\n}\n\nflow {');
      expect(plan.diagnostics?.map((d) => d.code)).toEqual(['flow-unreachable']);
    }
  });

  test('add-rule at a position, into an empty rule set, refusing a duplicate id', () => {
    const rule = { id: 'rich', title: 'Rich', when: 'applicant.income > 100000', outcome: 'flag' as const };
    expect(edited(SMALL, { kind: 'add-rule', ruleset: 'basics', rule, at: 1 })).toBe(
      replaced(SMALL, ['  }\n  // Trial: old applicants.\n', '  }\n  rule rich "Rich" {\n    when applicant.income > 100000\n    then flag\n  }\n  // Trial: old applicants.\n']),
    );
    const empty = SMALL.replace(/ruleset extra "Extra" order cost \{[\s\S]*?\n\}\n/, 'ruleset extra "Extra" order cost {}\n');
    expect(edited(empty, { kind: 'add-rule', ruleset: 'extra', rule })).toContain('ruleset extra "Extra" order cost {\n  rule rich "Rich" {\n    when applicant.income > 100000\n    then flag\n  }\n}\n');
    expect(refused(SMALL, { kind: 'add-rule', ruleset: 'basics', rule: { ...rule, id: 'poor' } }).code).toBe('duplicate-id');
    expect(refused(SMALL, { kind: 'add-rule', ruleset: 'basics', rule, at: 9 }).code).toBe('invalid-index');
    expect(refused(SMALL, { kind: 'add-rule', ruleset: 'basics', rule: { ...rule, when: 'applicant.income' } }).code).toBe('type-mismatch');
  });

  test('delete-rule takes its lines and leading comment; a required rule refuses', () => {
    expect(edited(SMALL, { kind: 'delete-rule', ruleset: 'basics', rule: 'overage' })).toBe(
      replaced(SMALL, ['  // Trial: old applicants.\n  rule overage {\n    when applicant.age > max_age\n    then review\n  }\n', '']),
    );
    expect(refused(SMALL, { kind: 'delete-rule', ruleset: 'basics', rule: 'underage' }).code).toBe('required-rule');
    expect(refused(SMALL, { kind: 'delete-rule', ruleset: 'extra', rule: 'underage' }).code).toBe('unknown-name');
  });

  test('delete-node bridges a rule set and takes its comment; `start` refuses', () => {
    const after = edited(SMALL, { kind: 'delete-node', node: 'basics' });
    expect(after).toBe(
      replaced(SMALL, [SMALL.slice(SMALL.indexOf('// Cheap checks first.'), SMALL.indexOf('ruleset extra')), ''], ['start -> basics -> route', 'start -> route']),
    );
    compiles(after);
    expect(refused(SMALL, { kind: 'delete-node', node: 'start' }).code).toBe('not-allowed');
    expect(refused(SMALL, { kind: 'delete-node', node: 'ghost' }).code).toBe('unknown-name');
  });

  test('delete-node of a scorecard that is read reports the dangling references', () => {
    const plan = planEdit(SMALL, { kind: 'delete-node', node: 'score' });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const after = applyEdits(SMALL, plan.edits);
    expect(after).toContain('  extra -> offer\n');
    expect(after).toContain('  else -> offer\n');
    expect(plan.diagnostics?.map((d) => d.code)).toContain('unknown-name');
  });

  test('edit-rule changes the condition, outcome, reason and title in place', () => {
    expect(edited(SMALL, { kind: 'edit-rule', rule: 'overage', when: 'applicant.age >= max_age', outcome: 'reject', reason: 'too old', title: 'Over age' })).toBe(
      replaced(SMALL, ['rule overage {\n    when applicant.age > max_age\n    then review\n', 'rule overage "Over age" {\n    when applicant.age >= max_age\n    then reject "too old"\n']),
    );
    expect(edited(SMALL, { kind: 'edit-rule', rule: 'underage', reason: null, title: null })).toBe(
      replaced(SMALL, ['rule underage "Under age" required {\n    when applicant.age < min_age\n    then reject "under age"', 'rule underage required {\n    when applicant.age < min_age\n    then reject']),
    );
    expect(refused(SMALL, { kind: 'edit-rule', rule: 'overage', when: 'applicant.channel == "ios"' }).code).toBe('type-mismatch');
    expect(refused(SMALL, { kind: 'edit-rule', rule: 'overage', when: 'nope > 1' }).code).toBe('unknown-name');
  });
});

/** A policy where every kind of node sits in the flow: a rule set mid-chain, a rule set named by a
 *  branch arm, a scorecard written in two chains, a branch, a decision reached by a chain and an arm. */
const DEL = `policy del "Delete" version 1

input applicant { id: text, age: number }

ruleset a { rule a1 { when applicant.age < 18 then reject } }

// b: older applicants
ruleset b { rule b1 { when applicant.age > 90 then review } }

scorecard s {
  applicant.age {
    else => 0
  }
}

branch route {
  when applicant.age < 30 -> b
  else -> done
}

decision done { else => approve }

flow {
  start -> a -> route
  b -> s
  // then decide
  s -> done
}
`;

/** What the plan writes, and the errors it says it leaves (`code: message`). */
function deleted(text: string, node: string): { text: string; left: string[] } {
  const plan = planEdit(text, { kind: 'delete-node', node });
  if (!plan.ok) throw new Error(`refused (${plan.code}): ${plan.reason}`);
  const after = applyEdits(text, plan.edits);
  const left = (plan.diagnostics ?? []).map((d) => `${d.code}: ${d.message}`);
  // The plan's diagnostics are exactly the checker's errors on the new text (DEL starts clean).
  const errors = compileText(after).diagnostics.filter((d) => d.severity === 'error');
  expect(left.slice().sort()).toEqual(errors.map((d) => `${d.code}: ${d.message}`).sort());
  return { text: after, left };
}

describe('delete-node', () => {
  test('the fixture compiles clean', () => {
    compiles(DEL);
  });

  test('a rule set in the middle of a chain is bridged: its predecessor leads to its successor', () => {
    const r = deleted(DEL, 'a');
    expect(r.text).toBe(`policy del "Delete" version 1

input applicant { id: text, age: number }

// b: older applicants
ruleset b { rule b1 { when applicant.age > 90 then review } }

scorecard s {
  applicant.age {
    else => 0
  }
}

branch route {
  when applicant.age < 30 -> b
  else -> done
}

decision done { else => approve }

flow {
  start -> route
  b -> s
  // then decide
  s -> done
}
`);
    expect(r.left).toEqual([]);
    expect(compiles(r.text).edges.filter((e) => e.from === 'start').map((e) => e.to)).toEqual(['route']);
  });

  test('a rule set a branch arm leads to: the arm now leads to its successor, its two-node chain goes, its comment goes with it', () => {
    const r = deleted(DEL, 'b');
    expect(r.text).toBe(`policy del "Delete" version 1

input applicant { id: text, age: number }

ruleset a { rule a1 { when applicant.age < 18 then reject } }

scorecard s {
  applicant.age {
    else => 0
  }
}

branch route {
  when applicant.age < 30 -> s
  else -> done
}

decision done { else => approve }

flow {
  start -> a -> route
  // then decide
  s -> done
}
`);
    expect(r.left).toEqual([]);
    compiles(r.text);
  });

  test('a scorecard written in two chains (`b -> s`, `s -> done`) is bridged into one: `b -> done`', () => {
    const r = deleted(DEL, 's');
    expect(r.text).toBe(`policy del "Delete" version 1

input applicant { id: text, age: number }

ruleset a { rule a1 { when applicant.age < 18 then reject } }

// b: older applicants
ruleset b { rule b1 { when applicant.age > 90 then review } }

branch route {
  when applicant.age < 30 -> b
  else -> done
}

decision done { else => approve }

flow {
  start -> a -> route
  b -> done
}
`);
    expect(r.left).toEqual([]);
    compiles(r.text);
  });

  test('a scorecard a decision reads is bridged, and the reads are left dangling and reported', () => {
    const text = replaced(DEL, ['decision done { else => approve }', 'decision done {\n  when s > 10 => review "high"\n  else => approve\n}']);
    const r = deleted(text, 's');
    expect(r.text).toBe(
      replaced(text, ['scorecard s {\n  applicant.age {\n    else => 0\n  }\n}\n\n', ''], ['  b -> s\n  // then decide\n  s -> done\n', '  b -> done\n']),
    );
    expect(r.left).toEqual(['unknown-name: unknown name `s`']);
  });

  test('a branch at the end of a chain: the segment into it goes, its targets are left for the author', () => {
    const r = deleted(DEL, 'route');
    expect(r.text).toBe(`policy del "Delete" version 1

input applicant { id: text, age: number }

ruleset a { rule a1 { when applicant.age < 18 then reject } }

// b: older applicants
ruleset b { rule b1 { when applicant.age > 90 then review } }

scorecard s {
  applicant.age {
    else => 0
  }
}

decision done { else => approve }

flow {
  start -> a
  b -> s
  // then decide
  s -> done
}
`);
    expect(r.left).toEqual([
      'flow-unreachable: rule set `b` never runs: no path from `start` leads to it',
      'flow-unreachable: scorecard `s` never runs: no path from `start` leads to it',
      'flow-unreachable: decision `done` never runs: no path from `start` leads to it',
      'flow-dead-end: the path start → a stops at rule set `a`; every path must end in a decision (add `a -> <next node>` to the flow)',
    ]);
  });

  test('a branch alone in a two-node chain after `start`: the whole chain line goes, and the flow has no beginning yet', () => {
    const text = replaced(DEL, ['start -> a -> route', 'start -> route'], ['ruleset a { rule a1 { when applicant.age < 18 then reject } }\n\n', '']);
    compiles(text);
    const r = deleted(text, 'route');
    expect(r.text).toBe(replaced(text, ['branch route {\n  when applicant.age < 30 -> b\n  else -> done\n}\n\n', ''], ['  start -> route\n', '']));
    expect(r.left).toEqual(['flow-no-start: the flow does not begin at `start`: write `start -> <first node>`']);
  });

  test('a decision reached by a two-node chain and a branch arm: the chain goes, the arm is left dangling', () => {
    const r = deleted(DEL, 'done');
    expect(r.text).toBe(`policy del "Delete" version 1

input applicant { id: text, age: number }

ruleset a { rule a1 { when applicant.age < 18 then reject } }

// b: older applicants
ruleset b { rule b1 { when applicant.age > 90 then review } }

scorecard s {
  applicant.age {
    else => 0
  }
}

branch route {
  when applicant.age < 30 -> b
  else -> done
}

flow {
  start -> a -> route
  b -> s
}
`);
    expect(r.left).toEqual([
      'unknown-node: unknown node `done`',
      'flow-dead-end: the path start → a → route → b → s stops at scorecard `s`; every path must end in a decision (add `s -> <next node>` to the flow)',
    ]);
  });

  test('a decision at the end of two chains, or of a longer chain: each segment into it goes', () => {
    const two = replaced(DEL, ['  else -> done', '  else -> s'], ['  b -> s\n  // then decide\n  s -> done\n', '  b -> done\n  s -> done\n']);
    compiles(two);
    const r = deleted(two, 'done');
    expect(r.text).toBe(replaced(two, ['decision done { else => approve }\n\n', ''], ['  b -> done\n  s -> done\n', '']));
    expect(r.left).toEqual([
      'flow-dead-end: the path start → a → route → b stops at rule set `b`; every path must end in a decision (add `b -> <next node>` to the flow)',
      'flow-dead-end: the path start → a → route → s stops at scorecard `s`; every path must end in a decision (add `s -> <next node>` to the flow)',
    ]);
    const longer = replaced(two, ['  b -> done\n  s -> done\n', '  b -> s -> done\n']);
    compiles(longer);
    const l = deleted(longer, 'done');
    expect(l.text).toBe(replaced(longer, ['decision done { else => approve }\n\n', ''], ['  b -> s -> done\n', '  b -> s\n']));
    expect(l.left).toEqual([
      'flow-dead-end: the path start → a → route → s stops at scorecard `s`; every path must end in a decision (add `s -> <next node>` to the flow)',
    ]);
  });

  test('a declaration that is not a node (a let) goes alone; the flow is not touched', () => {
    const text = replaced(DEL, ['ruleset a {', 'let young = applicant.age < 18\n\nruleset a {']);
    const r = deleted(text, 'young');
    expect(r.text).toBe(DEL);
    expect(r.left).toEqual([]);
  });
});

describe('helpers', () => {
  test('referencesTo lists flow, branch targets and readers', () => {
    const refs = referencesTo(parse(SMALL).ast, 'score').map((r) => r.what);
    expect(refs).toEqual([
      'branch `route`, `else`, leads to it',
      'decision `offer`, clause 1, reads it',
      'decision `offer`, clause 2, reads it',
      'flow: `extra -> score -> offer`',
    ]);
    expect(referencesTo(parse(SMALL).ast, 'min_age').map((r) => r.what)).toEqual(['rule `underage` in `basics` reads it']);
    expect(referencesTo(parse(SMALL).ast, 'applicant').length).toBeGreaterThan(4);
    expect(referencesTo(parse(SMALL).ast, 'nothing')).toEqual([]);
  });

  test('costOrder sorts by cost class, stable on ties, whatever the written order', () => {
    const graph = compiles(SMALL);
    expect(costOrder(graph, 'basics')).toEqual(['underage', 'overage', 'listed']);
    const moved = compiles(edited(SMALL, { kind: 'move-rule', ruleset: 'basics', rule: 'listed', to: 0 }));
    expect(costOrder(moved, 'basics')).toEqual(['underage', 'overage', 'listed']);
    expect(costOrder(graph, 'nope')).toEqual([]);
  });

  test('a text with a syntax error elsewhere still takes an edit; planEdit never throws', () => {
    const broken = SMALL.replace('param max_age = 60', 'param max_age = ');
    expect(parse(broken).diagnostics.length).toBeGreaterThan(0);
    const plan = planEdit(broken, { kind: 'set-switch', rule: 'overage', state: 'off' });
    expect(plan.ok).toBe(true);
    expect(planEdit('', { kind: 'delete-node', node: 'x' }).ok).toBe(false);
    expect(planEdit(SMALL, { kind: 'bogus' } as unknown as VisualAct).ok).toBe(false);
  });
});
