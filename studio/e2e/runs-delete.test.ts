// Deleting a stored backtest run from the dock's Runs list, in Chromium: the confirmation can keep it,
// then deletes it; the list, the server and the backtest panel all let go of it.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { byTest, runBacktestPanel, saveVersion } from './driver.js';
import { ensureStudioBuilt } from './harness.js';
import { openSamples } from './samples.js';

beforeAll(ensureStudioBuilt, 300_000);

describe('stored runs', () => {
  it(
    'deletes a run from the Runs list after a confirmation: gone from the list, the server, the disk and the backtest panel',
    async () => {
      const s = await openSamples();
      const { page } = s;
      await saveVersion(page, 'base');
      const id = await runBacktestPanel(page, 'min_phone_tenure=3');
      const runs = async () => ((await (await fetch(new URL('/api/runs', s.url))).json()) as { id: string }[]).map((r) => r.id);
      expect(await runs()).toEqual([id]);
      expect(existsSync(join(s.dir, '.verdict/runs', `${id}.swaps.jsonl`))).toBe(true);

      await byTest(page, 'dock-tab-runs').click();
      await byTest(page, `run-${id}`).waitFor({ timeout: 30_000 });
      // Asked first; Keep keeps it.
      await byTest(page, `delete-run-${id}`).click();
      expect(await byTest(page, 'run-delete-dialog').getAttribute('aria-label')).toBe(`Delete run ${id}?`);
      await byTest(page, 'run-delete-keep').click();
      await byTest(page, 'run-delete-dialog').waitFor({ state: 'detached' });
      expect(await runs()).toEqual([id]);

      await byTest(page, `delete-run-${id}`).click();
      await byTest(page, 'run-delete-confirm').click();
      await byTest(page, `run-${id}`).waitFor({ state: 'detached', timeout: 10_000 });
      await byTest(page, 'run-delete-dialog').waitFor({ state: 'detached' });
      expect(await byTest(page, 'runs-panel').textContent()).toContain('No run yet');
      expect(await byTest(page, 'runs-error').count()).toBe(0);
      expect(await runs()).toEqual([]);
      expect((await fetch(new URL(`/api/runs/${id}`, s.url))).status).toBe(404);
      expect(existsSync(join(s.dir, '.verdict/runs', `${id}.swaps.jsonl`))).toBe(false);

      // The run was open in the backtest panel: its report and its heat on the graph are gone too.
      await byTest(page, 'dock-tab-backtest').click();
      await byTest(page, 'bt-empty').waitFor();
      expect(await byTest(page, 'bt-run-status').count()).toBe(0);
      expect(await byTest(page, 'report').count()).toBe(0);
      const overlay = await page.evaluate(() => {
        const st = (window as unknown as { __verdictStudio: { getState(): { graphOverlay?: unknown; overlayMode: string } } }).__verdictStudio.getState();
        return { shown: st.graphOverlay !== undefined, mode: st.overlayMode };
      });
      expect(overlay).toEqual({ shown: false, mode: 'off' });
      expect(s.errors).toEqual([]);
    },
    120_000,
  );
});
