import { describe, expect, it } from 'vitest';
import type { Layout } from '../graph/layout.js';
import { edgeAt, edgeEnds, midpoint, routeOf, withPositions } from './layout.js';

/** a → b → c in a row; a → c routed around below. */
const LAYOUT: Layout = {
  key: 'k',
  nodes: {
    a: { x: 0, y: 0, width: 100, height: 40 },
    b: { x: 200, y: 0, width: 100, height: 40 },
    c: { x: 400, y: 0, width: 100, height: 40 },
  },
  edges: {
    'a->b': { points: [{ x: 100, y: 20 }, { x: 200, y: 20 }] },
    'b->c': { points: [{ x: 300, y: 20 }, { x: 400, y: 20 }] },
    'a->c#0': { points: [{ x: 50, y: 40 }, { x: 50, y: 100 }, { x: 450, y: 100 }, { x: 450, y: 40 }], label: { x: 60, y: 90, width: 30, height: 12 } },
  },
  width: 530,
  height: 120,
};

describe('edge ids', () => {
  it('reads both ends of a flow edge and of a branch arm edge', () => {
    expect(edgeEnds('screen->route')).toEqual({ from: 'screen', to: 'route' });
    expect(edgeEnds('route->offer#-1')).toEqual({ from: 'route', to: 'offer' });
    expect(edgeEnds('route->score#2')).toEqual({ from: 'route', to: 'score' });
  });
});

describe('hand-placed positions over the automatic layout', () => {
  it('is the automatic layout itself when nothing was placed by hand (or only nodes that no longer exist)', () => {
    expect(withPositions(LAYOUT, {})).toBe(LAYOUT);
    expect(withPositions(LAYOUT, { gone: { x: 5, y: 5 } })).toBe(LAYOUT);
    expect(withPositions(undefined, { a: { x: 1, y: 1 } })).toBeUndefined();
  });

  it('moves a placed node, keeps its size, drops the routes that touch it and keeps the others', () => {
    const l = withPositions(LAYOUT, { b: { x: 220, y: 300 }, gone: { x: 1, y: 1 } })!;
    expect(l.nodes.b).toEqual({ x: 220, y: 300, width: 100, height: 40 });
    expect(l.nodes.a).toBe(LAYOUT.nodes.a);
    expect(l.nodes.gone).toBeUndefined();
    expect(l.edges['a->b'].points).toEqual([]);
    expect(l.edges['b->c'].points).toEqual([]);
    expect(l.edges['a->c#0']).toBe(LAYOUT.edges['a->c#0']);
    // The canvas grows to hold the moved node (with a margin), never shrinks.
    expect(l.height).toBe(300 + 40 + 24);
    expect(l.width).toBe(530);
    // The input is not touched.
    expect(LAYOUT.nodes.b.y).toBe(0);
  });

  it('draws an edge without a route straight from the right of its source to the left of its target', () => {
    const l = withPositions(LAYOUT, { b: { x: 200, y: 300 } })!;
    expect(routeOf(l, 'a->b')).toEqual([{ x: 100, y: 20 }, { x: 200, y: 320 }]);
    expect(routeOf(l, 'a->c#0')).toBe(LAYOUT.edges['a->c#0'].points);
    expect(routeOf(l, 'x->y')).toEqual([]);
  });
});

describe('finding an edge under the pointer', () => {
  const ids = Object.keys(LAYOUT.edges);

  it('finds the nearest edge within reach, on any segment of its route', () => {
    expect(edgeAt(LAYOUT, ids, { x: 150, y: 24 }, 10)).toBe('a->b');
    expect(edgeAt(LAYOUT, ids, { x: 250, y: 97 }, 10)).toBe('a->c#0');
    // Between two edges, the nearer wins.
    expect(edgeAt(LAYOUT, ids, { x: 150, y: 30 }, 100)).toBe('a->b');
    expect(edgeAt(LAYOUT, ids, { x: 150, y: 80 }, 100)).toBe('a->c#0');
  });

  it('finds nothing out of reach, and only among the ids asked', () => {
    expect(edgeAt(LAYOUT, ids, { x: 150, y: 60 }, 10)).toBeUndefined();
    expect(edgeAt(LAYOUT, ['b->c'], { x: 150, y: 20 }, 10)).toBeUndefined();
    // Past a segment's end the distance is to the end point, not to the line through it.
    expect(edgeAt(LAYOUT, ['a->b'], { x: 230, y: 20 }, 10)).toBeUndefined();
  });
});

describe('the middle of a route', () => {
  it('is halfway along the route’s length, not between its first and last points', () => {
    expect(midpoint([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toEqual({ x: 5, y: 0 });
    // 60 + 400 + 60: the middle is on the long bottom segment.
    expect(midpoint(LAYOUT.edges['a->c#0'].points)).toEqual({ x: 250, y: 100 });
    // A zero-length segment is skipped.
    expect(midpoint([{ x: 0, y: 0 }, { x: 0, y: 0 }, { x: 0, y: 8 }])).toEqual({ x: 0, y: 4 });
  });

  it('has none for a route of fewer than two points', () => {
    expect(midpoint([])).toBeUndefined();
    expect(midpoint([{ x: 1, y: 1 }])).toBeUndefined();
  });
});
