// Studio: the figures issue 5 asks for, measured in Debian's Chromium on the built app with a
// 500-rule policy. The page records its own timings (`window.__verdictMetrics`, see
// studio/app/metrics.ts): a keystroke is timed from Monaco's change event to the frame after React
// committed the new diagnostics and graph; the first render from the file's arrival (and from the
// page's start) to the frame after its graph was committed.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generatePolicy } from './gen-policy.js';
import { median, repoRoot, type BenchOptions, type Row, type Section } from './measure.js';

interface KeystrokeSample {
  version: number;
  input: number;
  analysed?: number;
  rendered?: number;
  painted?: number;
  worker?: { parse: number; check: number; compile: number; layout: number; total: number; incremental?: boolean; receivedAt?: number; postedAt?: number; arrivedAt?: number };
}

interface Metrics {
  keystrokes: KeystrokeSample[];
  firstGraphs: { version: number; opened: number; analysed?: number; rendered?: number; painted?: number; rules: number; nodes: number; worker?: KeystrokeSample['worker']; quick?: boolean; settled?: number }[];
  editorReady?: number;
  workerReady?: number;
}

/**
 * The app of the checkout being measured. The bench runs from a bundle under node_modules/.cache,
 * and in a git worktree node_modules is a link to the main checkout's: the harness, which finds its
 * package root from its own file, would build and serve that checkout's app instead of this one.
 */
function buildApp(log: (line: string) => void): string {
  const root = repoRoot();
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-studio.mjs')], { cwd: root, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the studio app failed:\n${built.stdout}${built.stderr}`);
  if (built.stderr.trim()) log(`studio: ${built.stderr.trim()}`);
  return join(root, 'dist', 'studio');
}

const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];

