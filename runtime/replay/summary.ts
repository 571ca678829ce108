// The terminal summary of a backtest report: decisions, swaps and their causes, the rules that
// moved most, cost, bad rates, vendors, suggested orders, the sweep and bad records. Plain text,
// no colour; the JSON and HTML reports hold everything, this is what fits a screen. Money is shown
// rounded as the HTML report shows it (figures.ts): totals to the cent, costs per applicant to four
// places; the JSON report keeps the exact values.

import type { BacktestReport, Rate } from './report.js';
import { OUTCOMES } from './report.js';
import { counted, fmtMoney, fmtPer, noLabelsNote, notLabelsNote, sweepMark, sweepUnlabelledNote } from './figures.js';

const int = (n: number) => n.toLocaleString('en-US');
const pct = (r: Rate, places = 2) => (r === null ? '—' : `${(Number(r) * 100).toFixed(places)}%`);
/** A rate change in percentage points, signed, without the unit (the column head says `Δ pp`). */
const pts = (r: Rate) => (r === null ? '—' : `${Number(r) >= 0 ? '+' : ''}${(Number(r) * 100).toFixed(2)}`);

/**
 * Columns padded to their widest cell, two spaces apart. `groups` is an optional first header line
 * of labels spanning columns (`[label, first column, last column]`), centred over them, so that the
 * second header line can say `base` and `cand.` instead of repeating the measure in every column:
 * the tables stay inside 80 columns for ids of usual length.
 */
function table(rows: string[][], right: number[] = [], groups: [string, number, number][] = []): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  // A group label wider than its columns widens the last of them.
  for (const [label, from, to] of groups) {
    const span = widths.slice(from, to + 1).reduce((a, b) => a + b, 0) + 2 * (to - from);
    if (label.length > span) widths[to] += label.length - span;
  }
  const start = (i: number) => 2 + widths.slice(0, i).reduce((a, b) => a + b + 2, 0);
  const head: string[] = [];
  if (groups.length) {
    let line = '';
    for (const [label, from, to] of groups) {
      const span = start(to) + widths[to] - start(from);
      // Over one right-aligned column, the label is right-aligned as its figures are.
      const at = from === to && right.includes(from) ? start(to) + widths[to] - label.length : start(from) + Math.floor((span - label.length) / 2);
      line = line.padEnd(at) + label;
    }
    head.push(line);
  }
  return [...head, ...rows.map((r) => `  ${r.map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')}`.trimEnd())];
}

function versionLabel(r: BacktestReport, key: 'base' | 'candidate'): string {
  const p = r.inputs[key];
  const changes = [...p.set, ...p.switch];
  return `${p.file}${p.version !== undefined ? ` (${p.policyId} v${p.version})` : ''}${changes.length ? ` with ${changes.join(', ')}` : ''}`;
}

/**
 * A line of prose longer than `width` broken at spaces, each further line indented two more than
 * the first; a table row (two spaces inside it) or a line without a space to break at stays whole.
 */
export function wrapLine(line: string, width: number): string[] {
  const text = line.trimStart();
  if ([...line].length <= width || text.includes('  ')) return [line];
  const indent = ' '.repeat(line.length - text.length);
  const [first, ...words] = text.split(' ');
  const out: string[] = [];
  let cur = indent + first;
  for (const w of words) {
    if ([...cur].length + 1 + [...w].length > width) {
      out.push(cur);
      cur = `${indent}  ${w}`;
    } else cur += ` ${w}`;
  }
  out.push(cur);
  return out;
}

