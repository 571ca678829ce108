// Small pure helpers of the replay panels: override lists as typed, labels of runs and sides.

import { fmtCount, fmtMoney, fmtPp } from '../../../runtime/replay/figures.js';
import type { Rate, RecordRef } from '../../../runtime/replay/report.js';
import { Dec } from '../../../runtime/values.js';
import type { RunProgress, RunSummary, Side } from './api.js';

/**
 * Overrides typed in a box: one per line, or several on a line separated by commas or semicolons
 * (a comma inside brackets or quotes belongs to a list value).
 */
export function splitOverrides(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const ch of text) {
    if (ch === '"') quote = !quote;
    else if (!quote && ch === '[') depth++;
    else if (!quote && ch === ']') depth = Math.max(0, depth - 1);
    if (ch === '\n' || (!quote && depth === 0 && (ch === ',' || ch === ';'))) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

export const refText = (r: RecordRef): string => (typeof r === 'number' ? `#${r}` : r);

export function sideLabel(side: Partial<Side> | undefined): string {
  if (!side) return '?';
  // A stored draft side keeps its hash, not its text: no version means the draft.
  const what = 'version' in side && side.version !== undefined ? `v${side.version}` : 'draft';
  const extra = [...(side.set ?? []), ...(side.switch ?? []).map((s) => `switch ${s}`)];
  return extra.length ? `${what} (${extra.join(', ')})` : what;
}

/** 0..1 when the size is known, else undefined (the bar then counts records only). */
export function progressShare(p: RunProgress | undefined): number | undefined {
  if (!p?.totalBytes) return undefined;
  return Math.min(1, Math.max(0, p.bytes / p.totalBytes));
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** What the runs list says about a run, read from whatever summary fields the server gives. */
export function runLabels(run: RunSummary): { base: string; candidate: string; dataset: string } {
  const inputs = (run.inputs ?? {}) as Record<string, unknown>;
  const labels = (run.labels ?? {}) as Record<string, unknown>;
  const side = (k: 'base' | 'candidate') => str(labels[k]) ?? str(run[k]) ?? (typeof inputs[k] === 'object' ? sideLabel(inputs[k] as Side) : undefined) ?? '?';
  const data = inputs.dataset ?? run.dataset;
  const dataset = typeof data === 'object' && data !== null ? (str((data as Record<string, unknown>).path) ?? '?') : (str(data) ?? '?');
  return { base: side('base'), candidate: side('candidate'), dataset };
}

/** 1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st: a place in an order, as a screen reader says it. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' }) as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** A change of a count, signed: `+20`, `−56`, `0`. */
export const signedCount = (n: number): string => (n > 0 ? `+${fmtCount(n)}` : fmtCount(n));

/** The change of a rate in percentage points (`+0.7 pp`); `—` when either side has none. */
export const rateChange = (base: Rate | undefined, candidate: Rate | undefined): string =>
  base === null || base === undefined || candidate === null || candidate === undefined ? '—' : fmtPp(new Dec(candidate).minus(base).toFixed());

/** The change of an exact money text, signed, as the HTML report writes it (`+154.20`, `−0.0027`, `0.00`). */
export function moneyChange(base: string, candidate: string, places = 2): string {
  const text = fmtMoney(new Dec(candidate).minus(base).toFixed(), places);
  return /[1-9]/.test(text) && !text.startsWith('−') ? `+${text}` : text;
}
