// The semantic diff in the analyst's terms: rules added, removed and changed, params whose
// default moved, rule sets whose order changed, nodes, declarations and flow edges.

import type { ReactNode } from 'react';
import type { SemanticDiff } from '../diff/semantic-diff.js';
import { useStudioShallow } from '../store/context.js';

export function SemanticPanel() {
  const { semantic, error, loading, identical } = useStudioShallow((s) => ({
    semantic: s.diff?.semantic,
    error: s.diff?.semanticError,
    loading: s.diff?.loading,
    // A version compared with itself, or with a working text that is the same: no change at all.
    identical: s.diff !== undefined && s.diff.leftText === s.diff.rightText,
  }));
  return (
    <aside className="semantic-diff" data-testid="semantic-diff">
      <div className="semantic-head">
        <span className="pane-title">What changed for the decision</span>
        {semantic && (
          <span className="pane-meta" data-testid="semantic-count">
            {semantic.count} change{semantic.count === 1 ? '' : 's'}
          </span>
        )}
      </div>
      {loading && <p className="semantic-note">Compiling both sides…</p>}
      {error && <p className="semantic-note semantic-error">{error}</p>}
      {identical && (
        <p className="semantic-note" data-testid="semantic-identical">
          The two texts are identical.
        </p>
      )}
      {!identical && semantic && semantic.count === 0 && (
        <p className="semantic-note" data-testid="semantic-none">
          No change to the decision logic (layout, comments or formatting only).
        </p>
      )}
      {semantic && <SemanticList d={semantic} />}
    </aside>
  );
}

