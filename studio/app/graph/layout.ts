// Automatic layout of the decision graph with elkjs (layered, left to right). The input is built
// from node models and their sizes (graph/model.ts), so the boxes elk places are the boxes the
// components draw; branch conditions get label boxes, so that elk leaves room for them. The layout
// depends only on the graph's shape: `layoutKey` lets the worker skip elk when a keystroke changed
// a condition but not the shape.

import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { edgeId, edgeLabel, labelSize, nodeModels, nodeSize, type CompiledView } from './model.js';

export interface XY {
  x: number;
  y: number;
}

export interface Box extends XY {
  width: number;
  height: number;
}

export interface Layout {
  key: string;
  /** Placed by `quickLayout` while elk loads: elk's layout of the same graph follows. */
  provisional?: boolean;
  nodes: Record<string, Box>;
  edges: Record<string, { points: XY[]; label?: Box }>;
  width: number;
  height: number;
}

export interface LayoutInput {
  key: string;
  graph: ElkNode;
}

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '64',
  'elk.spacing.nodeNode': '36',
  'elk.spacing.edgeNode': '24',
  'elk.spacing.edgeEdge': '14',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.edgeLabels.placement': 'CENTER',
  // Keep the written order of nodes and branch arms where the layering allows it.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.padding': '[top=24,left=24,bottom=24,right=24]',
  // A policy is mostly a long chain: wrap it into rows, read left to right and top to bottom,
  // rather than one strip many screens wide.
  'elk.layered.wrapping.strategy': 'MULTI_EDGE',
  'elk.aspectRatio': '1.2',
};

export function layoutInput(view: CompiledView): LayoutInput {
  const models = nodeModels(view);
  const children: ElkNode[] = models.map((m) => ({ id: m.id, ...nodeSize(m) }));
  const edges: ElkExtendedEdge[] = view.graph.edges.map((e) => {
    const label = edgeLabel(view, e);
    return { id: edgeId(e), sources: [e.from], targets: [e.to], labels: label ? [{ text: label, ...labelSize(label) }] : [] };
  });
  const key = JSON.stringify([children.map((c) => [c.id, c.width, c.height]), edges.map((e) => [e.id, e.labels?.[0]?.width ?? 0])]);
  return { key, graph: { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges } };
}

/** Reads elk's result back into plain boxes and polylines. */
export function readLayout(key: string, laid: ElkNode): Layout {
  const nodes: Layout['nodes'] = {};
  for (const c of laid.children ?? []) nodes[c.id] = { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 };
  const edges: Layout['edges'] = {};
  for (const e of (laid.edges ?? []) as ElkExtendedEdge[]) {
    const s = e.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x, y: p.y })) : [];
    const l = e.labels?.[0];
    edges[e.id] = l ? { points, label: { x: l.x ?? 0, y: l.y ?? 0, width: l.width ?? 0, height: l.height ?? 0 } } : { points };
  }
  return { key, nodes, edges, width: laid.width ?? 0, height: laid.height ?? 0 };
}

export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export async function computeLayout(elk: ElkLike, view: CompiledView, previous?: Layout): Promise<Layout> {
  const input = layoutInput(view);
  if (previous?.key === input.key) return previous;
  return readLayout(input.key, await elk.layout(input.graph));
}

// Quick layout -----------------------------------------------------------------------------------
// elk's first layout in a fresh page costs half a second (loading 1.6 MB and warming its JIT up);
// the first frame of a freshly opened studio is drawn with this one instead, which follows elk's
// scheme (layers left to right, wrapped into rows for an aspect ratio near elk's) in a few
// microseconds, and elk's layout replaces it when it arrives. Edges get no route: they are drawn
// as smooth steps between their nodes until elk routes them.

const PAD = 24;
const NODE_GAP = 36;
const LAYER_GAP = 64;
const ROW_GAP = 64;
const ASPECT = 1.2;

