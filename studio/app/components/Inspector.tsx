// The inspector: the selected rule (its condition, outcome, reason, switch and the params it reads,
// all editable) or the selected node (a rule set's order, its place in the flow, delete). Values
// come from the text as written now; every change is an act (visual/act.ts).

import { useState } from 'react';
import type { ParamDecl, RuleDecl } from '../../../grammar/ast.js';
import type { VisualAct } from '../../../grammar/edit/index.js';
import { costOrdered } from '../../../runtime/graph.js';
import { edgeId } from '../graph/model.js';
import type { GraphView } from '../graph/view.js';
import { useStudio, useStudioStore } from '../store/context.js';
import { findRule, paramsRead, textAt } from '../visual/ast.js';
import { ConditionEditor } from '../visual/ConditionEditor.js';
import { useEngine } from '../visual/engine.js';
import { useAct, useEditable } from '../visual/hooks.js';
import { SwitchMenu } from '../visual/rows.js';
import { moved } from '../visual/reorder.js';
import { ParamEditor, typeLabel } from './ParamPanel.js';
import '../visual/visual.css';

type RuleSetView = Extract<GraphView['nodes'][number], { kind: 'ruleset' }>;

export function Inspector() {
  const selection = useStudio((s) => s.selection);
  const graph = useStudio((s) => s.compiled?.graph);
  if (!selection.node) return <p className="panel-hint">Click a rule or a node in the graph to inspect it here.</p>;
  const node = graph?.nodes.find((n) => n.id === selection.node);
  if (selection.rule && node?.kind === 'ruleset') return <RuleInspector key={selection.rule} rule={selection.rule} ruleset={node} />;
  if (!node) return <p className="panel-hint">{selection.node} is not in the graph yet (the text has errors, or it was just added).</p>;
  return <NodeInspector node={node} graph={graph!} />;
}

function RuleInspector({ rule: id, ruleset }: { rule: string; ruleset: RuleSetView }) {
  const engine = useEngine();
  const text = useStudio((s) => s.text);
  if (!engine) return <p className="panel-hint">Loading…</p>;
  const ast = engine.parsed(text).ast;
  const found = findRule(ast, id);
  if (!found) return <p className="panel-hint">There is no rule {id} in the text now.</p>;
  const read = paramsRead(ast, found.rule.when);
  // The form starts again from the text whenever the rule's text changes (applied, undone, typed).
  return <RuleForm key={textAt(text, found.rule.range)} rule={found.rule} ruleset={ruleset} text={text} read={read} />;
}

