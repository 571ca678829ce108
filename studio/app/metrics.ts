// Timings the studio records about itself, exposed on `window.__verdictMetrics` for the benchmark
// and the end-to-end tests: keystroke → diagnostics and graph on screen, and the first render of a
// file's graph. Each step is also a `performance.mark`, visible in the browser's profiler.

import type { Timing } from './language/protocol.js';

export interface KeystrokeSample {
  version: number;
  /** ms since time origin. */
  input: number;
  /** The worker's result arrived on the page. */
  analysed?: number;
  /** Diagnostics applied and the graph committed by React. */
  rendered?: number;
  /** The next frame after the commit. */
  painted?: number;
  worker?: Timing;
}

export interface FirstGraph {
  version: number;
  opened: number;
  analysed?: number;
  rendered?: number;
  painted?: number;
  rules: number;
  nodes: number;
  worker?: Timing;
  /** The first frame placed the graph with the quick layout (elk still loading). */
  quick?: boolean;
  /** The frame after elk's layout of the graph was committed (= `painted` when the first frame had it). */
  settled?: number;
}

export interface VerdictMetrics {
  keystrokes: KeystrokeSample[];
  /** One entry per opened file, in order. */
  firstGraphs: FirstGraph[];
  /** Monaco finished loading (ms since time origin). */
  editorReady?: number;
  /** The analysis worker's first message arrived: its script is loaded and evaluated (ms since time origin). */
  workerReady?: number;
}

const metrics: VerdictMetrics = { keystrokes: [], firstGraphs: [] };
(globalThis as { __verdictMetrics?: VerdictMetrics }).__verdictMetrics = metrics;

const now = () => performance.now();
const mark = (name: string) => {
  try {
    performance.mark(name);
  } catch {
    // Marks are a convenience for the profiler.
  }
};

const pendingInputs = new Map<number, KeystrokeSample>();

let firstPainted!: () => void;
/** The first opened file's graph (or its "no graph" state) is on screen. */
export const firstGraphPainted = new Promise<void>((resolve) => (firstPainted = resolve));

export function noteInput(version: number): void {
  const s = { version, input: now() };
  pendingInputs.set(version, s);
  mark(`verdict:input:${version}`);
}

export function noteFileOpened(version: number): void {
  metrics.firstGraphs.push({ version, opened: now(), rules: 0, nodes: 0 });
  mark(`verdict:open:${version}`);
}

export function noteAnalysis(version: number, timing: Timing): void {
  const t = now();
  const s = pendingInputs.get(version);
  if (s) {
    s.analysed = t;
    s.worker = timing;
  }
  // Inputs older than this version were coalesced away by the worker.
  for (const v of pendingInputs.keys()) if (v < version) pendingInputs.delete(v);
  const fg = metrics.firstGraphs[metrics.firstGraphs.length - 1];
  if (fg && fg.version === version && fg.analysed === undefined) Object.assign(fg, { analysed: t, worker: timing });
  mark(`verdict:analysed:${version}`);
}

/** The graph view committed the graph of `version` (with its diagnostics). */
export function noteRendered(version: number, size: { rules: number; nodes: number }): void {
  const t = now();
  const s = pendingInputs.get(version);
  const fg = metrics.firstGraphs[metrics.firstGraphs.length - 1];
  const first = fg && fg.version <= version && fg.rendered === undefined ? fg : undefined;
  if (first) Object.assign(first, { rendered: t, ...size });
  if (s) {
    pendingInputs.delete(version);
    s.rendered = t;
    metrics.keystrokes.push(s);
  }
  mark(`verdict:rendered:${version}`);
  if (!s && !first) return;
  requestAnimationFrame(() => {
    const p = now();
    if (s) s.painted = p;
    if (first) first.painted = p;
    firstPainted();
  });
}

/** The graph view committed a layout; `provisional` when it is the quick one, elk's to follow. */
export function noteLayoutShown(provisional: boolean): void {
  const fg = metrics.firstGraphs[metrics.firstGraphs.length - 1];
  if (!fg || fg.rendered === undefined || fg.settled !== undefined) return;
  if (provisional) {
    fg.quick = true;
    return;
  }
  mark(`verdict:laid-out:${fg.version}`);
  requestAnimationFrame(() => {
    fg.settled = now();
  });
}

export function noteWorkerReady(): void {
  metrics.workerReady ??= now();
  mark('verdict:worker-ready');
}

export function noteEditorReady(): void {
  metrics.editorReady = now();
  mark('verdict:editor-ready');
}
