// The graph pane's editing furniture: its toolbar (undo, redo, add, params, inspect, re-layout),
// the side panel that holds the inspector, the parameters or the palette, and the dialogs to delete
// (listing what refers to the thing deleted) and to insert a node on an edge.

import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Inspector } from '../components/Inspector.js';
import { Modal } from '../components/Modal.js';
import { Palette } from '../components/Palette.js';
import { ParamPanel } from '../components/ParamPanel.js';
import { useEditorCommands, useStudio, useStudioStore } from '../store/context.js';
import type { VisualPanel as PanelKind } from '../store/visual.js';
import { useEngine } from './engine.js';
import { useUndoKeys } from './flow.js';
import { useAct, useEditable } from './hooks.js';
import { KIND_NAMES, newNode, NodeForm } from './NodeForm.js';
import './visual.css';

const PANEL_TITLE: Record<PanelKind, string> = { inspector: 'Inspector', params: 'Parameters', palette: 'Add to the policy' };

export function VisualToolbar() {
  const store = useStudioStore();
  const commands = useEditorCommands();
  const editable = useEditable();
  const panel = useStudio((s) => s.panel);
  const handPlaced = useStudio((s) => Object.keys(s.positions).length);
  const history = useStudio((s) => s.history);
  useUndoKeys();
  const toggle = (p: PanelKind) => store.getState().openPanel(panel === p ? undefined : p);
  const tab = (p: PanelKind, label: string) => (
    <button className={`btn btn-small${panel === p ? ' is-on' : ''}`} aria-pressed={panel === p} onClick={() => toggle(p)} data-testid={`panel-${p}`}>
      {label}
    </button>
  );
  return (
    <div className="visual-toolbar" role="toolbar" aria-label="Graph editing">
      <button className="btn btn-small" disabled={!editable || !history.undo} onClick={() => commands.undo?.()} aria-label="Undo (Ctrl+Z)" title="Undo (Ctrl+Z)" data-testid="graph-undo">
        ↶
      </button>
      <button className="btn btn-small" disabled={!editable || !history.redo} onClick={() => commands.redo?.()} aria-label="Redo (Ctrl+Y)" title="Redo (Ctrl+Y)" data-testid="graph-redo">
        ↷
      </button>
      {tab('palette', '+ Add')}
      {tab('params', 'Params')}
      {tab('inspector', 'Inspect')}
      <MoreMenu>
        <button
          type="button"
          role="menuitem"
          className="menu-item"
          disabled={handPlaced === 0}
          onClick={() => void store.getState().clearPositions()}
          data-testid="graph-relayout"
        >
          <span>Re-layout</span>
          <span className="menu-item-hint">{handPlaced ? `forget ${handPlaced} node${handPlaced === 1 ? '' : 's'} placed by hand` : 'laid out automatically now'}</span>
        </button>
      </MoreMenu>
    </div>
  );
}

/**
 * The header's overflow: the graph pane is narrow beside the editor, so the rarely used commands
 * live behind "⋯". Closes on a choice, on Escape and on a click elsewhere.
 */
function MoreMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent) => root.current?.contains(e.target as Node) || setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && (setOpen(false), root.current?.querySelector<HTMLElement>('.menu-button')?.focus());
    window.addEventListener('pointerdown', away, true);
    window.addEventListener('keydown', esc);
    root.current?.querySelector<HTMLElement>('[role="menuitem"]:not(:disabled)')?.focus();
    return () => {
      window.removeEventListener('pointerdown', away, true);
      window.removeEventListener('keydown', esc);
    };
  }, [open]);
  return (
    <div className="menu-root" ref={root}>
      <button type="button" className={`btn btn-small menu-button${open ? ' is-on' : ''}`} aria-haspopup="menu" aria-expanded={open} aria-label="More graph commands" title="More graph commands" onClick={() => setOpen(!open)} data-testid="graph-more">
        ⋯
      </button>
      {open && (
        <div className="menu" role="menu" onClick={() => setOpen(false)}>
          {children}
        </div>
      )}
    </div>
  );
}

export function VisualSide() {
  const store = useStudioStore();
  const panel = useStudio((s) => s.panel);
  if (!panel) return null;
  return (
    <aside className="visual-side" aria-label={PANEL_TITLE[panel]} data-testid="visual-side">
      <div className="visual-side-head">
        <span className="pane-title">{PANEL_TITLE[panel]}</span>
        <span className="pane-spacer" />
        <button className="btn btn-small" onClick={() => store.getState().openPanel(undefined)} aria-label="Close the panel">
          ×
        </button>
      </div>
      <div className="visual-side-body">{panel === 'inspector' ? <Inspector /> : panel === 'params' ? <ParamPanel /> : <Palette />}</div>
    </aside>
  );
}

