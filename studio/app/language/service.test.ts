import { describe, expect, it } from 'vitest';
import { POLICY, offsetOf } from '../testing/policy.js';
import { keywordGroups, monarchLanguage } from './monarch.js';
import {
  analyzeText,
  definitionAt,
  hoverAt,
  nodeAt,
  outlineOf,
  prepareRename,
  referencesAt,
  renameAt,
  semanticTokens,
  SEMANTIC_TOKEN_TYPES,
  type TextEdit,
} from './service.js';

const snap = analyzeText(POLICY);
const at = (needle: string, n = 0, delta = 1) => offsetOf(POLICY, needle, n, delta);
const hover = (needle: string, n = 0, delta = 1) => hoverAt(snap, at(needle, n, delta))?.contents.join('\n') ?? '';
const textAt = (r: { start: { offset: number }; end: { offset: number } }) => POLICY.slice(r.start.offset, r.end.offset);
const apply = (text: string, edits: TextEdit[]) =>
  [...edits].sort((a, b) => b.range.start.offset - a.range.start.offset).reduce((t, e) => t.slice(0, e.range.start.offset) + e.text + t.slice(e.range.end.offset), text);

describe('analyzeText', () => {
  it('compiles a clean policy and keeps the analysis', () => {
    expect(snap.diagnostics).toEqual([]);
    expect(snap.graph?.nodes.map((n) => n.id)).toEqual(['start', 'screen', 'score', 'route', 'offer']);
    expect(snap.analysis.symbols.has('min_age')).toBe(true);
  });

  it('gives no graph but still an AST and occurrences while the text has an error', () => {
    const broken = analyzeText(POLICY.replace('applicant.age < min_age', 'applicant.age < min_agee'));
    expect(broken.graph).toBeUndefined();
    expect(broken.diagnostics.find((d) => d.severity === 'error')?.fix?.replacement).toBe('min_age');
    expect(broken.occurrences.some((o) => o.key === 'param:min_age' && !o.decl)).toBe(false);
    expect(outlineOf(broken.ast).map((n) => n.id)).toEqual(['screen', 'score', 'route', 'offer']);
  });
});

describe('hover', () => {
  it('shows a param with its doc and value', () => {
    const h = hover('< min_age', 0, 4);
    expect(h).toContain('param min_age = 18');
    expect(h).toContain('Minimum age at application');
    expect(h).toContain('Default value **18**');
    expect(h).toContain('used 1 time');
  });

  it('shows a policy\'s own words as text, never as Markdown that renders or fetches', () => {
    const text = POLICY.replace('"Minimum age at application"', '"![x](https://example.invalid/t.png) **bold** [link](https://example.invalid)"');
    const h = hoverAt(analyzeText(text), offsetOf(text, '< min_age', 0, 4))?.contents.join('\n') ?? '';
    expect(h).toContain('\\!\\[x\\]\\(https://example\\.invalid/t\\.png\\) \\*\\*bold\\*\\* \\[link\\]');
    expect(h).not.toContain('![x](');
  });

  it('counts a rule set\'s rules as its graph header does, shadow ones apart', () => {
    expect(hover('start -> screen', 0, 10)).toContain('4 rules: 2/4 on · 1 shadow · 1 off · order cost');
  });

  it('shows a source with its cost class, where it is read', () => {
    expect(hover('bureau.dpd >')).toContain('Cost class **external · per-query · slow** · 2.00 per query');
    expect(hover('bureau.dpd >', 0, 8)).toContain('bureau.dpd: number');
    expect(hover('bureau.dpd >', 0, 8)).toContain('From source `bureau`, cost class **external · per-query · slow**');
  });

  it("shows a rule's switch state, outcome, cost and place in the effective order, on its id or its switch word", () => {
    const h = hover('rule listed', 0, 6);
    expect(h).toContain('Switch **shadow**: runs and is recorded, with no effect on the decision');
    expect(h).toContain('Outcome **reject**');
    expect(h).toContain('Cost class **own · free · fast** (set by `blacklist`');
    expect(h).toContain('Runs 3 of 4 in `screen` (order cost)');
    expect(hover('" off {', 0, 3)).toContain('Switch **off**: kept in the policy, not run');
    expect(hover('rule bureau_dpd', 0, 6)).toContain('Runs 4 of 4');
  });

  it("shows a function's signature and a term's meaning", () => {
    expect(hover('count(')).toContain('`count(list[, cond])`');
    expect(hover('apr 24%')).toContain('at most 36%');
  });

  it('shows nodes and lets, and the type of anything else in an expression', () => {
    expect(hover('-> score', 0, 4)).toContain('**scorecard** `score` — Score');
    expect(hover('when outside', 0, 6)).toContain('let outside: number');
    expect(hover('it.in_book', 0, 4)).toContain('it.in_book: bool');
  });
});

