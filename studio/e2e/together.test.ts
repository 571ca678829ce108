// Visual editing and replay as one product, in Chromium: the order a backtest suggests applied from
// the rule set's inspector (text and graph, undone by Ctrl+Z), a single-record test re-decided
// after a switch flipped on the canvas, and the replay's marks drawn inside the editable rule rows.

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../../runtime/compile.js';
import { prepare } from '../../runtime/evaluate.js';
import { byTest, editorText, fit, ready, runBacktestPanel, saveVersion, settle, viewportStill as still } from './driver.js';
import { ensureStudioBuilt } from './harness.js';
import { CASES, openSamples as samples } from './samples.js';

beforeAll(ensureStudioBuilt, 300_000);

const T = 150_000;
const TENURE = CASES.find((c) => c.name.startsWith('phone in use 4 months'))!.record;

type State = {
  lastBacktest?: { suggestedOrder: Record<string, string[]> };
  compiled?: { graph: { nodes: { id: string; kind: string; rules?: { id: string }[] }[] } };
};
const state = (page: Page) => page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): unknown } }).__verdictStudio.getState() as State);

const rulesShown = (page: Page, node: string) => byTest(page, `node-${node}`).locator('.rule-id').allTextContents();
/** The rule ids of one rule set, in the order its text writes them. */
async function rulesWritten(page: Page, ruleset: string): Promise<string[]> {
  const text = await editorText(page);
  const start = text.indexOf(`ruleset ${ruleset} `);
  const body = text.slice(start, text.indexOf('\n}', start));
  return [...body.matchAll(/^\s*rule (\w+)/gm)].map((m) => m[1]);
}

async function backtest(page: Page): Promise<void> {
  await saveVersion(page, 'base');
  await runBacktestPanel(page, 'min_phone_tenure=3');
}

async function decide(page: Page): Promise<void> {
  await byTest(page, 'test-decide').click();
  // The result is the one for the text on screen: its path is drawn, and the request is over.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { test: { deciding: boolean } } } }).__verdictStudio.getState().test.deciding), { timeout: 30_000 }).toBeFalsy();
}

/** `inner` is drawn inside `outer` (a mark inside its row), with a half-pixel of rounding. */
async function inside(page: Page, inner: string, outer: string): Promise<boolean> {
  const a = (await byTest(page, inner).boundingBox())!;
  const b = (await byTest(page, outer).boundingBox())!;
  return a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
}

/** Two boxes on screen share no pixels. */
async function apart(page: Page, one: string, other: string): Promise<boolean> {
  const a = (await byTest(page, one).boundingBox())!;
  const b = (await byTest(page, other).boundingBox())!;
  return a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5 || a.y + a.height <= b.y + 0.5 || b.y + b.height <= a.y + 0.5;
}

