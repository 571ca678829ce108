// One decision as the test panel and the swap drill-down show it: the decision, its reasons, its
// terms (with the trial repayment schedule of an offer), its cost, and the full trace node by node.

import { useState } from 'react';
import { fmtMoney } from '../../../runtime/replay/figures.js';
import type { DecisionResult, NodeTrace, RuleTrace } from '../../../runtime/result.js';
import { refText } from './format.js';
import { offerSchedule, termText } from './offer.js';
import { showReads, showValue } from './overlay.js';
import { ruleKey } from './trace-diff.js';

export function DecisionSummary({ result, testid }: { result: DecisionResult; testid?: string }) {
  return (
    <div className="rp-decision" data-testid={testid}>
      <div className="rp-decision-head">
        <span className={`outcome-pill outcome-${result.decision}`} data-testid={testid && `${testid}-decision`}>
          {result.decision}
        </span>
        <span className="rp-muted">record {refText(result.id)}</span>
        <span className="rp-spacer" />
        <span className="rp-muted" title={Object.entries(result.cost.bySource).map(([k, v]) => `${k}: ${v}`).join('\n')}>
          cost <b data-testid={testid && `${testid}-cost`}>{fmtMoney(result.cost.total)}</b>
        </span>
      </div>
      {result.error && <p className="rp-error">Error{result.error.field ? ` in ${result.error.field}` : ''}: {result.error.message}</p>}
      {result.reasons.length > 0 && (
        <ul className="rp-reasons" data-testid={testid && `${testid}-reasons`}>
          {result.reasons.map((r, i) => (
            <li key={i}>{r}</li>
          ))}
        </ul>
      )}
      {Object.keys(result.scores).length > 0 && (
        <div className="rp-kv">
          {Object.entries(result.scores).map(([k, v]) => (
            <span key={k}>
              <span className="rp-muted">{k}</span> {v}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

export function TermsView({ result }: { result: DecisionResult }) {
  const [open, setOpen] = useState(false);
  if (!result.terms) return null;
  const plan = offerSchedule(result.terms);
  return (
    <section className="rp-section" data-testid="test-terms">
      <h4>{result.decision === 'approve' ? 'Offer' : 'Proposed offer'}</h4>
      <div className="rp-kv">
        {Object.entries(result.terms).map(([k, v]) => (
          <span key={k}>
            <span className="rp-muted">{k}</span> <b data-testid={`term-${k}`}>{termText(k, v)}</b>
          </span>
        ))}
      </div>
      {plan && 'why' in plan && <p className="rp-muted">{plan.why}</p>}
      {plan && 'schedule' in plan && (
        <>
          <p className="rp-muted">
            Trial schedule: {plan.schedule.periods.length} payments, {plan.schedule.terms.method.replace('_', ' ')} at the {plan.nominal === 'rate' ? 'nominal rate' : 'APR'} · pays{' '}
            {fmtMoney(plan.schedule.totals.payment)} in total, of which interest {fmtMoney(plan.schedule.totals.interest)}, fees {fmtMoney(plan.schedule.totals.fees)}{' '}
            <button className="link" onClick={() => setOpen(!open)} data-testid="toggle-schedule">
              {open ? 'hide' : 'show'} the periods
            </button>
          </p>
          {open && (
            <table className="rp-table rp-schedule" data-testid="schedule">
              <thead>
                <tr>
                  <th>#</th>
                  <th>principal</th>
                  <th>interest</th>
                  <th>fee</th>
                  <th>payment</th>
                  <th>balance</th>
                </tr>
              </thead>
              <tbody>
                {plan.schedule.periods.map((p) => (
                  <tr key={p.n}>
                    <td>{p.n}</td>
                    <td>{fmtMoney(p.principal)}</td>
                    <td>{fmtMoney(p.interest)}</td>
                    <td>{fmtMoney(p.fee)}</td>
                    <td>{fmtMoney(p.payment)}</td>
                    <td>{fmtMoney(p.balance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

export function CostView({ result }: { result: DecisionResult }) {
  const sources = Object.entries(result.cost.bySource);
  if (!sources.length) return null;
  return (
    <section className="rp-section">
      <h4>Cost {fmtMoney(result.cost.total)}</h4>
      <div className="rp-kv">
        {sources.map(([k, v]) => (
          <span key={k}>
            <span className="rp-muted">{k}</span> {fmtMoney(v)}
          </span>
        ))}
      </div>
    </section>
  );
}

const RULE_STATE_TEXT: Record<RuleTrace['state'], string> = { hit: 'hit', pass: 'pass', missing: 'missing', off: 'off', shadow_hit: 'shadow hit', not_run: 'not run', error: 'error' };

function NodeTraceView({ n, marked }: { n: NodeTrace; marked?: ReadonlySet<string> }) {
  switch (n.kind) {
    case 'start':
      return null;
    case 'ruleset':
      return (
        <table className="rp-table rp-trace-rules">
          <tbody>
            {n.rules.map((r) => (
              <tr key={r.rule} className={`rp-rule-${r.state}${marked?.has(ruleKey(n.id, r.rule)) ? ' rp-rule-changed' : ''}`} data-testid={`trace-rule-${r.rule}`}>
                <td className="mono" title={r.rule}>
                  {r.rule}
                </td>
                <td>
                  <span className={`rp-state rp-state-${r.state}`}>{RULE_STATE_TEXT[r.state]}</span>
                </td>
                <td className="rp-muted">{r.outcome}</td>
                <td className="mono rp-reads">{r.error ? `error: ${r.error}` : showReads(r.reads)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'scorecard':
      return (
        <table className="rp-table">
          <tbody>
            <tr>
              <td className="rp-muted">base</td>
              <td />
              <td>{n.base}</td>
            </tr>
            {n.characteristics.map((c, i) => (
              <tr key={i}>
                <td className="mono">{c.label}</td>
                <td className="mono">
                  {showValue(c.value)} → {c.bin}
                </td>
                <td>{c.points}</td>
              </tr>
            ))}
            <tr>
              <td>
                <b>score</b>
              </td>
              <td />
              <td>
                <b>{n.score}</b>
              </td>
            </tr>
          </tbody>
        </table>
      );
    case 'branch':
      return (
        <p className="mono rp-reads">
          {n.arm === 'else' ? 'else' : `condition ${n.arm + 1}`} → {n.target} {Object.keys(n.reads).length > 0 && <span className="rp-muted">· {showReads(n.reads)}</span>}
        </p>
      );
    case 'decision':
      return (
        <p className="mono rp-reads">
          {n.clause === 'else' ? 'else' : `clause ${n.clause + 1}`} → <span className={`outcome-pill outcome-${n.outcome}`}>{n.outcome}</span>
          {n.reason && ` “${n.reason}”`} {Object.keys(n.reads).length > 0 && <span className="rp-muted">· {showReads(n.reads)}</span>}
        </p>
      );
  }
}

/** The full trace: the path, each node visited, the lets computed and the sources read. */
export function TraceView({ result, testid = 'trace', marked }: { result: DecisionResult; testid?: string; marked?: ReadonlySet<string> }) {
  const t = result.trace;
  if (!t) return <p className="rp-muted">No trace.</p>;
  return (
    <section className="rp-section rp-trace" data-testid={testid}>
      <h4>Trace{t.asOf ? ` · as of ${t.asOf}` : ''}</h4>
      <p className="rp-path mono" data-testid={`${testid}-path`}>
        {t.path.join(' → ')}
      </p>
      {t.nodes
        .filter((n) => n.kind !== 'start')
        .map((n) => (
          <div key={n.id} className="rp-trace-node">
            <div className="rp-trace-node-head">
              <span className="rp-muted">{n.kind}</span> <b className="mono">{n.id}</b>
            </div>
            <NodeTraceView n={n} marked={marked} />
          </div>
        ))}
      {t.lets.length > 0 && (
        <div className="rp-trace-node">
          <div className="rp-trace-node-head">
            <span className="rp-muted">lets</span>
          </div>
          <p className="mono rp-reads">{t.lets.map((l) => `${l.id} = ${showValue(l.value)}`).join(' · ')}</p>
        </div>
      )}
      {t.sources.length > 0 && (
        <div className="rp-trace-node">
          <div className="rp-trace-node-head">
            <span className="rp-muted">sources read</span>
          </div>
          <p className="mono rp-reads">{t.sources.map((s) => `${s.id} (${fmtMoney(s.charge)})`).join(' · ')}</p>
        </div>
      )}
      {(t.notReached?.length ?? 0) > 0 && (
        // The rule sets the flow never reached (after a reject, or on a branch not taken): every rule has its state.
        <div className="rp-trace-node" data-testid={`${testid}-not-reached`}>
          <div className="rp-trace-node-head">
            <span className="rp-muted">not reached</span>
          </div>
          <p className="mono rp-reads">{t.notReached.map((r) => `${r.node}.${r.rule}${r.state === 'off' ? ' (off)' : ''}`).join(' · ')}</p>
        </div>
      )}
    </section>
  );
}

/** A decision in full: summary, terms, cost and trace. */
/** `marked`: rules (`node/rule`) to pick out in the trace, such as those a swap changed. */
export function ResultView({ result, testid, marked }: { result: DecisionResult; testid: string; marked?: ReadonlySet<string> }) {
  return (
    <div className="rp-result">
      <DecisionSummary result={result} testid={testid} />
      <TermsView result={result} />
      <CostView result={result} />
      <TraceView result={result} testid={`${testid}-trace`} marked={marked} />
    </div>
  );
}
