import { describe, expect, it } from 'vitest';
import { compileText } from '../../../runtime/compile.js';
import { POLICY } from '../testing/policy.js';
import { layoutInput } from './layout.js';
import { nodeModels } from './model.js';
import { viewOf } from './view.js';

describe('viewOf', () => {
  const graph = compileText(POLICY).graph!;
  const view = viewOf(graph);

  it('reduces every expression tree to its range and keeps everything else', () => {
    const screen = view.nodes.find((n) => n.kind === 'ruleset')!;
    expect(screen.kind === 'ruleset' && screen.rules[0].when).toEqual({ range: graph.nodes[1].kind === 'ruleset' ? graph.nodes[1].rules[0].when.range : undefined });
    expect(JSON.stringify(view)).not.toContain('"op"');
    expect(view.params).toEqual(graph.params);
    expect(view.edges).toEqual(graph.edges);
    expect(JSON.stringify(view).length).toBeLessThan(JSON.stringify(graph).length * 0.7);
  });

  it('draws and lays out exactly as the whole graph does', () => {
    expect(nodeModels({ graph: view, text: POLICY })).toEqual(nodeModels({ graph, text: POLICY }));
    expect(layoutInput({ graph: view, text: POLICY })).toEqual(layoutInput({ graph, text: POLICY }));
  });
});