function RuleForm({ rule, ruleset, text, read }: { rule: RuleDecl; ruleset: RuleSetView; text: string; read: ParamDecl[] }) {
  const store = useStudioStore();
  const editable = useEditable();
  const act = useAct();
  const types = useStudio((s) => s.compiled?.graph.params);
  const id = rule.id.name;
  const original = { title: rule.title?.value ?? '', when: textAt(text, rule.when.range), outcome: rule.outcome.kind, reason: rule.outcome.reason?.value ?? '' };
  const [form, setForm] = useState(original);
  const [error, setError] = useState<string>();
  const changed = form.title !== original.title || form.when.trim() !== original.when || form.outcome !== original.outcome || form.reason !== original.reason;
  const index = ruleset.rules.findIndex((r) => r.id === id);

  const apply = async () => {
    if (!changed) return;
    const r = await act(
      {
        kind: 'edit-rule',
        rule: id,
        ...(form.when.trim() !== original.when ? { when: form.when.trim() } : {}),
        ...(form.outcome !== original.outcome ? { outcome: form.outcome } : {}),
        ...(form.reason !== original.reason ? { reason: form.reason === '' ? null : form.reason } : {}),
        ...(form.title !== original.title ? { title: form.title === '' ? null : form.title } : {}),
      },
      { quiet: true },
    );
    setError(r.ok ? undefined : r.reason);
  };
  const move = (to: number) => {
    const ids = ruleset.rules.map((r) => r.id);
    const acts: VisualAct[] =
      ruleset.order === 'written'
        ? [{ kind: 'move-rule', ruleset: ruleset.id, rule: id, to }]
        : [
            { kind: 'order-rules', ruleset: ruleset.id, rules: moved(ids, index, to) },
            { kind: 'set-order', ruleset: ruleset.id, order: 'written' },
          ];
    void act(acts, { fresh: true });
  };

  return (
    <div className="inspector" data-testid="rule-inspector">
    <form
      className="inspector"
      onSubmit={(e) => {
        e.preventDefault();
        void apply();
      }}
    >
      <div className="inspector-head">
        <span className="inspector-kind">Rule</span>
        <span className="inspector-id mono">{id}</span>
        <span className="inspector-in">in {ruleset.id}, runs {index + 1} of {ruleset.rules.length}</span>
      </div>
      <div className="inspector-actions">
        <button type="button" className="btn btn-small" onClick={() => store.getState().selectInGraph(ruleset.id, id, { focusText: true })}>
          Show in text
        </button>
        <button type="button" className="btn btn-small" disabled={!editable || index <= 0} onClick={() => move(index - 1)} aria-label={`Move ${id} up (runs earlier)`}>
          ↑ Earlier
        </button>
        <button type="button" className="btn btn-small" disabled={!editable || index < 0 || index >= ruleset.rules.length - 1} onClick={() => move(index + 1)} aria-label={`Move ${id} down (runs later)`}>
          ↓ Later
        </button>
        <button type="button" className="btn btn-small btn-danger" disabled={!editable} onClick={() => store.getState().openVisualDialog({ kind: 'delete', node: ruleset.id, rule: id })} data-testid="inspector-delete">
          Delete…
        </button>
      </div>
      <label className="field">
        <span className="field-label">Switch</span>
        {editable ? <SwitchMenu rule={id} value={rule.switch} /> : <span>{rule.switch}</span>}
      </label>
      <label className="field">
        <span className="field-label">Title</span>
        <input className="input input-small" value={form.title} disabled={!editable} onChange={(e) => setForm({ ...form, title: e.target.value })} data-testid="inspector-title" />
      </label>
      <div className="field">
        <span className="field-label">Condition (Ctrl+Enter applies)</span>
        <ConditionEditor
          value={original.when}
          region={{ before: text.slice(0, rule.when.range.start.offset), after: text.slice(rule.when.range.end.offset) }}
          onChange={(when) => setForm((f) => ({ ...f, when }))}
          onSubmit={() => void apply()}
          label={`Condition of ${id}`}
          readOnly={!editable}
        />
      </div>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Outcome</span>
          <select className="input input-small" value={form.outcome} disabled={!editable} onChange={(e) => setForm({ ...form, outcome: e.target.value as typeof form.outcome })} data-testid="inspector-outcome">
            <option value="reject">reject</option>
            <option value="review">review</option>
            <option value="flag">flag</option>
          </select>
        </label>
        <label className="field field-grow">
          <span className="field-label">Reason</span>
          <input className="input input-small" value={form.reason} disabled={!editable} onChange={(e) => setForm({ ...form, reason: e.target.value })} data-testid="inspector-reason" />
        </label>
      </div>
      {error && (
        <div className="field-error" role="alert" data-testid="inspector-error">
          {error}
        </div>
      )}
      <div className="inspector-actions">
        <button type="submit" className="btn btn-small btn-primary" disabled={!editable || !changed} data-testid="inspector-apply">
          Apply
        </button>
        <button type="button" className="btn btn-small" disabled={!changed} onClick={() => (setForm(original), setError(undefined))}>
          Reset
        </button>
      </div>
    </form>
      <div className="inspector-section">
        <span className="field-label">Params it reads{read.length ? '' : ': none'}</span>
        {read.map((p) => (
          <ParamEditor key={p.id.name} param={p} text={text} type={typeLabel(types?.find((t) => t.id === p.id.name)?.type)} />
        ))}
      </div>
    </div>
  );
}