export const studioSection: Section = {
  id: 'studio',
  title: 'Studio (Chromium, 500-rule policy)',
  async run({ quick, log }: BenchOptions): Promise<Row[]> {
    // The harness lives with the end-to-end tests; it builds dist/studio/ when stale.
    const { openStudio } = await import('../studio/e2e/harness.js');
    const appDir = buildApp(log);
    const text = generatePolicy({ rules: 500 });
    const other = generatePolicy({ rules: 500, seed: 2 });
    const session = await openStudio({ files: { 'bench.policy': text, 'other.policy': other }, appDir });
    try {
      const { page } = session;
      const metrics = () => page.evaluate(() => (window as unknown as { __verdictMetrics: Metrics }).__verdictMetrics);
      await page.waitForFunction(() => {
        const m = (window as unknown as { __verdictMetrics?: Metrics }).__verdictMetrics;
        return m?.firstGraphs[0]?.painted !== undefined && m.editorReady !== undefined;
      }, undefined, { timeout: 60_000 });
      // elk's layout after the quick one of the first frame (its own row; a failing elk leaves the quick one).
      await page
        .waitForFunction(() => (window as unknown as { __verdictMetrics: Metrics }).__verdictMetrics.firstGraphs[0]?.settled !== undefined, undefined, { timeout: 30_000 })
        .catch(() => log("studio: elk's layout of the first graph did not arrive within 30 s"));
      const opened = (await metrics()).firstGraphs[0];
      log(`studio: first graph of ${opened.rules} rules in ${opened.nodes} nodes`);

      // Keystrokes inside a rule's condition: change a digit, wait for the result, again.
      const target = text.split('\n').findIndex((l) => /^\s+when .*> \d+$/.test(l)) + 1;
      await page.locator('.monaco-editor textarea').first().focus();
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').fill(`:${target}:999`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
      const strokes = quick ? 8 : 30;
      const done = () => page.waitForFunction(() => {
        const s = (window as unknown as { __verdictStudio: { getState(): { version: number; analysis?: { version: number } } } }).__verdictStudio.getState();
        const m = (window as unknown as { __verdictMetrics: Metrics }).__verdictMetrics;
        return s.analysis?.version === s.version && m.keystrokes.some((k) => k.version === s.version && k.painted !== undefined);
      }, undefined, { timeout: 30_000 });
      for (let i = 0; i < strokes; i++) {
        await page.keyboard.press(i % 2 ? 'Backspace' : '7');
        await done();
        // A typist's pace: the next key does not land in the same frame.
        await page.waitForTimeout(60);
      }
      // Opening another 500-rule policy in the running studio (worker and elk warm).
      await page.locator('[data-testid="policy-other.policy"]').click();
      await page.waitForFunction(() => {
        const m = (window as unknown as { __verdictMetrics: Metrics }).__verdictMetrics;
        return m.firstGraphs[1]?.painted !== undefined;
      }, undefined, { timeout: 60_000 });
      const m = await metrics();
      const first = m.firstGraphs[0];
      const second = m.firstGraphs[1];
      // The first few keystrokes warm the worker's JIT up; a user types many.
      const samples = m.keystrokes.filter((k) => k.painted !== undefined).slice(quick ? 2 : 5);
      const latency = samples.map((k) => k.painted! - k.input);
      const worker = samples.map((k) => k.worker!.total);
      const page2worker = samples.map((k) => k.analysed! - k.input - k.worker!.total);
      // The worker stamps its clock as ms since the epoch; the page's marks count from its time origin.
      const origin = await page.evaluate(() => performance.timeOrigin);
      const part = (f: (k: KeystrokeSample, w: NonNullable<KeystrokeSample['worker']>) => number) => median(samples.map((k) => f(k, k.worker!))).toFixed(1);
      const messaging = [
        `to the worker ${part((k, w) => w.receivedAt! - origin - k.input)}`,
        `queued there ${part((_, w) => w.postedAt! - w.receivedAt! - w.total)}`,
        `back to the page ${part((_, w) => w.arrivedAt! - w.postedAt!)}`,
        `into the store and markers ${part((k, w) => k.analysed! - (w.arrivedAt! - origin))}`,
      ].join(', ');
      const render = samples.map((k) => k.painted! - k.analysed!);
      const spliced = samples.filter((k) => k.worker!.incremental).length;
      const phase = (key: 'parse' | 'check' | 'compile' | 'layout') => median(samples.map((k) => k.worker![key])).toFixed(1);
      return [
        {
          name: 'keystroke → diagnostics and graph on screen',
          figure: median(latency),
          unit: 'ms',
          target: { kind: 'max', value: 50 },
          note: `median of ${latency.length} keystrokes in a 500-rule policy (after ${quick ? 2 : 5} warm-up ones), from Monaco's change event to the frame after React committed; of which worker ${median(worker).toFixed(1)} ms (parse ${phase('parse')}, ${spliced} of ${samples.length} parses incremental, check ${phase('check')}, compile ${phase('compile')}, view and layout key ${phase('layout')}), messaging ${median(page2worker).toFixed(1)} ms (${messaging}), React Flow and the next frame ${median(render).toFixed(1)} ms`,
        },
        { name: 'keystroke → diagnostics and graph, 90th percentile', figure: p90(latency), unit: 'ms' },
        {
          name: 'first render of a 500-rule graph, page just opened',
          figure: first.painted! - first.opened,
          unit: 'ms',
          target: { kind: 'max', value: 1000 },
          note: `from the policy's text arriving in the page to the frame after its graph (${first.nodes} nodes, ${first.rules} rules) was committed: analysis ${(first.analysed! - first.opened).toFixed(0)} ms (in the worker: parse ${first.worker!.parse.toFixed(0)}, check ${first.worker!.check.toFixed(0)}, compile ${first.worker!.compile.toFixed(0)}, layout ${first.worker!.layout.toFixed(0)}${first.quick ? ', the quick layout while elk loads' : ' by elk'}), React Flow ${(first.painted! - first.analysed!).toFixed(0)} ms`,
        },
        {
          name: "first render of a 500-rule graph, page just opened: elk's layout on screen",
          figure: (first.settled ?? NaN) - first.opened,
          unit: 'ms',
          note: first.quick
            ? "elk's layout replacing the quick one of the first frame (elk loads in its own worker, from the analysis worker's start)"
            : 'the first frame had elk\'s layout already (elk was warm when the graph was ready)',
        },
        {
          name: 'first render of a 500-rule graph, studio running',
          figure: second.painted! - second.opened,
          unit: 'ms',
          target: { kind: 'max', value: 1000 },
          note: `opening a second 500-rule policy from the list: analysis ${(second.analysed! - second.opened).toFixed(0)} ms (parse ${second.worker!.parse.toFixed(0)}, check ${second.worker!.check.toFixed(0)}, compile ${second.worker!.compile.toFixed(0)}, layout ${second.worker!.layout.toFixed(0)}), React Flow ${(second.painted! - second.analysed!).toFixed(0)} ms`,
        },
        { name: 'page start → 500-rule graph on screen', figure: first.painted!, unit: 'ms', note: 'from navigation start, on a fresh browser profile: the app, the worker, elk and the first analysis' },
        { name: 'page start → editor ready (Monaco loaded)', figure: m.editorReady!, unit: 'ms' },
        {
          name: 'page start → analysis worker ready',
          figure: m.workerReady!,
          unit: 'ms',
          note: `the worker's script loaded and evaluated; the first policy's text reached it ${(first.worker!.receivedAt! - origin).toFixed(0)} ms after page start (${(first.worker!.receivedAt! - origin - first.opened).toFixed(0)} ms after arriving in the page), and waited ${(first.worker!.postedAt! - first.worker!.receivedAt! - first.worker!.total).toFixed(0)} ms there for the warm-up round under way`,
        },
      ];
    } finally {
      await session.close();
    }
  },
};
