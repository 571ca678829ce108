import { describe, expect, it } from 'vitest';
import { POLICY, offsetOf } from '../testing/policy.js';
import { inProcessAnalyzer, memoryApi } from '../testing/fakes.js';
import { createStudioStore, isDirty, isStale } from './index.js';

async function studio(files: Record<string, string> = { 'a.policy': POLICY, 'b.policy': POLICY.replace('small', 'other') }) {
  const api = memoryApi(files);
  const analyzer = inProcessAnalyzer();
  let remembered: string | undefined;
  const store = createStudioStore({ api, analyzer, location: { read: () => remembered, write: (p) => (remembered = p) } });
  await store.getState().loadWorkspace();
  await analyzer.idle();
  return { store, api, analyzer, s: () => store.getState(), remembered: () => remembered };
}

describe('studio store', () => {
  it('opens the first policy, analyses it and keeps its graph with the text it came from', async () => {
    const { s, remembered } = await studio();
    expect(s().path).toBe('a.policy');
    expect(remembered()).toBe('a.policy');
    expect(s().analysis?.diagnostics).toEqual([]);
    expect(s().compiled?.graph.nodes.map((n) => n.id)).toEqual(['start', 'screen', 'score', 'route', 'offer']);
    expect(s().compiled?.text).toBe(POLICY);
    expect(s().compiled?.layout?.nodes.screen.width).toBeGreaterThan(0);
    expect(isStale(s())).toBe(false);
    expect(isDirty(s())).toBe(false);
  });

  it('keeps the last good graph while the text has errors, says it is stale, and recovers', async () => {
    const { s, analyzer } = await studio();
    const good = s().compiled!;
    s().setText(POLICY.replace('then reject "under age"', 'then rejekt "under age"'));
    await analyzer.idle();
    expect(s().analysis?.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(s().compiled).toBe(good);
    expect(isStale(s())).toBe(true);
    expect(isDirty(s())).toBe(true);
    s().setText(POLICY.replace('then reject "under age"', 'then review "under age"'));
    await analyzer.idle();
    expect(isStale(s())).toBe(false);
    const screen = s().compiled!.graph.nodes.find((n) => n.id === 'screen');
    expect(screen?.kind === 'ruleset' && screen.rules.find((r) => r.id === 'underage')?.outcome).toBe('review');
  });

  it('analyses the first of texts typed in quick succession at once, then only the latest', async () => {
    const { s, analyzer, store } = await studio();
    const seen: number[] = [];
    store.subscribe((st, prev) => st.analysis !== prev.analysis && seen.push(st.analysis!.version));
    const v0 = s().version;
    for (let i = 1; i <= 5; i++) s().setText(POLICY.replace('base 500', `base ${500 + i}`));
    await analyzer.idle();
    expect(seen).toEqual([v0 + 1, v0 + 5]);
    const score = s().compiled!.graph.nodes.find((n) => n.id === 'score');
    expect(score?.kind === 'scorecard' && score.base).toBe('505');
  });

  it('re-resolves the selection at a cursor that has not moved when a new analysis comes in', async () => {
    const { s, analyzer } = await studio();
    // The cursor right after a rule's name, as when its name is being typed.
    const at = offsetOf(POLICY, 'rule listed') + 'rule listed'.length;
    s().selectAtOffset(at);
    expect(s().selection).toEqual({ node: 'screen', rule: 'listed' });
    const text = POLICY.slice(0, at) + '_v2' + POLICY.slice(at);
    // The cursor moves past the typed text while the outline is still the old one's.
    s().selectAtOffset(at + 3);
    s().setText(text);
    await analyzer.idle();
    expect(s().selection).toEqual({ node: 'screen', rule: 'listed_v2' });
    // A selection made otherwise (a click in the graph) is not taken back by the next analysis.
    s().selectInGraph('score');
    s().setText(text.replace('base 500', 'base 501'));
    await analyzer.idle();
    expect(s().selection).toEqual({ node: 'score', rule: undefined });
  });

  it('drops results that arrive for a file that has been closed', async () => {
    const { s, analyzer } = await studio();
    s().setText(POLICY.replace('base 500', 'base 1'));
    await s().openFile('b.policy');
    await analyzer.idle();
    expect(s().path).toBe('b.policy');
    expect(s().compiled?.graph.policy.id).toBe('other');
  });

  it('selects the node and rule under the cursor, and reveals a node clicked in the graph', async () => {
    const { s } = await studio();
    s().selectAtOffset(offsetOf(POLICY, 'blacklist.listed\n'));
    expect(s().selection).toEqual({ node: 'screen', rule: 'listed' });
    s().selectAtOffset(offsetOf(POLICY, 'param min_age'));
    expect(s().selection).toEqual({});
    s().selectInGraph('screen', 'underage');
    expect(s().selection).toEqual({ node: 'screen', rule: 'underage' });
    const r = s().reveal!.range;
    expect(POLICY.slice(r.start.offset, r.end.offset)).toMatch(/^rule underage "Under age" required \{/);
    const seq = s().reveal!.seq;
    s().selectInGraph('screen', 'underage');
    expect(s().reveal!.seq).toBe(seq + 1);
  });

  it('saves the file, and asks what to do when it changed on disk meanwhile', async () => {
    const { s, api } = await studio();
    s().setText(`${POLICY}\n// edited\n`);
    expect(await s().saveFile()).toBe(true);
    expect(api.files['a.policy']).toContain('// edited');
    expect(isDirty(s())).toBe(false);
    api.files['a.policy'] = 'changed elsewhere';
    s().setText(`${POLICY}\n// again\n`);
    expect(await s().saveFile()).toBe(false);
    expect(s().dialog).toEqual({ kind: 'conflict' });
    expect(await s().saveFile({ overwrite: true })).toBe(true);
    expect(api.files['a.policy']).toContain('// again');
  });

  it('saves versions (the file first), lists them newest first, opens one read-only with its graph', async () => {
    const { s, api } = await studio();
    await s().saveVersion('first');
    s().setText(POLICY.replace('param min_age = 18', 'param min_age = 21'));
    await s().saveVersion('raise the minimum age');
    expect(api.files['a.policy']).toContain('min_age = 21');
    expect(s().versions.map((v) => [v.number, v.message])).toEqual([
      [2, 'raise the minimum age'],
      [1, 'first'],
    ]);
    expect(s().toast?.text).toBe('Saved version 2 of a.policy');
    await s().openVersion(1);
    expect(s().viewing?.text).toBe(POLICY);
    expect(s().viewing?.compiled?.graph.params.find((p) => p.id === 'min_age')?.default).toEqual({ decimal: '18' });
  });

  it('diffs a version against the working text, semantically', async () => {
    const { s } = await studio();
    await s().saveVersion('v1');
    s().setText(POLICY.replace('param min_age = 18', 'param min_age = 21').replace('rule listed "Blacklisted" shadow', 'rule listed "Blacklisted"'));
    await s().openDiff(1);
    const d = s().diff!;
    expect(d.leftText).toBe(POLICY);
    expect(d.rightText).toContain('min_age = 21');
    expect(d.semantic?.params.changed).toMatchObject([{ id: 'min_age', before: '18', after: '21' }]);
    expect(d.semantic?.rules.changed).toMatchObject([{ id: 'listed', changes: ['switch'] }]);
    s().setText('policy broken');
    await s().openDiff(1);
    expect(s().diff?.semantic).toBeUndefined();
    expect(s().diff?.semanticError).toBe('the working text does not compile, so only the text diff is shown.');
  });
});
