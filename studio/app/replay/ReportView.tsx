// A backtest report (verdict.backtest/1) in the studio: the same figures as the CLI's summary and
// HTML report, formatted by the same helpers (runtime/replay/html.ts).

import { useRef } from 'react';
import { counted, fmtCount, fmtPct, fmtPer, sweepMark, sweepUnlabelledNote } from '../../../runtime/replay/figures.js';
import { OUTCOMES, VERSIONS, type BacktestReport, type PolicyInput } from '../../../runtime/replay/report.js';
import { BadRates, BadRecords, Cost, Orders, Vendors } from './ReportTables.js';
import { useStudioStore } from '../store/context.js';
import { rateChange, signedCount } from './format.js';
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
        {/* What an analyst reads first: how many more or fewer, in records and in points (as the CLI's and the HTML report's Change). */}
        <tr className="rp-change" data-testid="decisions-change">
          <th>change</th>
          {OUTCOMES.map((o) => (
            <td key={o} className="num" data-testid={`decisions-change-${o}`}>
              {signedCount(report.decisions.candidate.counts[o] - report.decisions.base.counts[o])}{' '}
              <span className="rp-muted rp-pct">{rateChange(report.decisions.base.rates[o], report.decisions.candidate.rates[o])}</span>
            </td>
          ))}
          <td className="num" data-testid="decisions-change-approval">
            <b>{rateChange(report.decisions.base.approvalRate, report.decisions.candidate.approvalRate)}</b>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/**
 * What "bad" means in the header: records with bad data, not the defaulted loans of the bad rates
 * below it (a plain "21 bad" in red read as 21 defaults).
 */
const BAD_RECORDS_TITLE = 'Records that could not be read or decoded (bad data): counted as errors in both versions, listed under “Bad records” at the end of the report. Not defaulted loans: those are the bad rates.';

export function ReportView({ report }: { report: BacktestReport }) {
  const store = useStudioStore();
  const badSection = useRef<HTMLElement>(null);
  const { base, candidate, data } = report.inputs;
  const bad = report.totals.bad;
  // The swept value the candidate stands at (-1: none).
  const mark = sweepMark(report);
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
          <span className="rp-muted">data</span> {data.path} · {counted(report.totals.records, 'record')} · {data.sha256.slice(0, 10)}
          {bad > 0 && (
            <>
              {' · '}
              <button type="button" className="link rp-bad-link" title={BAD_RECORDS_TITLE} onClick={() => badSection.current?.scrollIntoView({ block: 'start', behavior: 'smooth' })} data-testid="bad-records-link">
                {counted(bad, 'bad record')}
              </button>
            </>
          )}
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
          Cost per applicant: {fmtPer(report.cost.base.perApplicant)} → {fmtPer(report.cost.candidate.perApplicant)}
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
        <section className="rp-section" data-testid="sweep">
          <h4>Sweep of {report.sweep.param}</h4>
          <table className="rp-table">
            <thead>
              <tr>
                <th>{report.sweep.param}</th>
                <th className="num">approved</th>
                <th className="num">approval</th>
                <th className="num">review</th>
                <th className="num">reject</th>
                <th className="num">bad rate approved</th>
                <th className="num">cost / applicant</th>
              </tr>
            </thead>
            <tbody>
              {report.sweep.points.map((p, i) => (
                <tr key={p.value} className={i === mark ? 'rp-current' : undefined}>
                  <td className="num">
                    {p.value}
                    {i === mark && <span className="muted"> candidate</span>}
                  </td>
                  <td className="num">{fmtCount(p.approved)}</td>
                  <td className="num">{fmtPct(p.approvalRate)}</td>
                  <td className="num">{fmtPct(p.reviewRate)}</td>
                  <td className="num">{fmtPct(p.rejectRate)}</td>
                  <td className="num">
                    {fmtPct(p.badRateApproved)} <span className="muted">({fmtCount(p.bad)}/{fmtCount(p.labelled)})</span>
                  </td>
                  <td className="num">{fmtPer(p.costPerApplicant)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {sweepUnlabelledNote(report.sweep.points) && <p className="rp-warning" data-testid="sweep-note">{sweepUnlabelledNote(report.sweep.points)}</p>}
        </section>
      )}
      {report.badRecords.count > 0 && (
        <section className="rp-section" ref={badSection} data-testid="bad-records-section">
          <h4>Bad records</h4>
          <BadRecords report={report} />
        </section>
      )}
    </div>
  );
}
