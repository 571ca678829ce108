// elk's layout arriving after a first frame drawn with the quick one (language/engine.ts): the
// store swaps the layout of the graph on screen, and only of that graph.

import { describe, expect, it } from 'vitest';
import type { Analyzer } from '../language/client.js';
import type { AnalysisResult } from '../language/protocol.js';
import { memoryApi } from '../testing/fakes.js';
import { POLICY } from '../testing/policy.js';
import { analyzeText } from '../language/service.js';
import { outlineOf } from '../language/outline.js';
import { viewOf } from '../graph/view.js';
import { createStudioStore } from './index.js';

function manualAnalyzer() {
  const listeners = new Set<(r: AnalysisResult) => void>();
  const sent: { version: number; text: string }[] = [];
  const analyzer: Analyzer = {
    update: (version, text) => void sent.push({ version, text }),
    request: () => Promise.reject(new Error('not in this test')),
    onAnalysis: (l) => (listeners.add(l), () => listeners.delete(l)),
    dispose() {},
  };
  return { analyzer, sent, emit: (r: AnalysisResult) => listeners.forEach((l) => l(r)) };
}

const timing = { parse: 0, check: 0, compile: 0, layout: 0, total: 0 };
const layout = (key: string, provisional?: true) => ({ key, ...(provisional ? { provisional } : {}), nodes: { start: { x: provisional ? 1 : 2, y: 0, width: 72, height: 32 } }, edges: {}, width: 100, height: 100 });

describe('a relayout', () => {
  it("replaces the quick layout of the graph on screen with elk's, and nothing else", async () => {
    const { analyzer, sent, emit } = manualAnalyzer();
    const store = createStudioStore({ api: memoryApi({ 'a.policy': POLICY, 'b.policy': POLICY }), analyzer });
    await store.getState().openFile('a.policy');
    const { version, text } = sent.at(-1)!;
    const snap = analyzeText(text);
    emit({ version, diagnostics: snap.diagnostics, graph: viewOf(snap.graph!), outline: outlineOf(snap.ast), layout: layout('k', true), timing });
    const analysis = store.getState().analysis;
    expect(store.getState().compiled?.layout?.provisional).toBe(true);

    emit({ version, relayout: true, diagnostics: [], outline: [], layout: layout('k'), timing });
    expect(store.getState().compiled?.layout).toEqual(layout('k'));
    expect(store.getState().compiled?.graph.nodes.length).toBe(snap.graph!.nodes.length);
    expect(store.getState().analysis).toBe(analysis);

    // One for a graph no longer on screen (another file opened since) is dropped.
    await store.getState().openFile('b.policy');
    const compiled = store.getState().compiled;
    emit({ version, relayout: true, diagnostics: [], outline: [], layout: layout('old'), timing });
    expect(store.getState().compiled).toBe(compiled);
  });
});
