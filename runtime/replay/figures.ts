// How a report's figures are shown to a person, in the terminal summary and in the HTML report
// alike: counts with thousands separators, exact money texts rounded for reading (the JSON report
// keeps them exact), rates as percentages and deltas in percentage points.

import { decimalText } from '../graph.js';
import { Dec } from '../values.js';
import type { Rate } from './report.js';

const groups = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const fmtCount = (n: number): string => (n < 0 ? '−' : '') + groups(String(Math.abs(Math.round(n))));

/** `1 record`, `2 records`, `0 records`: the count as `count` formats it (thousands separators by default). */
export function counted(n: number, noun: string, count: (n: number) => string = fmtCount): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** `"0.123457"` → `12.3%`; a positive rate too small for one decimal is `<0.1%`. */
export function fmtPct(rate: Rate | undefined): string {
  if (rate === null || rate === undefined) return '—';
  const d = new Dec(rate).times(100);
  if (d.gt(0) && d.lt(0.05)) return '<0.1%';
  return `${d.toFixed(1)}%`;
}

/** A rate delta in percentage points, signed: `+1.2 pp`, `−0.4 pp`. */
export function fmtPp(delta: Rate | undefined): string {
  if (delta === null || delta === undefined) return '—';
  const d = new Dec(delta).times(100);
  const text = d.abs().toFixed(1);
  return text === '0.0' ? '0.0 pp' : `${d.isNeg() ? '−' : '+'}${text} pp`;
}

/**
 * Under a sweep's table, when some value approves applicants whose outcome is unknown: its bad
 * rate is of the labelled ones only (they were rejected when the data was collected).
 */
export function sweepUnlabelledNote(points: readonly { approved: number; labelled: number }[]): string | undefined {
  const most = Math.max(0, ...points.map((p) => p.approved - p.labelled));
  if (most === 0) return undefined;
  return `Bad rates are of the approved applicants whose outcome is known (bad/labelled): up to ${fmtCount(most)} approved at a value have no outcome in the data (rejected when it was collected), so a flat bad rate does not show that they are safe.`;
}

/**
 * Which point of a sweep is the candidate's own value of the param (where the policy stands
 * today), or -1: from `sweep.current`, or for a report stored before it, from the candidate's
 * override (the HTML report, the summary and the studio alike).
 */
export function sweepMark(r: { sweep: { param: string; current?: string; points: readonly { value: string }[] } | null; inputs: { candidate: { overrides: { params: Record<string, unknown> } } } }): number {
  const s = r.sweep;
  if (!s) return -1;
  const current = s.current ?? decimalText(r.inputs.candidate.overrides.params[s.param]);
  if (current === undefined) return -1;
  return s.points.findIndex((p) => new Dec(p.value).eq(current));
}

/** The values an outcome label may hold (slots.ts: `labelValue`), as the notes name them. */
const LABEL_VALUES = 'true or false, "true" or "false" in any case, 1 or 0';

/**
 * When no record carries the outcome label: the values that count as one, since a warehouse's "Y"
 * and "N" (or a misspelt --label) leave every record unlabelled.
 */
export const noLabelsNote = (label: string): string => `No record carries outcome.${label} as a label (${LABEL_VALUES}), so no bad rate can be measured.`;

/** A record as the reports name it: its id, or `#` and its position when it has none. */
export const fmtRef = (r: string | number): string => (typeof r === 'number' ? `#${r}` : r);

/**
 * When some records' outcome label holds a value that is not a label ("Y", 2): how many, and the
 * first of them (the summary, the HTML report and the studio alike).
 */
export function notLabelsNote(r: { inputs: { outcomeLabel: string }; totals: { notLabels?: { count: number; examples: readonly (string | number)[] } } }): string | undefined {
  // Optional: a report stored by an earlier release has no count.
  if (!r.totals.notLabels?.count) return undefined;
  const { count, examples } = r.totals.notLabels;
  const names = examples.map(fmtRef).join(', ');
  return `${counted(count, 'record')} hold${count === 1 ? 's' : ''} a value in outcome.${r.inputs.outcomeLabel} that is not a label (${LABEL_VALUES}), counted as unlabelled: ${names}${count > examples.length ? ', …' : ''}.`;
}

/** What the bad records are, above their list (the HTML report and the studio alike). */
export const badRecordsLede = (r: { badRecords: { count: number }; totals: { unreadable: number } }): string =>
  `${counted(r.badRecords.count, 'record')} could not be read or decoded (${fmtCount(r.totals.unreadable)} unreadable). They are counted as errors and did not stop the run.`;

/** Under a list of bad records cut at BAD_RECORD_LIMIT. */
export const badRecordsCut = (b: { count: number; listed: unknown[] }): string => `The first ${fmtCount(b.listed.length)} of ${fmtCount(b.count)} are listed.`;

/** Money per applicant (or per applicant reaching a rule set): four places, a fraction of a cent being real over a million applicants. */
export const fmtPer = (m: string | null | undefined): string => fmtMoney(m, 4);

/** Exact money text → `places` decimals (two by default, half-up) with thousands separators. */
export function fmtMoney(m: string | null | undefined, places = 2): string {
  if (m === null || m === undefined) return '—';
  const d = new Dec(m).toDecimalPlaces(places);
  const [int, frac] = d.abs().toFixed(places).split('.');
  return `${d.isNeg() && !d.isZero() ? '−' : ''}${groups(int)}${frac === undefined ? '' : `.${frac}`}`;
}
