// The backtest report (report.ts) as one self-contained HTML page for a risk analyst: inline CSS,
// inline SVG charts, no script, no font, image or link that needs the network, so that it opens
// from a mail attachment on an offline laptop. Every text that comes from the report (policy and
// rule titles, reasons, ids) goes through the `h` template, which escapes all it interpolates;
// markup is only ever built by `h` itself.
//
// Figures: rates as percentages with one decimal, deltas in percentage points, money with two
// decimals, counts with thousands separators; all from the report's exact decimal strings.

import { Dec } from '../values.js';
import { badRecordsCut, badRecordsLede, fmtCount, fmtMoney, fmtPct, fmtPer, fmtPp, fmtRef as ref, noLabelsNote, notLabelsNote, sweepMark, sweepUnlabelledNote } from './figures.js';
import {
  OUTCOMES,
  VERSIONS,
  type BacktestReport,
  type BadRateStats,
  type CauseCount,
  type Outcome,
  type PolicyInput,
  type Rate,
  type RecordRef,
  type RuleCatch,
  type RuleReport,
  type RuleSetReport,
  type RuleSetVersion,
  type RuleStats,
  type SwapCause,
  type VendorComparison,
  type VersionKey,
} from './report.js';

// ---------------------------------------------------------------------------------------------
// Escaping template

class Html {
  constructor(readonly text: string) {}
}
type Part = Html | string | number | null | undefined | false | Part[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const part = (p: Part): string =>
  p === null || p === undefined || p === false ? '' : p instanceof Html ? p.text : Array.isArray(p) ? p.map(part).join('') : escapeHtml(String(p));

/** Markup with every interpolated value escaped (an `Html` value is inserted as it is). */
function h(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < parts.length; i++) out += part(parts[i]) + strings[i + 1];
  return new Html(out);
}

// ---------------------------------------------------------------------------------------------
// Figures

const num = (s: string | null | undefined): number | null => (s === null || s === undefined ? null : Number(s));
const fmtBytes = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} kB` : `${b} bytes`);
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A rule (or param, source) id as code that may break after its underscores: a long id
 * (`credit_inquiries_very_high_in_last_three_months_…`) wraps in its cell instead of widening
 * its table past the page, where the figures beside it are cut off (on paper above all).
 */
function idCode(id: string): Html {
  const parts = id.split('_');
  return h`<code>${parts.map((p, i) => (i < parts.length - 1 ? h`${p}_<wbr>` : p))}</code>`;
}

// ---------------------------------------------------------------------------------------------
// Charts (inline SVG)

const SERIES_COLORS: Record<VersionKey, string> = { base: '#4e79a7', candidate: '#f28e2b' };
const OUTCOME_COLORS: Record<Outcome, string> = { approve: '#59a14f', review: '#e3b33b', reject: '#e15759', error: '#9a9a9a' };

interface BarRow {
  label: string;
  /** Tooltip: the full label. */
  title?: string;
  /** One value per series (null: no bar, e.g. a rule missing from a version). */
  values: (number | null)[];
  texts: string[];
}

/** Horizontal bars, one group per row and one bar per series, the value written after each bar. */
function barChart(rows: BarRow[], series: { name: string; color: string }[], caption: string): Html {
  const W = 1000;
  const labelW = 220;
  // Room after the longest bar for its value text (about 6.5 px a character at 11 px).
  const textW = 12 + 6.5 * Math.max(4, ...rows.flatMap((r) => r.texts.map((t) => t.length)));
  const bar = 12;
  const rowH = series.length * (bar + 2) + 10;
  const max = Math.max(0, ...rows.flatMap((r) => r.values.map((v) => v ?? 0)));
  const scale = (v: number) => (max > 0 ? (v / max) * (W - labelW - textW) : 0);
  const H = rows.length * rowH + 6;
  const body = rows.map((r, i) => {
    const y0 = 4 + i * rowH;
    const bars = series.map((s, k) => {
      const v = r.values[k];
      const y = y0 + k * (bar + 2);
      if (v === null) return h`<text x="${labelW + 4}" y="${y + bar - 2}" class="muted">${r.texts[k]}</text>`;
      const w = Math.max(v > 0 ? 1 : 0, scale(v));
      return h`<rect x="${labelW}" y="${y}" width="${r1(w)}" height="${bar}" fill="${s.color}"><title>${s.name}: ${r.texts[k]}</title></rect><text x="${r1(labelW + w + 4)}" y="${y + bar - 2}">${r.texts[k]}</text>`;
    });
    return h`<g><text x="${labelW - 8}" y="${y0 + (series.length * (bar + 2)) / 2 + 3}" text-anchor="end" class="label">${short(r.label, 30)}<title>${r.title ?? r.label}</title></text>${bars}</g>`;
  });
  return h`<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${caption}"><line x1="${labelW}" y1="0" x2="${labelW}" y2="${H}" class="axis"/>${body}</svg><figcaption>${legend(series)} ${caption}</figcaption></figure>`;
}

function legend(series: { name: string; color: string }[]): Html {
  return h`<span class="legend">${series.map((s) => h`<span><i style="background:${s.color}"></i>${s.name}</span>`)}</span>`;
}

/** One 100% stacked bar (HTML boxes, so that it spans the page): the parts of a whole. */
function stackedBar(segments: { label: string; value: number; color: string }[], caption: string): Html {
  const total = segments.reduce((t, s) => t + s.value, 0);
  const boxes = segments.map((s) => {
    const share = total > 0 ? (s.value / total) * 100 : 0;
    return share > 0 ? h`<div style="width:${share.toFixed(2)}%;background:${s.color}" title="${s.label}: ${fmtCount(s.value)}">${share >= 12 ? `${s.label}: ${fmtCount(s.value)}` : ''}</div>` : '';
  });
  return h`<figure><div class="stack" role="img" aria-label="${caption}">${boxes}</div><figcaption>${legend(segments.map((s) => ({ name: `${s.label} (${fmtCount(s.value)})`, color: s.color })))}</figcaption></figure>`;
}

