// The layout on screen: elk's automatic layout, with the nodes an analyst placed by hand moved to
// where they were put. Edges that touch a moved node lose elk's route (it no longer fits) and are
// drawn straight from handle to handle. Pure, for the graph view and its tests.

import type { Box, Layout, XY } from '../graph/layout.js';
import type { Positions } from '../store/visual.js';

const NO_POINTS: XY[] = [];

/** `from->to` or `from->to#arm` → its ends. */
export function edgeEnds(id: string): { from: string; to: string } {
  const arrow = id.indexOf('->');
  const hash = id.indexOf('#', arrow);
  return { from: id.slice(0, arrow), to: id.slice(arrow + 2, hash < 0 ? undefined : hash) };
}

export function withPositions(layout: Layout | undefined, positions: Positions): Layout | undefined {
  if (!layout) return layout;
  const moved = Object.keys(positions).filter((id) => layout.nodes[id]);
  if (moved.length === 0) return layout;
  const nodes: Layout['nodes'] = { ...layout.nodes };
  for (const id of moved) nodes[id] = { ...nodes[id], x: positions[id].x, y: positions[id].y };
  const set = new Set(moved);
  const edges: Layout['edges'] = {};
  for (const [id, e] of Object.entries(layout.edges)) {
    const { from, to } = edgeEnds(id);
    edges[id] = set.has(from) || set.has(to) ? { points: NO_POINTS } : e;
  }
  const boxes = Object.values(nodes);
  const width = Math.max(layout.width, ...boxes.map((b) => b.x + b.width + 24));
  const height = Math.max(layout.height, ...boxes.map((b) => b.y + b.height + 24));
  return { ...layout, nodes, edges, width, height };
}

function distanceToSegment(p: XY, a: XY, b: XY): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** The route of an edge: elk's, else handle to handle. */
export function routeOf(layout: Layout, id: string): XY[] {
  const points = layout.edges[id]?.points ?? NO_POINTS;
  if (points.length >= 2) return points;
  const { from, to } = edgeEnds(id);
  const a: Box | undefined = layout.nodes[from];
  const b: Box | undefined = layout.nodes[to];
  return a && b ? [{ x: a.x + a.width, y: a.y + a.height / 2 }, { x: b.x, y: b.y + b.height / 2 }] : NO_POINTS;
}

/** The edge nearest to a point (graph coordinates) within `reach`, among `ids`. */
export function edgeAt(layout: Layout, ids: readonly string[], p: XY, reach: number): string | undefined {
  let best: string | undefined;
  let bestD = reach;
  for (const id of ids) {
    const pts = routeOf(layout, id);
    for (let i = 1; i < pts.length; i++) {
      const d = distanceToSegment(p, pts[i - 1], pts[i]);
      if (d <= bestD) {
        bestD = d;
        best = id;
      }
    }
  }
  return best;
}

/** Middle of an edge's route, where its insert button sits. */
export function midpoint(points: readonly XY[]): XY | undefined {
  if (points.length < 2) return undefined;
  const lengths = points.slice(1).map((q, i) => Math.hypot(q.x - points[i].x, q.y - points[i].y));
  let half = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    if (half <= lengths[i] && lengths[i] > 0) {
      const t = half / lengths[i];
      return { x: points[i].x + t * (points[i + 1].x - points[i].x), y: points[i].y + t * (points[i + 1].y - points[i].y) };
    }
    half -= lengths[i];
  }
  return points[points.length - 1];
}
