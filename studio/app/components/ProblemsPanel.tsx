import { memo, useMemo } from 'react';
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
  // Keyed by what the problem says, not where: a keystroke shifts the offsets of every problem
  // after it, and keys made of offsets had React rebuild the whole list (hundreds of rows on a big
  // policy, laid out again on each keystroke).
  const keys = useMemo(() => problemKeys(list), [list]);
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
            <ProblemRow key={keys[i]} d={d} viewing={viewing} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** Keys that survive an edit elsewhere in the text: code and message, numbered when repeated. */
function problemKeys(list: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return list.map((d) => {
    const base = `${d.severity}:${d.code}:${d.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}#${n}`;
  });
}

/** One problem; the analysis sends new objects each time, so it is compared by what it shows and where it leads. */
const ProblemRow = memo(
  function ProblemRow({ d, viewing }: { d: Diagnostic; viewing: boolean }) {
    const store = useStudioStore();
    return (
      <li data-testid="problem">
        <button className={`problem problem-${d.severity}`} onClick={() => !viewing && store.getState().revealRange(d.range)}>
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
    );
  },
  (a, b) =>
    a.viewing === b.viewing &&
    a.d.severity === b.d.severity &&
    a.d.code === b.d.code &&
    a.d.message === b.d.message &&
    a.d.fix?.message === b.d.fix?.message &&
    a.d.range.start.line === b.d.range.start.line &&
    a.d.range.start.column === b.d.range.start.column &&
    // A click reveals the range by line and column (language/providers.ts toMonacoRange).
    a.d.range.end.line === b.d.range.end.line &&
    a.d.range.end.column === b.d.range.end.column,
);