/** A small line chart of one measure over the sweep values, its own y scale, ticks at both ends and the middle. */
function lineChart(title: string, xs: string[], ys: (number | null)[], format: (y: number, decimals?: number) => string, color: string, mark?: number): Html {
  const W = 340;
  const H = 210;
  const left = 62;
  const right = 12;
  const top = 26;
  const bottom = 36;
  const known = ys.filter((y): y is number => y !== null);
  let lo = Math.min(...known);
  let hi = Math.max(...known);
  if (!known.length) [lo, hi] = [0, 1];
  if (hi === lo) [lo, hi] = [lo - (Math.abs(lo) * 0.05 || 0.01), hi + (Math.abs(hi) * 0.05 || 0.01)];
  const pad = (hi - lo) * 0.1;
  [lo, hi] = [lo - pad, hi + pad];
  const x = (i: number) => left + (xs.length > 1 ? (i / (xs.length - 1)) * (W - left - right) : (W - left - right) / 2);
  const y = (v: number) => top + (1 - (v - lo) / (hi - lo)) * (H - top - bottom);
  const points = ys.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
  const path = points.filter((p) => p !== null).map((p, i) => `${i ? 'L' : 'M'}${r1(p![0])},${r1(p![1])}`).join(' ');
  const every = Math.max(1, Math.ceil(xs.length / 8));
  const ticks = [lo + pad, (lo + hi) / 2, hi - pad];
  // Axis labels get the decimals it takes to tell the three ticks apart.
  const tickText = (t: number) => format(t, tickDecimals(ticks, format));
  return h`<figure class="small"><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${title}">
<text x="${left}" y="14" class="chart-title">${title}</text>
${ticks.map((t) => h`<line x1="${left}" x2="${W - right}" y1="${r1(y(t))}" y2="${r1(y(t))}" class="grid"/><text x="${left - 6}" y="${r1(y(t)) + 4}" text-anchor="end">${tickText(t)}</text>`)}
<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" class="axis"/>
${xs.map((v, i) => (i % every === 0 || i === xs.length - 1 ? h`<text x="${r1(x(i))}" y="${H - bottom + 16}" text-anchor="middle">${short(v, 8)}</text>` : ''))}
${mark !== undefined ? h`<line x1="${r1(x(mark))}" x2="${r1(x(mark))}" y1="${top}" y2="${H - bottom}" class="mark"/>` : ''}
<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>
${points.map((p, i) => (p ? h`<circle cx="${r1(p[0])}" cy="${r1(p[1])}" r="3" fill="${color}"><title>${xs[i]}: ${format(ys[i]!)}</title></circle>` : ''))}
</svg></figure>`;
}

function tickDecimals(ticks: number[], format: (y: number, decimals?: number) => string): number {
  for (let d = 1; d < 6; d++) if (new Set(ticks.map((t) => format(t, d))).size === ticks.length) return d;
  return 6;
}

// ---------------------------------------------------------------------------------------------
// Sections

const versionName: Record<VersionKey, string> = { base: 'Base', candidate: 'Candidate' };

function policyLabel(p: PolicyInput): string {
  return `${p.title ?? p.policyId}${p.version !== undefined ? ` v${p.version}` : ''}`;
}

function overridesText(p: PolicyInput): string {
  const parts = [...p.set, ...p.switch.map((s) => `switch ${s}`)];
  return parts.length ? parts.join(', ') : 'none';
}

function examples(refs: RecordRef[], total: number): Html {
  if (!refs.length) return h``;
  const more = total > refs.length ? h` <span class="muted">+${fmtCount(total - refs.length)} more</span>` : '';
  return h`<span class="ids">${refs.map((r, i) => h`${i ? ' ' : ''}<code>${ref(r)}</code>`)}${more}</span>`;
}

export function causeText(c: SwapCause, titles: Map<string, string>): string {
  const arm = (a: number | 'else') => (a === 'else' ? 'else' : `#${a + 1}`);
  switch (c.kind) {
    case 'rule': {
      const title = titles.get(c.rule);
      return `Rule ${c.rule}${title ? ` (${title})` : ''} in ${c.node} fires only in the ${c.firedIn}`;
    }
    case 'branch':
      return `Branch ${c.node} routes differently: arm ${arm(c.base)} in base, ${arm(c.candidate)} in candidate`;
    case 'clause':
      return `Decision ${c.node} takes clause ${arm(c.base)} in base, ${arm(c.candidate)} in candidate`;
    case 'error':
      return `Error in ${c.version === 'both' ? 'both versions' : `the ${c.version}`}: ${c.reason}`;
    case 'apr_cap':
      return `APR above the cap turns approve into review in the ${c.version}`;
    case 'terms':
      return `An offer term no approve is issued with (${c.reason}) turns approve into review in the ${c.version}`;
    case 'other':
      return `Other: ${c.detail}`;
  }
}

function header(r: BacktestReport): Html {
  const { base, candidate, data } = r.inputs;
  const rows = VERSIONS.map((v) => {
    const p = r.inputs[v];
    return h`<tr><th>${versionName[v]}</th><td>${policyLabel(p)}<div class="muted"><code>${p.file}</code> · ${p.policyId} · sha256 <code>${p.sha256.slice(0, 12)}</code></div></td><td>${overridesText(p)}</td></tr>`;
  });
  return h`<header>
<h1>Backtest: ${policyLabel(candidate)} against ${policyLabel(base)}</h1>
<p class="lede">${fmtCount(r.totals.records)} stored applicants from <code>${data.path}</code> (${data.format}, ${fmtBytes(data.bytes)}) replayed through both versions.</p>
<table class="inputs"><thead><tr><th>Version</th><th>Policy</th><th>Overrides</th></tr></thead><tbody>${rows}</tbody></table>
<p class="muted">Data sha256 <code>${data.sha256.slice(0, 16)}</code> · ${r.inputs.workers === 0 ? 'one thread' : `${fmtCount(r.inputs.workers)} worker${r.inputs.workers === 1 ? '' : 's'}`} · outcome label <code>outcome.${r.inputs.outcomeLabel}</code> · report schema ${r.schema}</p>
</header>`;
}