function Group({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  if (!count) return null;
  return (
    <section className="sd-group">
      <h3 className="sd-title">
        {title} <span className="sd-count">{count}</span>
      </h3>
      <ul className="sd-list">{children}</ul>
    </section>
  );
}

function SemanticList({ d }: { d: SemanticDiff }) {
  const nodes = d.elements.filter((e) => e.kind === 'node');
  const decls = d.elements.filter((e) => e.kind !== 'node');
  return (
    <div className="sd" data-testid="semantic-list">
      <Group title="Rules" count={d.rules.added.length + d.rules.removed.length + d.rules.changed.length}>
        {d.rules.added.map((r) => (
          <li key={`+${r.id}`} className="sd-item sd-added" data-testid="sd-rule-added">
            <span className="sd-mark">+</span>
            <span className="mono sd-name">{r.id}</span> in <span className="mono">{r.set}</span> → <span className={`outcome-pill outcome-${r.outcome}`}>{r.outcome}</span>
            {r.switch !== 'on' && <span className={`switch-badge switch-badge-${r.switch} sd-switch`}>{r.switch}</span>}
            <div className="sd-detail mono">when {r.when}</div>
          </li>
        ))}
        {d.rules.removed.map((r) => (
          <li key={`-${r.id}`} className="sd-item sd-removed" data-testid="sd-rule-removed">
            <span className="sd-mark">−</span>
            <span className="mono sd-name">{r.id}</span> from <span className="mono">{r.set}</span>
            <div className="sd-detail mono">when {r.when}</div>
          </li>
        ))}
        {d.rules.changed.map((c) => (
          <li key={`~${c.id}`} className="sd-item sd-changed" data-testid="sd-rule-changed">
            <span className="sd-mark">~</span>
            <span className="mono sd-name">{c.id}</span> <span className="sd-tags">{c.changes.join(', ')}</span>
            {c.changes.includes('condition') && (
              <div className="sd-detail mono">
                <div className="sd-before">when {c.before.when}</div>
                <div className="sd-after">when {c.after.when}</div>
              </div>
            )}
            {(c.changes.includes('outcome') || c.changes.includes('reason')) && (
              <div className="sd-detail">
                {c.before.outcome}
                {c.before.reason ? ` “${c.before.reason}”` : ''} → {c.after.outcome}
                {c.after.reason ? ` “${c.after.reason}”` : ''}
              </div>
            )}
            {c.changes.includes('switch') && (
              <div className="sd-detail">
                switch {c.before.switch} → {c.after.switch}
              </div>
            )}
            {c.changes.includes('moved') && (
              <div className="sd-detail">
                moved from {c.before.set} to {c.after.set}
              </div>
            )}
          </li>
        ))}
      </Group>
      <Group title="Params" count={d.params.added.length + d.params.removed.length + d.params.changed.length}>
        {d.params.changed.map((p) => (
          <li key={`~${p.id}`} className="sd-item sd-changed" data-testid="sd-param-changed">
            <span className="sd-mark">~</span>
            <span className="mono sd-name">{p.id}</span>{' '}
            {p.before !== p.after ? (
              <span className="mono">
                <span className="sd-before-inline">{p.before}</span> → <span className="sd-after-inline">{p.after}</span>
              </span>
            ) : (
              <span className="sd-tags">doc</span>
            )}
          </li>
        ))}
        {d.params.added.map((p) => (
          <li key={`+${p.id}`} className="sd-item sd-added">
            <span className="sd-mark">+</span>
            <span className="mono sd-name">{p.id}</span> = <span className="mono">{p.after}</span>
          </li>
        ))}
        {d.params.removed.map((p) => (
          <li key={`-${p.id}`} className="sd-item sd-removed">
            <span className="sd-mark">−</span>
            <span className="mono sd-name">{p.id}</span> (was <span className="mono">{p.before}</span>)
          </li>
        ))}
      </Group>
      <Group title="Rule order" count={d.order.length}>
        {d.order.map((o) => (
          <li key={o.set} className="sd-item sd-changed" data-testid="sd-order">
            <span className="sd-mark">⇅</span>
            <span className="mono sd-name">{o.set}</span>
            {o.mode.before !== o.mode.after && (
              <span className="sd-tags">
                order {o.mode.before} → {o.mode.after}
              </span>
            )}
            <div className="sd-detail mono">
              <div className="sd-before">{o.before.join(' → ')}</div>
              <div className="sd-after">{o.after.join(' → ')}</div>
            </div>
          </li>
        ))}
      </Group>
      <Group title="Nodes" count={nodes.length}>
        {nodes.map((e) => (
          <li key={`${e.change}${e.id}`} className={`sd-item sd-${e.change}`}>
            <span className="sd-mark">{e.change === 'added' ? '+' : e.change === 'removed' ? '−' : '~'}</span>
            <span className="mono sd-name">{e.id}</span> {e.change !== 'changed' && <span className="sd-tags">{e.change}</span>}
            {e.details.map((x) => (
              <div key={x} className="sd-detail">
                {x}
              </div>
            ))}
          </li>
        ))}
      </Group>
      <Group title="Declarations" count={decls.length}>
        {decls.map((e) => (
          <li key={`${e.kind}${e.change}${e.id}`} className={`sd-item sd-${e.change}`}>
            <span className="sd-mark">{e.change === 'added' ? '+' : e.change === 'removed' ? '−' : '~'}</span>
            {e.kind} <span className="mono sd-name">{e.id}</span> {e.change !== 'changed' && <span className="sd-tags">{e.change}</span>}
            {e.details.map((x) => (
              <div key={x} className="sd-detail mono">
                {x}
              </div>
            ))}
          </li>
        ))}
      </Group>
      <Group title="Flow" count={d.flow.added.length + d.flow.removed.length}>
        {d.flow.added.map((f) => (
          <li key={`+${f}`} className="sd-item sd-added">
            <span className="sd-mark">+</span>
            <span className="mono">{f}</span>
          </li>
        ))}
        {d.flow.removed.map((f) => (
          <li key={`-${f}`} className="sd-item sd-removed">
            <span className="sd-mark">−</span>
            <span className="mono">{f}</span>
          </li>
        ))}
      </Group>
    </div>
  );
}
