// The test panel: one record, from a workspace dataset (a paged list searched by id) or pasted as
// JSON, decided against the draft with optional param and switch overrides. The result shows
// here in full and its path lights up on the graph; a decide that fails (an override the server
// refuses, a record that cannot be read) shows why in the result's place, never beside an older
// result that the inputs no longer match.

import { useEffect } from 'react';
import { RECORDS_PAGE, viewingNote } from '../store/replay.js';
import { useStudio, useStudioShallow, useStudioStore } from '../store/context.js';
import { ResultView } from '../replay/TraceView.js';
import { backtestDatasets } from '../replay/datasets.js';

/** An opened section scrolls into view in the form: on a low dock its fields start below the fold. */
function revealOpened(details: HTMLDetailsElement) {
  if (details.open) details.scrollIntoView({ block: 'nearest' });
}

export function TestPanel() {
  const store = useStudioStore();
  const datasets = useStudio((s) => s.workspace?.datasets);
  const test = useStudio((s) => s.test);
  const { draftChanged, hasPath, viewing } = useStudioShallow((s) => ({
    draftChanged: s.test.decidedText !== undefined && s.test.decidedText !== s.text,
    hasPath: !!s.path,
    viewing: s.viewing?.number,
  }));
  // The same readable datasets as a backtest, in the same order (JSONL, CSV, Parquet).
  const usable = backtestDatasets(datasets);
  const act = store.getState();

  // The first dataset is picked for the analyst; the list loads with it.
  useEffect(() => {
    if (!test.dataset && usable.length) void store.getState().chooseDataset(usable[0].path);
  }, [test.dataset, usable.length, store]);

  const page = test.page;
  const total = page?.total;
  return (
    <div className="rp-split" data-testid="test-panel">
      <div className="rp-form">
        <div className="rp-form-body">
          <div className="rp-tabs-inline">
            <label>
              <input type="radio" checked={test.source === 'dataset'} onChange={() => act.setTest({ source: 'dataset' })} /> From a dataset
            </label>
            <label>
              <input type="radio" checked={test.source === 'json'} onChange={() => act.setTest({ source: 'json' })} data-testid="test-source-json" /> Paste JSON
            </label>
          </div>
          {test.source === 'dataset' ? (
            <>
              <div className="rp-row">
                <select className="rp-grow" value={test.dataset ?? ''} onChange={(e) => void act.chooseDataset(e.target.value || undefined)} data-testid="test-dataset">
                  {usable.length === 0 && <option value="">No dataset in the workspace</option>}
                  {usable.map((d) => (
                    <option key={d.path} value={d.path}>
                      {d.path}
                    </option>
                  ))}
                </select>
              </div>
              <div className="rp-row rp-search">
                <input
                  type="search"
                  placeholder="Search by id"
                  value={test.q}
                  onChange={(e) => act.setTest({ q: e.target.value })}
                  onKeyDown={(e) => e.key === 'Enter' && void store.getState().loadRecords(0)}
                  data-testid="test-search"
                />
                <button className="btn btn-small" onClick={() => void act.loadRecords(0)} disabled={!test.dataset}>
                  Search
                </button>
              </div>
              {test.pageError && <p className="rp-error">{test.pageError}</p>}
              <ul className="rp-records" data-testid="record-list" aria-busy={test.pageLoading}>
                {page?.records.map((r) => (
                  <li key={r.index}>
                    <button
                      className={`rp-record${test.picked?.index === r.index ? ' is-active' : ''}${r.error ? ' is-bad' : ''}`}
                      onClick={() => act.pickRecord(r)}
                      onDoubleClick={() => {
                        act.pickRecord(r);
                        void store.getState().decide();
                      }}
                      title={r.error ?? `line ${r.line ?? r.index + 1}`}
                      data-testid={`record-${r.id}`}
                    >
                      <span className="mono">{r.id}</span>
                      <span className="rp-muted">#{r.index}</span>
                      {r.error && <span className="rp-error-text">{r.error}</span>}
                    </button>
                  </li>
                ))}
                {page && page.records.length === 0 && <li className="rp-muted">No record{test.q ? ` with an id containing “${test.q}”` : ''}.</li>}
              </ul>
              <div className="rp-row rp-pager">
                <button className="btn btn-small" disabled={!page || test.offset === 0 || test.pageLoading} onClick={() => void act.loadRecords(Math.max(0, test.offset - RECORDS_PAGE))}>
                  ‹ Prev
                </button>
                <span className="rp-muted" data-testid="record-range">
                  {page && page.records.length ? `${test.offset + 1}–${test.offset + page.records.length}${total !== undefined ? ` of ${total}` : ''}` : ''}
                </span>
                <button
                  className="btn btn-small"
                  disabled={!page || test.pageLoading || (total !== undefined ? test.offset + RECORDS_PAGE >= total : page.records.length < RECORDS_PAGE)}
                  onClick={() => void act.loadRecords(test.offset + RECORDS_PAGE)}
                >
                  Next ›
                </button>
              </div>
            </>
          ) : (
            <textarea
              className="rp-json mono"
              placeholder={'{ "applicant": { "id": "A-1", "age": 32, … }, "credit_report": { … } }'}
              value={test.json}
              onChange={(e) => act.setTest({ json: e.target.value })}
              spellCheck={false}
              data-testid="test-json"
            />
          )}
          <details className="rp-overrides" onToggle={(e) => revealOpened(e.currentTarget)} data-testid="test-overrides">
            <summary>Overrides {test.set || test.switches ? '(set)' : ''}</summary>
            <label>
              Params <input className="mono" placeholder="min_phone_tenure=3, max_dti=0.6" value={test.set} onChange={(e) => act.setTest({ set: e.target.value })} data-testid="test-set" />
            </label>
            <label>
              Switches <input className="mono" placeholder="zhima_low=on" value={test.switches} onChange={(e) => act.setTest({ switches: e.target.value })} data-testid="test-switch" />
            </label>
          </details>
        </div>
        {/* Below the scrolling part, not over it: the button is always in view and covers no field. */}
        <div className="rp-form-foot">
          <div className="rp-row">
            <button className="btn btn-primary" disabled={!hasPath || test.deciding || viewing !== undefined} onClick={() => void act.decide()} data-testid="test-decide">
              {test.deciding ? 'Deciding…' : 'Decide against the draft'}
            </button>
            {test.source === 'dataset' && test.picked && <span className="rp-muted">record {test.picked.id}</span>}
          </div>
          {viewing !== undefined && (
            <p className="rp-muted" data-testid="test-viewing-note">
              {viewingNote(viewing)}
            </p>
          )}
        </div>
      </div>
      <div className="rp-output" data-testid="test-output">
        {test.error && (
          <div className="rp-decide-error" role="alert">
            <b>Not decided</b>
            <p className="rp-error" data-testid="test-error">
              {test.error}
            </p>
          </div>
        )}
        {test.result && (
          <>
            {draftChanged && <p className="chip chip-stale">The draft changed since this decision: decide again to refresh it.</p>}
            <ResultView result={test.result} testid="test-result" />
          </>
        )}
        {!test.result && !test.error && (
          <p className="rp-muted rp-placeholder">Pick a record (double-click decides at once) or paste one, then decide it: the path lights up on the graph.</p>
        )}
      </div>
    </div>
  );
}
