import type { Diagnostic } from '../../../grammar/diagnostics.js';
import { useStudio, useStudioShallow, useStudioStore } from '../store/context.js';

const ICON = { error: '✕', warning: '!', info: 'i' } as const;

/** A problem's message with its quick fix, as the row shows it. */
const problemText = (d: Diagnostic): string => (d.fix ? `${d.message} — ${d.fix.message}` : d.message);

export function ProblemsPanel() {
  const store = useStudioStore();
  const diagnostics = useStudio((s) => (s.viewing ? s.viewing.diagnostics : s.analysis?.diagnostics));
  const { open, viewing } = useStudioShallow((s) => ({ open: s.problemsOpen, viewing: s.viewing !== undefined }));
  const list = diagnostics ?? [];
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.filter((d) => d.severity === 'warning').length;
  const infos = list.length - errors - warnings;
  return (
    <div className={`problems${open ? ' is-open' : ''}`} data-testid="problems">
      <button className="problems-header" onClick={() => store.getState().toggleProblems()} aria-expanded={open}>
        <span className="problems-caret">{open ? '▾' : '▸'}</span>
        <span className="pane-title">Problems</span>
        <span className={`count count-error${errors ? '' : ' is-zero'}`} data-testid="error-count">
          {errors} error{errors === 1 ? '' : 's'}
        </span>
        <span className={`count count-warning${warnings ? '' : ' is-zero'}`} data-testid="warning-count">
          {warnings} warning{warnings === 1 ? '' : 's'}
        </span>
        {infos > 0 && <span className="count count-info">{infos} info</span>}
      </button>
      {open && (
        <ul className="problems-list" data-testid="problem-list">
          {list.length === 0 && <li className="problems-empty">No problems.</li>}
          {list.map((d, i) => (
            <li key={`${d.code}:${d.range.start.offset}:${i}`} data-testid="problem">
              <button
                className={`problem problem-${d.severity}`}
                onClick={() => !viewing && store.getState().revealRange(d.range)}
              >
                <span className={`sev sev-${d.severity}`}>{ICON[d.severity]}</span>
                {/* One line, cut with "…" when the panel is narrow: the title holds all of it. */}
                <span className="problem-message" title={problemText(d)} data-testid="problem-message">
                  {d.message}
                  {d.fix && <span className="problem-fix"> — {d.fix.message}</span>}
                </span>
                <span className="problem-code">{d.code}</span>
                <span className="problem-pos">
                  {d.range.start.line}:{d.range.start.column}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
