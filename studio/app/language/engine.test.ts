import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { POLICY, offsetOf } from '../testing/policy.js';
import { AnalysisEngine } from './engine.js';
import type { AnalysisResult } from './protocol.js';

function engine() {
  const published: AnalysisResult[] = [];
  let layouts = 0;
  const elk = new ELK();
  const e = new AnalysisEngine(
    async () => ({ layout: (g) => (layouts++, elk.layout(g)) }),
    (r) => published.push(r),
    // elk in the test process is slow on its first graphs: wait for it (the quick layout has its own test).
    { layoutWait: 60_000 },
  );
  return { e, published, layouts: () => layouts };
}

describe('AnalysisEngine', () => {
  it('publishes an analysis for a text even when a question about it came first', async () => {
    const { e, published } = engine();
    e.update(1, POLICY);
    // The editor asks for semantic tokens before the deferred analysis runs.
    expect((await e.request('semanticTokens', {})).length).toBeGreaterThan(0);
    await e.idle();
    expect(published.map((r) => [r.version, !!r.graph, !!r.layout])).toEqual([[1, true, true]]);
  });

  it('analyses a text at once when idle, skips texts superseded while busy, and lays out again only when the shape changes', async () => {
    const { e, published, layouts } = engine();
    e.update(1, POLICY);
    await e.idle();
    for (let v = 2; v <= 6; v++) e.update(v, POLICY.replace('max_dpd = 30', `max_dpd = ${30 + v}`));
    await e.idle();
    expect(published.map((r) => r.version)).toEqual([1, 2, 6]);
    expect(layouts()).toBe(1);
    expect(published[2].layout).toBe(published[0].layout);
    e.update(7, POLICY.replace('  rule listed "Blacklisted" shadow {\n    when blacklist.listed\n    then reject\n  }\n', ''));
    await e.idle();
    expect(layouts()).toBe(2);
    expect(published[3].layout).not.toBe(published[0].layout);
  });

  it('answers completion, hover, rename and format on the latest text', async () => {
    const { e } = engine();
    e.update(1, POLICY);
    const typed = POLICY.replace('when bureau.dpd > max_dpd', 'when bureau.dpd > max_');
    e.update(2, typed);
    const items = await e.request('complete', { offset: offsetOf(typed, 'max_\n', 0, 4) });
    expect(items.map((i) => i.label)).toEqual(['max_dpd']);
    e.update(3, POLICY);
    expect((await e.request('hover', { offset: offsetOf(POLICY, '< min_age', 0, 4) }))?.contents.join(' ')).toContain('Minimum age at application');
    const renamed = await e.request('rename', { offset: offsetOf(POLICY, 'param max_dpd', 0, 7), newName: 'max_arrears' });
    expect('edits' in renamed && renamed.edits.length).toBe(2);
    e.update(4, POLICY.replace('param max_dpd = 30', 'param   max_dpd=30'));
    expect(await e.request('format', {})).toEqual({ text: POLICY, changed: true });
  });

  it('answers hover, definition, references and highlighting on a saved version\'s text, apart from the open document', async () => {
    const { e, published } = engine();
    e.update(1, POLICY);
    await e.idle();
    // The saved version had another doc and value; the open document moved the param down a line.
    const saved = POLICY.replace('param min_age = 18 "Minimum age at application"', 'param min_age = 16 "Minimum age (old rule)"');
    const open = POLICY.replace('param min_age', '\nparam min_age');
    e.update(2, open);
    const at = offsetOf(saved, '< min_age', 0, 4);
    const hover = await e.request('hover', { offset: at, text: saved });
    // The doc as text in the hover's Markdown (its brackets escaped, shown as written).
    expect(hover?.contents.join(' ')).toContain('Minimum age \\(old rule\\)');
    expect(hover?.contents.join(' ')).toContain('Default value **16**');
    const def = await e.request('definition', { offset: at, text: saved });
    expect(def?.start.offset).toBe(offsetOf(saved, 'param min_age', 0, 6));
    expect((await e.request('references', { offset: at, text: saved })).length).toBe(2);
    expect((await e.request('semanticTokens', { text: saved })).length).toBeGreaterThan(0);
    // The open document is untouched: its own hover, at its own offsets.
    expect((await e.request('hover', { offset: offsetOf(open, '< min_age', 0, 4) }))?.contents.join(' ')).toContain('Minimum age at application');
    await e.idle();
    expect(published.map((r) => r.version)).toEqual([1, 2]);
  });

  it('publishes a graph with the quick layout while elk is cold or slow, then elk\'s, and waits for elk on a change of shape', async () => {
    const real = new ELK();
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    let warm = false;
    const published: AnalysisResult[] = [];
    const e = new AnalysisEngine(async () => ({ layout: async (g) => (await gate, real.layout(g)) }), (r) => published.push(r), { elkWarm: () => warm, layoutWait: 30 });
    // elk still loading: at once, with the quick layout.
    e.update(1, POLICY);
    await e.idle();
    expect(published).toHaveLength(1);
    expect(published[0].layout?.provisional).toBe(true);
    expect(Object.keys(published[0].layout!.nodes).sort()).toEqual(published[0].graph!.nodes.map((n) => n.id).sort());
    // elk answers: the same version again, only its layout.
    release();
    await expect.poll(() => published.length).toBe(2);
    expect(published[1]).toMatchObject({ version: 1, relayout: true });
    expect(published[1].graph).toBeUndefined();
    expect(published[1].layout?.provisional).toBeUndefined();
    expect(published[1].layout?.key).toBe(published[0].layout?.key);

    // Warm but slow, on another graph (nothing of it placed): the quick layout after `layoutWait`.
    warm = true;
    gate = new Promise<void>((r) => (release = r));
    const other = POLICY.replace(/\bscreen\b/g, 'screening').replace(/\bscore\b/g, 'points').replace(/\broute\b/g, 'path').replace(/\boffer\b/g, 'deal');
    e.update(2, other);
    await expect.poll(() => published.length).toBe(3);
    expect(published[2].layout?.provisional).toBe(true);
    release();
    await expect.poll(() => published.length).toBe(4);
    expect(published[3]).toMatchObject({ version: 2, relayout: true });

    // A change of shape (a rule removed): most nodes were placed, so it waits for elk, however slow.
    gate = new Promise<void>((r) => (release = r));
    e.update(3, other.replace('  rule listed "Blacklisted" shadow {\n    when blacklist.listed\n    then reject\n  }\n', ''));
    await new Promise((r) => setTimeout(r, 100));
    expect(published).toHaveLength(4);
    release();
    await e.idle();
    expect(published).toHaveLength(5);
    expect(published[4].version).toBe(3);
    expect(published[4].layout?.provisional).toBeUndefined();
  });

  it('compiles another text (a saved version) without touching the open document', async () => {
    const { e, published } = engine();
    e.update(1, POLICY);
    await e.idle();
    const other = await e.request('compile', { text: POLICY.replace('base 500', 'base 400') });
    expect(other.graph?.nodes.find((n) => n.id === 'score')).toMatchObject({ base: '400' });
    expect(other.layout?.nodes.score).toBeDefined();
    const broken = await e.request('compile', { text: 'policy x' });
    expect(broken.graph).toBeUndefined();
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    expect(published).toHaveLength(1);
  });
});
