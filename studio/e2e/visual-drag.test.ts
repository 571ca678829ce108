// Two visual acts driven by a real pointer in Debian's Chromium: a rule set dragged onto a flow
// edge (`move-node`), and an edge's target end dragged to another node (React Flow's reconnect).
// Each is checked in the text (the smallest edit), in the graph's edges, and undone with Ctrl+Z.

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { byTest, editorText, fit, settle } from './driver.js';
import { ensureStudioBuilt } from './harness.js';
import { openSmall as studio, WITH_MANUAL, WRITTEN } from './small.js';

beforeAll(ensureStudioBuilt, 300_000);

const T = 90_000;

/** The ids of the edges drawn, sorted. */
const edgeIds = (page: Page) => page.locator('.react-flow__edge').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id ?? '').sort());

/** The line numbers (0-based) where two texts differ, compared line by line (same line count). */
function changedLines(a: string, b: string): number[] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return x.flatMap((line, i) => (line === y[i] ? [] : [i]));
}

/** The 0-based lines of the `flow { … }` block. */
function flowBlock(text: string): [number, number] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('flow {'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('}'));
  return [start, end];
}

/** The screen point in the middle of an edge's drawn path. */
function edgeMiddle(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.locator(`[data-testid="rf__edge-${id}"] path.react-flow__edge-path`).evaluate((el) => {
    const path = el as SVGPathElement;
    const p = path.getPointAtLength(path.getTotalLength() / 2);
    const m = path.getScreenCTM()!;
    return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
  });
}

