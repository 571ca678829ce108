// A saved version opened read-only still has the language service: hover and go to definition
// answer about the version's own text (its old values, its own lines), not about the working text.

import { beforeAll, describe, expect, it } from 'vitest';
import { POLICY } from '../app/testing/policy.js';
import { byTest, cursorAfter, editorText, ready, visibleText } from './driver.js';
import { ensureStudioBuilt, openStudio } from './harness.js';

beforeAll(ensureStudioBuilt, 300_000);

describe('a saved version, read-only', () => {
  it(
    'hovers a param with the version\'s value and doc, and goes to its definition in the version',
    async () => {
      const s = await openStudio({ files: { 'small.policy': POLICY } });
      const { page } = s;
      await ready(page, 'small.policy');
      await byTest(page, 'save-version').click();
      await byTest(page, 'version-message').fill('baseline');
      await byTest(page, 'version-submit').click();
      await byTest(page, 'version-1').waitFor();

      // The working text moves on: another value, and two lines more above the param.
      await cursorAfter(page, 'param min_age = 1');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Delete');
      await page.keyboard.type('21');
      await cursorAfter(page, 'policy small "Small policy" version 1');
      await page.keyboard.insertText('\n\n');
      await expect.poll(() => editorText(page)).toContain('param min_age = 21');

      await byTest(page, 'open-version-1').click();
      await byTest(page, 'version-banner').waitFor();
      await expect.poll(() => visibleText(page)).toContain('min_age = 18');
      const lines = POLICY.split('\n');
      const use = lines.findIndex((l) => l.includes('applicant.age < min_age')) + 1;
      const decl = lines.findIndex((l) => l.includes('param min_age = 18')) + 1;
      // The status bar follows the working text's cursor; Monaco marks the cursor's line number.
      const cursorLine = () => page.locator('.monaco-editor .line-numbers.active-line-number').first().textContent();

      // Hover on `min_age` in a condition of the version (Ctrl+K Ctrl+I shows the hover at the cursor).
      await page.locator('.monaco-editor textarea').first().focus();
      await page.keyboard.press('Control+G');
      await page.locator('.quick-input-widget input').fill(`:${use}:${lines[use - 1].indexOf('min_age') + 3}`);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
      await expect.poll(() => cursorLine()).toBe(String(use));
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Minimum age at application' });
      // Ctrl+K Ctrl+I shows the hover at the cursor; on a loaded machine the chord is now and then
      // lost, so it is given a few tries before the test gives up.
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        try {
          await hover.waitFor({ timeout: 8_000 });
          break;
        } catch (e) {
          if (attempt === 3) throw e;
          await page.keyboard.press('Escape');
        }
      }
      expect(await hover.textContent()).toContain('Default value 18');
      await page.keyboard.press('Escape');

      // Go to definition: the param's line in the version (the working text has it two lines lower).
      await page.keyboard.press('F12');
      await expect.poll(() => cursorLine()).toBe(String(decl));
      expect(await visibleText(page)).toContain('min_age = 18');

      await byTest(page, 'banner-close').click();
      await byTest(page, 'version-banner').waitFor({ state: 'detached' });
      expect(await editorText(page)).toContain('param min_age = 21');
      expect(s.errors).toEqual([]);
    },
    60_000,
  );
});
