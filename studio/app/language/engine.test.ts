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