/** Moves the mouse in steps (React Flow needs moves between down and up to see a drag). */
async function glide(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  for (let i = 1; i <= steps; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
}

const center = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

describe('visual editing by dragging', () => {
  it(
    'moves a rule set by dropping its node on a flow edge: the edge lights up, the flow line changes, Ctrl+Z restores the text',
    async () => {
      const text = WRITTEN.replace('\nscorecard score', '\nruleset extra "Extra" {\n  rule rich {\n    when applicant.income > 100000\n    then flag\n  }\n}\n\nscorecard score').replace(
        'start -> screen -> route',
        'start -> screen -> extra -> route',
      );
      const s = await studio(text);
      const { page } = s;
      const before = await editorText(page);
      // The graph opens on its top-left corner: the whole of it is in view after Fit.
      await fit(page);
      await byTest(page, 'node-extra').waitFor();
      expect(await edgeIds(page)).toEqual(expect.arrayContaining(['start->screen', 'screen->extra', 'extra->route']));

      // A plain edge is drawn in the studio's grey (.gedge sets React Flow's edge variables).
      const style = (id: string) => byTest(page, `rf__edge-${id}`).locator('path.react-flow__edge-path').evaluate((el) => [getComputedStyle(el).stroke, getComputedStyle(el).strokeWidth]);
      expect(await style('screen->extra')).toEqual(['rgb(152, 162, 179)', '1.4px']);
      const header = (await byTest(page, 'node-extra').locator('.gnode-header').boundingBox())!;
      const grab = { x: header.x + 20, y: header.y + header.height / 2 };
      const onEdge = await edgeMiddle(page, 'start->screen');
      await page.mouse.move(grab.x, grab.y);
      await page.mouse.down();
      await glide(page, grab, onEdge);
      // The edge under the pointer is highlighted (drawn thicker) while the node is dragged over it.
      const target = byTest(page, 'rf__edge-start->screen');
      await expect.poll(() => target.evaluate((el) => el.classList.contains('is-drop-target'))).toBe(true);
      expect(await target.locator('path.react-flow__edge-path').evaluate((el) => getComputedStyle(el).strokeWidth)).toBe('4px');
      expect(await page.locator('.react-flow__edge.is-drop-target').count()).toBe(1);
      await page.mouse.up();

      await expect.poll(() => editorText(page)).toContain('start -> extra -> screen -> route');
      const after = await editorText(page);
      // The smallest edit: only lines of the flow block changed (here its one chain).
      const [from, to] = flowBlock(before);
      const changed = changedLines(before, after);
      expect(changed.length).toBeGreaterThan(0);
      for (const line of changed) expect(line > from && line < to).toBe(true);
      expect(after.replace('start -> extra -> screen -> route', 'start -> screen -> extra -> route')).toBe(before);
      // The highlight goes with the drop (the edge itself goes once the new text is analysed).
      await expect.poll(() => page.locator('.react-flow__edge.is-drop-target').count()).toBe(0);

      await settle(s);
      await expect.poll(() => edgeIds(page)).toEqual(expect.arrayContaining(['start->extra', 'extra->screen', 'screen->route']));
      const moved = await edgeIds(page);
      for (const gone of ['start->screen', 'screen->extra', 'extra->route']) expect(moved).not.toContain(gone);
      // The dropped node was not kept where it was dropped: the layout places it anew.
      expect(await page.evaluate(() => Object.keys((window as unknown as { __verdictStudio: { getState(): { positions: object } } }).__verdictStudio.getState().positions))).toEqual([]);

      await page.locator('.graph-canvas').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);
      await settle(s);
      await expect.poll(() => edgeIds(page)).toEqual(expect.arrayContaining(['start->screen', 'screen->extra', 'extra->route']));
      expect(await edgeIds(page)).not.toContain('start->extra');
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    "reconnects an existing edge by dragging its target end onto another node (its handle, or its body); one identifier changes; a drop on nothing changes nothing; Ctrl+Z restores it",
    async () => {
      // The branch's else arm leads to `score`; a second decision `manual` is reached by another arm.
      const text = WITH_MANUAL;
      const s = await studio(text);
      const { page } = s;
      const before = await editorText(page);
      await fit(page);
      const edge = 'route->score#-1';
      await byTest(page, `rf__edge-${edge}`).waitFor({ state: 'attached' });

      // The else edge's target end: the anchor React Flow draws on a reconnectable edge.
      const anchor = byTest(page, `rf__edge-${edge}`).locator('.react-flow__edgeupdater-target');
      await anchor.waitFor({ state: 'attached' });
      const grab = center((await anchor.boundingBox())!);
      // Several edges end on `score`: each on a handle of its own, its grip apart from the others'
      // and where its own line ends, and the one under the pointer is the one dragged.
      const into = (await edgeIds(page)).filter((id) => id.split('->')[1]?.split('#')[0] === 'score');
      expect(into.length).toBeGreaterThan(1);
      const grips = await Promise.all(into.map(async (id) => center((await byTest(page, `rf__edge-${id}`).locator('.react-flow__edgeupdater-target').boundingBox())!)));
      const ends = await page.evaluate(
        (ids) =>
          ids.map((id) => {
            const path = document.querySelector<SVGPathElement>(`[data-testid="rf__edge-${id}"] path.react-flow__edge-path`)!;
            const p = path.getPointAtLength(path.getTotalLength());
            const m = path.getScreenCTM()!;
            return { x: m.a * p.x + m.c * p.y + m.e, y: m.b * p.x + m.d * p.y + m.f };
          }),
        into,
      );
      for (let i = 0; i < grips.length; i++) {
        expect(Math.hypot(grips[i].x - ends[i].x, grips[i].y - ends[i].y)).toBeLessThan(8);
        for (let j = i + 1; j < grips.length; j++) expect(Math.hypot(grips[i].x - grips[j].x, grips[i].y - grips[j].y)).toBeGreaterThan(8);
      }
      expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest<HTMLElement>('.react-flow__edge')?.dataset.id, grab)).toBe(edge);
      // New edges are drawn to a node's own handle (the others belong to the edges in).
      const handle = page.locator('.react-flow__node[data-id="manual"] .react-flow__handle.target:not(.ghandle-in)');
      const drop = center((await handle.boundingBox())!);
      await page.mouse.move(grab.x, grab.y);
      await page.mouse.down();
      await glide(page, grab, drop);
      // While the end is dragged, React Flow draws the connection line.
      await page.locator('.react-flow__connection').waitFor({ state: 'attached' });
      await page.mouse.up();

      await expect.poll(() => editorText(page)).toContain('else -> manual');
      const after = await editorText(page);
      // One identifier changed: the else arm's target.
      expect(changedLines(before, after).map((i) => after.split('\n')[i].trim())).toEqual(['else -> manual']);
      expect(after.replace('else -> manual', 'else -> score')).toBe(before);
      await settle(s);
      await byTest(page, 'rf__edge-route->manual#-1').waitFor({ state: 'attached' });
      expect(await byTest(page, `rf__edge-${edge}`).count()).toBe(0);
      expect(await edgeIds(page)).toEqual(expect.arrayContaining(['route->score#0', 'route->manual#1', 'route->manual#-1']));
      expect(await byTest(page, 'arm-route-else').textContent()).toContain('→ manual');

      // Dropped on nothing: no act, the text stays.
      const a2 = byTest(page, 'rf__edge-route->manual#-1').locator('.react-flow__edgeupdater-target');
      const g2 = center((await a2.boundingBox())!);
      const nowhere = { x: g2.x, y: g2.y + 400 };
      const canvas = (await page.locator('.graph-canvas').boundingBox())!;
      nowhere.y = Math.min(nowhere.y, canvas.y + canvas.height - 10);
      await page.mouse.move(g2.x, g2.y);
      await page.mouse.down();
      await glide(page, g2, nowhere);
      await page.locator('.react-flow__connection').waitFor({ state: 'attached' });
      await page.mouse.up();
      await page.locator('.react-flow__connection').waitFor({ state: 'detached' });
      await byTest(page, 'rf__edge-route->manual#-1').locator('path.react-flow__edge-path').waitFor({ state: 'attached' });
      expect(await editorText(page)).toBe(after);

      await page.locator('.graph-canvas').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);
      await settle(s);
      await byTest(page, `rf__edge-${edge}`).waitFor({ state: 'attached' });
      expect(await byTest(page, 'rf__edge-route->manual#-1').count()).toBe(0);
      expect(await byTest(page, 'arm-route-else').textContent()).toContain('→ score');

      // Dropped on the node's body, away from its handle: that node is meant, the same one-word edit.
      await fit(page);
      const g3 = center((await byTest(page, `rf__edge-${edge}`).locator('.react-flow__edgeupdater-target').boundingBox())!);
      const body = (await byTest(page, 'node-manual').boundingBox())!;
      const inside = { x: body.x + body.width * 0.6, y: body.y + body.height * 0.6 };
      await page.mouse.move(g3.x, g3.y);
      await page.mouse.down();
      await glide(page, g3, inside);
      await page.locator('.react-flow__connection').waitFor({ state: 'attached' });
      await page.mouse.up();
      await expect.poll(() => editorText(page)).toBe(after);
      await settle(s);
      await byTest(page, 'rf__edge-route->manual#-1').waitFor({ state: 'attached' });
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);
      expect(s.errors).toEqual([]);
    },
    T,
  );
});
