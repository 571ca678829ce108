// The decision graph, drawn from the last graph that compiled (or from the saved version on
// screen). Nodes and edges are derived here from the store by the mappers on every change; React
// Flow never holds a copy of its own.

import { Background, BackgroundVariant, Controls, MarkerType, MiniMap, ReactFlow, ReactFlowProvider, useReactFlow, type Node } from '@xyflow/react';
import { useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { hasErrors } from '../../../grammar/diagnostics.js';
import type { Box, Layout } from '../graph/layout.js';
import { inHandles, toFlowEdges, toFlowNodes, type VerdictEdge, type VerdictNode } from '../graph/mappers.js';
import { HEADER_H, nodeModels, ROW_H, type NodeModel } from '../graph/model.js';
import { nodeTypes } from '../graph/nodes/index.js';
import { edgeTypes } from '../graph/RoutedEdge.js';
import { noteLayoutShown, noteRendered } from '../metrics.js';
import { isStale } from '../store/index.js';
import { useStudio, useStudioShallow, useStudioStore } from '../store/context.js';
import { useVisualFlow } from '../visual/flow.js';
import { useEditable } from '../visual/hooks.js';
import { visualEdgeTypes } from '../visual/InsertEdge.js';
import { withPositions } from '../visual/layout.js';
import { VisualDialogs, VisualSide, VisualToolbar } from '../visual/VisualPanel.js';

const MINIMAP_COLOR: Record<NodeModel['kind'], string> = { start: '#98a2b3', ruleset: '#5b8def', scorecard: '#2bb3a3', branch: '#f0a43a', decision: '#3fb27f' };
const READABLE_ZOOM = 0.85;
/**
 * How far an overlay tag reaches above its node, in graph units (overlay.css `.ov-tag`: a 16px
 * line, 1px padding and 1px border above and below, 4px over the node): the room left above the
 * top row of nodes, so that their tags are not cut off by the pane's edge.
 */
const TAG_ABOVE = 24;
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#8a94a6' } };

export function GraphPane() {
  return (
    <section className="graph-pane" data-testid="graph">
      <ReactFlowProvider>
        <Graph />
      </ReactFlowProvider>
    </section>
  );
}

function Graph() {
  const store = useStudioStore();
  const flow = useReactFlow<VerdictNode>();
  const shown = useStudio((s) => (s.viewing ? s.viewing.compiled : s.compiled));
  const selection = useStudio((s) => s.selection);
  // A saved version or a diff on screen is not what the replay ran: its edges carry no path.
  const overlay = useStudio((s) => (s.viewing || s.diff ? undefined : s.graphOverlay));
  const editable = useEditable();
  // Nodes placed by hand (the sidecar layout) where they were put; a saved version as elk lays it out.
  const positions = useStudio((s) => s.positions);
  const layout = useMemo(() => withPositions(shown?.layout, editable ? positions : {}), [shown?.layout, positions, editable]);
  const { path, viewing, stale, errors, analysisVersion, analysed, compileError, versionBroken } = useStudioShallow((s) => ({
    path: s.path,
    viewing: s.viewing?.number,
    stale: !s.viewing && isStale(s),
    errors: s.analysis?.diagnostics.filter((d) => d.severity === 'error').length ?? 0,
    analysisVersion: s.analysis?.version,
    analysed: s.analysis !== undefined,
    compileError: s.analysis?.compileError,
    versionBroken: s.viewing !== undefined && s.viewing.compiled === undefined && s.viewing.diagnostics.length > 0,
  }));

  // Derived from the store on every change; the previous result only lets unchanged nodes keep
  // their identity (so that React skips them), it is never a source of truth.
  const previous = useRef<{ models: NodeModel[]; nodes: VerdictNode[]; edges: VerdictEdge[] }>({ models: [], nodes: [], edges: [] });
  const models = useMemo(() => (shown ? nodeModels(shown, previous.current.models) : []), [shown]);
  const handles = useMemo(() => (shown ? inHandles(shown, layout, models) : undefined), [shown, layout, models]);
  const nodes = useMemo(() => toFlowNodes(models, layout, selection, previous.current.nodes, editable, handles), [models, layout, selection, editable, handles]);
  const edges = useMemo(() => (shown ? toFlowEdges(shown, layout, selection, previous.current.edges, overlay, editable) : []), [shown, layout, selection, overlay, editable]);
  const visual = useVisualFlow(layout, edges);
  previous.current = { models, nodes, edges };
  const rules = useMemo(() => models.reduce((n, m) => n + (m.kind === 'ruleset' ? m.rules.length : 0), 0), [models]);

  // Timing: the graph (and the markers, set on the same store change) are on screen.
  useLayoutEffect(() => {
    if (analysisVersion !== undefined) noteRendered(analysisVersion, { rules, nodes: models.length });
  }, [analysisVersion, rules, models.length]);
  useLayoutEffect(() => {
    if (shown?.layout) noteLayoutShown(!!shown.layout.provisional);
  }, [shown?.layout]);

  // A new file or version: show the whole graph if it fits legibly, else its start.
  const host = useRef<HTMLDivElement>(null);
  useCanvasSize(host);
  const framedFor = useRef<string | undefined>(undefined);
  // Framed again when elk's layout replaces the quick one of a page just opened.
  const frameKey = shown ? `${path}|${viewing ?? ''}${shown.layout?.provisional ? '|quick' : ''}` : undefined;
  useEffect(() => {
    if (!frameKey || !shown?.layout || framedFor.current === frameKey || !host.current) return;
    framedFor.current = frameKey;
    frame(flow, shown.layout, host.current);
  }, [frameKey, shown, flow]);

  // Moving the cursor in the text brings its node (and rule) into view. Keyed on the node's box and
  // model, which keep their identity while a keystroke leaves them alone: measuring the pane on
  // every analysis would force a layout of the page per keystroke.
  const selectedBox = selection.node ? shown?.layout?.nodes[selection.node] : undefined;
  const layoutNow = useRef(layout);
  layoutNow.current = layout;
  const selectedModel = selection.node ? models.find((m) => m.id === selection.node) : undefined;
  // The side panel opening as a drawer over the canvas may cover the node: brought out again.
  const panel = useStudio((s) => s.panel);
  useEffect(() => {
    if (!selectedBox || !selectedModel || !host.current) return;
    // Where the node is drawn (placed by hand or by elk); read, not a dependency, so that dragging a
    // node by hand does not scroll the view.
    ensureVisible(flow, layoutNow.current?.nodes[selectedModel.id] ?? selectedBox, ruleOffset(selectedModel, selection.rule), host.current);
  }, [selection, selectedBox, selectedModel, flow, panel]);

  // A node that has the focus (Tab, or a click on it): Enter shows it in the inspector, Delete asks
  // to delete it with its references, as a focused rule row does (visual/rows.tsx). The keys of a
  // control inside the node (a rule row, a switch) are its own.
  const onNodeKey = (e: ReactKeyboardEvent) => {
    const el = e.target as HTMLElement;
    const id = el.classList.contains('react-flow__node') ? el.dataset.id : undefined;
    if (!id || id === 'start' || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      store.setState({ selection: { node: id } });
      store.getState().openPanel('inspector');
    } else if (editable && (e.key === 'Delete' || e.key === 'Backspace')) {
      e.preventDefault();
      store.getState().openVisualDialog({ kind: 'delete', node: id });
    }
  };

  return (
    <>
      <div className="pane-header">
        <span className="pane-title">Decision graph</span>
        {shown && (
          <span className="pane-meta" data-testid="graph-summary">
            {models.length - 1} nodes · {rules} rules
          </span>
        )}
        {viewing !== undefined && <span className="chip chip-muted">version {viewing}</span>}
        {stale && (
          <span className="chip chip-stale" data-testid="graph-stale" title={`The text has ${errors} error${errors === 1 ? '' : 's'}: the graph shows the last version that compiled`}>
            Stale · {errors} error{errors === 1 ? '' : 's'}
          </span>
        )}
        <span className="pane-spacer" />
        <VisualToolbar />
        <button className="btn btn-small" disabled={!shown?.layout} onClick={() => shown?.layout && host.current && frame(flow, shown.layout, host.current, true)} data-testid="graph-fit">
          Fit
        </button>
      </div>
      <div className="graph-body">
      <div className={`graph-canvas${stale ? ' is-stale' : ''}`} ref={host} onKeyDown={onNodeKey}>
        {shown ? (
          <ReactFlow<VerdictNode, VerdictEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={editable ? visualEdgeTypes : edgeTypes}
            defaultEdgeOptions={defaultEdgeOptions}
            onNodeClick={(_, n: Node) => store.getState().selectInGraph(n.id)}
            {...visual}
            elementsSelectable
            minZoom={0.08}
            maxZoom={2}
            onlyRenderVisibleElements
            // The graph takes no keys: Space, Backspace and Shift belong to the editor, which React
            // Flow does not recognise as a text field (Monaco types through an EditContext).
            panActivationKeyCode={null}
            deleteKeyCode={null}
            selectionKeyCode={null}
            multiSelectionKeyCode={null}
            zoomActivationKeyCode={null}
            disableKeyboardA11y
            // An edge does nothing with the keyboard (its "+" button inserts on it): no tab stop.
            edgesFocusable={false}
            proOptions={{ hideAttribution: true }}
          >
            <Background variant={BackgroundVariant.Dots} gap={18} size={1} color="#d5dae1" />
            <Controls showInteractive={false} position="bottom-left" />
            <MiniMap pannable zoomable position="bottom-right" style={{ width: 168, height: 104 }} nodeColor={(n) => MINIMAP_COLOR[(n.type ?? 'start') as NodeModel['kind']]} maskColor="rgba(240,242,245,0.7)" />
          </ReactFlow>
        ) : (
          <div className="graph-empty" data-testid="graph-empty">
            {!path ? 'No policy open.' : versionBroken ? `Version ${viewing} does not compile: it has no graph.` : viewing !== undefined ? 'Compiling the version…' : !analysed ? 'Analysing…' : compileError ? `The compiler failed on this text, which the checker accepted (a bug in Verdict, please report it): ${compileError}` : hasErrors(store.getState().analysis?.diagnostics ?? []) ? `No graph yet: the policy has ${errors} error${errors === 1 ? '' : 's'}. It appears as soon as the text compiles.` : 'No graph.'}
          </div>
        )}
      </div>
      <VisualSide />
      </div>
      <VisualDialogs />
    </>
  );
}

type Flow = ReturnType<typeof useReactFlow<VerdictNode>>;

/**
 * Marks the canvas `data-narrow` (at most 420 px wide: a side panel open beside it) and `data-short`
 * (at most 300 px high: a tall replay dock under it), where visual.css and overlay.css hide the
 * minimap. Not a CSS size container: as a flex item, the canvas is laid out at a trial size on each
 * layout of the workbench, and a size container whose size changes restyles everything in it, every
 * row of every node, so that each keystroke (its problems, the status line) restyled the whole graph.
 */
function useCanvasSize(host: { current: HTMLElement | null }) {
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const mark = (width: number, height: number) => {
      el.toggleAttribute('data-narrow', width <= 420);
      el.toggleAttribute('data-short', height <= 300);
    };
    mark(el.clientWidth, el.clientHeight);
    const observer = new ResizeObserver(([entry]) => mark(entry.contentRect.width, entry.contentRect.height));
    observer.observe(el);
    return () => observer.disconnect();
  }, [host]);
}

