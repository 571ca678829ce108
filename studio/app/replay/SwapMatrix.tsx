// The swap matrix of a backtest (base outcome × candidate outcome) and its drill-down: a flipped
// cell lists its records (from the run's stored swap lines), and a record shows its two traces
// side by side.

import { useMemo } from 'react';
import { fmtCount } from '../../../runtime/replay/figures.js';
import { OUTCOMES, type SwapReport } from '../../../runtime/replay/report.js';
import { useStudio, useStudioStore } from '../store/context.js';
import { refText } from './format.js';
import { ResultView } from './TraceView.js';
import { ruleKey, traceChanges, type RuleChange } from './trace-diff.js';

export function SwapMatrix({ swaps }: { swaps: SwapReport }) {
  const store = useStudioStore();
  const cell = useStudio((s) => s.backtest.cell);
  const count = (b: string, c: string) => swaps.cells.find((x) => x.base === b && x.candidate === c)?.count ?? 0;
  return (
    <table className="rp-table rp-matrix" data-testid="swap-matrix">
      <thead>
        <tr>
          <th className="rp-muted">base ↓ · candidate →</th>
          {OUTCOMES.map((o) => (
            <th key={o} className="num">
              {o}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {OUTCOMES.map((b) => (
          <tr key={b}>
            <th>{b}</th>
            {OUTCOMES.map((c) => {
              const n = count(b, c);
              const flipped = b !== c;
              const active = cell?.from === b && cell?.to === c;
              return (
                <td key={c} className={`${flipped && n ? 'is-flip' : ''}${b === c ? ' is-same' : ''}${active ? ' is-active' : ''}`} data-testid={`swap-${b}-${c}`}>
                  {flipped && n > 0 ? (
                    <button className="link rp-matrix-cell" aria-pressed={active} onClick={() => void store.getState().openSwapCell(active ? undefined : { from: b, to: c })} title={`Show the ${n} record(s) that went from ${b} to ${c}`}>
                      {fmtCount(n)}
                    </button>
                  ) : (
                    fmtCount(n)
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Causes of the flips of the open cell, then its records and the two traces of the one picked. */
export function SwapDrill({ swapsReport }: { swapsReport: SwapReport }) {
  const store = useStudioStore();
  const { cell, swaps, swapsLoading, swapsError, swap } = useStudio((s) => s.backtest);
  // The two traces of the record picked go below, full width (SwapTraces).
  if (!cell) return <p className="rp-muted">Click a flipped count in the matrix to see its records and their two traces side by side.</p>;
  const report = swapsReport.cells.find((c) => c.base === cell.from && c.candidate === cell.to);
  return (
    <div className="rp-drill" data-testid="swap-drill">
      <h4>
        {cell.from} → {cell.to}: {fmtCount(report?.count ?? 0)} record{report?.count === 1 ? '' : 's'}
      </h4>
      {report?.causes && report.causes.length > 0 && (
        <ul className="rp-causes">
          {report.causes.map((c) => (
            <li key={c.key}>
              <b>{fmtCount(c.count)}</b> {c.key}
            </li>
          ))}
        </ul>
      )}
      {swapsLoading && <p className="rp-muted">Loading the records…</p>}
      {swapsError && <p className="rp-error">{swapsError}</p>}
      {swaps && (
        <div className="rp-swap-list" data-testid="swap-records">
          {swaps.map((r) => (
            <button key={`${r.index}`} className={`rp-chip${swap?.index === r.index ? ' is-active' : ''}`} onClick={() => store.getState().openSwap(r)} data-testid={`swap-record-${refText(r.id)}`}>
              {refText(r.id)}
            </button>
          ))}
          {swaps.length === 0 && <span className="rp-muted">The run kept no swap line for this cell.</span>}
          {report && swaps.length < report.count && <span className="rp-muted">first {swaps.length} of {fmtCount(report.count)}</span>}
        </div>
      )}
    </div>
  );
}

const STATE_TEXT: Record<string, string> = { hit: 'hit', pass: 'pass', missing: 'missing', off: 'off', shadow_hit: 'shadow hit', not_run: 'not run', error: 'error' };
const stateText = (s: string | undefined) => (s ? STATE_TEXT[s] : 'not reached');

/**
 * The record picked in the drill-down: what changed between its two decisions (rules whose state
 * or values differ), then the base and candidate decisions side by side, full width, the changed
 * rules marked in both traces.
 */
export function SwapTraces() {
  const swap = useStudio((s) => (s.backtest.cell ? s.backtest.swap : undefined));
  const changes = useMemo(() => (swap ? traceChanges(swap.base, swap.candidate) : []), [swap]);
  const marked = useMemo(() => new Set(changes.map((c) => ruleKey(c.node, c.rule))), [changes]);
  if (!swap) return null;
  // Rule sets only one side reached are one line each, not one per rule.
  type Line = { key: string; change?: RuleChange; node?: string; side?: 'base' | 'candidate'; states?: string };
  const lines: Line[] = [];
  for (const c of changes) {
    const side = c.base === undefined ? 'candidate' : c.candidate === undefined ? 'base' : undefined;
    if (!side) {
      lines.push({ key: ruleKey(c.node, c.rule), change: c });
      continue;
    }
    const last = lines.at(-1);
    if (last?.node === c.node && last.side === side) continue;
    const states = changes.filter((x) => x.node === c.node && (side === 'candidate' ? x.base === undefined : x.candidate === undefined)).map((x) => stateText(side === 'candidate' ? x.candidate : x.base));
    const counts = [...new Set(states)].map((st) => `${states.filter((x) => x === st).length} ${st}`).join(', ');
    lines.push({ key: `${c.node}:${side}`, node: c.node, side, states: `${states.length} rule${states.length === 1 ? '' : 's'}: ${counts}` });
  }
  const shown = lines.slice(0, 8);
  return (
    <>
      <div className="rp-changes" data-testid="swap-changes">
        <b>
          Record {refText(swap.id)}: {swap.base.decision} → {swap.candidate.decision}.
        </b>{' '}
        {changes.length === 0 ? (
          <span className="rp-muted">No rule did anything different: the change is in the scores or the decision node.</span>
        ) : (
          <span className="rp-muted">What changed, in the candidate’s order:</span>
        )}
        {shown.length > 0 && (
          <ul>
            {shown.map((l) =>
              l.change ? (
                <li key={l.key} data-testid={`swap-change-${l.change.rule}`}>
                  <span className="mono">
                    {l.change.node}.<b>{l.change.rule}</b>
                  </span>{' '}
                  {l.change.base !== l.change.candidate && (
                    <span>
                      {stateText(l.change.base)} → <b>{stateText(l.change.candidate)}</b>
                    </span>
                  )}
                  {l.change.reads.map((r) => (
                    <span key={r.key} className="mono rp-change-read">
                      {r.key} {r.base} → {r.candidate}
                    </span>
                  ))}
                </li>
              ) : (
                <li key={l.key}>
                  <span className="mono">
                    <b>{l.node}</b>
                  </span>{' '}
                  reached by the {l.side} only <span className="rp-muted">({l.states})</span>
                </li>
              ),
            )}
            {lines.length > shown.length && <li className="rp-muted">and {lines.length - shown.length} more (marked in the traces)</li>}
          </ul>
        )}
      </div>
      <div className="rp-side-by-side" data-testid="swap-traces">
        <div>
          <h4>
            Base <span className="rp-muted">· record {refText(swap.id)}</span>
          </h4>
          <ResultView result={swap.base} testid="swap-base" marked={marked} />
        </div>
        <div>
          <h4>
            Candidate <span className="rp-muted">· record {refText(swap.id)}</span>
          </h4>
          <ResultView result={swap.candidate} testid="swap-candidate" marked={marked} />
        </div>
      </div>
    </>
  );
}
