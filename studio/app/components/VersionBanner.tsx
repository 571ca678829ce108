import { useStudio, useStudioStore } from '../store/context.js';
import { when } from './Sidebar.js';

/** Shown above the editor while a saved version is open read-only. */
export function VersionBanner() {
  const store = useStudioStore();
  const viewing = useStudio((s) => s.viewing);
  if (!viewing) return null;
  return (
    <div className="version-banner" data-testid="version-banner">
      <span className="chip chip-muted">Read-only</span>
      <span className="version-banner-title" title={viewing.message}>
        Version {viewing.number}
        {viewing.message && <span className="version-banner-message"> — {viewing.message}</span>}
      </span>
      <span className="version-banner-time" title={viewing.createdAt}>
        {when(viewing.createdAt)}
      </span>
      <span className="pane-spacer" />
      <button className="btn btn-small" onClick={() => void store.getState().openDiff(viewing.number, 'working')} data-testid="banner-diff">
        Diff with working
      </button>
      <button className="btn btn-small" onClick={() => store.getState().closeVersion()} data-testid="banner-close">
        Back to working text
      </button>
    </div>
  );
}
