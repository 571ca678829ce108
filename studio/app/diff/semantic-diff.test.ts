import { describe, expect, it } from 'vitest';
import { compileText } from '../../../runtime/compile.js';
import { POLICY } from '../testing/policy.js';
import { exprShape, semanticDiff, type CompiledText } from './semantic-diff.js';

function compiled(text: string): CompiledText {
  const r = compileText(text);
  if (!r.graph) throw new Error(`does not compile: ${r.diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('; ')}`);
  return { graph: r.graph, text };
}

const base = compiled(POLICY);
const edit = (...pairs: [string, string][]) => compiled(pairs.reduce((t, [a, b]) => (t.includes(a) ? t.replace(a, b) : fail(a)), POLICY));
const fail = (s: string): never => {
  throw new Error(`fixture lacks ${s}`);
};

describe('semanticDiff', () => {
  it('finds nothing between a policy and its reformatted, recommented self', () => {
    const same = compiled(`// a comment\n${POLICY.replace(/\n  /g, '\n    ').replace('param max_dpd = 30', 'param max_dpd   =   30 // why')}`);
    const d = semanticDiff(base, same);
    expect(d.count).toBe(0);
  });

  it('lists an added and a removed rule with their rule set and condition', () => {
    const after = edit(
      ['  rule listed "Blacklisted" shadow {\n    when blacklist.listed\n    then reject\n  }\n', ''],
      ['ruleset screen "Screening" order cost {\n', 'ruleset screen "Screening" order cost {\n  rule rich "Rich" {\n    when applicant.income > 100000\n    then flag "rich"\n  }\n'],
    );
    const d = semanticDiff(base, after);
    expect(d.rules.added).toEqual([{ id: 'rich', set: 'screen', title: 'Rich', outcome: 'flag', switch: 'on', when: 'applicant.income > 100000' }]);
    expect(d.rules.removed.map((r) => [r.id, r.switch])).toEqual([['listed', 'shadow']]);
    expect(d.rules.changed).toEqual([]);
  });

  it('tells a changed condition, outcome, reason, switch and title apart', () => {
    const after = edit(
      ['when bureau.dpd > max_dpd\n    then reject "arrears"', 'when bureau.dpd >= max_dpd\n    then review "late"'],
      ['rule few_contacts "Contacts outside the book" off', 'rule few_contacts "Contacts not in book" shadow'],
    );
    const d = semanticDiff(base, after);
    const byId = Object.fromEntries(d.rules.changed.map((c) => [c.id, c]));
    expect(byId.bureau_dpd.changes).toEqual(['condition', 'outcome', 'reason']);
    expect(byId.bureau_dpd.before.when).toBe('bureau.dpd > max_dpd');
    expect(byId.bureau_dpd.after.when).toBe('bureau.dpd >= max_dpd');
    expect(byId.few_contacts.changes).toEqual(['switch', 'title']);
    expect(d.rules.changed).toHaveLength(2);
  });

  it('does not call a condition changed when only its layout or parentheses-free spacing changed', () => {
    const after = edit(['when applicant.age < min_age', 'when   applicant.age\n      < min_age']);
    expect(semanticDiff(base, after).rules.changed).toEqual([]);
  });

  it('reports a param whose default value moved, and its doc', () => {
    const after = edit(['param min_age = 18 "Minimum age at application"', 'param min_age = 20 "Minimum age"'], ['param approve_score = 600\n', 'param approve_score = 600\nparam spare = 1\n']);
    const d = semanticDiff(base, after);
    expect(d.params.changed).toEqual([{ id: 'min_age', before: '18', after: '20', doc: { before: 'Minimum age at application', after: 'Minimum age' } }]);
    expect(d.params.added).toEqual([{ id: 'spare', after: '1' }]);
    expect(d.params.removed).toEqual([]);
  });

  it('reports a changed effective order, from reordered text or from a switch to order written', () => {
    const swapped = edit(['ruleset screen "Screening" order cost', 'ruleset screen "Screening" order written']);
    const d = semanticDiff(base, swapped);
    expect(d.order).toEqual([
      { set: 'screen', mode: { before: 'cost', after: 'written' }, before: ['underage', 'few_contacts', 'listed', 'bureau_dpd'], after: ['bureau_dpd', 'underage', 'listed', 'few_contacts'] },
    ]);
    expect(d.elements).toContainEqual({ kind: 'node', id: 'screen', change: 'changed', details: ['order cost → written'] });
    // Under `order cost`, moving text around among rules of different classes changes nothing.
    const moved = edit(['  rule bureau_dpd "Bureau arrears" {\n    when bureau.dpd > max_dpd\n    then reject "arrears"\n  }\n', ''], ['}\n\nscorecard', '  rule bureau_dpd "Bureau arrears" {\n    when bureau.dpd > max_dpd\n    then reject "arrears"\n  }\n}\n\nscorecard']);
    expect(semanticDiff(base, moved).order).toEqual([]);
  });

  it('reports node, let and flow changes in words', () => {
    const after = edit(['base 500', 'base 450'], ['when score >= approve_score => approve', 'when score > approve_score => approve'], ['let outside = count(applicant.contacts, not it.in_book)', 'let outside = count(applicant.contacts, it.in_book == false)']);
    const d = semanticDiff(base, after);
    expect(d.elements).toEqual([
      { kind: 'node', id: 'score', change: 'changed', details: ['base 500 → 450'] },
      { kind: 'node', id: 'offer', change: 'changed', details: ['clause 1: when score >= approve_score became when score > approve_score'] },
      { kind: 'let', id: 'outside', change: 'changed', details: ['count(applicant.contacts, not it.in_book) became count(applicant.contacts, it.in_book == false)'] },
    ]);
    expect(d.flow).toEqual({ added: [], removed: [] });
  });

  it('sees a new node and a new path through the flow', () => {
    const after = edit(
      ['when applicant.channel == "partner" -> score\n  else -> score', 'when applicant.channel == "partner" -> manual\n  else -> score'],
      ['flow {', 'decision manual "Manual" {\n  when applicant.age > 60 => reject "age"\n  else => review "partner"\n}\n\nflow {'],
    );
    const d = semanticDiff(base, after);
    expect(d.flow).toEqual({ added: ['route → manual'], removed: [] });
    expect(d.elements).toEqual([
      { kind: 'node', id: 'route', change: 'changed', details: ['condition 1: applicant.channel == "partner" → score became applicant.channel == "partner" → manual'] },
      { kind: 'node', id: 'manual', change: 'added', details: [] },
    ]);
  });
});

describe('exprShape', () => {
  it('ignores positions and types, keeps structure', () => {
    const a = { op: 'num', value: '1', range: { start: 1 }, type: { kind: 'number' }, nullable: false };
    const b = { op: 'num', value: '1', range: { start: 9 }, type: { kind: 'money' }, nullable: true };
    expect(exprShape(a)).toBe(exprShape(b));
    expect(exprShape(a)).not.toBe(exprShape({ ...a, value: '2' }));
  });
});