describe('visual editing with replay', () => {
  it(
    'orders a rule set as the last backtest suggests, in text and graph, and Ctrl+Z restores it; the rates stay on the editable rows',
    async () => {
      const s = await samples();
      const { page } = s;
      await backtest(page);

      // A rule set whose suggested order is not its current one: the sample has one by design
      // (a costly rule written before a cheaper one that rejects more).
      const st = await state(page);
      const suggested = st.lastBacktest!.suggestedOrder;
      const target = st.compiled!.graph.nodes.find((n) => n.kind === 'ruleset' && suggested[n.id] && suggested[n.id].join() !== n.rules!.map((r) => r.id).join());
      expect(target, `a rule set the backtest would reorder, among ${JSON.stringify(suggested)}`).toBeDefined();
      const id = target!.id;
      const current = target!.rules!.map((r) => r.id);
      const order = [...suggested[id].filter((r) => current.includes(r)), ...current.filter((r) => !suggested[id].includes(r))];

      // The heat is drawn inside the editable rows, beside their switch menus, overlapping nothing.
      await fit(page);
      await byTest(page, 'overlay-heat').click();
      for (const r of current) {
        const row = `rule-${r}`;
        await expect.poll(() => byTest(page, row).getAttribute('class')).toContain('is-editable');
        expect(await byTest(page, row).locator(`[data-testid="overlay-rate-${r}"]`).count()).toBe(1);
        expect(await byTest(page, row).locator(`[data-testid="switch-${r}"]`).count()).toBe(1);
      }
      await byTest(page, `node-${id}`).locator('.gnode-header').click();
      await byTest(page, 'panel-inspector').click();
      await byTest(page, 'node-inspector').waitFor();
      expect(await byTest(page, 'node-inspector').locator('.inspector-id').textContent()).toBe(id);
      await still(page);
      for (const r of current) {
        expect(await inside(page, `overlay-rate-${r}`, `rule-${r}`), JSON.stringify([r, await byTest(page, `overlay-rate-${r}`).boundingBox(), await byTest(page, `rule-${r}`).boundingBox(), await byTest(page, `overlay-rate-${r}`).textContent()])).toBe(true);
        expect(await apart(page, `overlay-rate-${r}`, `switch-${r}`)).toBe(true);
        expect(await byTest(page, `overlay-rate-${r}`).textContent()).toMatch(/^\d+(\.\d)?%/);
      }

      const before = await editorText(page);
      expect(await rulesWritten(page, id)).toEqual(current);
      await byTest(page, 'order-as-suggested').click();
      await expect.poll(() => rulesWritten(page, id)).toEqual(order);
      await settle(s);
      await expect.poll(() => rulesShown(page, id)).toEqual(order);
      // Only that rule set moved: the same characters, the rest of the text as it was.
      const after = await editorText(page);
      expect([...after].sort().join('')).toBe([...before].sort().join(''));
      expect(after.slice(0, after.indexOf(`ruleset ${id} `))).toBe(before.slice(0, before.indexOf(`ruleset ${id} `)));
      // The rates follow their rules to their new rows.
      for (const r of order) expect(await byTest(page, `rule-${r}`).locator(`[data-testid="overlay-rate-${r}"]`).count()).toBe(1);

      // Focus on the inspector's button, not in the editor: the page's Ctrl+Z reaches the editor's undo.
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);
      await settle(s);
      await expect.poll(() => rulesShown(page, id)).toEqual(current);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'keeps the canvas usable at 1280×800 with the dock and the side panel open, and remembers the dock and the sidebar folded and the divider moved',
    async () => {
      const s = await samples();
      const { page } = s;
      await page.setViewportSize({ width: 1280, height: 800 });
      await byTest(page, 'dock-tab-backtest').click();
      await byTest(page, 'panel-inspector').click();
      await byTest(page, 'visual-side').waitFor();
      const box = async (id: string) => (await byTest(page, id).boundingBox())!;
      const canvas = (await page.locator('.graph-canvas').boundingBox())!;
      const side = await box('visual-side');
      // The panel lies over the canvas's right edge as a drawer: the canvas keeps the pane's width.
      expect(canvas.width).toBeGreaterThan(520);
      expect(side.x + side.width).toBeCloseTo(canvas.x + canvas.width, 0);
      expect(side.width).toBeLessThanOrEqual(320);
      // The dock leaves the workbench most of the window, and none of the commands is cut off.
      expect((await box('replay-dock')).height).toBeLessThanOrEqual(800 * 0.36);
      const pane = await box('graph');
      for (const id of ['graph-undo', 'panel-palette', 'panel-params', 'panel-inspector', 'graph-more', 'graph-fit']) {
        const b = await box(id);
        expect(b.x >= pane.x && b.x + b.width <= pane.x + pane.width + 0.5, id).toBe(true);
      }
      for (const id of ['dock-tab-test', 'dock-tab-backtest', 'dock-tab-runs', 'overlay-off', 'dock-toggle']) {
        const b = await box(id);
        expect(b.x + b.width <= 1280 && b.y + b.height <= 800, id).toBe(true);
      }
      // The header's menu opens over the drawer, not under it.
      await byTest(page, 'graph-more').click();
      const item = await box('graph-relayout');
      expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid="graph-relayout"]') !== null, [item.x + 10, item.y + 5])).toBe(true);
      await page.keyboard.press('Escape');

      // Folded away, both stay folded after a reload, and their room goes to the editor and the graph.
      await byTest(page, 'dock-toggle').click();
      await byTest(page, 'sidebar-toggle').click();
      await byTest(page, 'sidebar').waitFor({ state: 'detached' });
      const wider = (await page.locator('.graph-canvas').boundingBox())!;
      expect(wider.width).toBeGreaterThan(canvas.width + 100);
      expect(wider.height).toBeGreaterThan(canvas.height + 150);
      // The divider dragged toward the editor gives the graph more room, and stays there after the reload.
      const divider = await box('workbench-splitter');
      const y = divider.y + divider.height / 2;
      await page.mouse.move(divider.x + 2, y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(divider.x + 2 - 15 * i, y);
      await page.mouse.up();
      const dragged = (await page.locator('.graph-canvas').boundingBox())!;
      expect(dragged.width).toBeGreaterThan(wider.width + 120);
      await page.reload();
      await ready(page, 'application.policy');
      expect(await byTest(page, 'sidebar').count()).toBe(0);
      expect((await box('replay-dock')).height).toBeLessThan(40);
      expect(Math.abs((await page.locator('.graph-canvas').boundingBox())!.width - dragged.width)).toBeLessThan(3);
      // A double click puts it back.
      await byTest(page, 'workbench-splitter').dblclick();
      await expect.poll(async () => Math.abs((await page.locator('.graph-canvas').boundingBox())!.width - wider.width)).toBeLessThan(3);
      await byTest(page, 'sidebar-toggle').click();
      await byTest(page, 'sidebar').waitFor();
      await byTest(page, 'dock-tab-runs').click();
      await byTest(page, 'dock-tab-runs').waitFor();
      await expect.poll(async () => (await box('replay-dock')).height).toBeGreaterThan(200);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    're-decides a record after a rule is switched off on the canvas: the path goes past the rule that rejected it, with the values in the editable rows',
    async () => {
      const s = await samples();
      const { page } = s;
      await byTest(page, 'dock-tab-test').click();
      await byTest(page, 'test-source-json').click();
      await byTest(page, 'test-json').fill(JSON.stringify(TENURE, null, 2));
      await decide(page);
      await expect.poll(() => byTest(page, 'test-result-decision').textContent(), { timeout: 30_000 }).toBe('reject');
      expect(await byTest(page, 'test-result-trace-path').textContent()).toBe('start → prescreen → verification → route → carrier_checks');
      await fit(page);
      await expect.poll(() => byTest(page, 'rule-phone_tenure_short').getAttribute('class')).toContain('ov-rule-decisive');
      // The path's marks live in the editable rows, next to the switch, not on top of it.
      expect(await byTest(page, 'rule-phone_tenure_short').getAttribute('class')).toContain('is-editable');
      await still(page);
      expect(await inside(page, 'overlay-rule-phone_tenure_short', 'rule-phone_tenure_short')).toBe(true);
      expect(await apart(page, 'overlay-rule-phone_tenure_short', 'switch-phone_tenure_short')).toBe(true);
      expect(await byTest(page, 'overlay-rule-phone_tenure_short').textContent()).toBe('tenure_months=4');

      // Switched off on the canvas: one edit of the text, and the same record decided again.
      await byTest(page, 'switch-phone_tenure_short').selectOption('off');
      await expect.poll(() => editorText(page)).toMatch(/rule phone_tenure_short "[^"]*" off \{/);
      await settle(s);
      await expect.poll(() => byTest(page, 'rule-phone_tenure_short').getAttribute('class')).toContain('switch-off');
      await decide(page);
      const graph = compileText(await editorText(page)).graph!;
      const expected = prepare(graph).decide(structuredClone(TENURE) as never, { trace: true });
      expect(expected.trace!.path.length).toBeGreaterThan(5);
      await expect.poll(() => byTest(page, 'test-result-trace-path').textContent(), { timeout: 30_000 }).toBe(expected.trace!.path.join(' → '));
      expect(await byTest(page, 'test-result-decision').textContent()).toBe(expected.decision);
      // The graph follows: the rule no longer decides, the nodes past it are visited.
      await expect.poll(() => byTest(page, 'rule-phone_tenure_short').getAttribute('class')).not.toContain('ov-rule-decisive');
      for (const n of graph.nodes) await expect.poll(() => byTest(page, `node-${n.id}`).getAttribute('data-visit')).toBe(expected.trace!.path.includes(n.id) ? 'visited' : 'skipped');
      expect(s.errors).toEqual([]);
    },
    T,
  );
});
