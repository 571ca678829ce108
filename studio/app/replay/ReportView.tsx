// A backtest report (verdict.backtest/1) in the studio: the same figures as the CLI's summary and
// HTML report, formatted by the same helpers (runtime/replay/html.ts).

import { fmtCount, fmtMoney, fmtPct } from '../../../runtime/replay/html.js';
import { OUTCOMES, VERSIONS, type BacktestReport, type BadRateStats, type PolicyInput } from '../../../runtime/replay/report.js';
import { useStudioStore } from '../store/context.js';
import { RateChart } from './RateChart.js';
import { SwapDrill, SwapMatrix } from './SwapMatrix.js';

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
            <th key={o}>{o}</th>
          ))}
          <th>approval rate</th>
        </tr>
      </thead>
      <tbody>
        {VERSIONS.map((v) => (
          <tr key={v} data-testid={`decisions-${v}`}>
            <th>{v}</th>
            {OUTCOMES.map((o) => (
              <td key={o} data-testid={`decisions-${v}-${o}`}>
                {fmtCount(report.decisions[v].counts[o])} <span className="rp-muted">{fmtPct(report.decisions[v].rates[o])}</span>
              </td>
            ))}
            <td>
              <b>{fmtPct(report.decisions[v].approvalRate)}</b>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Cost({ report }: { report: BacktestReport }) {
  const sources = [...new Set(VERSIONS.flatMap((v) => report.cost[v].sources.map((s) => s.source)))];
  const of = (v: (typeof VERSIONS)[number], id: string) => report.cost[v].sources.find((s) => s.source === id);
  return (
    <table className="rp-table" data-testid="cost">
      <thead>
        <tr>
          <th>source</th>
          <th>base calls · billed · cost</th>
          <th>candidate calls · billed · cost</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((id) => (
          <tr key={id}>
            <td className="mono">{id}</td>
            {VERSIONS.map((v) => {
              const s = of(v, id);
              return <td key={v}>{s ? `${fmtCount(s.calls)} · ${fmtCount(s.billed)} · ${fmtMoney(s.cost)}` : '—'}</td>;
            })}
          </tr>
        ))}
        <tr>
          <th>total</th>
          {VERSIONS.map((v) => (
            <td key={v}>
              <b>{fmtMoney(report.cost[v].total)}</b>
            </td>
          ))}
        </tr>
        <tr>
          <th>per applicant</th>
          {VERSIONS.map((v) => (
            <td key={v} data-testid={`cost-per-applicant-${v}`}>
              <b>{fmtMoney(report.cost[v].perApplicant, 4)}</b>
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

const badRate = (s: BadRateStats) => `${fmtPct(s.badRate)} (${fmtCount(s.bad)} bad of ${fmtCount(s.labelled)} labelled, ${fmtCount(s.count)} in the set)`;

function BadRates({ report }: { report: BacktestReport }) {
  const o = report.outcomes;
  if (!o) return <p className="rp-muted">No record carries the outcome label `outcome.{report.inputs.outcomeLabel}`: no bad rates.</p>;
  return (
    <>
      <p className="rp-warning" data-testid="bad-rate-warning">
        ⚠ {o.warning}
      </p>
      <table className="rp-table" data-testid="bad-rates">
        <tbody>
          <tr>
            <th>approved by the base</th>
            <td>{badRate(o.approved.base)}</td>
          </tr>
          <tr>
            <th>approved by the candidate</th>
            <td>{badRate(o.approved.candidate)}</td>
          </tr>
          <tr>
            <th>swapped in (candidate only)</th>
            <td>{badRate(o.swappedIn)}</td>
          </tr>
          <tr>
            <th>swapped out (base only)</th>
            <td>{badRate(o.swappedOut)}</td>
          </tr>
        </tbody>
      </table>
    </>
  );
}

function Vendors({ report }: { report: BacktestReport }) {
  if (!report.vendors.length) return <p className="rp-muted">No pair of per-hit vendors checked in the same rule set.</p>;
  return (
    <table className="rp-table" data-testid="vendors">
      <thead>
        <tr>
          <th>version · set</th>
          <th>vendor</th>
          <th>catches</th>
          <th>unique</th>
          <th>cost</th>
          <th>per unique catch</th>
          <th>both · either</th>
        </tr>
      </thead>
      <tbody>
        {report.vendors.flatMap((v) =>
          [v.a, v.b].map((side, i) => (
            <tr key={`${v.version}-${v.ruleSet}-${side.rule}`}>
              {i === 0 && (
                <td rowSpan={2}>
                  {v.version} · {v.ruleSet}
                  <div className="rp-muted">{fmtCount(v.reached)} reached</div>
                </td>
              )}
              <td className="mono">
                {side.rule} <span className="rp-muted">({side.source})</span>
              </td>
              <td>{fmtCount(side.catches)}</td>
              <td>{fmtCount(side.unique)}</td>
              <td>{fmtMoney(side.standaloneCost)}</td>
              <td>{fmtMoney(side.costPerUniqueCatch)}</td>
              {i === 0 && (
                <td rowSpan={2}>
                  {fmtCount(v.both)} · {fmtCount(v.either)}
                </td>
              )}
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

function Orders({ report }: { report: BacktestReport }) {
  return (
    <table className="rp-table" data-testid="orders">
      <thead>
        <tr>
          <th>rule set</th>
          <th>current order</th>
          <th>suggested order</th>
          <th>cost / applicant reaching it</th>
          <th>saving</th>
        </tr>
      </thead>
      <tbody>
        {report.ruleSets.map((set) => {
          const v = set.candidate ?? set.base;
          if (!v) return null;
          const o = v.order;
          const same = o.current.join() === o.suggested.join();
          return (
            <tr key={set.id} data-testid={`order-${set.id}`}>
              <td className="mono">
                {set.id}
                <div className="rp-muted">{fmtCount(v.reached)} reached</div>
              </td>
              <td className="mono rp-order">{o.current.join(' → ')}</td>
              <td className="mono rp-order">
                {same ? <span className="rp-muted">already the cheapest</span> : o.suggested.join(' → ')}
                {o.method === 'greedy' && <div className="rp-muted">{o.note ?? 'greedy order'}</div>}
              </td>
              <td>
                {fmtMoney(o.currentCostPerApplicant, 4)} → {fmtMoney(o.suggestedCostPerApplicant, 4)}
              </td>
              <td>
                {fmtMoney(o.savingPerApplicant, 4)} each · {fmtMoney(o.savingTotal)} in all
              </td>
            </tr>
          );
        })}
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
                <th>approval</th>
                <th>bad rate approved</th>
                <th>cost / applicant</th>
              </tr>
            </thead>
            <tbody>
              {report.sweep.points.map((p) => (
                <tr key={p.value}>
                  <td>{p.value}</td>
                  <td>{fmtPct(p.approvalRate)}</td>
                  <td>{fmtPct(p.badRateApproved)}</td>
                  <td>{fmtMoney(p.costPerApplicant, 4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
