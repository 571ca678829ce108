// The studio in Debian's Chromium, end to end: the built app, the real server, a temp workspace,
// no network. Each test drives the page as an analyst would (keyboard in the editor, clicks in the
// graph) and checks what is on screen; a failing test leaves a screenshot in test-results/.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { format } from '../../grammar/format.js';
import { POLICY } from '../app/testing/policy.js';
import { byTest, cursorAfter, editorText, gotoLine, lineOf, newLine, ready, settle, typeLines, visibleText } from './driver.js';
import { ensureStudioBuilt, openStudio, ROOT, type StudioSession } from './harness.js';

beforeAll(ensureStudioBuilt, 300_000);

const T = 60_000;

async function small(extra: Record<string, string> = {}): Promise<StudioSession> {
  const s = await openStudio({ files: { 'small.policy': POLICY, ...extra } });
  await ready(s.page, 'small.policy');
  return s;
}

const noPageErrors = (s: StudioSession) => expect(s.errors).toEqual([]);

describe('the studio', () => {
  it('is served as React\'s production build, though this suite built it under NODE_ENV=test', () => {
    // The development build (jsxDEV calls, prop checks) made typing 3-9x slower, and `npm start`
    // served it as up to date after a test run had built it.
    const assets = join(ROOT, 'dist', 'studio', 'assets');
    const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const f of scripts) expect(readFileSync(join(assets, f), 'utf8').includes('jsxDEV'), f).toBe(false);
  });

  it(
    'opens on the samples: policies listed, the editor on the first, its graph drawn node by node',
    async () => {
      const s = await openStudio();
      const { page } = s;
      await ready(page, 'application.policy');
      await expect.poll(() => byTest(page, 'policy-list').locator('button').allTextContents()).toEqual([
        expect.stringContaining('application.policy'),
        expect.stringContaining('drawdown.policy'),
        expect.stringContaining('preapproval.policy'),
      ]);
      await byTest(page, 'node-prescreen').waitFor();
      // The graph opens at a readable zoom on its top-left corner, the start in view and no node
      // cut off on the left (a wrapped layout puts later rows left of the start); Fit shows all of it.
      await byTest(page, 'node-start').waitFor();
      const pane = (await page.locator('.react-flow').boundingBox())!;
      const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
      expect(boxes.length).toBeGreaterThan(3);
      expect(Math.min(...boxes) - pane.x).toBeGreaterThanOrEqual(0);
      expect(Math.min(...boxes) - pane.x).toBeLessThan(40);
      const start = (await byTest(page, 'node-start').boundingBox())!;
      expect(start.x + start.width).toBeLessThan(pane.x + pane.width);
      await byTest(page, 'graph-fit').click();
      for (const id of ['start', 'verification', 'route', 'app_score', 'offer']) await byTest(page, `node-${id}`).waitFor();
      // A rule set lists its rules in effective order, with switch state, outcome and cost class.
      const zhima = byTest(page, 'rule-zhima_low');
      expect(await zhima.locator('.switch-badge').textContent()).toBe('off');
      expect(await zhima.locator('.outcome-pill').textContent()).toBe('reject');
      const ids = await byTest(page, 'node-verification').locator('.rule-id').allTextContents();
      expect(ids.slice(0, 3)).toEqual(['fraud_b_trial', 'fraud_a_hit', 'bureau_blacklisted']);
      expect(await byTest(page, 'rule-credit_severe_overdue').locator('.cost-badge').textContent()).toBe('ext·query·slow');
      // A branch carries its conditions on its edges.
      expect(await byTest(page, 'edge-label-route->partner_checks#0').textContent()).toBe('applicant.channel == "partner"');
      expect(await byTest(page, 'error-count').textContent()).toBe('0 errors');

      await byTest(page, 'policy-drawdown.policy').click();
      await ready(page, 'drawdown.policy');
      await expect.poll(() => page.locator('[data-testid^="node-"]').count()).toBeGreaterThan(2);
      expect(await byTest(page, 'node-prescreen').count()).toBe(0);
      noPageErrors(s);
    },
    T,
  );

  it(
    'shows a typo as a diagnostic with the graph kept but stale, and the quick fix brings the new rule into the graph',
    async () => {
      const s = await small();
      const { page } = s;
      expect(await byTest(page, 'rule-rich').count()).toBe(0);
      await cursorAfter(page, 'ruleset screen "Screening" order cost {');
      await newLine(page);
      await typeLines(page, ['rule rich "Rich" {', 'when applicant.incme > 100000', 'then flag "rich"', '}']);
      await settle(s);

      await expect.poll(() => byTest(page, 'error-count').textContent()).toBe('1 error');
      const problem = byTest(page, 'problem').first();
      expect(await problem.textContent()).toContain('incme');
      expect(await problem.textContent()).toContain('did you mean `income`?');
      // On a narrow window the message is cut with "…": whatever is cut in the panel is whole in its title.
      await page.setViewportSize({ width: 1000, height: 800 });
      const cut = () =>
        byTest(page, 'problem-list').evaluate((list) =>
          [...list.querySelectorAll<HTMLElement>('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden').map((e) => ({ text: e.textContent, title: e.title })),
        );
      await expect.poll(async () => (await cut()).length).toBeGreaterThan(0);
      for (const c of await cut()) expect(c.title).toBe(c.text);
      expect(await byTest(page, 'problem-message').first().getAttribute('title')).toMatch(/incme.* — .*did you mean `income`\?$/);
      await page.setViewportSize({ width: 1280, height: 800 });
      await byTest(page, 'graph-stale').waitFor();
      expect(await byTest(page, 'rule-rich').count()).toBe(0);
      expect(await page.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThan(0);

      // Quick fix: cursor on the typo, Ctrl+. and accept "Change to `income`".
      await cursorAfter(page, 'applicant.inc');
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget').getByText('Change to `income`');
      await fix.waitFor();
      await page.keyboard.press('Enter');
      await settle(s);
      expect(await editorText(page)).toMatch(/rule rich "Rich" \{\s+when applicant.income > 100000\s+then flag "rich"\s+\}\s+rule bureau_dpd/);
      await expect.poll(() => byTest(page, 'error-count').textContent()).toBe('0 errors');
      await byTest(page, 'graph-stale').waitFor({ state: 'detached' });
      const rich = byTest(page, 'rule-rich');
      await rich.waitFor();
      expect(await rich.locator('.outcome-pill').textContent()).toBe('flag');
      expect(await byTest(page, 'node-screen').locator('.rule-id').allTextContents()).toEqual(['rich', 'underage', 'few_contacts', 'listed', 'bureau_dpd']);

      // Ctrl+S in the editor writes the file, once.
      expect(await byTest(page, 'dirty').count()).toBe(1);
      await page.keyboard.press('Control+S');
      await byTest(page, 'dirty').waitFor({ state: 'detached' });
      const onDisk = await (await fetch(new URL('api/file?path=small.policy', s.url))).json();
      expect(onDisk.text).toBe(await editorText(page));
      expect(await byTest(page, 'conflict-dialog').count()).toBe(0);
      noPageErrors(s);
    },
    T,
  );

  it(
    'completes a param name, and field names after a dot',
    async () => {
      const s = await small();
      const { page } = s;
      await cursorAfter(page, 'when bureau.dpd > max_dpd');
      for (let i = 0; i < 'max_dpd'.length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type('max_', { delay: 20 });
      await page.keyboard.press('Control+Space');
      const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'max_dpd' });
      await item.waitFor();
      // Completion comes from the grammar, not from the words in the file.
      expect(await page.locator('.suggest-widget .monaco-list-row').allTextContents()).toEqual([expect.stringContaining('max_dpd')]);
      await page.keyboard.press('Enter');
      await settle(s);
      expect(await editorText(page)).toContain('when bureau.dpd > max_dpd\n');
      expect(await byTest(page, 'error-count').textContent()).toBe('0 errors');

      await cursorAfter(page, 'when applicant.age < min_age');
      await page.keyboard.type(' and applicant.', { delay: 20 });
      const fields = page.locator('.suggest-widget .monaco-list-row .label-name');
      await fields.first().waitFor();
      const labels = await fields.allTextContents();
      expect(labels).toEqual(expect.arrayContaining(['id', 'age', 'income', 'channel', 'contacts']));
      await page.keyboard.press('Escape');
      noPageErrors(s);
    },
    T,
  );

  it(
    'saves a version, diffs it against the edited text as text and as meaning, and opens it read-only',
    async () => {
      const s = await small();
      const { page } = s;
      await byTest(page, 'save-version').click();
      await byTest(page, 'version-message').fill('baseline');
      await byTest(page, 'version-submit').click();
      await byTest(page, 'version-1').waitFor();
      expect(await byTest(page, 'version-1').textContent()).toContain('baseline');
      expect(await byTest(page, 'toast').textContent()).toContain('Saved version 1 of small.policy');

      // Raise the minimum age and switch the shadow rule on.
      await cursorAfter(page, 'param min_age = 1');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Delete');
      await page.keyboard.type('21');
      await cursorAfter(page, 'rule listed "Blacklisted"');
      for (let i = 0; i < ' shadow'.length; i++) await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Delete');
      await settle(s);
      expect(await editorText(page)).toContain('param min_age = 21 "Minimum age at application"\n');
      expect(await editorText(page)).toContain('rule listed "Blacklisted" {\n');
      expect(await byTest(page, 'error-count').textContent()).toBe('0 errors');

      await byTest(page, 'diff-version-1').click();
      await byTest(page, 'diff-view').waitFor();
      await page.locator('.monaco-diff-editor').waitFor();
      await expect.poll(() => byTest(page, 'semantic-count').textContent(), { timeout: 20_000 }).toBe('2 changes');
      expect(await byTest(page, 'sd-param-changed').textContent()).toMatch(/min_age\s*18 → 21/);
      expect(await byTest(page, 'sd-rule-changed').textContent()).toContain('switch shadow → on');
      await expect.poll(() => page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert').count()).toBeGreaterThan(0);

      // The version is kept by the server, immutable.
      const listed = await (await fetch(new URL('api/versions?policy=small.policy', s.url))).json();
      expect(listed).toMatchObject([{ policy: 'small.policy', number: 1, message: 'baseline' }]);

      expect(await byTest(page, 'semantic-identical').count()).toBe(0);

      // Escape closes it, as it closes a dialog, with the focus in its text too; the focus goes
      // back to the button that opened it.
      await page.locator('.monaco-diff-editor .modified-in-monaco-diff-editor .view-line').filter({ hasText: 'min_age = 21' }).click();
      await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-diff-editor'))).toBe(true);
      await page.keyboard.press('Escape');
      await byTest(page, 'diff-view').waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('diff-version-1');

      await byTest(page, 'open-version-1').click();
      await byTest(page, 'version-banner').waitFor();
      await expect.poll(() => visibleText(page)).toContain('min_age = 18');
      // Read-only: typing changes nothing.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.type('zzz');
      expect(await visibleText(page)).not.toContain('zzz');
      await byTest(page, 'banner-close').click();
      await byTest(page, 'version-banner').waitFor({ state: 'detached' });
      expect(await editorText(page)).toContain('param min_age = 21');

      // A version compared with itself: the texts are the same, and the panel says so.
      await byTest(page, 'open-version-1').click();
      await byTest(page, 'banner-diff').click();
      await byTest(page, 'diff-view').waitFor();
      await byTest(page, 'diff-right').selectOption('1');
      await byTest(page, 'semantic-identical').waitFor();
      expect(await byTest(page, 'semantic-identical').textContent()).toBe('The two texts are identical.');
      await expect.poll(() => byTest(page, 'semantic-count').textContent(), { timeout: 20_000 }).toBe('0 changes');
      expect(await byTest(page, 'semantic-none').count()).toBe(0);
      // Escape again: the banner that opened it is gone, so the focus goes to the editor.
      await page.keyboard.press('Escape');
      await byTest(page, 'diff-view').waitFor({ state: 'detached' });
      await page.locator('.monaco-editor.focused').first().waitFor();
      expect(await editorText(page)).toContain('param min_age = 21');
      noPageErrors(s);
    },
    T,
  );

  it(
    'keeps the keyboard inside a dialog: Tab cycles through its controls, the page behind is inert, Escape closes it',
    async () => {
      const s = await small({ 'two.policy': POLICY });
      const { page } = s;
      await byTest(page, 'policy-two.policy').waitFor();
      await byTest(page, 'save-version').click();
      const dialog = byTest(page, 'save-version-dialog');
      await byTest(page, 'version-message').fill('baseline');
      const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="save-version-dialog"]'));
      const seen = new Set<string>();
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
        expect(await inDialog()).toBe(true);
        seen.add(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60) ?? ''));
      }
      // Its three controls, every one reached, nothing outside it.
      expect(seen.size).toBe(3);
      // Enter on whatever has the focus acts inside the dialog; the page behind takes no click either.
      expect(await page.locator('#root').getAttribute('inert')).toBe('');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await page.locator('#root').getAttribute('inert')).toBeNull();
      expect(await byTest(page, 'current-file').textContent()).toBe('small.policy');
      // The focus is back where it was, on the button that opened the dialog.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('save-version');
      noPageErrors(s);
    },
    T,
  );

  it(
    'lets the keyboard leave the editor: Ctrl+M makes Tab move the focus on instead of indenting',
    async () => {
      const s = await small();
      const { page } = s;
      const before = await editorText(page);
      await cursorAfter(page, 'param min_age');
      const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
      expect(await inEditor()).toBe(true);
      await page.keyboard.press('Control+M');
      // Tab moves on: past the editor's own focusable parts (sticky-scroll lines) and out of it.
      let tabs = 0;
      while ((await inEditor()) && tabs < 4) {
        await page.keyboard.press('Tab');
        tabs++;
      }
      expect(await inEditor()).toBe(false);
      expect(await editorText(page)).toBe(before);
      // Back in the editor, Ctrl+M again: Tab indents as before.
      await cursorAfter(page, 'param min_age');
      await page.keyboard.press('Control+M');
      await page.keyboard.press('Tab');
      expect(await inEditor()).toBe(true);
      expect(await editorText(page)).not.toBe(before);
      noPageErrors(s);
    },
    T,
  );

  it(
    'reveals the text of a rule clicked in the graph, and selects the node under the cursor',
    async () => {
      const s = await small();
      const { page } = s;
      await byTest(page, 'rule-listed').click();
      const line = await lineOf(page, 'rule listed "Blacklisted" shadow');
      await expect.poll(() => byTest(page, 'cursor-position').textContent()).toMatch(new RegExp(`^Ln ${line + 3},`));
      expect(await byTest(page, 'rule-listed').getAttribute('class')).toContain('is-selected');

      await gotoLine(page, await lineOf(page, '[18, 30) => 10'), 5);
      await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('score');
      await gotoLine(page, await lineOf(page, 'when bureau.dpd > max_dpd'), 5);
      await expect.poll(() => page.locator('.react-flow__node.selected').getAttribute('data-id')).toBe('screen');
      expect(await byTest(page, 'rule-bureau_dpd').getAttribute('class')).toContain('is-selected');
      noPageErrors(s);
    },
    T,
  );

  it(
    'hovers a param, goes to its definition, renames it everywhere, and formats the document',
    async () => {
      const messy = POLICY.replace('param max_dpd = 30', 'param   max_dpd=30').replace('    when applicant.age < min_age', 'when   applicant.age<min_age');
      const s = await openStudio({ files: { 'small.policy': messy } });
      const { page } = s;
      await ready(page, 'small.policy');

      await cursorAfter(page, 'applicant.age<min_a');
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Minimum age at application' });
      // The chord (Ctrl+K Ctrl+I) can be lost on a loaded machine between its two keys: asked again
      // until the hover shows, as a user would.
      for (let attempt = 0; ; attempt++) {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        const shown = await hover.waitFor({ timeout: 10_000 }).then(
          () => true,
          () => false,
        );
        if (shown) break;
        if (attempt === 3) await hover.waitFor({ timeout: 1 });
        await page.keyboard.press('Escape');
      }
      expect(await hover.textContent()).toContain('Default value 18');
      await page.keyboard.press('Escape');

      await page.keyboard.press('F12');
      const paramLine = await lineOf(page, 'param min_age = 18');
      await expect.poll(() => byTest(page, 'cursor-position').textContent()).toMatch(new RegExp(`^Ln ${paramLine},`));

      await cursorAfter(page, 'param   max_d');
      await page.keyboard.press('F2');
      const input = page.locator('.rename-box input');
      await input.waitFor();
      await input.fill('max_arrears');
      await page.keyboard.press('Enter');
      await expect.poll(async () => (await editorText(page)).match(/max_arrears/g)?.length).toBe(2);
      expect(await editorText(page)).not.toContain('max_dpd');
      await settle(s);

      await byTest(page, 'format').click();
      const expected = format(messy.replace(/max_dpd/g, 'max_arrears')).text;
      await expect.poll(() => editorText(page)).toBe(expected);
      expect(expected).toContain('param max_arrears = 30\n');
      noPageErrors(s);
    },
    T,
  );
});