function summary(r: BacktestReport): Html {
  const d = r.decisions;
  const approvalDelta = new Dec(d.candidate.approvalRate ?? 0).minus(d.base.approvalRate ?? 0).toFixed(6);
  const card = (title: string, value: Part, detail: Part) => h`<div class="card"><div class="card-title">${title}</div><div class="card-value">${value}</div><div class="card-detail">${detail}</div></div>`;
  const bad = r.outcomes?.approved;
  return h`<section class="cards">
${card('Approval rate', h`${fmtPct(d.base.approvalRate)} → ${fmtPct(d.candidate.approvalRate)}`, fmtPp(d.base.approvalRate === null || d.candidate.approvalRate === null ? null : approvalDelta))}
${card('Decisions that change', fmtCount(r.swaps.flipped), `${fmtPct(r.swaps.flippedRate)} of records`)}
${card('Cost per applicant', h`${fmtPer(r.cost.base.perApplicant)} → ${fmtPer(r.cost.candidate.perApplicant)}`, `total ${fmtMoney(r.cost.base.total)} → ${fmtMoney(r.cost.candidate.total)}`)}
${card('Bad rate among approved', bad ? h`${fmtPct(bad.base.badRate)} → ${fmtPct(bad.candidate.badRate)}` : '—', bad ? `${r.outcomes!.label}, approved applicants only` : 'no outcome labels in the data')}
${card('Bad records', fmtCount(r.totals.bad), `${fmtCount(r.totals.unreadable)} unreadable`)}
</section>`;
}

function decisionsSection(r: BacktestReport): Html {
  const d = r.decisions;
  const rows = OUTCOMES.map((o) => ({ label: o, values: VERSIONS.map((v) => num(d[v].rates[o])), texts: VERSIONS.map((v) => `${fmtPct(d[v].rates[o])} (${fmtCount(d[v].counts[o])})`) }));
  const table = OUTCOMES.map((o) => {
    const change = d.base.rates[o] === null || d.candidate.rates[o] === null ? null : new Dec(d.candidate.rates[o]!).minus(d.base.rates[o]!).toFixed(6);
    return h`<tr><th><i class="dot" style="background:${OUTCOME_COLORS[o]}"></i>${o}</th>${VERSIONS.map((v) => h`<td class="n">${fmtCount(d[v].counts[o])}</td><td class="n">${fmtPct(d[v].rates[o])}</td>`)}${delta(change)}</tr>`;
  });
  return h`<section id="decisions"><h2>Decisions per version</h2>
${barChart(rows, VERSIONS.map((v) => ({ name: versionName[v], color: SERIES_COLORS[v] })), 'Share of all records per decision.')}
<table class="compact"><thead><tr><th>Decision</th><th class="n">Base</th><th class="n">%</th><th class="n">Candidate</th><th class="n">%</th><th class="n">Change</th></tr></thead><tbody>${table}
<tr class="total"><th>Approval rate</th><td></td><td class="n">${fmtPct(d.base.approvalRate)}</td><td></td><td class="n">${fmtPct(d.candidate.approvalRate)}</td>${delta(d.base.approvalRate === null || d.candidate.approvalRate === null ? null : new Dec(d.candidate.approvalRate).minus(d.base.approvalRate).toFixed(6))}</tr></tbody></table>
<p class="note">Every record is counted once per version: ${VERSIONS.map((v, i) => h`${i ? '; ' : ''}${versionName[v].toLowerCase()} ${fmtCount(r.totals.versions[v].decided)} decided + ${fmtCount(r.totals.versions[v].errors)} errors`)} = ${fmtCount(r.totals.records)} records.</p>
</section>`;
}

function swapsSection(r: BacktestReport, titles: Map<string, string>): Html {
  const cell = (b: Outcome, c: Outcome) => r.swaps.cells.find((x) => x.base === b && x.candidate === c);
  const max = Math.max(1, ...r.swaps.cells.map((c) => c.count));
  const rows = OUTCOMES.map((b) => h`<tr><th>${b}</th>${OUTCOMES.map((c) => {
    const x = cell(b, c);
    const count = x?.count ?? 0;
    const alpha = count ? 0.08 + 0.5 * (count / max) : 0;
    const cls = b === c ? 'same' : count ? 'flip' : '';
    return h`<td class="${cls}" style="${count ? `background:rgba(${b === c ? '78,121,167' : '242,142,43'},${alpha.toFixed(2)})` : ''}"><div class="big">${fmtCount(count)}</div>${x ? examples(x.examples.slice(0, 3), count) : ''}</td>`;
  })}</tr>`);
  const flips = r.swaps.cells.filter((c) => c.base !== c.candidate && c.count > 0);
  const causeRows = flips.flatMap((c) =>
    (c.causes ?? []).map((k: CauseCount, i) => h`<tr>${i === 0 ? h`<th rowspan="${(c.causes ?? []).length}">${c.base} → ${c.candidate}<div class="muted">${fmtCount(c.count)} records</div></th>` : ''}<td>${causeText(k.cause, titles)}</td><td class="n">${fmtCount(k.count)}</td><td>${examples(k.examples, k.count)}</td></tr>`),
  );
  return h`<section id="swaps"><h2>Swap matrix</h2>
<p>${fmtCount(r.swaps.flipped)} records (${fmtPct(r.swaps.flippedRate)}) get a different decision from the candidate. Rows: base decision; columns: candidate decision; up to three example ids per cell.</p>
<div class="scroll"><table class="matrix"><thead><tr><th>base ↓ / candidate →</th>${OUTCOMES.map((o) => h`<th>${o}</th>`)}</tr></thead><tbody>${rows}</tbody></table></div>
<h3>Why records flipped</h3>
${causeRows.length ? h`<table><thead><tr><th>Flip</th><th>Cause (first difference in evaluation order)</th><th class="n">Records</th><th>Examples</th></tr></thead><tbody>${causeRows}</tbody></table>` : h`<p class="muted">No record changes decision.</p>`}
</section>`;
}

