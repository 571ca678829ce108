// The swap matrix of a backtest (base outcome × candidate outcome) and its drill-down: a flipped
// cell lists its records (from the run's stored swap lines), and a record shows its two traces
// side by side.

import { fmtCount } from '../../../runtime/replay/html.js';
import { OUTCOMES, type SwapReport } from '../../../runtime/replay/report.js';
import { useStudio, useStudioStore } from '../store/context.js';
import { refText } from './format.js';
import { ResultView } from './TraceView.js';

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
            <th key={o}>{o}</th>
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
                    <button className="link" onClick={() => void store.getState().openSwapCell(active ? undefined : { from: b, to: c })} title={`Show the ${n} record(s) that went from ${b} to ${c}`}>
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
      {swap && (
        <div className="rp-side-by-side" data-testid="swap-traces">
          <div>
            <h4>Base</h4>
            <ResultView result={swap.base} testid="swap-base" />
          </div>
          <div>
            <h4>Candidate</h4>
            <ResultView result={swap.candidate} testid="swap-candidate" />
          </div>
        </div>
      )}
    </div>
  );
}
