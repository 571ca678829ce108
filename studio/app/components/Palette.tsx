// The palette: add a rule, a rule set, a branch, a scorecard or a decision through a small form.
// A node is wired after the node chosen (by default the one selected), so that it is reachable.

import { useState } from 'react';
import { useStudio, useStudioStore } from '../store/context.js';
import { useAct, useEditable } from '../visual/hooks.js';
import { KIND_NAMES, newNode, newRule, NodeForm, type NewKind } from '../visual/NodeForm.js';
import '../visual/visual.css';

const KINDS: NewKind[] = ['rule', 'ruleset', 'branch', 'scorecard', 'decision'];

export function Palette() {
  const store = useStudioStore();
  const editable = useEditable();
  const act = useAct();
  const graph = useStudio((s) => s.compiled?.graph);
  const selected = useStudio((s) => s.selection.node);
  const [kind, setKind] = useState<NewKind>('rule');
  const [error, setError] = useState<string>();
  const [added, setAdded] = useState(0);
  const nodes = graph?.nodes ?? [];
  const rulesets = nodes.filter((n) => n.kind === 'ruleset').map((n) => n.id);
  const anchors = nodes.filter((n) => n.kind === 'start' || n.kind === 'ruleset' || n.kind === 'scorecard').map((n) => n.id);
  const [ruleset, setRuleset] = useState<string>();
  const [after, setAfter] = useState<string>();
  const inSet = ruleset ?? (selected && rulesets.includes(selected) ? selected : rulesets[0]) ?? '';
  const wireAfter = after ?? (selected && anchors.includes(selected) ? selected : '');

  if (!editable) return <p className="panel-hint">Open the working text of a policy that compiles to add to it.</p>;

  const extra =
    kind === 'rule' ? (
      <label className="field">
        <span className="field-label">In rule set (added last)</span>
        <select className="input input-small" value={inSet} onChange={(e) => setRuleset(e.target.value)} data-testid="palette-ruleset">
          {rulesets.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
    ) : (
      <label className="field">
        <span className="field-label">Wire it after</span>
        <select className="input input-small" value={wireAfter} onChange={(e) => setAfter(e.target.value)} data-testid="palette-after">
          <option value="">nothing yet (wire it by hand)</option>
          {anchors.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
    );

  return (
    <div className="palette" data-testid="palette">
      <div className="palette-kinds" role="radiogroup" aria-label="What to add">
        {KINDS.map((k) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            className={`btn btn-small${kind === k ? ' is-on' : ''}`}
            onClick={() => {
              setKind(k);
              setError(undefined);
            }}
            data-testid={`palette-kind-${k}`}
          >
            {KIND_NAMES[k]}
          </button>
        ))}
      </div>
      <NodeForm
        key={`${kind}-${added}`}
        kind={kind}
        nodes={nodes.filter((n) => n.kind !== 'start').map((n) => n.id)}
        extra={extra}
        submitLabel={`Add ${KIND_NAMES[kind].toLowerCase()}`}
        error={error}
        onSubmit={async (f) => {
          const r =
            kind === 'rule'
              ? await act({ kind: 'add-rule', ruleset: inSet, rule: newRule(f) }, { quiet: true })
              : await act({ kind: 'add-node', node: newNode(kind, f), ...(wireAfter ? { after: wireAfter } : {}) }, { quiet: true });
          setError(r.ok ? undefined : r.reason);
          if (!r.ok) return;
          setAdded((n) => n + 1);
          store.getState().notify('info', `Added ${KIND_NAMES[kind].toLowerCase()} ${f.id.trim()}.`);
          store.setState({ selection: kind === 'rule' ? { node: inSet, rule: f.id.trim() } : { node: f.id.trim() } });
        }}
      />
    </div>
  );
}