function rulesSection(r: BacktestReport): Html {
  const rows = r.rules.map((x) => ({
    label: x.id,
    title: `${x.id}${x.title ? ` — ${x.title}` : ''} (${x.node})`,
    values: VERSIONS.map((v) => (x[v]?.switch === 'off' ? null : num(x[v]?.triggerRate ?? null))),
    texts: VERSIONS.map((v) => (!x[v] ? 'not in this version' : x[v]!.switch === 'off' ? 'off' : fmtPct(x[v]!.triggerRate))),
  }));
  const pair = h`<th class="n">base</th><th class="n">cand.</th>`;
  const x = (rule: RuleReport, v: VersionKey, f: (s: RuleStats) => string) => (rule[v] ? f(rule[v]!) : '—');
  const sets = [...new Set(r.rules.map((rule) => rule.node))];
  const body = sets.map((set) => {
    const title = r.ruleSets.find((s) => s.id === set)?.title;
    const rules = r.rules.filter((rule) => rule.node === set);
    return h`<tr class="group"><th colspan="16">${title ?? set} <span class="muted">${set}</span></th></tr>${rules.map((rule) => {
      const both = (f: (s: RuleStats) => string) => VERSIONS.map((v) => h`<td class="n">${x(rule, v, f)}</td>`);
      const s = (rule.base ?? rule.candidate)!;
      const state = (v: VersionKey) => (rule[v] ? `${rule[v]!.switch}${rule[v]!.required ? ', required' : ''}` : `not in the ${v}`);
      const changed = rule.base?.switch !== rule.candidate?.switch;
      return h`<tr${changed ? h` class="changed"` : ''}><th>${idCode(rule.id)}${rule.title ? h`<div class="muted">${rule.title}</div>` : ''}</th>
<td>${s.outcome}<div class="muted">${changed ? `${state('base')} → ${state('candidate')}` : state('base')}</div></td>
${both((t) => fmtCount(t.reached))}${both((t) => fmtCount(t.hits))}
${both((t) => fmtPct(t.triggerRate))}${delta(rule.delta.triggerRate, true)}
${both((t) => fmtPct(t.share))}${both((t) => fmtPct(t.standaloneRate))}${delta(rule.delta.standaloneRate, true)}
${both((t) => (t.uniqueRejects === null ? '—' : fmtCount(t.uniqueRejects)))}</tr>`;
    })}`;
  });
  return h`<section id="rules"><h2>Rules: trigger rates, base against candidate</h2>
${barChart(rows, VERSIONS.map((v) => ({ name: versionName[v], color: SERIES_COLORS[v] })), 'In-flow trigger rate per rule: hits / records that reached the rule.')}
<div class="scroll"><table class="rules"><thead>
<tr><th rowspan="2">Rule</th><th rowspan="2">Outcome, switch</th><th colspan="2">Reached</th><th colspan="2">Hits</th><th colspan="3">Trigger rate</th><th colspan="2">Share of all</th><th colspan="3">Standalone rate</th><th colspan="2">Unique rejects</th></tr>
<tr>${pair}${pair}${pair}<th class="n">Δ pp</th>${pair}${pair}<th class="n">Δ pp</th>${pair}</tr>
</thead><tbody>${body}</tbody></table></div>
<p class="note">Trigger rate: hits among the records that reached the rule in the flow (a shadow rule counts its shadow hits). Share: hits among all records. Standalone rate: the rule evaluated alone on every record, as if nothing had stopped before it. Unique rejects: records this reject rule alone would reject and no other reject rule in force would, among the rules on the record's own path (each branch taking the arm it takes on the record): a rule behind an arm the record does not take counts neither way for it. Highlighted rows change switch between the versions.</p>
</section>`;
}

function moneyDelta(d: string, places = 2): Html {
  const text = fmtMoney(d, places);
  const zero = !/[1-9]/.test(text);
  return h`<td class="n ${zero ? 'muted' : 'delta'}">${zero || text.startsWith('−') ? text : `+${text}`}</td>`;
}

/** A delta cell: muted when nothing changed; `bare` leaves out the unit (the column head says pp). */
function delta(d: Rate, bare = false): Html {
  const text = fmtPp(d);
  const quiet = text === '0.0 pp' || text === '—';
  return h`<td class="n ${quiet ? 'muted' : 'delta'}">${bare ? text.replace(' pp', '') : text}</td>`;
}

function orderBlock(v: RuleSetVersion, which: string): Html {
  const o = v.order;
  const saves = !new Dec(o.savingPerApplicant).isZero();
  const list = (ids: string[]) => ids.map((id, i) => h`${i ? ' → ' : ''}${idCode(id)}`);
  return h`<div class="order ${saves ? 'saves' : ''}"><p class="small-head">Suggested order${which} <span class="muted">(${o.method === 'exact' ? 'exact optimum' : 'greedy'}${o.note ? `: ${o.note}` : ''})</span></p>
${saves
    ? h`<table class="plain"><tr><th>Current</th><td>${list(o.current)}</td><td class="n">${fmtPer(o.currentCostPerApplicant)} per applicant</td></tr>
<tr><th>Suggested</th><td>${list(o.suggested)}</td><td class="n"><b>${fmtPer(o.suggestedCostPerApplicant)}</b> per applicant</td></tr>
<tr><th>Saving</th><td colspan="2"><b>${fmtPer(o.savingPerApplicant)}</b> per applicant reaching the set, <b>${fmtMoney(o.savingTotal)}</b> over these records</td></tr></table>`
    : h`<p>The current order is already the cheapest: ${fmtPer(o.currentCostPerApplicant)} per applicant reaching the set.</p>`}
</div>`;
}

