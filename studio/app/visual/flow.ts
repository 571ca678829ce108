// React Flow's editing callbacks for the decision graph. Nothing here changes React Flow's own
// state: a dragged node's position goes to the store (and to the sidecar layout when dropped), an
// edge drawn or reconnected becomes a `connect` act, a rule set dropped on a flow edge a
// `move-node` act. The graph then follows from the new text.

import { useReactFlow, type Connection, type NodeChange, type OnConnect, type OnConnectEnd, type OnReconnect, type IsValidConnection } from '@xyflow/react';
import { useCallback, useEffect, useRef } from 'react';
import type { Layout } from '../graph/layout.js';
import type { VerdictEdge, VerdictNode } from '../graph/mappers.js';
import { useEditorCommands, useStudioStore } from '../store/context.js';
import { useAct, useEditable } from './hooks.js';
import { edgeAt, edgeEnds } from './layout.js';

const DROP_CLASS = 'is-drop-target';
const edgeElement = (id: string) => document.querySelector(`[data-testid="rf__edge-${id.replace(/["\\]/g, '\\$&')}"]`);

/** `arm-2` → 2, `else` → 'else', anything else → a flow edge. */
export function armOf(handle: string | null | undefined): number | 'else' | undefined {
  if (handle === 'else') return 'else';
  const m = handle ? /^arm-(\d+)$/.exec(handle) : null;
  return m ? Number(m[1]) : undefined;
}

export function useVisualFlow(layout: Layout | undefined, edges: readonly VerdictEdge[]) {
  const store = useStudioStore();
  const editable = useEditable();
  const act = useAct();
  const flow = useReactFlow<VerdictNode, VerdictEdge>();
  const drop = useRef<string | undefined>(undefined);

  const mark = (id: string | undefined) => {
    if (drop.current === id) return;
    if (drop.current) edgeElement(drop.current)?.classList.remove(DROP_CLASS);
    drop.current = id;
    if (id) edgeElement(id)?.classList.add(DROP_CLASS);
  };

  const onNodesChange = useCallback(
    (changes: NodeChange<VerdictNode>[]) => {
      for (const c of changes) if (c.type === 'position' && c.position) store.getState().setPosition(c.id, c.position);
    },
    [store],
  );

  const onNodeDrag = (event: MouseEvent | TouchEvent, node: VerdictNode) => {
    if (!layout || (node.type !== 'ruleset' && node.type !== 'scorecard')) return;
    const at = 'touches' in event ? event.touches[0] : event;
    if (!at) return;
    const p = flow.screenToFlowPosition({ x: at.clientX, y: at.clientY });
    const ids = edges.filter((e) => !e.data?.branch && e.source !== node.id && e.target !== node.id).map((e) => e.id);
    mark(edgeAt(layout, ids, p, 12 / flow.getZoom()));
  };

  const onNodeDragStop = (_event: MouseEvent | TouchEvent, node: VerdictNode) => {
    const target = drop.current;
    mark(undefined);
    if (!target) {
      void store.getState().savePositions();
      return;
    }
    // Dropped on a flow edge: the node moves in the flow, and the layout places it anew.
    const { [node.id]: _dropped, ...rest } = store.getState().positions;
    store.setState({ positions: rest });
    void store.getState().savePositions();
    void act({ kind: 'move-node', node: node.id, after: edgeEnds(target).from }, { fresh: true });
  };

  const connect = (from: string, to: string, handle: string | null | undefined) => {
    const arm = armOf(handle);
    void act({ kind: 'connect', from, to, ...(arm === undefined ? {} : { arm }) });
  };

  const onConnect: OnConnect = (c: Connection) => connect(c.source, c.target, c.sourceHandle);

  // Dropped on a node's body rather than on its handle: that node is meant.
  const onConnectEnd: OnConnectEnd = (event, state) => {
    if (state.isValid || !state.fromNode || !state.fromHandle || state.fromHandle.type !== 'source') return;
    const at = 'changedTouches' in event ? event.changedTouches[0] : event;
    if (!at) return;
    const node = document
      .elementsFromPoint(at.clientX, at.clientY)
      .map((el) => el.closest<HTMLElement>('.react-flow__node'))
      .find((el) => el && el.dataset.id !== state.fromNode!.id);
    const to = node?.dataset.id;
    if (to && to !== 'start') connect(state.fromNode.id, to, state.fromHandle.id);
  };

  const onReconnect: OnReconnect<VerdictEdge> = (old, c) => {
    if (c.target === old.target && c.source === old.source) return;
    // The target end was moved: the same arm (or successor) now leads elsewhere.
    connect(c.source, c.target, old.sourceHandle ?? c.sourceHandle);
  };

  const isValidConnection: IsValidConnection<VerdictEdge> = (c) => c.source !== c.target && c.target !== 'start';

  useEffect(() => () => mark(undefined), []);

  return editable
    ? { nodesDraggable: true, nodesConnectable: true, edgesReconnectable: true, onNodesChange, onNodeDrag, onNodeDragStop, onConnect, onConnectEnd, onReconnect, isValidConnection }
    : { nodesDraggable: false, nodesConnectable: false, edgesReconnectable: false };
}

/** Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z outside the editor's text undo and redo the text (and so the graph). */
export function useUndoKeys(): void {
  const commands = useEditorCommands();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      const redo = key === 'y' || (key === 'z' && e.shiftKey);
      if (key !== 'z' && !redo) return;
      const t = e.target as HTMLElement | null;
      // The editors and the form fields have their own undo.
      if (t?.closest('.monaco-editor, input, textarea, select, [contenteditable="true"]')) return;
      e.preventDefault();
      if (redo) commands.redo?.();
      else commands.undo?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);
}