export function VisualDialogs() {
  const dialog = useStudio((s) => s.visualDialog);
  if (!dialog) return null;
  return dialog.kind === 'delete' ? <DeleteDialog node={dialog.node} rule={dialog.rule} /> : <InsertDialog from={dialog.from} to={dialog.to} arm={dialog.arm} />;
}

/** A dialog over the studio: Escape or a click outside closes it; its first field or its main button has the focus. */
/** `a` `b` in a message → code spans (the planner's messages quote names in backticks). */
function codeSpans(text: string): ReactNode[] {
  return text.split(/`([^`]*)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part));
}

function DeleteDialog({ node, rule }: { node: string; rule?: string }) {
  const store = useStudioStore();
  const engine = useEngine();
  const text = useStudio((s) => s.text);
  const act = useAct();
  const name = rule ?? node;
  const close = () => store.getState().openVisualDialog(undefined);
  const refs = engine ? engine.referencesTo(engine.parsed(text).ast, name) : undefined;
  return (
    <Modal title={`Delete ${rule ? 'rule' : 'node'} ${name}?`} testId="delete-dialog" onClose={close}>
      {!refs ? (
        <p className="modal-text">Looking for references…</p>
      ) : refs.length === 0 ? (
        <p className="modal-text">Nothing else in the policy refers to {name}.</p>
      ) : (
        <>
          <p className="modal-warning">
            {refs.length} place{refs.length === 1 ? '' : 's'} refer{refs.length === 1 ? 's' : ''} to {name}:
          </p>
          <ul className="ref-list" data-testid="delete-references">
            {refs.map((r, i) => (
              <li key={i}>
                <span className="ref-line">line {r.range.start.line}</span> {codeSpans(r.what)}
              </li>
            ))}
          </ul>
          <p className="modal-text">{rule ? '' : 'Flow edges through it are bridged where it has one way in and one way out; other references must be fixed in the text.'}</p>
        </>
      )}
      <div className="modal-actions">
        <button className="btn" onClick={close}>
          Cancel
        </button>
        <button
          className="btn btn-danger"
          data-testid="delete-confirm"
          onClick={async () => {
            close();
            const r = await act(rule ? { kind: 'delete-rule', ruleset: node, rule } : { kind: 'delete-node', node });
            if (r.ok) store.setState({ selection: rule ? { node } : {} });
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}

function InsertDialog({ from, to, arm }: { from: string; to: string; arm?: number | 'else' }) {
  const store = useStudioStore();
  const act = useAct();
  // Selected as the graph (one object per compile), derived here: a selector that built the list
  // would return a new array on every store read, and React would re-render without end.
  const graph = useStudio((s) => s.compiled?.graph);
  const nodes = useMemo(() => graph?.nodes.filter((n) => n.kind !== 'start').map((n) => n.id) ?? [], [graph]);
  const [kind, setKind] = useState<'ruleset' | 'scorecard' | 'branch'>('ruleset');
  const [error, setError] = useState<string>();
  const close = () => store.getState().openVisualDialog(undefined);
  const where = arm === undefined ? `between ${from} and ${to}` : `on ${from}'s ${arm === 'else' ? 'else' : `condition ${arm + 1}`}, before ${to}`;
  return (
    <Modal title={`Insert a node ${where}`} testId="insert-dialog" onClose={close}>
      <NodeForm
        key={kind}
        kind={kind}
        nodes={nodes}
        defaults={{ then: to, else: to }}
        extra={
          <label className="field">
            <span className="field-label">Kind</span>
            <select className="input input-small" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="insert-kind">
              {(['ruleset', 'scorecard', 'branch'] as const).map((k) => (
                <option key={k} value={k}>
                  {KIND_NAMES[k]}
                </option>
              ))}
            </select>
          </label>
        }
        submitLabel="Insert"
        error={error}
        onCancel={close}
        onSubmit={async (f) => {
          const r = await act({ kind: 'insert-on-edge', from, to, ...(arm === undefined ? {} : { arm }), node: newNode(kind, f) }, { quiet: true });
          setError(r.ok ? undefined : r.reason);
          if (!r.ok) return;
          close();
          store.setState({ selection: { node: f.id.trim() } });
        }}
      />
    </Modal>
  );
}