function NodeInspector({ node, graph }: { node: GraphView['nodes'][number]; graph: GraphView }) {
  const store = useStudioStore();
  const editable = useEditable();
  const act = useAct();
  const suggested = useStudio((s) => s.lastBacktest?.suggestedOrder[node.id]);
  const [after, setAfter] = useState('');
  const kind = { start: 'Start', ruleset: 'Rule set', scorecard: 'Scorecard', branch: 'Branch', decision: 'Decision' }[node.kind];
  const movable = node.kind === 'ruleset' || node.kind === 'scorecard';
  // A node moves between one with a single successor (start, a rule set, a scorecard) and that successor.
  const anchors = graph.nodes.filter((n) => n.id !== node.id && (n.kind === 'start' || n.kind === 'ruleset' || n.kind === 'scorecard') && !('next' in n && n.next === node.id));
  return (
    <div className="inspector" data-testid="node-inspector">
      <div className="inspector-head">
        <span className="inspector-kind">{kind}</span>
        <span className="inspector-id mono">{node.id}</span>
        {node.title && <span className="inspector-in">{node.title}</span>}
      </div>
      <div className="inspector-actions">
        <button type="button" className="btn btn-small" onClick={() => store.getState().selectInGraph(node.id, undefined, { focusText: true })}>
          Show in text
        </button>
        {node.kind !== 'start' && (
          <button type="button" className="btn btn-small btn-danger" disabled={!editable} onClick={() => store.getState().openVisualDialog({ kind: 'delete', node: node.id })} data-testid="inspector-delete">
            Delete…
          </button>
        )}
      </div>
      {node.kind === 'ruleset' && <RuleSetOrder node={node} suggested={suggested} />}
      <NodeEdges node={node.id} graph={graph} />
      {movable && (
        <form
          className="field"
          onSubmit={(e) => {
            e.preventDefault();
            if (after) void act({ kind: 'move-node', node: node.id, after }, { fresh: true });
          }}
        >
          <span className="field-label">Move in the flow (or drop the node on an edge)</span>
          <div className="field-row">
            <select className="input input-small" value={after} disabled={!editable} onChange={(e) => setAfter(e.target.value)} aria-label={`Move ${node.id} after`} data-testid="move-after">
              <option value="">after…</option>
              {anchors.map((n) => (
                <option key={n.id} value={n.id}>
                  after {n.id}
                </option>
              ))}
            </select>
            <button type="submit" className="btn btn-small" disabled={!editable || !after}>
              Move
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/**
 * The node's edges in and out, each with "Insert…": the keyboard's way (and the way when the edge's
 * own + button is off the visible canvas) to put a new node on an edge.
 */
function NodeEdges({ node, graph }: { node: string; graph: GraphView }) {
  const store = useStudioStore();
  const editable = useEditable();
  const edges = graph.edges.filter((e) => e.from === node || e.to === node);
  if (!editable || edges.length === 0) return null;
  const armOf = (e: GraphView['edges'][number]) => (e.kind !== 'branch' ? undefined : e.index === undefined || e.index < 0 ? 'else' : e.index);
  const label = (e: GraphView['edges'][number]) => {
    const arm = armOf(e);
    return arm === undefined ? `${e.from} → ${e.to}` : `${e.from} ${arm === 'else' ? 'else' : `condition ${arm + 1}`} → ${e.to}`;
  };
  return (
    <div className="inspector-section">
      <span className="field-label">Edges</span>
      <ul className="edge-list">
        {edges.map((e) => {
          const id = edgeId(e);
          const arm = armOf(e);
          return (
            <li key={id} className="edge-list-row">
              <span className="mono edge-list-name">{label(e)}</span>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => store.getState().openVisualDialog({ kind: 'insert', from: e.from, to: e.to, ...(arm === undefined ? {} : { arm }) })}
                aria-label={`Insert a node on ${label(e)}`}
                data-testid={`inspector-insert-${id}`}
              >
                Insert…
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function RuleSetOrder({ node, suggested }: { node: RuleSetView; suggested?: string[] }) {
  const editable = useEditable();
  const act = useAct();
  const ids = node.rules.map((r) => r.id);
  const writtenRules = [...node.rules].sort((a, b) => a.writtenIndex - b.writtenIndex);
  const written = writtenRules.map((r) => r.id);
  const byCost = costOrdered(writtenRules).map((r) => r.id);
  // The backtest may predate rules added since: those keep their place after the suggested ones.
  const asSuggested = suggested ? [...suggested.filter((id) => ids.includes(id)), ...ids.filter((id) => !suggested.includes(id))] : undefined;
  const orderBy = (order: string[]) => {
    const acts: VisualAct[] = [{ kind: 'order-rules', ruleset: node.id, rules: order }];
    if (node.order === 'cost' && order !== byCost) acts.push({ kind: 'set-order', ruleset: node.id, order: 'written' });
    void act(acts, { fresh: true });
  };
  return (
    <div className="inspector-section">
      <label className="field">
        <span className="field-label">Runs its rules</span>
        <select className="input input-small" value={node.order} disabled={!editable} onChange={(e) => void act({ kind: 'set-order', ruleset: node.id, order: e.target.value as 'written' | 'cost' })} data-testid="ruleset-order">
          <option value="written">in the order written</option>
          <option value="cost">by cost (cheapest first)</option>
        </select>
      </label>
      <div className="inspector-actions">
        <button type="button" className="btn btn-small" disabled={!editable || byCost.every((id, i) => id === written[i])} onClick={() => orderBy(byCost)} data-testid="order-by-cost" title="Rewrite the rules cheapest first (stable on ties)">
          Order by cost
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!editable || !asSuggested}
          onClick={() => asSuggested && orderBy(asSuggested)}
          data-testid="order-as-suggested"
          title={asSuggested ? `The last backtest suggests: ${asSuggested.join(', ')}` : 'Run a backtest first: it suggests an order'}
        >
          Order as suggested by the last backtest
        </button>
      </div>
    </div>
  );
}
