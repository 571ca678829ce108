// The benchmark's shared pieces: a row of the result table, a section (one module each, composed
// by run.ts), timing helpers and the table printer.

import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export interface Target {
  /** `min`: the figure must reach the value; `max`: it must not exceed it. */
  kind: 'min' | 'max';
  value: number;
}

export interface Row {
  name: string;
  figure: number;
  unit: string;
  target?: Target;
  /** Shown after the table: how the figure was taken. */
  note?: string;
}

export interface BenchOptions {
  /** Fewer records and repetitions: a smoke run, not a measurement. */
  quick: boolean;
  log: (line: string) => void;
}

export interface Section {
  id: string;
  title: string;
  run(opts: BenchOptions): Promise<Row[]>;
}

export const now = (): number => performance.now();

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds of one call. */
export function timeOnce(fn: () => void): number {
  const t = now();
  fn();
  return now() - t;
}

export async function timeOnceAsync(fn: () => Promise<void>): Promise<number> {
  const t = now();
  await fn();
  return now() - t;
}

export const perSecond = (count: number, ms: number): number => (count * 1000) / ms;

export function passes(row: Row): boolean | undefined {
  if (!row.target) return undefined;
  return row.target.kind === 'min' ? row.figure >= row.target.value : row.figure <= row.target.value;
}

function formatFigure(x: number, unit: string): string {
  if (unit === '×') return x.toFixed(2);
  if (unit === '%') return x.toFixed(1);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

function formatTarget(row: Row): string {
  if (!row.target) return '';
  const v = formatFigure(row.target.value, row.unit);
  return `${row.target.kind === 'min' ? '≥' : '≤'} ${v}${row.unit === '×' ? '×' : ` ${row.unit}`}`;
}

function verdictCell(row: Row): string {
  const ok = passes(row);
  if (ok === undefined) return '';
  const ratio = row.target!.kind === 'min' ? row.figure / row.target!.value : row.target!.value / row.figure;
  return `${ratio.toFixed(2)} ${ok ? 'pass' : 'FAIL'}`;
}

/** A plain-text table: name, figure, unit, target, and figure/target with pass or FAIL. */
export function formatTable(sections: { title: string; rows: Row[] }[]): string {
  const header = ['', 'figure', 'unit', 'target', 'ratio'];
  const lines: string[][] = [];
  const titles = new Set<number>();
  for (const s of sections) {
    titles.add(lines.length);
    lines.push([s.title, '', '', '', '']);
    for (const r of s.rows) lines.push([`  ${r.name}`, formatFigure(r.figure, r.unit), r.unit, formatTarget(r), verdictCell(r)]);
  }
  const body = lines.filter((_, i) => !titles.has(i));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((l) => l[i].length)));
  const pad = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [pad(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  lines.forEach((l, i) => out.push(titles.has(i) ? l[0] : pad(l)));
  const notes = sections.flatMap((s) => s.rows.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}`));
  if (notes.length) out.push('', 'How the figures were taken:', ...notes);
  return out.join('\n');
}

/** Load average of the machine, printed beside the results: a busy machine slows every figure. */
export const machineLoad = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

/** The repository root: given by run.ts to the bundle it starts (a bundle's import.meta.url is elsewhere). */
export const repoRoot = (): string => process.env.VERDICT_BENCH_ROOT ?? fileURLToPath(new URL('..', import.meta.url));