describe('definition, references, rename', () => {
  it('goes from a use to the declaration', () => {
    expect(textAt(definitionAt(snap, at('< min_age', 0, 4))!)).toBe('min_age');
    expect(definitionAt(snap, at('< min_age', 0, 4))!.start.offset).toBe(at('param min_age', 0, 6));
    expect(definitionAt(snap, at('-> screen', 0, 4))!.start.offset).toBe(at('ruleset screen', 0, 8));
    expect(definitionAt(snap, at('applicant.income *', 0, 12))!.start.offset).toBe(at('income: money', 0, 0));
  });

  it('finds every reference of a node, in the flow and in expressions', () => {
    const refs = referencesAt(snap, at('scorecard score', 0, 11));
    expect(refs.map(textAt)).toEqual(['score', 'score', 'score', 'score', 'score']);
  });

  it('renames a param, a node and a field everywhere, and the result still compiles', () => {
    for (const [needle, delta, name] of [
      ['param max_dpd', 7, 'max_arrears'],
      ['scorecard score', 11, 'app_score'],
      ['  age: number', 3, 'age_years'],
      ['source bureau', 8, 'credit_bureau'],
      ['rule listed', 6, 'own_listed'],
    ] as const) {
      const r = renameAt(snap, at(needle, 0, delta), name);
      if (!('edits' in r)) throw new Error(r.error);
      const renamed = analyzeText(apply(POLICY, r.edits));
      expect(renamed.diagnostics).toEqual([]);
      expect(renamed.occurrences.filter((o) => o.key.endsWith(name)).length).toBe(r.edits.length);
    }
  });

  it('refuses a rename that would clash, a keyword, a bad name or a built-in', () => {
    expect(renameAt(snap, at('param max_dpd', 0, 7), 'min_age')).toEqual({ error: '`min_age` is already declared in this policy.' });
    expect(renameAt(snap, at('rule listed', 0, 6), 'underage')).toMatchObject({ error: expect.stringContaining('already exists') });
    expect(renameAt(snap, at('param max_dpd', 0, 7), 'when')).toMatchObject({ error: expect.stringContaining('keyword') });
    expect(renameAt(snap, at('param max_dpd', 0, 7), '9lives')).toMatchObject({ error: expect.stringContaining('not a name') });
    expect(prepareRename(snap, at('count('))).toMatchObject({ error: expect.stringContaining('built into the language') });
  });
});

describe('outline', () => {
  it('maps a text position to its node and rule', () => {
    const outline = outlineOf(snap.ast);
    expect(nodeAt(outline, at('blacklist.listed\n'))).toEqual({ node: 'screen', rule: 'listed' });
    expect(nodeAt(outline, at('ruleset screen'))).toEqual({ node: 'screen' });
    expect(nodeAt(outline, at('[18, 30)'))).toEqual({ node: 'score' });
    expect(nodeAt(outline, at('param min_age'))).toBeUndefined();
  });
});

describe('semantic tokens', () => {
  it('encodes names by what they denote, and outcome and switch words', () => {
    const data = semanticTokens(snap);
    expect(data.length % 5).toBe(0);
    const decoded: { line: number; col: number; text: string; type: string }[] = [];
    let line = 0;
    let col = 0;
    const lines = POLICY.split('\n');
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      col = data[i] === 0 ? col + data[i + 1] : data[i + 1];
      decoded.push({ line, col, text: lines[line].slice(col, col + data[i + 2]), type: SEMANTIC_TOKEN_TYPES[data[i + 3]] });
    }
    const types = (text: string) => [...new Set(decoded.filter((d) => d.text === text).map((d) => d.type))];
    expect(types('min_age')).toEqual(['param']);
    expect(types('outside')).toEqual(['let']);
    expect(types('bureau')).toEqual(['source']);
    expect(types('dpd')).toEqual(['field']);
    expect(types('screen')).toEqual(['node']);
    expect(types('shadow')).toEqual(['switchShadow']);
    expect(types('approve')).toEqual(['approve']);
    expect(types('reject')).toEqual(['reject']);
    expect(types('count')).toEqual(['function']);
  });
});

describe('monarch', () => {
  it('takes every keyword from the grammar, hard and soft apart', () => {
    const { hard, soft } = keywordGroups();
    expect(hard).toEqual(expect.arrayContaining(['when', 'then', 'rule', 'ruleset', 'policy', 'and', 'not']));
    expect(soft).toEqual(expect.arrayContaining(['order', 'cost', 'required', 'shadow', 'reject', 'approve', 'missing']));
    expect(hard.filter((w) => soft.includes(w))).toEqual([]);
    const lang = monarchLanguage();
    expect(lang.hard).toBe(hard.length ? lang.hard : undefined);
    expect((lang.tokenizer.root as unknown[]).length).toBeGreaterThan(5);
  });
});

describe('semantic tokens while typing', () => {
  it('never covers text that is not the word the recovered AST says it is', () => {
    const typing = analyzeText(POLICY.replace('    then reject "under age"', '    then f'));
    const data = semanticTokens(typing);
    const lines = typing.text.split('\n');
    let line = 0;
    let col = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      col = data[i] === 0 ? col + data[i + 1] : data[i + 1];
      expect(col + data[i + 2]).toBeLessThanOrEqual(lines[line].length);
      expect(lines[line].slice(col, col + data[i + 2])).toMatch(/^[A-Za-z_]\w*$/);
    }
  });
});
