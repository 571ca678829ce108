// Compiled graph (+ its layout, + what is selected) → React Flow nodes and edges. These are derived
// on every render from the one copy of the truth in the store, never stored or patched by hand.

import { MarkerType, type Edge, type EdgeMarker, type Node } from '@xyflow/react';
import type { GraphNodeKind } from '../../../runtime/graph.js';
import { edgeOnPath, type GraphOverlay } from '../replay/overlay.js';
import type { Box, Layout, XY } from './layout.js';
import { edgeId, edgeLabel, nodeModels, nodeSize, type CompiledView, type NodeModel } from './model.js';

export interface GraphSelection {
  node?: string;
  rule?: string;
}

export type FlowNodeData = {
  model: NodeModel;
  /** The selected rule, when this node is a rule set that holds it. */
  selectedRule?: string;
  /** A target handle per edge coming in (`inHandles`). */
  inputs?: readonly InHandle[];
};

/** A target handle of one incoming edge: its id, and how far down the node's left side it sits. */
export interface InHandle {
  id: string;
  top: number;
}

/** The id of the target handle an edge ends on. */
export const inHandleId = (edge: string): string => `in:${edge}`;

const NO_INPUTS: readonly InHandle[] = [];

/**
 * A target handle per incoming edge, where its route ends (spread down the left side, in the
 * written order of the edges, while it has no route), so that the reconnect grip of each edge
 * is its own: one handle for all of them put their grips on top of each other.
 */
export function inHandles(view: CompiledView, layout: Layout | undefined, models: readonly NodeModel[]): Map<string, readonly InHandle[]> {
  const into = new Map<string, string[]>();
  for (const e of view.graph.edges) {
    const list = into.get(e.to);
    if (list) list.push(edgeId(e));
    else into.set(e.to, [edgeId(e)]);
  }
  const byId = new Map(models.map((m) => [m.id, m]));
  const out = new Map<string, readonly InHandle[]>();
  for (const [node, ids] of into) {
    const box = layout?.nodes[node];
    const model = byId.get(node);
    const height = box?.height ?? (model ? nodeSize(model).height : 0);
    out.set(
      node,
      ids.map((id, k) => {
        const end = layout?.edges[id]?.points.at(-1);
        const top = end && box ? end.y - box.y : (height * (k + 1)) / (ids.length + 1);
        return { id: inHandleId(id), top: Math.max(0, Math.min(height, top)) };
      }),
    );
  }
  return out;
}

const sameInputs = (a: readonly InHandle[] | undefined, b: readonly InHandle[]): boolean => a !== undefined && a.length === b.length && a.every((h, i) => h.id === b[i].id && h.top === b[i].top);

export type FlowEdgeData = {
  points: XY[];
  labelBox?: Box;
  label?: string;
  branch: boolean;
  /** The branch arm the edge stands for (`else` for the else arm); absent on a flow edge. */
  arm?: number | 'else';
  /** Touches the selected node. */
  active: boolean;
  /** On the path of the decision drawn over the graph (`taken`), or off it; absent when none is drawn. */
  path?: 'taken' | 'off';
};

export type VerdictNode = Node<FlowNodeData, GraphNodeKind>;
export type VerdictEdge = Edge<FlowEdgeData, 'routed'>;

/** Placement before elk has answered (or if it failed): one row, in graph order. */
function fallbackBox(model: NodeModel, i: number): Box {
  return { x: i * 380, y: 0, ...nodeSize(model) };
}

/**
 * React Flow nodes for the models. Given the nodes of the previous render, a node whose model,
 * box and selection are unchanged is returned as the same object, so React Flow skips it.
 */
export function toFlowNodes(
  models: readonly NodeModel[],
  layout: Layout | undefined,
  sel: GraphSelection,
  previous?: readonly VerdictNode[],
  editable = false,
  handles?: Map<string, readonly InHandle[]>,
): VerdictNode[] {
  const before = new Map(previous?.map((n) => [n.id, n]));
  return models.map((model, i) => {
    const box = layout?.nodes[model.id] ?? fallbackBox(model, i);
    const selected = sel.node === model.id;
    const selectedRule = selected ? sel.rule : undefined;
    const inputs = handles?.get(model.id) ?? NO_INPUTS;
    const old = before.get(model.id);
    if (
      old &&
      old.data.model === model &&
      sameInputs(old.data.inputs, inputs) &&
      old.data.selectedRule === selectedRule &&
      old.selected === selected &&
      old.position.x === box.x &&
      old.position.y === box.y &&
      old.width === box.width &&
      old.height === box.height &&
      old.draggable === editable
    )
      return old;
    return {
      id: model.id,
      type: model.kind,
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
      selected,
      // Editable: nodes are placed by hand (the sidecar layout) and edges drawn from their handles.
      draggable: editable,
      connectable: editable,
      data: selectedRule ? { model, selectedRule, inputs } : { model, inputs },
    };
  });
}

const NO_POINTS: XY[] = [];

/** Arrowheads in the colours of the path (the others take the graph's default marker). */
const PATH_MARKERS: Record<'taken' | 'off', EdgeMarker> = {
  taken: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#1f4fbf' },
  off: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#d0d5dd' },
};

export function toFlowEdges(view: CompiledView, layout: Layout | undefined, sel: GraphSelection, previous?: readonly VerdictEdge[], overlay?: GraphOverlay, editable = false): VerdictEdge[] {
  const before = new Map(previous?.map((e) => [e.id, e]));
  return view.graph.edges.map((e) => {
    const id = edgeId(e);
    const routed = layout?.edges[id];
    const label = edgeLabel(view, e);
    const active = sel.node !== undefined && (e.from === sel.node || e.to === sel.node);
    const path = edgeOnPath(overlay, e);
    const points = routed?.points ?? NO_POINTS;
    const old = before.get(id);
    if (old?.data && old.data.points === points && old.data.labelBox === routed?.label && old.data.label === label && old.data.active === active && old.data.path === path && (old.reconnectable === 'target') === editable) return old;
    const arm = e.kind !== 'branch' ? undefined : e.index === undefined || e.index < 0 ? 'else' : e.index;
    return {
      id,
      type: 'routed',
      source: e.from,
      target: e.to,
      // Its own target handle (`inHandles`): its reconnect grip where its route ends.
      targetHandle: inHandleId(id),
      // A branch edge leaves from its arm's row (graph/nodes: handles `arm-N` and `else`).
      ...(arm === undefined ? {} : { sourceHandle: arm === 'else' ? 'else' : `arm-${arm}` }),
      selectable: false,
      // A taken edge is drawn above the others where routes cross.
      zIndex: path === 'taken' ? 1 : 0,
      ...(path ? { markerEnd: PATH_MARKERS[path] } : {}),
      reconnectable: editable ? 'target' : false,
      data: { points, labelBox: routed?.label, label, branch: e.kind === 'branch', ...(arm === undefined ? {} : { arm }), active, ...(path ? { path } : {}) },
    };
  });
}

export function toFlow(view: CompiledView, layout: Layout | undefined, sel: GraphSelection, overlay?: GraphOverlay): { nodes: VerdictNode[]; edges: VerdictEdge[] } {
  const models = nodeModels(view);
  return { nodes: toFlowNodes(models, layout, sel, undefined, false, inHandles(view, layout, models)), edges: toFlowEdges(view, layout, sel, undefined, overlay) };
}
