import { describe, expect, it } from 'vitest';
import { generatePolicy } from '../../../bench/gen-policy.js';
import { analyzeText } from '../language/service.js';
import { POLICY } from '../testing/policy.js';
import { layoutInput, quickLayout, type Box } from './layout.js';
import { viewOf } from './view.js';

const inputOf = (text: string) => {
  const snap = analyzeText(text);
  return layoutInput({ graph: viewOf(snap.graph!), text });
};

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('quickLayout', () => {
  it.each([
    ['the small policy', POLICY],
    ['a 500-rule policy', generatePolicy({ rules: 500 })],
  ])('places every node of %s at its size, none over another, inside the bounds, flagged provisional', (_, text) => {
    const input = inputOf(text);
    const layout = quickLayout(input);
    expect(layout.provisional).toBe(true);
    expect(layout.key).toBe(input.key);
    const boxes = Object.entries(layout.nodes);
    expect(boxes.map(([id]) => id).sort()).toEqual(input.graph.children!.map((c) => c.id).sort());
    for (const c of input.graph.children!) expect(layout.nodes[c.id]).toMatchObject({ width: c.width, height: c.height });
    for (let i = 0; i < boxes.length; i++) {
      const [, a] = boxes[i];
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + a.width).toBeLessThanOrEqual(layout.width);
      expect(a.y + a.height).toBeLessThanOrEqual(layout.height);
      for (let j = i + 1; j < boxes.length; j++) expect(overlap(a, boxes[j][1]), `${boxes[i][0]} / ${boxes[j][0]}`).toBe(false);
    }
    // Every edge is listed, with no route yet (drawn as a smooth step until elk's layout).
    expect(Object.keys(layout.edges).sort()).toEqual(input.graph.edges!.map((e) => e.id).sort());
  });

  it('reads left to right along the flow, wrapping a long chain into rows near elk\'s aspect ratio', () => {
    const input = inputOf(generatePolicy({ rules: 500 }));
    const layout = quickLayout(input);
    const n = layout.nodes;
    // Within a row, each rule set is right of the one before it; the chain wraps to a new row.
    expect(n.rs1.x).toBeGreaterThan(n.rs0.x + n.rs0.width);
    expect(n.start.x).toBeLessThan(n.rs0.x);
    const rows = new Set(Object.values(n).map((b) => Math.round(b.y + b.height / 2))).size;
    expect(rows).toBeGreaterThan(1);
    expect(layout.width / layout.height).toBeGreaterThan(0.6);
    expect(layout.width / layout.height).toBeLessThan(2.4);
  });
});