function ruleSetBlock(s: RuleSetReport): Html {
  const present = VERSIONS.filter((v) => s[v]);
  const rules = [...new Set(present.flatMap((v) => s[v]!.catches.map((c) => c.rule)))];
  const catchOf = (v: VersionKey, rule: string) => s[v]?.catches.find((c) => c.rule === rule);
  const cols = (rule: string, f: (c: RuleCatch) => string) => present.map((v) => h`<td class="n">${catchOf(v, rule) ? f(catchOf(v, rule)!) : '—'}</td>`);
  const head = (name: string) => h`<th class="n" colspan="${present.length}">${name}</th>`;
  const sub = present.map((v) => h`<th class="n">${v === 'base' ? 'base' : 'cand.'}</th>`);
  const rows = rules.map(
    (id) => h`<tr><th>${idCode(id)}</th>${cols(id, (c) => fmtCount(c.catches))}${cols(id, (c) => fmtCount(c.unique))}${cols(id, (c) => fmtMoney(c.standaloneCost))}${cols(id, (c) => fmtMoney(c.costPerUniqueCatch))}</tr>`,
  );
  const overlapOf = (v: RuleSetVersion) =>
    [...v.overlap].sort((a, b) => b.both - a.both || a.a.localeCompare(b.a) || a.b.localeCompare(b.b)).slice(0, 8);
  const same = present.length === 2 && JSON.stringify(s.base) === JSON.stringify(s.candidate);
  const shown = same ? (['base'] as VersionKey[]) : present;
  const reached = present.map((v, i) => h`${i ? ', ' : ''}${present.length > 1 ? `${v} ` : ''}${fmtCount(s[v]!.reached)}`);
  return h`<div class="ruleset"><h3>${s.title ?? s.id} <span class="muted">${s.id} · records reaching it: ${reached}${same ? ' · same figures in both versions' : ''}</span></h3>
<table class="compact"><thead><tr><th rowspan="2">Rule</th>${head('Catches')}${head('Unique catches')}${head('Standalone cost')}${head('Cost per unique catch')}</tr><tr>${sub}${sub}${sub}${sub}</tr></thead><tbody>${rows}</tbody></table>
${distinct(shown, (v) => JSON.stringify(overlapOf(s[v]!))).map(([v, label]) => {
    const top = overlapOf(s[v]!);
    return top.length ? h`<p class="small-head">Largest overlaps${label} <span class="muted">(records both rules catch)</span></p><p class="pairs">${top.map((p, i) => h`${i ? ' · ' : ''}${idCode(p.a)} &amp; ${idCode(p.b)}: ${fmtCount(p.both)}`)}</p>` : '';
  })}
${distinct(shown, (v) => JSON.stringify(s[v]!.order)).map(([v, label]) => orderBlock(s[v]!, label))}
</div>`;
}

/** The versions whose `key` differs, each with a label (`, base`), or the first alone and unlabelled when all agree. */
function distinct(versions: VersionKey[], key: (v: VersionKey) => string): [VersionKey, string][] {
  if (new Set(versions.map(key)).size <= 1) return versions.length ? [[versions[0], '']] : [];
  return versions.map((v) => [v, `, ${v}`]);
}

function ruleSetsSection(r: BacktestReport): Html {
  return h`<section id="rulesets"><h2>Rule sets: overlap and cost-aware order</h2>
<p class="note">Catches: records reaching the set that the rule would catch on its own. Unique catches: those no other rule of the set catches. Standalone cost: what the rule's data sources would bill if it ran on every record reaching the set (a source a record read before the set is not billed again). The suggested order minimises the expected data-source cost per applicant when the first reject stops the set.</p>
${r.ruleSets.map(ruleSetBlock)}</section>`;
}

function vendorBlock(c: VendorComparison, which: string): Html {
  const aOnly = c.a.catches - c.both;
  const bOnly = c.b.catches - c.both;
  const side = (s: VendorComparison['a']) => h`<tr><th>${idCode(s.rule)}<div class="muted">source ${s.source}</div></th><td class="n">${fmtCount(s.catches)}</td><td class="n">${fmtCount(s.unique)}</td><td class="n">${fmtMoney(s.standaloneCost)}</td><td class="n"><b>${fmtMoney(s.costPerUniqueCatch)}</b></td><td class="n">${s.approvedCaught ? h`${fmtCount(s.approvedCaught.count)}${s.approvedCaught.labelled ? h` <span class="muted">(bad ${fmtPct(s.approvedCaught.badRate)})</span>` : ''}` : '—'}</td></tr>`;
  return h`<div class="vendor"><h3>${c.a.source} and ${c.b.source} <span class="muted">rule set ${c.ruleSet} · ${which} · ${fmtCount(c.reached)} records reach it</span></h3>
${stackedBar([
    { label: `only ${c.a.source}`, value: aOnly, color: '#76b7b2' },
    { label: 'both', value: c.both, color: '#9c755f' },
    { label: `only ${c.b.source}`, value: bOnly, color: '#b07aa1' },
  ], 'Catches of the two vendors')}
<table class="compact"><thead><tr><th>Vendor rule</th><th class="n">Catches</th><th class="n">Catches the other misses</th><th class="n">Standalone cost</th><th class="n">Cost per catch the other misses</th><th class="n">Caught among approved</th></tr></thead><tbody>${side(c.a)}${side(c.b)}
<tr class="total"><th>Both catch</th><td class="n">${fmtCount(c.both)}</td><td colspan="4" class="muted">either catches ${fmtCount(c.either)} (${c.reached ? fmtPct(new Dec(c.either).div(c.reached).toFixed(6)) : '—'} of the records reaching the set)</td></tr></tbody></table></div>`;
}

