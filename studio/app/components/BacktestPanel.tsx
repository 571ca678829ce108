// The backtest panel: the base (a saved version), the candidate (the draft or a version) with
// their overrides, and a dataset; the run goes to the server, with a progress bar and Cancel; its
// report shows below, the same figures as the CLI's.

import { fmtCount } from '../../../runtime/replay/figures.js';
import { backtestDatasets, defaultDataset, sizeText } from '../replay/datasets.js';
import { progressShare, sideLabel } from '../replay/format.js';
import { ReportView } from '../replay/ReportView.js';
import type { BacktestForm } from '../replay/types.js';
import { useStudio, useStudioStore } from '../store/context.js';

/** The param and switch overrides of one side, typed as on the CLI (`name=value, …`). */
function Overrides({ side, form, set, examples }: { side: 'base' | 'candidate'; form: BacktestForm; set: (patch: Partial<BacktestForm>) => void; examples: [string, string] }) {
  const params = `${side}Set` as const;
  const switches = `${side}Switches` as const;
  return (
    <>
      <label className="rp-field">
        <span>params</span>
        <input className="mono" placeholder={examples[0]} value={form[params]} onChange={(e) => set({ [params]: e.target.value })} data-testid={`bt-${side}-set`} />
      </label>
      <label className="rp-field">
        <span>switches</span>
        <input className="mono" placeholder={examples[1]} value={form[switches]} onChange={(e) => set({ [switches]: e.target.value })} data-testid={`bt-${side}-switch`} />
      </label>
    </>
  );
}

function Form() {
  const store = useStudioStore();
  const form = useStudio((s) => s.backtest.form);
  const versions = useStudio((s) => s.versions);
  const viewing = useStudio((s) => s.viewing?.number);
  const datasets = useStudio((s) => s.workspace?.datasets);
  const { starting, run } = useStudio((s) => s.backtest);
  const running = run?.status === 'running';
  const set = store.getState().setBacktestForm;
  const base = form.base ?? versions[0]?.number;
  const usable = backtestDatasets(datasets);
  return (
    <div className="rp-bt-form" data-testid="backtest-form">
      <fieldset>
        <legend>Base</legend>
        <select className="rp-side-select" value={base ?? ''} onChange={(e) => set({ base: e.target.value ? Number(e.target.value) : undefined })} data-testid="bt-base">
          {versions.length === 0 && <option value="">No saved version</option>}
          {versions.map((v) => (
            <option key={v.number} value={v.number}>
              v{v.number} {v.message ? `· ${v.message}` : ''}
            </option>
          ))}
        </select>
        <Overrides side="base" form={form} set={set} examples={['min_age=20, …', 'rule=off, …']} />
      </fieldset>
      <fieldset>
        <legend>Candidate</legend>
        <select className="rp-side-select" value={String(form.candidate)} onChange={(e) => set({ candidate: e.target.value === 'draft' ? 'draft' : Number(e.target.value) })} data-testid="bt-candidate">
          {/* With a saved version on screen, the editor shows that version: the draft is the working text behind it. */}
          <option value="draft">{viewing === undefined ? 'the draft (the text in the editor)' : `the draft (not v${viewing} on screen)`}</option>
          {versions.map((v) => (
            <option key={v.number} value={v.number}>
              v{v.number} {v.message ? `· ${v.message}` : ''}
            </option>
          ))}
        </select>
        <Overrides side="candidate" form={form} set={set} examples={['min_phone_tenure=3, …', 'zhima_low=on, …']} />
        <label className="rp-field">
          <span>sweep</span>
          <input
            className="mono"
            placeholder="min_phone_tenure=0..12:1"
            title="Replays the candidate at each value of one number param (PARAM=FROM..TO:STEP, as verdict backtest --sweep): approval, bad rate and cost per value, in the report's Sweep table"
            value={form.sweep}
            onChange={(e) => set({ sweep: e.target.value })}
            data-testid="bt-sweep"
          />
        </label>
      </fieldset>
      <fieldset>
        <legend>Data</legend>
        <select className="rp-side-select" value={defaultDataset(datasets, form.dataset) ?? ''} onChange={(e) => set({ dataset: e.target.value || undefined })} data-testid="bt-dataset">
          {usable.length === 0 && <option value="">No dataset in the workspace</option>}
          {usable.map((d) => (
            <option key={d.path} value={d.path}>
              {d.path} · {sizeText(d.size)}
            </option>
          ))}
        </select>
        <label className="rp-field">
          <span>bad label</span>
          <input className="mono" placeholder="bad_30dpd (default)" title="The outcome field that marks a bad loan (outcome.NAME), for the bad rates" value={form.outcomeLabel} onChange={(e) => set({ outcomeLabel: e.target.value })} data-testid="bt-label" />
        </label>
      </fieldset>
      <div className="rp-bt-actions">
        <button className="btn btn-primary" disabled={starting || running} onClick={() => void store.getState().startBacktest()} data-testid="bt-run">
          {starting ? 'Starting…' : 'Run backtest'}
        </button>
      </div>
      {viewing !== undefined && form.candidate === 'draft' && (
        <p className="rp-muted rp-bt-note" data-testid="bt-viewing-note">
          Version {viewing} is on screen, read-only. The candidate is the draft, the working text behind it: “Back to working text” shows it.
        </p>
      )}
    </div>
  );
}

