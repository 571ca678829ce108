// Per-rule trigger rates, base against candidate, as horizontal bars in plain SVG: one group per
// rule, two bars each, the rate written after each bar and the delta at the right.

import { fmtPct, fmtPp } from '../../../runtime/replay/figures.js';
import type { RuleReport, RuleStats } from '../../../runtime/replay/report.js';
import { ppTrend, statsLine, type Heat } from './overlay.js';

export const SERIES = { base: '#4e79a7', candidate: '#f28e2b' } as const;

export interface RateRow {
  id: string;
  node: string;
  base: number | null;
  candidate: number | null;
  baseText: string;
  candidateText: string;
  delta: string;
  /** The delta as shown: up (red: the rule fires more), down (green) or flat (`0.0 pp`), as on the graph. */
  trend: Heat['trend'];
  changed: boolean;
  /** Hits of reached and the switch of each version, for the row's tooltip. */
  title: string;
}

/**
 * A version's rate as the chart writes it. A rule switched off is never evaluated: `off`, with no
 * bar, not a 0.0% that reads as "evaluated, and never fires".
 */
const rateText = (s: RuleStats | null | undefined) => (!s ? 'absent' : s.switch === 'off' ? 'off' : fmtPct(s.triggerRate));
const rateValue = (s: RuleStats | null | undefined) => (!s || s.switch === 'off' || s.triggerRate == null ? null : Number(s.triggerRate));

/** Chart rows from a report's rules: the trigger rate (hits / reached) of each version. */
export function rateRows(rules: RuleReport[]): RateRow[] {
  return rules.map((r) => {
    const trend = ppTrend(r.delta.triggerRate);
    return {
      id: r.id,
      node: r.node,
      base: rateValue(r.base),
      candidate: rateValue(r.candidate),
      baseText: rateText(r.base),
      candidateText: rateText(r.candidate),
      delta: fmtPp(r.delta.triggerRate),
      trend,
      changed: trend !== 'flat',
      // The counts behind the rates, and the switch (a shadow rule's hits stop nobody), on hover.
      title: [`${r.id} (${r.node}): trigger rate = hits / records reaching the rule`, statsLine('base', r.base), statsLine('candidate', r.candidate), `delta ${fmtPp(r.delta.triggerRate)}`].join('\n'),
    };
  });
}

export function RateChart({ rules, onRule }: { rules: RuleReport[]; onRule?: (id: string, node: string) => void }) {
  const rows = rateRows(rules);
  const W = 640;
  const labelW = 190;
  const deltaW = 70;
  const textW = 52;
  const bar = 10;
  const rowH = 2 * bar + 12;
  const headH = 18;
  const max = Math.max(0, ...rows.flatMap((r) => [r.base ?? 0, r.candidate ?? 0]));
  const scale = (v: number) => (max > 0 ? (v / max) * (W - labelW - textW - deltaW) : 0);
  const H = headH + rows.length * rowH + 4;
  return (
    <figure className="rp-chart" data-testid="rate-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label="Trigger rate per rule, base and candidate">
        <text x={labelW - 8} y={12} textAnchor="end" className="rp-chart-head">
          rule
        </text>
        <text x={labelW + 4} y={12} className="rp-chart-head">
          trigger rate
        </text>
        <text x={W - 4} y={12} textAnchor="end" className="rp-chart-head">
          Δ candidate − base
        </text>
        <line x1={labelW} y1={headH} x2={labelW} y2={H} stroke="#d0d5dd" />
        {rows.map((r, i) => {
          const y0 = headH + 4 + i * rowH;
          // A thin rule between rule sets: the rows follow the graph's order.
          const newSet = i > 0 && rows[i - 1].node !== r.node;
          return (
            <g
              key={r.id}
              className={`rp-chart-row${r.changed ? ' is-changed' : ''}`}
              onClick={() => onRule?.(r.id, r.node)}
              // Reached with Tab and opened with Enter, as a button: the keyboard can go from a rate to its rule.
              tabIndex={onRule ? 0 : undefined}
              role={onRule ? 'button' : undefined}
              aria-label={`${r.id}: base ${r.baseText}, candidate ${r.candidateText}, delta ${r.delta}`}
              onKeyDown={(e) => {
                if (e.key !== 'Enter' && e.key !== ' ') return;
                e.preventDefault();
                onRule?.(r.id, r.node);
              }}
              data-testid={`rate-row-${r.id}`}
            >
              <title>{r.title}</title>
              {newSet && <line x1={0} y1={y0 - 4} x2={W} y2={y0 - 4} stroke="#eaecf0" />}
              <rect x={0} y={y0 - 3} width={W} height={rowH - 2} className="rp-chart-hit" />
              <text x={labelW - 8} y={y0 + bar + 4} textAnchor="end" className="rp-chart-label">
                {r.id.length > 28 ? `${r.id.slice(0, 27)}…` : r.id}
              </text>
              {(['base', 'candidate'] as const).map((k, j) => {
                const v = r[k];
                const y = y0 + j * (bar + 2);
                const w = v === null ? 0 : Math.max(v > 0 ? 1 : 0, scale(v));
                return (
                  <g key={k}>
                    {v !== null && <rect x={labelW} y={y} width={w} height={bar} fill={SERIES[k]} />}
                    <text x={labelW + w + 4} y={y + bar - 1} className="rp-chart-value">
                      {k === 'base' ? r.baseText : r.candidateText}
                    </text>
                  </g>
                );
              })}
              <text x={W - 4} y={y0 + bar + 4} textAnchor="end" className={`rp-chart-delta${r.changed ? ` is-changed is-${r.trend}` : ''}`}>
                {r.delta}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="rp-legend" style={{ ['--c' as string]: SERIES.base }}>
          base
        </span>
        <span className="rp-legend" style={{ ['--c' as string]: SERIES.candidate }}>
          candidate
        </span>
        trigger rate = in-flow hits / records reaching the rule; delta in percentage points. Click a rule to show it in the text.
      </figcaption>
    </figure>
  );
}
