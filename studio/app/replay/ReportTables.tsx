// The detail tables of a backtest report in the studio: cost per source, bad rates, vendor
// overlap, the suggested order and the bad records, with the CLI's formatting helpers and wording
// (runtime/replay/html.ts).

import { badRecordsCut, badRecordsLede, fmtCount, fmtMoney, fmtPct, fmtPer, noLabelsNote, notLabelsNote } from '../../../runtime/replay/figures.js';
import { VERSIONS, type BacktestReport, type BadRateStats } from '../../../runtime/replay/report.js';
import { moneyChange } from './format.js';

export function Cost({ report }: { report: BacktestReport }) {
  const sources = [...new Set(VERSIONS.flatMap((v) => report.cost[v].sources.map((s) => s.source)))];
  const of = (v: (typeof VERSIONS)[number], id: string) => report.cost[v].sources.find((s) => s.source === id);
  return (
    <table className="rp-table rp-cost" data-testid="cost">
      <thead>
        <tr>
          <th rowSpan={2}>source</th>
          {VERSIONS.map((v) => (
            <th key={v} colSpan={3} className="rp-group">
              {v}
            </th>
          ))}
          <th rowSpan={2} className="num rp-group-start" title="Candidate cost − base cost">
            change
          </th>
        </tr>
        <tr>
          {VERSIONS.flatMap((v) => [
            <th key={`${v}-calls`} className="num rp-group-start" title="Records that read the source">
              calls
            </th>,
            <th key={`${v}-billed`} className="num" title="Calls that were charged (per query: every call; per hit: the hits)">
              billed
            </th>,
            <th key={`${v}-cost`} className="num">
              cost
            </th>,
          ])}
        </tr>
      </thead>
      <tbody>
        {sources.map((id) => (
          <tr key={id}>
            <td className="mono">{id}</td>
            {VERSIONS.flatMap((v) => {
              const s = of(v, id);
              return [
                <td key={`${v}-calls`} className="num rp-group-start">
                  {s ? fmtCount(s.calls) : '—'}
                </td>,
                <td key={`${v}-billed`} className="num">
                  {s ? fmtCount(s.billed) : '—'}
                </td>,
                <td key={`${v}-cost`} className="num">
                  {s ? fmtMoney(s.cost) : '—'}
                </td>,
              ];
            })}
            <td className="num rp-group-start">{moneyChange(of('base', id)?.cost ?? '0', of('candidate', id)?.cost ?? '0')}</td>
          </tr>
        ))}
        <tr className="rp-total">
          <th>total</th>
          {VERSIONS.map((v) => (
            <td key={v} colSpan={3} className="num rp-group-start">
              <b>{fmtMoney(report.cost[v].total)}</b>
            </td>
          ))}
          <td className="num rp-group-start" data-testid="cost-change-total">
            <b>{moneyChange(report.cost.base.total, report.cost.candidate.total)}</b>
          </td>
        </tr>
        <tr>
          <th>per applicant</th>
          {VERSIONS.map((v) => (
            <td key={v} colSpan={3} className="num rp-group-start" data-testid={`cost-per-applicant-${v}`}>
              <b>{fmtPer(report.cost[v].perApplicant)}</b>
            </td>
          ))}
          <td className="num rp-group-start" data-testid="cost-change-per-applicant">
            <b>{moneyChange(report.cost.base.perApplicant, report.cost.candidate.perApplicant, 4)}</b>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

const badRate = (s: BadRateStats) => `${fmtPct(s.badRate)} (${fmtCount(s.bad)} bad of ${fmtCount(s.labelled)} labelled, ${fmtCount(s.count)} in the set)`;

export function BadRates({ report }: { report: BacktestReport }) {
  const o = report.outcomes;
  const notLabels = notLabelsNote(report);
  const odd = notLabels ? (
    <p className="rp-muted" data-testid="not-labels">
      {notLabels}
    </p>
  ) : null;
  if (!o)
    return (
      <>
        <p className="rp-muted">{noLabelsNote(report.inputs.outcomeLabel)}</p>
        {odd}
      </>
    );
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
      {odd}
      <Caught report={report} />
    </>
  );
}

/** Approved applicants caught by rules that stopped nobody (shadow, off, flag), with their bad rate. */
function Caught({ report }: { report: BacktestReport }) {
  const rules = report.rules.filter((x) => VERSIONS.some((v) => (x[v]?.approvedCaught?.count ?? 0) > 0));
  if (!rules.length) return null;
  const cell = (s: BadRateStats | undefined) => (s ? `${fmtCount(s.count)} · ${fmtPct(s.badRate)} bad (${fmtCount(s.bad)}/${fmtCount(s.labelled)})` : '—');
  return (
    <table className="rp-table rp-caught" data-testid="approved-caught">
      <caption className="rp-muted">Approved applicants caught by rules that stopped nobody (shadow, off, flag): a bad rate well above all approved applicants' says the rule picks out worse ones.</caption>
      <thead>
        <tr>
          <th>rule</th>
          {VERSIONS.map((v) => (
            <th key={v} className="num">
              {v}: caught · bad rate
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rules.map((x) => (
          <tr key={x.id}>
            <td className="mono">
              {x.id} <span className="rp-muted">({(x.base ?? x.candidate)!.outcome}, {VERSIONS.map((v) => x[v]?.switch ?? 'absent').join(' → ')})</span>
            </td>
            {VERSIONS.map((v) => (
              <td key={v} className="num" data-testid={`caught-${x.id}-${v}`}>
                {cell(x[v]?.approvedCaught)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Vendors({ report }: { report: BacktestReport }) {
  if (!report.vendors.length) return <p className="rp-muted">No pair of per-hit vendors checked in the same rule set.</p>;
  return (
    <table className="rp-table" data-testid="vendors">
      <thead>
        <tr>
          <th>version · set</th>
          <th>vendor</th>
          <th className="num">catches</th>
          <th className="num" title="Records reaching the set that this vendor's rule catches and the other vendor's does not">the other misses</th>
          <th className="num">cost</th>
          <th className="num" title="What the vendor would bill on every record reaching the set, divided by the catches the other vendor misses">per catch the other misses</th>
          <th className="num" title="Approved applicants the vendor's rule flags alone (in shadow, or switched off), and their bad rate">caught among approved</th>
          <th className="num">both · either</th>
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
              <td className="num">{fmtCount(side.catches)}</td>
              <td className="num">{fmtCount(side.unique)}</td>
              <td className="num">{fmtMoney(side.standaloneCost)}</td>
              <td className="num">{fmtMoney(side.costPerUniqueCatch)}</td>
              <td className="num">
                {side.approvedCaught ? fmtCount(side.approvedCaught.count) : '—'}
                {side.approvedCaught?.labelled ? <span className="rp-muted"> (bad {fmtPct(side.approvedCaught.badRate)})</span> : null}
              </td>
              {i === 0 && (
                <td rowSpan={2} className="num">
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

export function Orders({ report }: { report: BacktestReport }) {
  return (
    <table className="rp-table" data-testid="orders">
      <thead>
        <tr>
          <th>rule set</th>
          <th>current order</th>
          <th>suggested order</th>
          <th className="num" title="Expected cost per applicant who reaches the rule set: current order → suggested order">
            cost / applicant
          </th>
          <th className="num">saving / applicant</th>
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
              <td className="num">{same ? fmtPer(o.currentCostPerApplicant) : `${fmtPer(o.currentCostPerApplicant)} → ${fmtPer(o.suggestedCostPerApplicant)}`}</td>
              <td className="num">
                {same ? (
                  <span className="rp-muted">—</span>
                ) : (
                  <>
                    {fmtPer(o.savingPerApplicant)}
                    <div className="rp-muted">{fmtMoney(o.savingTotal)} in all</div>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Records that could not be read or decoded, as the CLI's HTML report lists them (its "Bad
 * records" section): bad data, not the bad loans of the bad rates.
 */
export function BadRecords({ report }: { report: BacktestReport }) {
  const b = report.badRecords;
  return (
    <>
      <p className="rp-section-lede" data-testid="bad-records-summary">
        {badRecordsLede(report)}
      </p>
      {b.listed.length > 0 && (
        <div className="rp-bad-records">
          <table className="rp-table" data-testid="bad-records">
            <thead>
              <tr>
                <th className="num">
                  position <span className="rp-muted">(from 0)</span>
                </th>
                <th>id</th>
                <th className="num">line</th>
                <th>reason</th>
                <th>failed in</th>
              </tr>
            </thead>
            <tbody>
              {b.listed.map((x) => (
                <tr key={x.index} data-testid={`bad-record-${x.index}`}>
                  <td className="num">{x.index}</td>
                  <td className="mono">{x.id ?? '—'}</td>
                  <td className="num">{x.line ?? '—'}</td>
                  <td className="rp-bad-reason">{x.reason}</td>
                  <td className="nowrap">{x.versions.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {b.truncated && (
        <p className="rp-muted">{badRecordsCut(b)}</p>
      )}
    </>
  );
}