function vendorsSection(r: BacktestReport): Html {
  const seen = new Map<string, VendorComparison[]>();
  for (const c of r.vendors) {
    const key = `${c.ruleSet}\u0000${c.a.rule}\u0000${c.b.rule}`;
    seen.set(key, [...(seen.get(key) ?? []), c]);
  }
  const blocks = [...seen.values()].flatMap((cs) => {
    const strip = (c: VendorComparison) => JSON.stringify({ ...c, version: null });
    if (cs.length === 2 && strip(cs[0]) === strip(cs[1])) return [vendorBlock(cs[0], 'same in both versions')];
    return cs.map((c) => vendorBlock(c, versionName[c.version].toLowerCase()));
  });
  return h`<section id="vendors"><h2>Anti-fraud vendors: who catches what the other misses</h2>
${blocks.length ? blocks : h`<p class="muted">No rule set has two rules that each read one external per-hit source.</p>`}
<p class="note">Catches the other misses: records reaching the set that this vendor's rule catches and the other vendor's does not (other rules of the set may catch them too: the rule-set table above counts the catches no other rule makes). Cost per catch the other misses: what the vendor would bill on every record reaching the set, divided by those catches. A vendor whose catches the other one mostly repeats costs a lot per catch the other misses. Caught among approved: applicants the version approved that the vendor's rule flags alone (in shadow, or switched off), with their bad rate where outcomes are known: the vendor's worth on the applicants it did not stop.</p>
</section>`;
}

function costSection(r: BacktestReport): Html {
  const sources = [...new Set(VERSIONS.flatMap((v) => r.cost[v].sources.map((s) => s.source)))];
  const of = (v: VersionKey, s: string) => r.cost[v].sources.find((x) => x.source === s);
  const rows = sources.map((s) => ({ label: s, values: VERSIONS.map((v) => num(of(v, s)?.cost)), texts: VERSIONS.map((v) => fmtMoney(of(v, s)?.cost ?? '0')) }));
  const table = sources.map((s) => {
    const [b, c] = VERSIONS.map((v) => of(v, s));
    return h`<tr><th>${s}</th><td class="n">${fmtCount(b?.calls ?? 0)}</td><td class="n">${fmtCount(c?.calls ?? 0)}</td><td class="n">${fmtCount(b?.billed ?? 0)}</td><td class="n">${fmtCount(c?.billed ?? 0)}</td><td class="n">${fmtMoney(b?.cost ?? '0')}</td><td class="n">${fmtMoney(c?.cost ?? '0')}</td>${moneyDelta(new Dec(c?.cost ?? 0).minus(b?.cost ?? 0).toFixed())}</tr>`;
  });
  const total = new Dec(r.cost.candidate.total).minus(r.cost.base.total).toFixed();
  const per = new Dec(r.cost.candidate.perApplicant).minus(r.cost.base.perApplicant).toFixed();
  return h`<section id="cost"><h2>Data-source calls and cost</h2>
${barChart(rows, VERSIONS.map((v) => ({ name: versionName[v], color: SERIES_COLORS[v] })), 'Cost per source over the replayed records.')}
<table class="compact"><thead><tr><th>Source</th><th class="n">Calls base</th><th class="n">Calls cand.</th><th class="n">Billed base</th><th class="n">Billed cand.</th><th class="n">Cost base</th><th class="n">Cost cand.</th><th class="n">Change</th></tr></thead><tbody>${table}
<tr class="total"><th>Total</th><td colspan="4"></td><td class="n">${fmtMoney(r.cost.base.total)}</td><td class="n">${fmtMoney(r.cost.candidate.total)}</td>${moneyDelta(total)}</tr>
<tr class="total"><th>Per applicant</th><td colspan="4"></td><td class="n">${fmtPer(r.cost.base.perApplicant)}</td><td class="n">${fmtPer(r.cost.candidate.perApplicant)}</td>${moneyDelta(per, 4)}</tr></tbody></table>
<p class="note">A call is a decision that read the source; billed calls are those the source charges for (every call for per-query sources, hits for per-hit ones).</p>
</section>`;
}

function outcomesSection(r: BacktestReport): Html {
  const o = r.outcomes;
  const notLabels = notLabelsNote(r);
  const odd = notLabels ? h`<p class="note" data-not-labels>${notLabels}</p>` : '';
  if (!o) return h`<section id="outcomes"><h2>Bad rates</h2><p class="muted">${noLabelsNote(r.inputs.outcomeLabel)}</p>${odd}</section>`;
  const row = (name: string, s: BadRateStats, note: string) =>
    h`<tr><th>${name}<div class="muted">${note}</div></th><td class="n">${fmtCount(s.count)}</td><td class="n">${fmtCount(s.labelled)}</td><td class="n">${fmtCount(s.bad)}</td><td class="n"><b>${fmtPct(s.badRate)}</b></td></tr>`;
  return h`<section id="outcomes"><h2>Bad rates (<code>outcome.${o.label}</code>)</h2>
<div class="warning" role="note"><b>Rejected applicants' outcomes are unknown.</b> ${o.warning}</div>
<table class="compact"><thead><tr><th>Applicants</th><th class="n">Count</th><th class="n">With a label</th><th class="n">Bad</th><th class="n">Bad rate</th></tr></thead><tbody>
${row('Approved by the base', o.approved.base, '')}
${row('Approved by the candidate', o.approved.candidate, '')}
${row('Swapped in', o.swappedIn, 'approved by the candidate, not by the base')}
${row('Swapped out', o.swappedOut, 'approved by the base, not by the candidate')}
</tbody></table>
${odd}${caughtTable(r)}</section>`;
}

/**
 * Approved applicants that a rule which stopped nobody (shadow, off, flag) catches on their path,
 * with their bad rate beside that of all approved applicants: does the rule pick out worse ones?
 */
