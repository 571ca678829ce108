import { describe, expect, it } from 'vitest';
import { POLICY } from '../testing/policy.js';
import { inProcessAnalyzer, memoryApi } from '../testing/fakes.js';
import { createStudioStore } from './index.js';
import { LAYOUT_SCHEMA, layoutPathOf, readPositions, writePositions } from './visual.js';

async function studio(files: Record<string, string>) {
  const api = memoryApi(files);
  const analyzer = inProcessAnalyzer();
  const store = createStudioStore({ api, analyzer });
  await store.getState().loadWorkspace();
  await analyzer.idle();
  return { api, s: () => store.getState() };
}

const sidecar = (nodes: Record<string, unknown>) => JSON.stringify({ schema: LAYOUT_SCHEMA, policy: 'a.policy', nodes });

describe('the layout sidecar file', () => {
  it('sits beside its policy, named after it', () => {
    expect(layoutPathOf('a.policy')).toBe('a.layout.json');
    expect(layoutPathOf('risk/application.policy')).toBe('risk/application.layout.json');
    // Only the extension at the end goes.
    expect(layoutPathOf('x.policy.d/b.policy')).toBe('x.policy.d/b.layout.json');
  });

  it('writes whole pixels, nodes sorted, with its schema and the policy’s file name', () => {
    const text = writePositions('risk/a.policy', { score: { x: 10.6, y: -3.2 }, offer: { x: 1, y: 2 } });
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ schema: LAYOUT_SCHEMA, policy: 'a.policy', nodes: { offer: { x: 1, y: 2 }, score: { x: 11, y: -3 } } });
    expect(Object.keys(JSON.parse(text).nodes)).toEqual(['offer', 'score']);
  });

  it('reads what it writes', () => {
    expect(readPositions(writePositions('a.policy', { score: { x: 40, y: 300 } }))).toEqual({ positions: { score: { x: 40, y: 300 } } });
  });

  it('skips entries that are not positions, and says why a file that is not a sidecar is ignored', () => {
    expect(readPositions(sidecar({ a: { x: 1, y: 2 }, b: { x: '1', y: 2 }, c: null, d: { x: 1 }, e: 7 }))).toEqual({ positions: { a: { x: 1, y: 2 } } });
    expect(readPositions('{"nodes": {')).toEqual({ error: expect.stringMatching(/^it is not JSON/) });
    expect(readPositions('{"schema": "verdict.layout/1"}')).toEqual({ error: 'it has no `nodes` object' });
    expect(readPositions('{"nodes": [1, 2]}')).toEqual({ error: 'it has no `nodes` object' });
    expect(readPositions('null')).toEqual({ error: 'it has no `nodes` object' });
  });
});

describe('hand-placed positions in the store', () => {
  it('loads the open policy’s sidecar with the policy, and forgets it when another policy opens', async () => {
    const { s } = await studio({ 'a.policy': POLICY, 'b.policy': POLICY, 'a.layout.json': sidecar({ score: { x: 40, y: 300 } }) });
    expect(s().path).toBe('a.policy');
    await s().loadPositions('a.policy');
    expect(s().positions).toEqual({ score: { x: 40, y: 300 } });
    await s().loadPositions('b.policy');
    expect(s().positionsFor).toBe('b.policy');
    expect(s().positions).toEqual({});
  });

  it('lays out automatically, with a message, when the sidecar is broken; the policy is untouched', async () => {
    const { s, api } = await studio({ 'a.policy': POLICY, 'a.layout.json': '{ not json' });
    await s().loadPositions('a.policy');
    expect(s().positions).toEqual({});
    expect(s().toast?.kind).toBe('error');
    expect(s().toast?.text).toMatch(/^a\.layout\.json is ignored: it is not JSON .*laid out automatically/);
    expect(api.files['a.policy']).toBe(POLICY);
  });

  it('saves positions set while dragging to the sidecar, never into the policy', async () => {
    const { s, api } = await studio({ 'a.policy': POLICY });
    await s().loadPositions('a.policy');
    s().setPosition('score', { x: 12.4, y: 80 });
    s().setPosition('offer', { x: 600, y: 10 });
    s().setPosition('score', { x: 20, y: 90 });
    expect(api.files['a.layout.json']).toBeUndefined();
    await s().savePositions();
    expect(JSON.parse(api.files['a.layout.json']).nodes).toEqual({ offer: { x: 600, y: 10 }, score: { x: 20, y: 90 } });
    expect(api.files['a.policy']).toBe(POLICY);
    expect(s().text).toBe(POLICY);
  });

  it('re-layout forgets every position, rewriting a sidecar on disk but creating none', async () => {
    const { s, api } = await studio({ 'a.policy': POLICY, 'b.policy': POLICY, 'a.layout.json': sidecar({ score: { x: 40, y: 300 } }) });
    await s().loadPositions('a.policy');
    await s().clearPositions();
    expect(s().positions).toEqual({});
    expect(JSON.parse(api.files['a.layout.json']).nodes).toEqual({});

    await s().loadPositions('b.policy');
    await s().clearPositions();
    expect(api.files['b.layout.json']).toBeUndefined();
  });

  it('says so when the sidecar cannot be written', async () => {
    const { s, api } = await studio({ 'a.policy': POLICY });
    await s().loadPositions('a.policy');
    api.writeFile = async () => {
      throw new Error('disk full');
    };
    s().setPosition('score', { x: 1, y: 2 });
    await s().savePositions();
    expect(s().toast).toMatchObject({ kind: 'error', text: 'Could not save the layout of a.policy: disk full' });
    // The position stays on screen.
    expect(s().positions).toEqual({ score: { x: 1, y: 2 } });
  });

  it('keeps the positions of the policy opened last when an earlier sidecar read answers late', async () => {
    const { s, api } = await studio({ 'a.policy': POLICY, 'b.policy': POLICY, 'a.layout.json': sidecar({ score: { x: 40, y: 300 } }), 'b.layout.json': sidecar({ offer: { x: 5, y: 6 } }) });
    const read = api.readOptional!.bind(api);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    api.readOptional = async (path) => (path === 'a.layout.json' ? gate.then(() => read(path)) : read(path));
    const late = s().loadPositions('a.policy');
    await s().loadPositions('b.policy');
    release();
    await late;
    expect(s().positionsFor).toBe('b.policy');
    expect(s().positions).toEqual({ offer: { x: 5, y: 6 } });
  });
});
