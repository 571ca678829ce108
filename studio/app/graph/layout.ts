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
  nodes: Record<string, Box>;
  edges: Record<string, { points: XY[]; label?: Box }>;
  width: number;
  height: number;
}

export interface LayoutInput {
  key: string;
  graph: ElkNode;
}

const LAYOUT_OPTIONS: Record<string, string> = {
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