/** The terminal summary; `width` (a terminal's) wraps its long lines of prose. */
export function formatSummary(r: BacktestReport, topRules = 10, width?: number): string {
  const out: string[] = [];
  const t = r.totals;
  out.push(`Backtest of ${counted(t.records, 'record', int)} from ${r.inputs.data.path} (${r.inputs.workers === 0 ? 'one thread' : `${r.inputs.workers} workers`})`);
  out.push(`  base:      ${versionLabel(r, 'base')}`, `  candidate: ${versionLabel(r, 'candidate')}`);
  if (t.bad) out.push(`  ${counted(t.bad, 'bad record', int)} (${int(t.unreadable)} unreadable), counted as errors; listed in the JSON report`);

  out.push('', 'Decisions');
  const d = r.decisions;
  out.push(
    ...table(
      [
        ['', 'base', '', 'candidate', '', 'change'],
        ...OUTCOMES.map((o) => [o, int(d.base.counts[o]), pct(d.base.rates[o]), int(d.candidate.counts[o]), pct(d.candidate.rates[o]), `${d.candidate.counts[o] - d.base.counts[o] >= 0 ? '+' : ''}${int(d.candidate.counts[o] - d.base.counts[o])}`]),
      ],
      [1, 2, 3, 4, 5],
    ),
  );

  out.push('', `Swaps: ${counted(r.swaps.flipped, 'record', int)} ${r.swaps.flipped === 1 ? 'changes' : 'change'} outcome (${pct(r.swaps.flippedRate)})`);
  const cell = (b: string, c: string) => r.swaps.cells.find((x) => x.base === b && x.candidate === c)!.count;
  out.push(...table([['base \\ candidate', ...OUTCOMES], ...OUTCOMES.map((b) => [b, ...OUTCOMES.map((c) => int(cell(b, c)))])], [1, 2, 3, 4]));
  for (const c of r.swaps.cells)
    for (const cause of c.causes ?? []) out.push(`  ${c.base} → ${c.candidate}: ${int(cause.count)} because ${cause.key} (e.g. ${cause.examples.slice(0, 3).join(', ')})`);

  const moved = r.rules
    .filter((x) => x.base && x.candidate && (x.delta.hits !== 0 || Number(x.delta.triggerRate ?? 0) !== 0 || Number(x.delta.standaloneRate ?? 0) !== 0))
    .sort((a, b) => Math.abs(Number(b.delta.triggerRate ?? 0)) - Math.abs(Number(a.delta.triggerRate ?? 0)) || (a.id < b.id ? -1 : 1))
    .slice(0, topRules);
  const only = r.rules.filter((x) => !x.base || !x.candidate);
  // A rule switched between the versions (a vendor from shadow to on) may fire exactly as often: say so all the same.
  const switched = r.rules.filter((x) => x.base && x.candidate && x.base.switch !== x.candidate.switch);
  out.push('', moved.length || only.length || switched.length ? `Rules that move (by trigger-rate change, top ${topRules})` : 'Rules: no rule fires differently');
  // Set and title are in the HTML report; the id names the rule. Rate columns: hits / records reaching the rule.
  if (moved.length)
    out.push(
      ...table(
        [
          ['rule', 'base', 'cand.', 'Δ pp', 'base', 'cand.', 'base', 'cand.'],
          ...moved.map((x) => [x.id, pct(x.base!.triggerRate), pct(x.candidate!.triggerRate), pts(x.delta.triggerRate), int(x.base!.hits), int(x.candidate!.hits), pct(x.base!.standaloneRate), pct(x.candidate!.standaloneRate)]),
        ],
        [1, 2, 3, 4, 5, 6, 7],
        [['trigger rate', 1, 3], ['hits', 4, 5], ['standalone', 6, 7]],
      ),
    );
  for (const x of switched) out.push(`  ${x.id} switched ${x.base!.switch} → ${x.candidate!.switch} (${x.candidate!.outcome})`);
  for (const x of only) {
    const s = (x.base ?? x.candidate)!;
    out.push(`  ${x.id} exists only in the ${x.base ? 'base' : 'candidate'}: ${int(s.hits)} hit${s.hits === 1 ? '' : 's'}, trigger rate ${pct(s.triggerRate)}, standalone ${pct(s.standaloneRate)}`);
  }

  const cb = r.cost.base;
  const cc = r.cost.candidate;
  out.push('', `Cost per applicant: base ${fmtPer(cb.perApplicant)}, candidate ${fmtPer(cc.perApplicant)} (total ${fmtMoney(cb.total)} → ${fmtMoney(cc.total)})`);

  if (!r.outcomes) out.push('', noLabelsNote(r.inputs.outcomeLabel));
  else {
    const o = r.outcomes;
    const br = (s: typeof o.swappedIn) => `${pct(s.badRate)} (${int(s.bad)}/${int(s.labelled)})`;
    out.push(
      '',
      `Bad rate (${o.label}) among approved: base ${br(o.approved.base)}, candidate ${br(o.approved.candidate)}`,
      `  swapped in (approved only by the candidate): ${br(o.swappedIn)}; swapped out: ${br(o.swappedOut)}`,
      `  ${o.warning}`,
    );
    const caught = r.rules.flatMap((x) => (x.candidate?.approvedCaught?.labelled ? [{ x, c: x.candidate.approvedCaught }] : [])).sort((a, b) => b.c.count - a.c.count || (a.x.id < b.x.id ? -1 : 1));
    if (caught.length) {
      out.push(`  caught among the candidate's approved by rules that stopped nobody (shadow, off, flag): bad rate (bad/labelled)`);
      for (const { x, c } of caught.slice(0, topRules)) out.push(`    ${x.id} (${x.candidate!.switch} ${x.candidate!.outcome}): ${int(c.count)} caught, ${br(c)}`);
    }
  }
  const notLabels = notLabelsNote(r);
  if (notLabels) out.push(`  ${notLabels}`);

  const vendors = r.vendors.filter((v) => v.version === 'candidate');
  if (vendors.length) {
    out.push('', 'Vendors compared (candidate, records reaching the rule set)');
    for (const v of vendors)
      out.push(
        `  ${v.a.rule} vs ${v.b.rule} in ${v.ruleSet}: both ${int(v.both)}, only ${v.a.source} ${int(v.a.unique)} (${fmtMoney(v.a.costPerUniqueCatch)} per catch only it makes), only ${v.b.source} ${int(v.b.unique)} (${fmtMoney(v.b.costPerUniqueCatch)} per catch only it makes)`,
      );
  }

  const orders = r.ruleSets.flatMap((s) => (s.candidate && s.candidate.order.savingTotal !== '0' ? [{ id: s.id, v: s.candidate }] : []));
  out.push('', orders.length ? 'Suggested orders (candidate), cheapest expected cost under short-circuit' : 'Suggested orders: every rule set already runs in its cheapest order');
  for (const { id, v } of orders) {
    out.push(`  ${id}: ${fmtPer(v.order.currentCostPerApplicant)} → ${fmtPer(v.order.suggestedCostPerApplicant)} per applicant reaching it (saves ${fmtMoney(v.order.savingTotal)} in all over ${int(v.reached)} applicants), ${v.order.method}`);
    out.push(`    ${v.order.suggested.join(' → ')}`);
    if (v.order.note) out.push(`    ${v.order.note}`);
  }
  // A set already in its cheapest order may owe that to a note (a shadow trial kept in place): say it.
  for (const s of r.ruleSets)
    if (s.candidate && s.candidate.order.savingTotal === '0' && s.candidate.order.note) out.push(`  ${s.id}: ${s.candidate.order.note}`);

  if (r.sweep) {
    const s = r.sweep;
    const mark = sweepMark(r);
    out.push('', `Sweep of ${s.param} from ${s.from} to ${s.to} by ${s.step} (candidate)`);
    out.push(
      ...table(
        [
          // The param is named in the line above: a long name would push the table past 80 columns.
          [s.param.length <= 8 ? s.param : 'value', 'approved', 'approval', 'review', 'reject', 'approved', 'applicant'],
          // The candidate's own value: a `*` after it, explained under the table.
          ...s.points.map((p, i) => [`${p.value}${i === mark ? '*' : ''}`, int(p.approved), pct(p.approvalRate), pct(p.reviewRate), pct(p.rejectRate), `${pct(p.badRateApproved)} (${int(p.bad)}/${int(p.labelled)})`, fmtPer(p.costPerApplicant)]),
        ],
        [0, 1, 2, 3, 4, 5, 6],
        [['bad rate among', 5, 5], ['cost per', 6, 6]],
      ),
    );
    if (mark >= 0) out.push(`  * the candidate's own value of ${s.param}`);
    const note = sweepUnlabelledNote(s.points);
    if (note) out.push(`  ${note}`);
  }

  if (r.badRecords.count) {
    out.push('', `Bad records: ${int(r.badRecords.count)}`);
    // Named by the file's line (1-based, as an editor shows it) and id; by position (0-based, as in the JSON) only without a line.
    for (const b of r.badRecords.listed.slice(0, 5)) {
      // An unreadable line's reason names its line already ("line 18: invalid JSON: ...").
      const named = b.line !== undefined && b.id === undefined && new RegExp(`^lines? ${b.line}\\b`).test(b.reason);
      out.push(named ? `  ${b.reason}` : `  ${b.line !== undefined ? `line ${b.line}` : `record #${b.index}`}${b.id !== undefined ? ` ${b.id}` : ''}: ${b.reason}`);
    }
    if (r.badRecords.count > 5) out.push(`  … ${int(r.badRecords.count - 5)} more in the JSON report`);
  }
  const lines = width !== undefined && width >= 40 ? out.flatMap((l) => wrapLine(l, width)) : out;
  return `${lines.join('\n')}\n`;
}
