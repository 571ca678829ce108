import { hasErrors } from '../../../grammar/diagnostics.js';
import { isDirty } from '../store/index.js';
import { setSidebarShown, useSidebarShown } from './sidebar-state.js';
import { useEditorCommands, useStudio, useStudioShallow, useStudioStore } from '../store/context.js';

export function TopBar() {
  const store = useStudioStore();
  const commands = useEditorCommands();
  const { workspace, path, dirty, saving, viewing, hasFile, errors } = useStudioShallow((s) => ({
    workspace: s.workspace?.name,
    path: s.path,
    dirty: isDirty(s),
    saving: s.saving,
    viewing: s.viewing?.number,
    hasFile: s.path !== undefined,
    errors: s.analysis ? hasErrors(s.analysis.diagnostics) : false,
  }));
  const policyTitle = useStudio((s) => s.compiled?.graph.policy.title);
  const sidebar = useSidebarShown();
  return (
    <header className="topbar">
      <div className={`brand${sidebar ? '' : ' is-folded'}`}>
        <button
          className="btn btn-small btn-icon sidebar-toggle"
          onClick={() => setSidebarShown(!sidebar)}
          aria-pressed={sidebar}
          aria-label={sidebar ? 'Hide the workspace panel' : 'Show the workspace panel'}
          title={sidebar ? 'Hide the workspace panel (more room for the editor and the graph)' : 'Show the workspace panel'}
          data-testid="sidebar-toggle"
        >
          {sidebar ? '⟨' : '☰'}
        </button>
        <span className="brand-mark" aria-hidden>
          V
        </span>
        <span className="brand-name">Verdict</span>
        <span className="brand-sub">Studio</span>
      </div>
      <div className="crumbs" data-testid="crumbs">
        <span className="crumb-workspace">{workspace ?? '…'}</span>
        {path && (
          <>
            <span className="crumb-sep">/</span>
            <span className="crumb-file" data-testid="current-file">
              {path}
            </span>
            {dirty && <span className="dirty-dot" title="Unsaved changes" data-testid="dirty" />}
            {viewing !== undefined && <span className="chip chip-muted">v{viewing} · read-only</span>}
            {policyTitle && <span className="crumb-title">{policyTitle}</span>}
          </>
        )}
      </div>
      <div className="topbar-actions">
        <button className="btn" disabled={!hasFile || viewing !== undefined || errors} title={errors ? 'Fix the errors to format' : 'Format document (Shift+Alt+F)'} onClick={() => commands.formatDocument?.()} data-testid="format">
          Format
        </button>
        <button className="btn" disabled={!hasFile || !dirty || saving} onClick={() => void store.getState().saveFile()} title="Save the file (Ctrl+S)" data-testid="save">
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button className="btn btn-primary" disabled={!hasFile || viewing !== undefined} onClick={() => store.getState().openDialog({ kind: 'save-version' })} data-testid="save-version">
          Save version…
        </button>
      </div>
    </header>
  );
}