function caughtTable(r: BacktestReport): Html {
  // A report written before the figure was counted (a stored run) has none: nothing to say.
  if (!r.rules.some((x) => VERSIONS.some((v) => x[v]?.approvedCaught))) return h``;
  const rules = r.rules.filter((x) => VERSIONS.some((v) => (x[v]?.approvedCaught?.count ?? 0) > 0));
  if (rules.length === 0) return h`<p class="muted">No shadow, off or flag rule catches an approved applicant.</p>`;
  const cells = (x: RuleReport, v: VersionKey) => {
    const c = x[v]?.approvedCaught;
    if (!c) return h`<td class="n" colspan="3">—</td>`;
    return h`<td class="n">${fmtCount(c.count)}</td><td class="n">${fmtCount(c.bad)}/${fmtCount(c.labelled)}</td><td class="n"><b>${fmtPct(c.badRate)}</b></td>`;
  };
  const state = (x: RuleReport) => {
    const [b, c] = VERSIONS.map((v) => (x[v] ? `${x[v]!.outcome}, ${x[v]!.switch}` : 'absent'));
    return b === c ? b : `${b} → ${c}`;
  };
  const all = (v: VersionKey) => r.outcomes!.approved[v];
  return h`<h3>What rules that stopped nobody catch among the approved</h3>
<table class="compact"><thead><tr><th rowspan="2">Rule</th><th colspan="3">Approved by the base</th><th colspan="3">Approved by the candidate</th></tr>
<tr><th class="n">Caught</th><th class="n">Bad/labelled</th><th class="n">Bad rate</th><th class="n">Caught</th><th class="n">Bad/labelled</th><th class="n">Bad rate</th></tr></thead><tbody>
${rules.map((x) => h`<tr><th>${idCode(x.id)}<div class="muted">${state(x)}</div></th>${cells(x, 'base')}${cells(x, 'candidate')}</tr>`)}
<tr class="total"><th>All approved</th><td class="n">${fmtCount(all('base').count)}</td><td class="n">${fmtCount(all('base').bad)}/${fmtCount(all('base').labelled)}</td><td class="n">${fmtPct(all('base').badRate)}</td><td class="n">${fmtCount(all('candidate').count)}</td><td class="n">${fmtCount(all('candidate').bad)}/${fmtCount(all('candidate').labelled)}</td><td class="n">${fmtPct(all('candidate').badRate)}</td></tr>
</tbody></table>
<p class="note">Caught: approved applicants on whose path the rule, evaluated alone, fires; it did not stop them (a shadow rule, a rule switched off, or a flag). A bad rate well above that of all approved applicants says the rule picks out worse applicants: switching it on would turn these away. A vendor on trial in shadow is judged this way.</p>`;
}

function sweepSection(r: BacktestReport): Html {
  const s = r.sweep;
  if (!s) return h`<section id="sweep"><h2>Parameter sweep</h2><p class="muted">No sweep in this run (<code>--sweep PARAM=FROM..TO:STEP</code> adds one).</p></section>`;
  const xs = s.points.map((p) => p.value);
  // The candidate's own value of the param (override or default): marked on the charts and the table.
  const mark = sweepMark(r);
  const pct = (y: number, d = 1) => `${(y * 100).toFixed(d)}%`;
  const money = (y: number, d = 4) => y.toFixed(Math.max(2, d));
  const at = mark >= 0 ? mark : undefined;
  const note = sweepUnlabelledNote(s.points);
  return h`<section id="sweep"><h2>Parameter sweep: <code>${s.param}</code> from ${s.from} to ${s.to}, step ${s.step}</h2>
<p>The candidate replayed with each value of <code>${s.param}</code>, all else equal${mark >= 0 ? h`; the dashed line marks its own value, ${s.points[mark]?.value}` : ''}.</p>
<div class="charts">
${lineChart('Approval rate', xs, s.points.map((p) => num(p.approvalRate)), pct, '#59a14f', at)}
${lineChart('Bad rate among approved', xs, s.points.map((p) => num(p.badRateApproved)), pct, '#e15759', at)}
${lineChart('Cost per applicant', xs, s.points.map((p) => num(p.costPerApplicant)), money, '#4e79a7', at)}
</div>
<table class="compact"><thead><tr><th class="n">${s.param}</th><th class="n">Approved</th><th class="n">Approval rate</th><th class="n">Review rate</th><th class="n">Reject rate</th><th class="n">Bad rate among approved</th><th class="n">Cost per applicant</th></tr></thead><tbody>
${s.points.map((p, i) => h`<tr${i === mark ? h` class="changed"` : ''}><th class="n">${p.value}${i === mark ? h` <span class="muted">candidate</span>` : ''}</th><td class="n">${fmtCount(p.approved)}</td><td class="n">${fmtPct(p.approvalRate)}</td><td class="n">${fmtPct(p.reviewRate)}</td><td class="n">${fmtPct(p.rejectRate)}</td><td class="n">${fmtPct(p.badRateApproved)} <span class="muted">(${fmtCount(p.bad)}/${fmtCount(p.labelled)})</span></td><td class="n">${fmtPer(p.costPerApplicant)}</td></tr>`)}
</tbody></table>${note ? h`<div class="warning" role="note">${note}</div>` : ''}</section>`;
}

function badRecordsSection(r: BacktestReport): Html {
  const b = r.badRecords;
  return h`<section id="bad"><h2>Bad records</h2>
<p>${badRecordsLede(r)}</p>
${b.listed.length ? h`<div class="scroll tall"><table><thead><tr><th class="n">Position <span class="muted">(from 0)</span></th><th>Id</th><th class="n">Line</th><th>Reason</th><th>Failed in</th></tr></thead><tbody>
${b.listed.map((x) => h`<tr><td class="n">${x.index}</td><td>${x.id !== undefined ? h`<code>${x.id}</code>` : '—'}</td><td class="n">${x.line ?? '—'}</td><td>${x.reason}</td><td>${x.versions.join(', ')}</td></tr>`)}
</tbody></table></div>` : ''}
${b.truncated ? h`<p class="muted">${badRecordsCut(b)}</p>` : ''}
</section>`;
}

// ---------------------------------------------------------------------------------------------
// Page

