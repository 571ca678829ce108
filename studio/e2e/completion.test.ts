// Completion in the editor where it needs more than the word at the cursor: an enum value, offered
// when a string is opened after `field ==`, replaces the whole string (the quote the analyst typed,
// and the closing one Monaco may have added), never doubling a quote.

import { beforeAll, describe, expect, it } from 'vitest';
import { POLICY } from '../app/testing/policy.js';
import { byTest, cursorAfter, editorText, ready, settle } from './driver.js';
import { ensureStudioBuilt, openStudio } from './harness.js';

beforeAll(ensureStudioBuilt, 300_000);

describe('completion in the editor', () => {
  it(
    'offers the values of an enum field when a string is opened after `==`, and accepting one writes it once',
    async () => {
      const s = await openStudio({ files: { 'small.policy': POLICY } });
      const { page } = s;
      await ready(page, 'small.policy');
      await cursorAfter(page, 'when applicant.age < min_age');
      await page.keyboard.type(' and applicant.channel == ', { delay: 20 });
      await page.keyboard.press('Escape');
      // The quote opens the list by itself: only the field's values, no names or functions.
      await page.keyboard.type('"', { delay: 20 });
      const rows = page.locator('.suggest-widget.visible .monaco-list-row .label-name');
      await rows.first().waitFor();
      expect(await rows.allTextContents()).toEqual(['"app"', '"partner"']);
      await page.keyboard.type('pa', { delay: 20 });
      await expect.poll(() => page.locator('.suggest-widget.visible .monaco-list-row.focused .label-name').textContent()).toBe('"partner"');
      await page.keyboard.press('Enter');
      await settle(s);
      expect(await editorText(page)).toContain('when applicant.age < min_age and applicant.channel == "partner"\n');
      expect(await byTest(page, 'error-count').textContent()).toBe('0 errors');

      // A reason is free text: opening one offers nothing.
      await cursorAfter(page, 'then review "contacts');
      await page.keyboard.press('Control+Space');
      await page.waitForTimeout(500);
      expect(await page.locator('.suggest-widget.visible .monaco-list-row').count()).toBe(0);
      expect(s.errors).toEqual([]);
    },
    60_000,
  );
});
