import { isDirty } from '../store/index.js';
import { useStudio, useStudioShallow, useStudioStore } from '../store/context.js';

const kb = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

export function when(iso: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(t).toISOString().slice(0, 16).replace('T', ' ');
}

export function Sidebar() {
  return (
    <nav className="sidebar" data-testid="sidebar">
      <Policies />
      <Versions />
      <Datasets />
    </nav>
  );
}

function Policies() {
  const store = useStudioStore();
  const { policies, error, path } = useStudioShallow((s) => ({ policies: s.workspace?.policies, error: s.workspaceError, path: s.path }));
  const open = (p: string) => {
    if (p === path) return;
    if (isDirty(store.getState()) && !window.confirm(`Discard the unsaved changes to ${path}?`)) return;
    void store.getState().openFile(p);
  };
  return (
    <section className="side-section">
      <h2 className="side-title">Policies</h2>
      {error && <p className="side-error">Workspace unavailable: {error}</p>}
      <ul className="side-list" data-testid="policy-list">
        {policies?.map((p) => (
          <li key={p.path}>
            <button className={`side-item${p.path === path ? ' is-active' : ''}`} onClick={() => open(p.path)} title={p.path} data-testid={`policy-${p.path}`}>
              <span className="file-icon" aria-hidden>
                ◆
              </span>
              <span className="side-item-label">{p.path}</span>
              <span className="side-item-meta">{kb(p.size)}</span>
            </button>
          </li>
        ))}
        {policies?.length === 0 && <li className="side-empty">No *.policy files in this folder.</li>}
      </ul>
    </section>
  );
}

function Versions() {
  const store = useStudioStore();
  const { versions, error, path, viewing, diffLeft } = useStudioShallow((s) => ({
    versions: s.versions,
    error: s.versionsError,
    path: s.path,
    viewing: s.viewing?.number,
    diffLeft: s.diff?.left,
  }));
  if (!path) return null;
  return (
    <section className="side-section side-versions">
      <div className="side-title-row">
        <h2 className="side-title">Versions</h2>
        <span className="side-count">{versions.length}</span>
      </div>
      {error && <p className="side-error">{error}</p>}
      {versions.length === 0 && !error && <p className="side-empty">No saved version yet. “Save version…” keeps an immutable copy with a message.</p>}
      <ul className="side-list" data-testid="version-list">
        {versions.map((v) => (
          <li key={v.number} className={`version${viewing === v.number || diffLeft === v.number ? ' is-active' : ''}`} data-testid={`version-${v.number}`}>
            <div className="version-head">
              <span className="version-number">v{v.number}</span>
              <span className="version-time" title={v.createdAt}>
                {when(v.createdAt)}
              </span>
            </div>
            <div className="version-message" title={v.message}>
              {v.message || <em>no message</em>}
            </div>
            <div className="version-actions">
              <button className="link" onClick={() => void store.getState().openVersion(v.number)} data-testid={`open-version-${v.number}`}>
                Open
              </button>
              <button className="link" onClick={() => void store.getState().openDiff(v.number, 'working')} data-testid={`diff-version-${v.number}`}>
                Diff with working
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Datasets() {
  const store = useStudioStore();
  const datasets = useStudio((s) => s.workspace?.datasets);
  const testing = useStudio((s) => s.test.dataset);
  // A dataset opens in the test panel, its records listed to pick one.
  const test = (path: string) => {
    store.getState().setDock({ open: true, tab: 'test' });
    store.getState().setTest({ source: 'dataset' });
    void store.getState().chooseDataset(path);
  };
  if (!datasets?.length) return null;
  return (
    <section className="side-section">
      <h2 className="side-title">Datasets</h2>
      <ul className="side-list">
        {datasets.map((d) => (
          <li key={d.path} className={`side-item${testing === d.path ? ' is-active' : ''}`} title={`${d.path}: click to test its records against the draft`} onClick={() => test(d.path)} data-testid={`dataset-${d.path}`}>
            <span className="file-icon file-icon-data" aria-hidden>
              ▤
            </span>
            <span className="side-item-label">{d.path}</span>
            <span className="side-item-meta">
              {d.format} · {kb(d.size)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