const CSS = `
:root{--fg:#1d2330;--muted:#667085;--line:#d9dee7;--soft:#f4f6f9;--base:#4e79a7;--cand:#f28e2b}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:1240px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:24px;margin:0 0 6px}h2{font-size:19px;margin:36px 0 10px;padding-top:10px;border-top:2px solid var(--line)}h3{font-size:15px;margin:20px 0 8px}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px}
.muted{color:var(--muted);font-weight:normal;font-size:12.5px}.lede{font-size:15px;margin:4px 0 12px}
nav{position:sticky;top:0;background:#fffffff2;border-bottom:1px solid var(--line);padding:8px 0;margin:16px 0 0;z-index:1;font-size:13px}
nav a{color:var(--base);text-decoration:none;margin-right:14px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft);font-weight:600;white-space:nowrap}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total th,tr.total td{font-weight:600;background:#fafbfc}
tr.changed{background:#fff6e9}.delta{font-weight:600}
table.inputs{width:auto;min-width:60%}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:12px;margin:20px 0 4px}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px;background:#fcfcfd}
.card-title{color:var(--muted);font-size:12.5px}.card-value{font-size:20px;font-weight:650;margin:2px 0;font-variant-numeric:tabular-nums;white-space:nowrap}.card-detail{font-size:12.5px}
figure{margin:10px 0}svg{max-width:100%;height:auto}
nav+section>h2{border-top:0}
table.compact{width:auto;min-width:55%}
table.plain{width:auto}table.plain th,table.plain td{border:0;padding:2px 10px 2px 0;background:none}
tr.group th{background:#eef1f6;font-weight:600;padding-top:7px}
.stack{display:flex;height:34px;border-radius:4px;overflow:hidden;margin-bottom:4px}.stack div{color:#fff;font-weight:600;font-size:12.5px;line-height:34px;text-align:center;white-space:nowrap;overflow:hidden}
.pairs{font-size:12.5px;margin:2px 0}svg .mark{stroke:#98a2b3;stroke-dasharray:3 3}
td.muted{font-size:13px}figcaption{font-size:12.5px;color:var(--muted)}
svg text{font-size:12px;fill:var(--fg)}svg text.label{font-size:12.5px}svg text.muted{fill:var(--muted)}svg text.on-bar{fill:#fff;font-weight:600}svg text.chart-title{font-size:12.5px;font-weight:600}
svg .axis{stroke:#98a2b3}svg .grid{stroke:#eaecf0}
.legend span{margin-right:12px;color:var(--fg)}.legend i,.dot{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table.matrix{width:auto}table.matrix td{min-width:150px;border:1px solid var(--line)}table.matrix td.same{font-weight:400}.big{font-size:17px;font-weight:650;font-variant-numeric:tabular-nums}
.ids{font-size:11.5px;color:var(--muted)}.ids code{font-size:11px}
.scroll{overflow-x:auto}.scroll.tall{max-height:480px;overflow-y:auto}
table.rules{font-size:12.5px}table.rules th,table.rules td{padding:3px 5px}table.rules code{font-size:12px}table.rules thead th{text-align:center}table.rules thead th.n{text-align:right}
.ruleset,.vendor{border:1px solid var(--line);border-radius:8px;padding:4px 16px 10px;margin:14px 0}
.small-head{font-weight:600;margin:10px 0 2px;font-size:13px}
.order.saves{background:#f0f7ee;border-radius:6px;padding:2px 10px;margin-top:8px}
.warning{background:#fff4e5;border:1px solid #f5c27a;border-left:5px solid #e8912c;border-radius:6px;padding:10px 14px;margin:10px 0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:10px}
.note{color:var(--muted);font-size:12.5px}footer{margin-top:28px}
@media print{
@page{margin:12mm}
body{font-size:11px}main{max-width:none;padding:0}nav{display:none}
h1{font-size:19px}h2{font-size:15px;margin-top:18px;break-after:avoid}h3{font-size:13px;break-after:avoid}
.scroll,.scroll.tall{overflow:visible;max-height:none}
table,table.compact,table.inputs{font-size:10px;min-width:0}th,td{padding:2px 4px}
thead th,thead th.n{white-space:normal}.ruleset,.vendor{padding:2px 8px 6px}table.rules{font-size:9px}table.rules th,table.rules td{padding:2px 3px}table.rules code{font-size:8.5px}
code{font-size:9.5px}.muted,.note,figcaption,.ids{font-size:9.5px}
table.matrix td{min-width:0}.big{font-size:13px}td.muted{font-size:inherit}
.cards{grid-template-columns:repeat(5,1fr);gap:6px}.card{padding:6px 8px}.card-value{font-size:14px;white-space:normal}
tr,figure,.card,.warning{break-inside:avoid}
}
`;

/** The report as a complete HTML document. */
export function renderHtml(report: BacktestReport): string {
  const titles = new Map(report.rules.filter((x) => x.title).map((x) => [x.id, x.title!] as const));
  const nav: [string, string][] = [
    ['decisions', 'Decisions'], ['swaps', 'Swaps'], ['rules', 'Rules'], ['rulesets', 'Rule sets'], ['vendors', 'Vendors'],
    ['cost', 'Cost'], ['outcomes', 'Bad rates'], ['sweep', 'Sweep'], ['bad', 'Bad records'],
  ];
  const title = `Backtest: ${policyLabel(report.inputs.candidate)} against ${policyLabel(report.inputs.base)}`;
  const page = h`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${new Html(CSS)}</style></head>
<body><main>
${header(report)}
${summary(report)}
<nav>${nav.map(([id, label]) => h`<a href="#${id}">${label}</a>`)}</nav>
${decisionsSection(report)}
${swapsSection(report, titles)}
${rulesSection(report)}
${ruleSetsSection(report)}
${vendorsSection(report)}
${costSection(report)}
${outcomesSection(report)}
${sweepSection(report)}
${badRecordsSection(report)}
<footer class="note">Verdict backtest report, schema ${report.schema}. Rates are exact counts divided and rounded for display; the JSON report (<code>--json</code>) holds them to six places.</footer>
</main></body></html>
`;
  return page.text;
}
