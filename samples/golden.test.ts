// Golden compiled graphs of the sample policies. The golden files hold the graph without source
// ranges (ranges move with every comment edit; they are checked separately below), so that a
// reviewer reads the semantic content: rule order, cost ranks, typed expressions, terms.
// Regenerate with `UPDATE_GOLDEN=1 npx vitest run samples/golden.test.ts`, then READ the diff.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileText } from '../runtime/compile.js';
import { loadGraph } from '../runtime/schema.js';

const SAMPLES = ['application', 'preapproval', 'drawdown'];

const withoutRanges = (graph: unknown): unknown => JSON.parse(JSON.stringify(graph, (k, v) => (k === 'range' ? undefined : v)));

/** Every object that has a `range` has one that points into the text, start before end. */
function rangesValid(node: unknown, textLength: number, path = '$'): string[] {
  const problems: string[] = [];
  if (Array.isArray(node)) node.forEach((x, i) => problems.push(...rangesValid(x, textLength, `${path}[${i}]`)));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'range') {
        const r = v as { start: { offset: number }; end: { offset: number } };
        if (!(r.start.offset >= 0 && r.start.offset <= r.end.offset && r.end.offset <= textLength)) problems.push(`${path}.range`);
      } else problems.push(...rangesValid(v, textLength, `${path}.${k}`));
    }
  }
  return problems;
}

describe('golden compiled graphs', () => {
  it.each(SAMPLES)('%s compiles to its golden graph', (name) => {
    const text = readFileSync(new URL(`./${name}.policy`, import.meta.url), 'utf8');
    const { graph, diagnostics } = compileText(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const actual = `${JSON.stringify(withoutRanges(graph), null, 2)}\n`;
    const goldenUrl = new URL(`./golden/${name}.graph.json`, import.meta.url);
    if (process.env.UPDATE_GOLDEN || !existsSync(goldenUrl)) writeFileSync(goldenUrl, actual);
    expect(actual).toBe(readFileSync(goldenUrl, 'utf8'));
  });

  it.each(SAMPLES)('%s: every element carries a source range inside the text', (name) => {
    const text = readFileSync(new URL(`./${name}.policy`, import.meta.url), 'utf8');
    const { graph } = compileText(text);
    expect(rangesValid(graph, text.length)).toEqual([]);
    const g = graph as unknown as { nodes: { range?: unknown; rules?: { range?: unknown }[] }[] };
    for (const n of g.nodes) {
      expect(n.range).toBeDefined();
      for (const r of n.rules ?? []) expect(r.range).toBeDefined();
    }
  });

  it.each(SAMPLES)('%s: the graph survives JSON and the schema check at load', (name) => {
    const text = readFileSync(new URL(`./${name}.policy`, import.meta.url), 'utf8');
    const { graph } = compileText(text);
    expect(loadGraph(JSON.parse(JSON.stringify(graph)))).toEqual(graph);
  });
});