/**
 * The whole graph when it fits at a readable zoom (or when asked), else its top-left corner (where
 * it starts) at a readable zoom.
 */
function frame(flow: Flow, layout: Layout, host: HTMLElement, force = false) {
  const drawer = drawerWidth(host);
  const fit = Math.min((host.clientWidth - drawer) / layout.width, host.clientHeight / layout.height);
  if (force || fit >= READABLE_ZOOM) {
    // Beside a drawer, the graph fits in the part of the canvas the drawer leaves visible.
    // The top keeps room for the overlay tags (at most TAG_ABOVE pixels, maxZoom being 1).
    const top = `${TAG_ABOVE + 8}px` as const;
    const padding = drawer ? ({ top, bottom: '16px', left: '16px', right: `${drawer + 16}px` } as const) : { top, bottom: 0.08, left: 0.08, right: 0.08 };
    void flow.fitView({ padding, maxZoom: 1, duration: force ? 200 : 0 });
    return;
  }
  // The top-left corner of the graph: a wrapped layout puts later rows' nodes left of the start.
  const boxes = Object.values(layout.nodes);
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  void flow.setViewport({ x: 24 - left * READABLE_ZOOM, y: 8 + (TAG_ABOVE - top) * READABLE_ZOOM, zoom: READABLE_ZOOM });
}

