// The editable rows inside graph nodes: a rule set's rules (drag or Alt+Up/Down to reorder, a
// switch menu per rule), a decision's clauses and a branch's conditions (drag to reorder; each
// branch row is where its edge leaves, a handle to reconnect it). `nodrag` keeps React Flow from
// taking a row's drag as a drag of the node.

import { Handle, Position } from '@xyflow/react';
import { useCallback, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { SWITCH_STATES } from '../../../grammar/ast.js';
import type { VisualAct } from '../../../grammar/edit/index.js';
import { RuleMark, ruleOverlayClass, ruleStateText } from '../replay/NodeOverlay.js';
import { ordinal } from '../replay/format.js';
import type { NodeOverlay } from '../replay/overlay.js';
import { useStudioStore } from '../store/context.js';
import { ROW_H, TERMS_H, type NodeModelOf, type RuleRow } from '../graph/model.js';
import { refocus, useAct, useEditable } from './hooks.js';
import { moved, useReorder } from './reorder.js';
import './visual.css';

const SWITCH_LABEL: Record<RuleRow['switch'], string | undefined> = { on: undefined, required: 'req', off: 'off', shadow: 'shadow' };

/** Acts that move a rule from `from` to `to` in the order shown (the effective order). */
export function moveActs(model: NodeModelOf<'ruleset'>, from: number, to: number): VisualAct[] {
  const ids = model.rules.map((r) => r.id);
  // In written order, the order shown is the order written: one rule moves, the smallest edit.
  if (model.order === 'written') return [{ kind: 'move-rule', ruleset: model.id, rule: ids[from], to }];
  // Ordered by cost, the rule set runs in the order dragged only once it runs in written order.
  return [
    { kind: 'order-rules', ruleset: model.id, rules: moved(ids, from, to) },
    { kind: 'set-order', ruleset: model.id, order: 'written' },
  ];
}

export function RuleList({ model, selectedRule, overlay, badge }: { model: NodeModelOf<'ruleset'>; selectedRule?: string; overlay?: NodeOverlay['rules']; badge: (r: RuleRow) => ReactNode }) {
  const store = useStudioStore();
  const editable = useEditable();
  const act = useAct();
  const ids = model.rules.map((r) => r.id);
  const onMove = useCallback(
    (from: number, to: number, keyboard?: boolean) => {
      void act(moveActs(model, from, to), { fresh: true }).then((r) => {
        if (r.ok && model.order === 'cost') store.getState().notify('info', `${model.id} now runs its rules in the order written.`);
        if (r.ok && keyboard) refocus(`[data-testid="rule-${ids[from]}"]`);
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [model, act, store],
  );
  const reorder = useReorder({ count: model.rules.length, disabled: !editable, onMove });
  const click = (e: MouseEvent, rule: string) => {
    e.stopPropagation();
    if (reorder.wasDrag(e)) return;
    // The inspector, when open, follows the selection.
    store.getState().selectInGraph(model.id, rule);
  };
  const key = (e: KeyboardEvent, i: number, rule: string) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      const to = e.key === 'ArrowUp' ? i - 1 : i + 1;
      if (!editable || to < 0 || to >= ids.length) return;
      e.preventDefault();
      e.stopPropagation();
      onMove(i, to, true);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      // Selects without moving the focus into the editor: the inspector shows the rule.
      store.setState({ selection: { node: model.id, rule } });
      store.getState().openPanel('inspector');
    } else if (editable && (e.key === 'Delete' || e.key === 'Backspace')) {
      e.preventDefault();
      e.stopPropagation();
      store.getState().openVisualDialog({ kind: 'delete', node: model.id, rule });
    }
  };
  return (
    <div className={`rule-list nodrag${reorder.drag ? ' is-dragging' : ''}`} role="list" aria-label={`Rules of ${model.id}${editable ? ' (Alt+Up/Down moves the focused rule)' : ''}`}>
      {model.rules.map((r, i) => (
        <div
          key={r.id}
          data-reorder
          role="listitem"
          tabIndex={editable ? 0 : undefined}
          className={`grow rule-row switch-${r.switch}${selectedRule === r.id ? ' is-selected' : ''}${reorder.drag?.from === i ? ' is-dragged' : ''}${editable ? ' is-editable' : ''}${ruleOverlayClass(overlay?.[r.id])}`}
          style={{ height: ROW_H, ...reorder.styleOf(i) }}
          onPointerDown={(e) => reorder.onPointerDown(e, i)}
          onClick={(e) => click(e, r.id)}
          onKeyDown={(e) => key(e, i, r.id)}
          aria-label={`${r.id}, runs ${ordinal(i + 1)}, ${r.outcome}, switch ${r.switch}`}
          title={`${r.id}${r.title ? ` — ${r.title}` : ''}\n${r.outcome}${r.reason ? ` “${r.reason}”` : ''} · switch ${r.switch}\ncost class ${r.costLabel}${r.costSource ? ` (${r.costSource})` : ''}${r.writtenIndex !== i ? `\nwritten ${ordinal(r.writtenIndex + 1)}, runs ${ordinal(i + 1)}` : ''}${overlay?.[r.id]?.state ? `\n\nthis record: ${ruleStateText(overlay[r.id])}` : ''}${editable ? '\nDrag (or Alt+Up/Down) to change its priority' : ''}`}
          data-testid={`rule-${r.id}`}
        >
          <span className="rule-index">{i + 1}</span>
          <span className="rule-id">{r.id}</span>
          {!editable && SWITCH_LABEL[r.switch] && <span className={`switch-badge switch-badge-${r.switch}`}>{SWITCH_LABEL[r.switch]}</span>}
          <span className={`outcome-pill outcome-${r.outcome}`}>{r.outcome}</span>
          {badge(r)}
          <RuleMark id={r.id} o={overlay?.[r.id]} />
          {editable && (
            // The badge shows the state; the menu over it changes it. Last in the row, off the row's middle (a click there selects).
            <span className="switch-cell">
              {SWITCH_LABEL[r.switch] ? <span className={`switch-badge switch-badge-${r.switch}`}>{SWITCH_LABEL[r.switch]}</span> : <span className="switch-placeholder">on</span>}
              <SwitchMenu rule={r.id} value={r.switch} overlay />
            </span>
          )}
        </div>
      ))}
      {model.rules.length === 0 && <div className="grow grow-empty">no rules</div>}
    </div>
  );
}

/** The switch of a rule, changed from the graph; a required rule refuses to go off, with the reason. */
export function SwitchMenu({ rule, value, overlay }: { rule: string; value: RuleRow['switch']; overlay?: boolean }) {
  const act = useAct();
  const stop = (e: { stopPropagation(): void }) => e.stopPropagation();
  return (
    <select
      className={`switch-select switch-select-${value} nodrag${overlay ? ' is-overlay' : ''}`}
      value={value}
      aria-label={`Switch of ${rule}`}
      data-testid={`switch-${rule}`}
      onPointerDown={stop}
      onClick={stop}
      onKeyDown={stop}
      onChange={(e) => void act({ kind: 'set-switch', rule, state: e.target.value as RuleRow['switch'] })}
    >
      {SWITCH_STATES.map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </select>
  );
}

/** A decision's clauses, `else` last and fixed. */
export function ClauseList({ model, takenRow }: { model: NodeModelOf<'decision'>; takenRow?: number }) {
  const editable = useEditable();
  const act = useAct();
  const clauses = model.outcomes.length - 1;
  const onMove = useCallback((from: number, to: number) => void act({ kind: 'move-clause', decision: model.id, clause: from, to }, { fresh: true }), [act, model.id]);
  const reorder = useReorder({ count: clauses, disabled: !editable, onMove });
  return (
    <div className={`clause-list nodrag${reorder.drag ? ' is-dragging' : ''}`} role="list" aria-label={`Outcomes of ${model.id}`}>
      {model.outcomes.map((o, i) => {
        const movable = editable && i < clauses;
        return (
          <div
            key={i}
            data-reorder={i < clauses ? '' : undefined}
            role="listitem"
            tabIndex={movable ? 0 : undefined}
            className={`dec-outcome${takenRow === i ? ' ov-taken' : ''}${movable ? ' is-editable' : ''}${reorder.drag?.from === i ? ' is-dragged' : ''}`}
            style={{ height: ROW_H + (o.terms.length ? TERMS_H : 0), ...reorder.styleOf(i) }}
            onPointerDown={(e) => reorder.onPointerDown(e, i)}
            onClickCapture={(e) => reorder.wasDrag(e)}
            onKeyDown={(e) => reorder.onKeyDown(e, i)}
            data-testid={`clause-${model.id}-${o.when === undefined ? 'else' : i}`}
          >
            <div className="grow dec-row" style={{ height: ROW_H }} title={`${o.when ? `when ${o.when}` : 'else'} => ${o.decision}${o.reason ? ` “${o.reason}”` : ''}${movable ? '\nDrag (or Alt+Up/Down) to change its priority' : ''}`}>
              <span className={`outcome-pill outcome-${o.decision}`}>{o.decision}</span>
              <span className="dec-when mono">{o.when ? o.when : 'else'}</span>
              {o.reason && <span className="dec-reason">{o.reason}</span>}
            </div>
            {o.terms.length > 0 && (
              <div className="dec-terms mono" style={{ height: TERMS_H }} title={o.terms.map((t) => `${t.key} ${t.text}`).join('\n')}>
                {o.terms.map((t) => (
                  <span key={t.key} className="dec-term">
                    <span className="dec-term-key">{t.key}</span> {t.text}
                  </span>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}

/** A branch's conditions in order, then `else`; each row's handle is where its edge leaves. */
export function ArmList({ model }: { model: NodeModelOf<'branch'> }) {
  const editable = useEditable();
  const act = useAct();
  const onMove = useCallback((from: number, to: number) => void act({ kind: 'move-arm', branch: model.id, arm: from, to }, { fresh: true }), [act, model.id]);
  const reorder = useReorder({ count: model.arms.length, disabled: !editable, onMove });
  const rows = [...model.arms.map((a, i) => ({ ...a, handle: `arm-${i}`, label: `${i + 1}` })), { when: 'else', target: model.else, handle: 'else', label: '' }];
  return (
    <div className={`arm-list nodrag${reorder.drag ? ' is-dragging' : ''}`} role="list" aria-label={`Conditions of ${model.id}`}>
      {rows.map((a, i) => {
        const movable = editable && i < model.arms.length;
        return (
          <div
            key={a.handle}
            data-reorder={i < model.arms.length ? '' : undefined}
            role="listitem"
            tabIndex={movable ? 0 : undefined}
            className={`grow arm-row${movable ? ' is-editable' : ''}${reorder.drag?.from === i ? ' is-dragged' : ''}`}
            style={{ height: ROW_H, ...reorder.styleOf(i) }}
            onPointerDown={(e) => reorder.onPointerDown(e, i)}
            onClickCapture={(e) => reorder.wasDrag(e)}
            onKeyDown={(e) => reorder.onKeyDown(e, i)}
            title={`${a.handle === 'else' ? 'else' : `when ${a.when}`} -> ${a.target}${editable ? '\nDrag the dot on the right to another node to reconnect' : ''}`}
            data-testid={`arm-${model.id}-${a.handle}`}
          >
            <span className="rule-index">{a.label}</span>
            <span className={`arm-when mono${a.handle === 'else' ? ' is-else' : ''}`}>{a.when}</span>
            <span className="arm-target">→ {a.target}</span>
            <Handle type="source" position={Position.Right} id={a.handle} className="ghandle ghandle-arm" isConnectable={editable} data-testid={`handle-${model.id}-${a.handle}`} />
          </div>
        );
      })}
    </div>
  );
}