export function quickLayout(input: LayoutInput): Layout {
  const children = input.graph.children ?? [];
  const edges = (input.graph.edges ?? []) as ElkExtendedEdge[];
  if (children.length === 0) return { key: input.key, provisional: true, nodes: {}, edges: {}, width: 2 * PAD, height: 2 * PAD };
  const index = new Map(children.map((c, i) => [c.id, i]));
  // Longest-path layers over the DAG, in the written order of the nodes.
  const preds = children.map(() => [] as number[]);
  const labelIn = children.map(() => 0);
  for (const e of edges) {
    const from = index.get(e.sources[0]);
    const to = index.get(e.targets[0]);
    if (from === undefined || to === undefined || from === to) continue;
    preds[to].push(from);
    labelIn[to] = Math.max(labelIn[to], e.labels?.[0]?.width ?? 0);
  }
  const layer = children.map(() => -1);
  const depth = (i: number, seen: Set<number>): number => {
    if (layer[i] >= 0) return layer[i];
    // A cycle (the checker rejects them) is cut where it closes.
    if (seen.has(i)) return 0;
    seen.add(i);
    let d = 0;
    for (const p of preds[i]) d = Math.max(d, depth(p, seen) + 1);
    seen.delete(i);
    return (layer[i] = d);
  };
  children.forEach((_, i) => depth(i, new Set()));
  const layers: number[][] = [];
  children.forEach((_, i) => (layers[layer[i]] ??= []).push(i));
  const cols = layers.filter(Boolean).map((members) => ({
    members,
    width: Math.max(...members.map((i) => children[i].width ?? 0)),
    height: members.reduce((h, i) => h + (children[i].height ?? 0), 0) + NODE_GAP * (members.length - 1),
    // Room for the labels of the edges coming in, as elk leaves.
    gap: Math.max(LAYER_GAP, ...members.map((i) => (labelIn[i] ? labelIn[i] + 2 * PAD : 0))),
  }));

  // Cut the columns into rows: the number of rows whose bounding box is nearest elk's aspect ratio.
  const rowsFor = (n: number) => {
    const per = Math.ceil(cols.length / n);
    const rows: (typeof cols)[] = [];
    for (let i = 0; i < cols.length; i += per) rows.push(cols.slice(i, i + per));
    return rows;
  };
  const size = (rows: (typeof cols)[]) => ({
    width: Math.max(...rows.map((r) => r.reduce((w, c, i) => w + c.width + (i ? c.gap : 0), 0))),
    height: rows.reduce((h, r, i) => h + Math.max(...r.map((c) => c.height)) + (i ? ROW_GAP : 0), 0),
  });
  let best = rowsFor(1);
  for (let n = 2; n <= cols.length; n++) {
    const rows = rowsFor(n);
    const a = size(rows);
    const b = size(best);
    if (Math.abs(Math.log(a.width / a.height / ASPECT)) < Math.abs(Math.log(b.width / b.height / ASPECT))) best = rows;
  }

  const nodes: Layout['nodes'] = {};
  let y = PAD;
  for (const row of best) {
    const rowHeight = Math.max(...row.map((c) => c.height));
    let x = PAD;
    row.forEach((c, i) => {
      if (i) x += c.gap;
      // Each column centred on the row's middle, as elk centres a small node beside a tall one.
      let top = y + (rowHeight - c.height) / 2;
      for (const m of c.members) {
        const child = children[m];
        const width = child.width ?? 0;
        const height = child.height ?? 0;
        nodes[child.id] = { x: x + (c.width - width) / 2, y: top, width, height };
        top += height + NODE_GAP;
      }
      x += c.width;
    });
    y += rowHeight + ROW_GAP;
  }
  const total = size(best);
  const edgesOut: Layout['edges'] = {};
  for (const e of edges) edgesOut[e.id ?? ''] = { points: [] };
  return { key: input.key, provisional: true, nodes, edges: edgesOut, width: total.width + 2 * PAD, height: total.height + 2 * PAD };
}