/** Vertical offset of a rule's row inside its rule set. */
function ruleOffset(model: NodeModel, rule?: string): number | undefined {
  if (model.kind !== 'ruleset' || !rule) return undefined;
  const i = model.rules.findIndex((r) => r.id === rule);
  return i < 0 ? undefined : HEADER_H + i * ROW_H + ROW_H / 2;
}

function ensureVisible(flow: Flow, box: Box, rowY: number | undefined, host: HTMLElement) {
  const { x, y, zoom } = flow.getViewport();
  const w = host.clientWidth - drawerWidth(host);
  const h = host.clientHeight;
  const targetY = box.y + (rowY ?? Math.min(box.height / 2, h / zoom / 2 - 24));
  const sx = box.x * zoom + x;
  const sw = box.width * zoom;
  const sy = targetY * zoom + y;
  if (sx >= 0 && sx + sw <= w && sy >= 24 && sy <= h - 24) return;
  // Centred in the part of the canvas left visible; a node wider than that shows its left edge.
  const centreX = sw <= w ? box.x + box.width / 2 : box.x + (w / 2 - 16) / zoom;
  void flow.setCenter(centreX + (host.clientWidth - w) / 2 / zoom, targetY, { zoom, duration: 250 });
}

/** The width of the side panel where it lies over the canvas (a drawer, on a narrow pane), else 0. */
function drawerWidth(host: HTMLElement): number {
  const side = host.parentElement?.querySelector<HTMLElement>(':scope > .visual-side');
  return side && getComputedStyle(side).position === 'absolute' ? side.offsetWidth : 0;
}
