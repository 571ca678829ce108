// The small form that describes a new node or rule, for the palette and for inserting on an edge.
// It only collects fields: the planner checks ids and expressions, and its refusal shows inline.

import { useState, type FormEvent, type ReactNode } from 'react';
import type { NewNode, NewRule } from '../../../grammar/edit/index.js';

export type NewKind = NewNode['kind'] | 'rule';

export const KIND_NAMES: Record<NewKind, string> = { rule: 'Rule', ruleset: 'Rule set', branch: 'Branch', scorecard: 'Scorecard', decision: 'Decision' };

export interface Fields {
  id: string;
  title: string;
  when: string;
  outcome: string;
  reason: string;
  base: string;
  characteristic: string;
  then: string;
  else: string;
}

const EMPTY: Fields = { id: '', title: '', when: '', outcome: '', reason: '', base: '0', characteristic: '', then: '', else: '' };

const opt = (s: string) => (s.trim() === '' ? undefined : s.trim());

/** What a new rule or decision may conclude, the default first. */
const OUTCOMES = { rule: ['reject', 'review', 'flag'], decision: ['approve', 'review', 'reject'] } as const;

export function newRule(f: Fields): NewRule {
  return { id: f.id.trim(), title: opt(f.title), when: f.when.trim(), outcome: (f.outcome || 'reject') as NewRule['outcome'], reason: opt(f.reason) };
}

export function newNode(kind: NewNode['kind'], f: Fields): NewNode {
  const base = { id: f.id.trim(), ...(opt(f.title) ? { title: opt(f.title) } : {}) };
  switch (kind) {
    case 'ruleset':
      return { kind, ...base };
    case 'branch':
      return { kind, ...base, when: f.when.trim(), then: f.then, else: f.else };
    case 'scorecard':
      return { kind, ...base, base: opt(f.base), characteristic: f.characteristic.trim() };
    case 'decision':
      return { kind, ...base, outcome: (f.outcome || 'approve') as 'approve' | 'review' | 'reject', ...(opt(f.reason) ? { reason: opt(f.reason) } : {}) };
  }
}

/** Which fields a kind needs filled before it can be submitted. */
function complete(kind: NewKind, f: Fields): boolean {
  if (!f.id.trim()) return false;
  if (kind === 'rule') return f.when.trim() !== '';
  if (kind === 'branch') return f.when.trim() !== '' && f.then !== '' && f.else !== '';
  if (kind === 'scorecard') return f.characteristic.trim() !== '';
  return true;
}

export function NodeForm({
  kind,
  nodes,
  defaults,
  extra,
  submitLabel,
  error,
  onSubmit,
  onCancel,
}: {
  kind: NewKind;
  /** Node ids a branch may lead to. */
  nodes: string[];
  defaults?: Partial<Fields>;
  /** Fields of the caller (where the new thing goes). */
  extra?: ReactNode;
  submitLabel: string;
  error?: string;
  onSubmit(f: Fields): void;
  onCancel?(): void;
}) {
  const [f, setF] = useState<Fields>({ ...EMPTY, ...defaults });
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (complete(kind, f)) onSubmit(f);
  };
  const text = (k: keyof Fields, label: string, placeholder = '', mono = false) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input className={`input input-small${mono ? ' mono' : ''}`} value={f[k]} onChange={set(k)} placeholder={placeholder} data-testid={`form-${k}`} />
    </label>
  );
  const target = (k: 'then' | 'else', label: string) => (
    <label className="field">
      <span className="field-label">{label}</span>
      <select className="input input-small" value={f[k]} onChange={set(k)} data-testid={`form-${k}`}>
        <option value="">choose a node…</option>
        {nodes.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form className="node-form" onSubmit={submit} data-testid="node-form">
      {extra}
      {text('id', 'Id', kind === 'rule' ? 'high_dti' : 'extra_checks', true)}
      {text('title', 'Title (optional)')}
      {(kind === 'rule' || kind === 'branch') && text('when', 'Condition', 'applicant.age < min_age', true)}
      {(kind === 'rule' || kind === 'decision') && (
        <label className="field">
          <span className="field-label">Outcome</span>
          <select className="input input-small" value={f.outcome || OUTCOMES[kind][0]} onChange={set('outcome')} data-testid="form-outcome">
            {OUTCOMES[kind].map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      )}
      {(kind === 'rule' || kind === 'decision') && text('reason', 'Reason (optional)')}
      {kind === 'branch' && target('then', 'When true, go to')}
      {kind === 'branch' && target('else', 'Else, go to')}
      {kind === 'scorecard' && text('base', 'Base points', '500', true)}
      {kind === 'scorecard' && text('characteristic', 'First characteristic (an expression)', 'applicant.age', true)}
      {error && (
        <div className="field-error" role="alert" data-testid="form-error">
          {error}
        </div>
      )}
      <div className="modal-actions">
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={!complete(kind, f)} data-testid="form-submit">
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