function RunStatus() {
  const store = useStudioStore();
  const { run, error } = useStudio((s) => s.backtest);
  if (error && !run) return <p className="rp-error" data-testid="bt-error">{error}</p>;
  if (!run) return null;
  const share = progressShare(run.progress);
  return (
    <div className={`rp-run rp-run-${run.status}`} data-testid="bt-run-status" data-status={run.status}>
      <div className="rp-row">
        <b>Run {run.id}</b>
        <span className="rp-muted">
          {sideLabel(run.inputs.base)} vs {sideLabel(run.inputs.candidate)}
          {run.inputs.sweep ? `, sweep ${run.inputs.sweep}` : ''} on {run.inputs.dataset}
        </span>
        <span className="rp-spacer" />
        <span className={`rp-status rp-status-${run.status}`}>{run.status}</span>
        {run.status === 'running' && (
          <button className="btn btn-small" onClick={() => void store.getState().cancelBacktest()} data-testid="bt-cancel">
            Cancel
          </button>
        )}
      </div>
      {run.status === 'running' && (
        <div className="rp-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={share === undefined ? undefined : Math.round(share * 100)} data-testid="bt-progress">
          <div className={`rp-progress-bar${share === undefined ? ' is-indeterminate' : ''}`} style={{ width: share === undefined ? undefined : `${(share * 100).toFixed(1)}%` }} />
          <span className="rp-progress-text">
            {run.progress.records === 0 ? 'starting the workers…' : `${fmtCount(run.progress.records)} records${share !== undefined ? ` · ${(share * 100).toFixed(0)}%` : ''}`}
          </span>
        </div>
      )}
      {run.status === 'failed' && <p className="rp-error">The run failed: {run.error ?? 'no reason given'}</p>}
      {run.status === 'cancelled' && <p className="rp-muted" data-testid="bt-cancelled">Cancelled after {fmtCount(run.progress.records)} records.</p>}
      {error && <p className="rp-error">{error}</p>}
    </div>
  );
}

export function BacktestPanel() {
  const report = useStudio((s) => s.backtest.run?.report);
  const runId = useStudio((s) => s.backtest.run?.id);
  const replay = useStudioStore().getState();
  return (
    <div className="rp-backtest" data-testid="backtest-panel">
      <Form />
      <RunStatus />
      {!runId && (
        <p className="rp-muted rp-placeholder" data-testid="bt-empty">
          A backtest decides every record of the dataset with the base and with the candidate, on the server, and reports decisions, swaps, trigger rates, cost per
          applicant, bad rates, vendor overlap and the cheapest rule order — the figures of <span className="mono">verdict backtest</span>. Earlier runs are under Runs.
        </p>
      )}
      {report && runId && (
        <>
          <p className="rp-row rp-exports">
            <a className="btn btn-small" href={replay.reportLink(runId, 'html')} download data-testid="bt-export-html">
              Download report.html
            </a>
            <a className="btn btn-small" href={replay.reportLink(runId, 'json')} download data-testid="bt-export-json">
              Download report.json
            </a>
          </p>
          <ReportView report={report} />
        </>
      )}
    </div>
  );
}
