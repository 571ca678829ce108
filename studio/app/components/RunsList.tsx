// The backtest runs the server keeps for the open policy, newest first: reopened in the backtest
// panel, exported as the CLI's JSON and HTML reports, or deleted (after a confirmation).

import { useEffect, useState } from 'react';
import { fmtCount, fmtPct, fmtPer } from '../../../runtime/replay/figures.js';
import type { RunSummary } from '../replay/api.js';
import { runLabels } from '../replay/format.js';
import { useStudio, useStudioStore } from '../store/context.js';
import { Modal } from './Modal.js';
import { when } from './Sidebar.js';
import './runs-list.css';

/** Asks before a run goes: what it compared, and that its report and flipped records go with it. */
function DeleteRunDialog({ run, onClose }: { run: RunSummary; onClose(): void }) {
  const store = useStudioStore();
  const [busy, setBusy] = useState(false);
  const l = runLabels(run);
  return (
    // Not focused on Delete: it cannot be undone, so Enter pressed twice (on the row's Delete, then in here) must not delete.
    <Modal title={`Delete run ${run.id}?`} testId="run-delete-dialog" onClose={onClose} autoFocus={false}>
      <p className="modal-text">
        {l.base} → {l.candidate} on {l.dataset}, {run.status}. Its report and its flipped records are removed from the workspace (.verdict/); this cannot be undone.
      </p>
      <div className="modal-actions">
        <button className="btn" onClick={onClose} data-testid="run-delete-keep">
          Keep
        </button>
        <button
          className="btn btn-danger"
          disabled={busy}
          data-testid="run-delete-confirm"
          onClick={async () => {
            setBusy(true);
            await store.getState().deleteRun(run.id);
            // Deleted or not (the reason is in the list's error line), the question is answered.
            onClose();
          }}
        >
          {busy ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </Modal>
  );
}

export function RunsList() {
  const store = useStudioStore();
  const { list, loading, error } = useStudio((s) => s.runs);
  const path = useStudio((s) => s.path);
  const open = useStudio((s) => s.backtest.run?.id);
  const [confirming, setConfirming] = useState<RunSummary>();

  useEffect(() => {
    if (path) void store.getState().loadRuns();
  }, [path, store]);

  return (
    <div className="rp-runs" data-testid="runs-panel">
      <div className="rp-row">
        <span className="rp-muted">Backtests of {path ?? 'no policy'} kept in the workspace (.verdict/), newest first.</span>
        <span className="rp-spacer" />
        <button className="btn btn-small" onClick={() => void store.getState().loadRuns()} disabled={loading}>
          Refresh
        </button>
      </div>
      {error && (
        <p className="rp-error" data-testid="runs-error">
          {error}
        </p>
      )}
      {confirming && <DeleteRunDialog run={confirming} onClose={() => setConfirming(undefined)} />}
      {list.length === 0 && !loading && !error && <p className="rp-muted">No run yet: run a backtest in the Backtest tab.</p>}
      <table className="rp-table rp-runs-table" data-testid="run-list">
        {list.length > 0 && (
          <thead>
            <tr>
              <th>run</th>
              <th>when</th>
              <th>status</th>
              <th>base → candidate</th>
              <th>data</th>
              <th className="num">records</th>
              <th className="num">flipped</th>
              <th className="num">approval</th>
              <th className="num">cost / applicant</th>
              <th />
            </tr>
          </thead>
        )}
        <tbody>
          {list.map((r) => {
            const l = runLabels(r);
            const h = r.headline;
            return (
              <tr key={r.id} className={open === r.id ? 'is-active' : ''} data-testid={`run-${r.id}`}>
                <td className="mono nowrap">{r.id}</td>
                <td className="nowrap" title={r.createdAt}>
                  {when(r.createdAt)}
                </td>
                <td className="nowrap">
                  <span className={`rp-status rp-status-${r.status}`} title={r.error}>
                    {r.status}
                  </span>
                  {r.status === 'failed' && r.error && <div className="rp-error-text rp-run-why">{r.error}</div>}
                </td>
                <td className="rp-run-wrap">
                  {l.base} → {l.candidate}
                </td>
                <td className="mono rp-run-wrap">{l.dataset}</td>
                <td className="num" title={h ? undefined : r.status === 'done' ? undefined : 'records read before it stopped'}>
                  {h ? fmtCount(h.records) : r.progress ? fmtCount(r.progress.records) : '—'}
                </td>
                <td className="num" data-testid={`run-flipped-${r.id}`}>
                  {h ? (
                    <>
                      {fmtCount(h.flipped)} <span className="rp-muted rp-pct">{fmtPct(h.flippedRate)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="num rp-run-pair">{h ? `${fmtPct(h.approvalRate.base)} → ${fmtPct(h.approvalRate.candidate)}` : '—'}</td>
                <td className="num rp-run-pair">{h ? `${fmtPer(h.costPerApplicant.base)} → ${fmtPer(h.costPerApplicant.candidate)}` : '—'}</td>
                <td className="rp-run-actions nowrap">
                  <button className="link" onClick={() => void store.getState().openRun(r.id)} data-testid={`open-run-${r.id}`}>
                    Open
                  </button>
                  {r.status === 'done' && (
                    <>
                      <a className="link" href={store.getState().reportLink(r.id, 'json')} download data-testid={`run-json-${r.id}`}>
                        JSON
                      </a>
                      {/* A download, as the server sends it (an attachment): a new tab would stay blank. */}
                      <a className="link" href={store.getState().reportLink(r.id, 'html')} download data-testid={`run-html-${r.id}`}>
                        HTML
                      </a>
                    </>
                  )}
                  {r.status !== 'running' && (
                    <button className="link rp-run-delete" onClick={() => setConfirming(r)} data-testid={`delete-run-${r.id}`}>
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
