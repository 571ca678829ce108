// Studio: the figures issue 5 asks for, measured in Debian's Chromium on the built app with a
// 500-rule policy. The page records its own timings (`window.__verdictMetrics`, see
// studio/app/metrics.ts): a keystroke is timed from Monaco's change event to the frame after React
// committed the new diagnostics and graph; the first render from the file's arrival (and from the
// page's start) to the frame after its graph was committed.

import { generatePolicy } from './gen-policy.js';
import { median, type BenchOptions, type Row, type Section } from './measure.js';

interface KeystrokeSample {
  version: number;
  input: number;
  analysed?: number;
  rendered?: number;
  painted?: number;
  worker?: { parse: number; check: number; compile: number; layout: number; total: number };
}

interface Metrics {
  keystrokes: KeystrokeSample[];
  firstGraphs: { version: number; opened: number; analysed?: number; rendered?: number; painted?: number; rules: number; nodes: number; worker?: KeystrokeSample['worker'] }[];
  editorReady?: number;
}

const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];

export const studioSection: Section = {
  id: 'studio',
  title: 'Studio (Chromium, 500-rule policy)',
  async run({ quick, log }: BenchOptions): Promise<Row[]> {
    // The harness lives with the end-to-end tests; it builds dist/studio/ when stale.
    const { openStudio } = await import('../studio/e2e/harness.js');
    const text = generatePolicy({ rules: 500 });
    const other = generatePolicy({ rules: 500, seed: 2 });
    const session = await openStudio({ files: { 'bench.policy': text, 'other.policy': other } });
    try {
      const { page } = session;
      const metrics = () => page.evaluate(() => (window as unknown as { __verdictMetrics: Metrics }).__verdictMetrics);
      await page.waitForFunction(() => {
        const m = (window as unknown as { __verdictMetrics?: Metrics }).__verdictMetrics;
        return m?.firstGraphs[0]?.painted !== undefined && m.editorReady !== undefined;
      }, undefined, { timeout: 60_000 });
      const first = (await metrics()).firstGraphs[0];
      log(`studio: first graph of ${first.rules} rules in ${first.nodes} nodes`);

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
      const second = m.firstGraphs[1];
      // The first few keystrokes warm the worker's JIT up; a user types many.
      const samples = m.keystrokes.filter((k) => k.painted !== undefined).slice(quick ? 2 : 5);
      const latency = samples.map((k) => k.painted! - k.input);
      const worker = samples.map((k) => k.worker!.total);
      const page2worker = samples.map((k) => k.analysed! - k.input - k.worker!.total);
      const render = samples.map((k) => k.painted! - k.analysed!);
      const phase = (key: 'parse' | 'check' | 'compile' | 'layout') => median(samples.map((k) => k.worker![key])).toFixed(1);
      return [
        {
          name: 'keystroke → diagnostics and graph on screen',
          figure: median(latency),
          unit: 'ms',
          target: { kind: 'max', value: 50 },
          note: `median of ${latency.length} keystrokes in a 500-rule policy (after ${quick ? 2 : 5} warm-up ones), from Monaco's change event to the frame after React committed; of which worker ${median(worker).toFixed(1)} ms (parse ${phase('parse')}, check ${phase('check')}, compile ${phase('compile')}, view and layout key ${phase('layout')}), messaging ${median(page2worker).toFixed(1)} ms, markers + React Flow ${median(render).toFixed(1)} ms`,
        },
        { name: 'keystroke → diagnostics and graph, 90th percentile', figure: p90(latency), unit: 'ms' },
        {
          name: 'first render of a 500-rule graph, page just opened',
          figure: first.painted! - first.opened,
          unit: 'ms',
          target: { kind: 'max', value: 1000 },
          note: `from the policy's text arriving in the page to the frame after its graph (${first.nodes} nodes, ${first.rules} rules, laid out by elk) was committed: analysis ${(first.analysed! - first.opened).toFixed(0)} ms (in the worker: parse ${first.worker!.parse.toFixed(0)}, check ${first.worker!.check.toFixed(0)}, compile ${first.worker!.compile.toFixed(0)}, layout ${first.worker!.layout.toFixed(0)} with elk's first load), React Flow ${(first.painted! - first.analysed!).toFixed(0)} ms`,
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
      ];
    } finally {
      await session.close();
    }
  },
};
