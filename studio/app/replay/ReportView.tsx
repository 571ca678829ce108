// A backtest report (verdict.backtest/1) in the studio: the same figures as the CLI's summary and
// HTML report, formatted by the same helpers (runtime/replay/html.ts).

import { fmtCount, fmtMoney, fmtPct, sweepUnlabelledNote } from '../../../runtime/replay/figures.js';
import { OUTCOMES, VERSIONS, type BacktestReport, type PolicyInput } from '../../../runtime/replay/report.js';
import { BadRates, Cost, Orders, Vendors } from './ReportTables.js';
import { useStudioStore } from '../store/context.js';
import { RateChart } from './RateChart.js';
import { SwapDrill, SwapMatrix, SwapTraces } from './SwapMatrix.js';

const policyText = (p: PolicyInput) => {
  const o = [...p.set, ...p.switch.map((s) => `switch ${s}`)];
  return `${p.file}${p.version ? ` v${p.version}` : ''} · ${p.sha256.slice(0, 10)}${o.length ? ` · ${o.join(', ')}` : ''}`;
};

function Decisions({ report }: { report: BacktestReport }) {
  return (
    <table className="rp-table" data-testid="decisions">
      <thead>
        <tr>
          <th />
          {OUTCOMES.map((o) => (
            <th key={o} className="num">
              {o}
            </th>
          ))}
          <th className="num">approval rate</th>
        </tr>
      </thead>
      <tbody>
        {VERSIONS.map((v) => (
          <tr key={v} data-testid={`decisions-${v}`}>
            <th>{v}</th>
            {OUTCOMES.map((o) => (
              <td key={o} className="num" data-testid={`decisions-${v}-${o}`}>
                {fmtCount(report.decisions[v].counts[o])} <span className="rp-muted rp-pct">{fmtPct(report.decisions[v].rates[o])}</span>
              </td>
            ))}
            <td className="num">
              <b>{fmtPct(report.decisions[v].approvalRate)}</b>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportView({ report }: { report: BacktestReport }) {
  const store = useStudioStore();
  const { base, candidate, data } = report.inputs;
  return (
    <div className="rp-report" data-testid="report">
      <p className="rp-inputs">
        <span>
          <span className="rp-muted">base</span> {policyText(base)}
        </span>
        <span>
          <span className="rp-muted">candidate</span> {policyText(candidate)}
        </span>
        <span>
          <span className="rp-muted">data</span> {data.path} · {fmtCount(report.totals.records)} records · {data.sha256.slice(0, 10)}
          {report.totals.bad > 0 && <span className="rp-error-text"> · {fmtCount(report.totals.bad)} bad</span>}
        </span>
      </p>
      <section className="rp-section">
        <h4>Decisions</h4>
        <Decisions report={report} />
      </section>
      <section className="rp-section">
        <h4>
          Swaps: <span data-testid="flipped">{fmtCount(report.swaps.flipped)}</span> flipped ({fmtPct(report.swaps.flippedRate)})
        </h4>
        <div className="rp-swaps">
          <SwapMatrix swaps={report.swaps} />
          <SwapDrill swapsReport={report.swaps} />
        </div>
        <SwapTraces />
      </section>
      <section className="rp-section">
        <h4>Trigger rates per rule</h4>
        <RateChart rules={report.rules} onRule={(id, node) => store.getState().selectInGraph(node, id)} />
      </section>
      <section className="rp-section">
        <h4>
          Cost per applicant: {fmtMoney(report.cost.base.perApplicant, 4)} → {fmtMoney(report.cost.candidate.perApplicant, 4)}
        </h4>
        <Cost report={report} />
      </section>
      <section className="rp-section">
        <h4>Bad rates</h4>
        <BadRates report={report} />
      </section>
      <section className="rp-section">
        <h4>Vendor overlap</h4>
        <Vendors report={report} />
      </section>
      <section className="rp-section">
        <h4>Suggested order</h4>
        <Orders report={report} />
      </section>
      {report.sweep && (
        <section className="rp-section">
          <h4>Sweep of {report.sweep.param}</h4>
          <table className="rp-table">
            <thead>
              <tr>
                <th>{report.sweep.param}</th>
                <th className="num">approval</th>
                <th className="num">review</th>
                <th className="num">reject</th>
                <th className="num">bad rate approved</th>
                <th className="num">cost / applicant</th>
              </tr>
            </thead>
            <tbody>
              {report.sweep.points.map((p) => (
                <tr key={p.value}>
                  <td className="num">{p.value}</td>
                  <td className="num">{fmtPct(p.approvalRate)}</td>
                  <td className="num">{fmtPct(p.reviewRate)}</td>
                  <td className="num">{fmtPct(p.rejectRate)}</td>
                  <td className="num">
                    {fmtPct(p.badRateApproved)} <span className="muted">({fmtCount(p.bad)}/{fmtCount(p.labelled)})</span>
                  </td>
                  <td className="num">{fmtMoney(p.costPerApplicant, 4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {sweepUnlabelledNote(report.sweep.points) && <p className="rp-warning" data-testid="sweep-note">{sweepUnlabelledNote(report.sweep.points)}</p>}
        </section>
      )}
    </div>
  );
}
