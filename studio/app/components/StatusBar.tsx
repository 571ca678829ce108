import { isDirty, isStale } from '../store/index.js';
import { useStudioShallow } from '../store/context.js';

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

export function StatusBar() {
  const s = useStudioShallow((st) => ({
    path: st.path,
    dirty: isDirty(st),
    stale: isStale(st),
    pending: st.analysis !== undefined && st.analysis.version < st.version,
    timing: st.analysis?.timing,
    rules: st.compiled?.graph.nodes.reduce((n, x) => n + (x.kind === 'ruleset' ? x.rules.length : 0), 0),
    version: st.compiled?.graph.policy.version,
    policy: st.compiled?.graph.policy.id,
    line: st.cursor?.line,
    column: st.cursor?.column,
  }));
  const t = s.timing;
  return (
    <footer className="statusbar" data-testid="statusbar">
      {s.path ? (
        <>
          <span className={`status-dot ${s.stale ? 'is-stale' : s.pending ? 'is-pending' : 'is-ok'}`} />
          <span data-testid="analysis-state">{s.stale ? 'Errors: graph is stale' : s.pending ? 'Analysing…' : 'Compiled'}</span>
          {s.policy && (
            <span className="status-item">
              {s.policy}
              {s.version ? ` v${s.version}` : ''} · {s.rules} rules
            </span>
          )}
          {t && (
            <span className="status-item" title="In the analysis worker: parse, check, compile, layout">
              analysis {ms(t.total)} ms (parse {ms(t.parse)} · check {ms(t.check)} · compile {ms(t.compile)} · layout {ms(t.layout)})
            </span>
          )}
          <span className="status-spacer" />
          {s.line !== undefined && (
            <span className="status-item" data-testid="cursor-position">
              Ln {s.line}, Col {s.column}
            </span>
          )}
          <span className="status-item">{s.dirty ? 'Modified' : 'Saved'}</span>
        </>
      ) : (
        <span>Ready</span>
      )}
    </footer>
  );
}
