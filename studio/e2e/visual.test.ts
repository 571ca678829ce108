// Visual editing in Debian's Chromium: every act on the canvas (drag, toggle, param, reconnect, add,
// delete, undo and redo) is checked twice — in the graph on screen and in the policy text (the
// editor's model, through the store's text, which the editor keeps equal to it).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { byTest, editorText, fit, lineOf, ready, settle } from './driver.js';
import { ensureStudioBuilt } from './harness.js';
import { openSmall as studio, WITH_MANUAL, WRITTEN } from './small.js';

beforeAll(ensureStudioBuilt, 300_000);

const T = 90_000;

const rulesShown = (page: Page) => byTest(page, 'node-screen').locator('.rule-id').allTextContents();
/** Rule ids in the order the text writes them. */
const rulesWritten = async (page: Page) => [...(await editorText(page)).matchAll(/^\s*rule (\w+)/gm)].map((m) => m[1]);
async function dragRow(page: Page, from: string, onto: string, above = true): Promise<void> {
  const a = (await byTest(page, from).boundingBox())!;
  const b = (await byTest(page, onto).boundingBox())!;
  await page.mouse.move(a.x + 40, a.y + a.height / 2);
  await page.mouse.down();
  const y = above ? b.y + 2 : b.y + b.height - 2;
  for (let i = 1; i <= 8; i++) await page.mouse.move(a.x + 40, a.y + a.height / 2 + ((y - (a.y + a.height / 2)) * i) / 8);
  await page.mouse.up();
}

async function dragTo(page: Page, fromTestId: string, toTestId: string): Promise<void> {
  const a = (await byTest(page, fromTestId).boundingBox())!;
  const b = (await byTest(page, toTestId).boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(a.x + a.width / 2 + ((b.x + b.width / 2 - a.x - a.width / 2) * i) / 10, a.y + a.height / 2 + ((b.y + b.height / 2 - a.y - a.height / 2) * i) / 10);
  await page.mouse.up();
}

describe('visual editing', () => {
  it(
    'reorders a rule by dragging it, and Ctrl+Z / Ctrl+Y undo and redo the drag in text and graph',
    async () => {
      const s = await studio();
      const { page } = s;
      const before = await editorText(page);
      expect(await rulesShown(page)).toEqual(['bureau_dpd', 'underage', 'listed', 'few_contacts']);
      // Nothing to undo or redo yet: the toolbar's buttons say so.
      const enabled = async () => [await byTest(page, 'graph-undo').isEnabled(), await byTest(page, 'graph-redo').isEnabled()];
      expect(await enabled()).toEqual([false, false]);

      await dragRow(page, 'rule-few_contacts', 'rule-bureau_dpd');
      await expect.poll(() => rulesWritten(page)).toEqual(['few_contacts', 'bureau_dpd', 'underage', 'listed']);
      await expect.poll(enabled).toEqual([true, false]);
      await settle(s);
      await expect.poll(() => rulesShown(page)).toEqual(['few_contacts', 'bureau_dpd', 'underage', 'listed']);
      // The smallest edit: the rule's lines moved, nothing else changed.
      const after = await editorText(page);
      expect(after.length).toBe(before.length);
      expect(after.replace(/\s+/g, ' ')).not.toBe(before.replace(/\s+/g, ' '));
      expect([...after].sort().join('')).toBe([...before].sort().join(''));

      // The focus is on the canvas, not in the editor: the page's keys reach the editor's undo stack.
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);
      await expect.poll(enabled).toEqual([false, true]);
      await settle(s);
      await expect.poll(() => rulesShown(page)).toEqual(['bureau_dpd', 'underage', 'listed', 'few_contacts']);
      await page.keyboard.press('Control+Y');
      await expect.poll(() => editorText(page)).toBe(after);
      await settle(s);
      await expect.poll(() => rulesShown(page)).toEqual(['few_contacts', 'bureau_dpd', 'underage', 'listed']);
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);
      await page.keyboard.press('Control+Shift+Z');
      await expect.poll(() => editorText(page)).toBe(after);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'moves a focused rule with Alt+Down, and reorders a decision clause and a branch condition by dragging',
    async () => {
      const text = WRITTEN.replace('  else => reject "score too low"', '  when score >= 550 => review "close"\n  else => reject "score too low"').replace(
        '  else -> score\n}',
        '  when applicant.age > 60 -> score\n  else -> score\n}',
      );
      const s = await studio(text);
      const { page } = s;
      await byTest(page, 'rule-underage').focus();
      await page.keyboard.press('Alt+ArrowDown');
      await expect.poll(() => rulesWritten(page)).toEqual(['bureau_dpd', 'listed', 'underage', 'few_contacts']);
      await settle(s);
      await expect.poll(() => rulesShown(page)).toEqual(['bureau_dpd', 'listed', 'underage', 'few_contacts']);

      await fit(page);
      await dragRow(page, 'clause-offer-1', 'clause-offer-0');
      await expect.poll(async () => (await editorText(page)).indexOf('when score >= 550') < (await editorText(page)).indexOf('when score >= approve_score')).toBe(true);
      await settle(s);
      await expect.poll(() => byTest(page, 'node-offer').locator('.dec-when').allTextContents()).toEqual(['score >= 550', 'score >= approve_score', 'else']);

      await dragRow(page, 'arm-route-arm-1', 'arm-route-arm-0');
      await expect.poll(async () => (await editorText(page)).indexOf('when applicant.age > 60 -> score') < (await editorText(page)).indexOf('when applicant.channel == "partner"')).toBe(true);
      await settle(s);
      await expect.poll(() => byTest(page, 'node-route').locator('.arm-when').allTextContents()).toEqual(['applicant.age > 60', 'applicant.channel == "partner"', 'else']);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'leaves the keyboard in the graph after a click: Delete on a clicked node asks with its references, Alt+Down moves a clicked rule; Tab shows where it is, Enter inspects',
    async () => {
      const s = await studio();
      const { page } = s;
      const before = await editorText(page);
      const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
      await fit(page);

      // A click on a node shows its text (selected in the editor) but keeps the keyboard on the node:
      // Delete is the graph's, and asks first, listing what refers to it. In the editor it would
      // have deleted the selected declaration, references and all.
      await byTest(page, 'node-score').locator('.gnode-header').click();
      const line = await lineOf(page, 'scorecard score "Score" {');
      await expect.poll(() => byTest(page, 'cursor-position').textContent()).toMatch(/^Ln \d+,/);
      expect(Number(/^Ln (\d+),/.exec((await byTest(page, 'cursor-position').textContent()) ?? '')![1])).toBeGreaterThanOrEqual(line);
      expect(await inEditor()).toBe(false);
      await page.keyboard.press('Delete');
      await byTest(page, 'delete-references').waitFor();
      expect(await byTest(page, 'delete-dialog').textContent()).toContain('score');
      expect(await editorText(page)).toBe(before);
      await page.keyboard.press('Escape');
      await byTest(page, 'delete-dialog').waitFor({ state: 'detached' });
      expect(await editorText(page)).toBe(before);

      // A click on a rule, then Alt+Down (as its row says): the rule moves, one rule down; in the
      // editor, Alt+Down would have moved the selected lines across the next rule's header.
      await byTest(page, 'rule-bureau_dpd').click();
      expect(await inEditor()).toBe(false);
      const written = () => editorText(page).then((t) => [...t.matchAll(/^\s*rule (\w+)/gm)].map((m) => m[1]));
      await page.keyboard.press('Alt+ArrowDown');
      await expect.poll(written).toEqual(['underage', 'bureau_dpd', 'listed', 'few_contacts']);
      await settle(s);
      expect((await page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { analysis?: { diagnostics: { severity: string }[] } } } }).__verdictStudio.getState().analysis?.diagnostics ?? [])).filter((d) => d.severity === 'error')).toEqual([]);
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);

      // "Show in text" in the inspector does take the keyboard to the text.
      await byTest(page, 'node-score').locator('.gnode-header').click();
      await byTest(page, 'panel-inspector').click();
      await byTest(page, 'node-inspector').getByRole('button', { name: 'Show in text' }).click();
      await expect.poll(inEditor).toBe(true);
      await byTest(page, 'panel-inspector').click();

      // The keyboard: Tab reaches the nodes (not the edges, which take no keys: their "+" does),
      // a focused node is outlined, and Enter opens it in the inspector.
      await byTest(page, 'graph-fit').focus();
      const reached: string[] = [];
      for (let i = 0; i < 50 && reached.at(-1) !== 'rf__node-score'; i++) {
        await page.keyboard.press('Tab');
        reached.push((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)) ?? '');
      }
      expect(reached.at(-1)).toBe('rf__node-score');
      expect(reached.filter((id) => id.startsWith('rf__edge-'))).toEqual([]);
      expect(await byTest(page, 'node-score').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
      await page.keyboard.press('Enter');
      await byTest(page, 'node-inspector').waitFor();
      expect(await byTest(page, 'node-inspector').textContent()).toContain('score');
      await page.keyboard.press('Escape');
      await page.locator('.react-flow__node[data-id="score"]').focus();
      await page.keyboard.press('Delete');
      await byTest(page, 'delete-dialog').waitFor();
      await page.keyboard.press('Escape');
      expect(await editorText(page)).toBe(before);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'switches a rule off and on from the graph; a required rule refuses, with the reason',
    async () => {
      const s = await studio();
      const { page } = s;
      await byTest(page, 'switch-listed').selectOption('off');
      await expect.poll(() => editorText(page)).toContain('rule listed "Blacklisted" off {');
      await settle(s);
      await expect.poll(() => byTest(page, 'rule-listed').getAttribute('class')).toContain('switch-off');

      await byTest(page, 'switch-listed').selectOption('on');
      await expect.poll(() => editorText(page)).toContain('rule listed "Blacklisted" {');
      await settle(s);
      await expect.poll(() => byTest(page, 'rule-listed').getAttribute('class')).toContain('switch-on');

      const before = await editorText(page);
      await byTest(page, 'switch-underage').selectOption('off');
      await expect.poll(() => byTest(page, 'toast').textContent()).toMatch(/underage.*required/);
      expect(await editorText(page)).toBe(before);
      await expect.poll(() => byTest(page, 'switch-underage').inputValue()).toBe('required');
      expect(await byTest(page, 'rule-underage').getAttribute('class')).toContain('switch-required');
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'edits a param in the parameter panel with a type check, and a rule in the inspector',
    async () => {
      const s = await studio();
      const { page } = s;
      await byTest(page, 'panel-params').click();
      const input = byTest(page, 'param-input-min_age');
      // A value typed and left without Enter or Set is marked as not applied, the text unchanged.
      await input.fill('4');
      await input.blur();
      expect(await byTest(page, 'param-pending-min_age').textContent()).toContain('Not applied: the text says 18');
      expect(await editorText(page)).toContain('param min_age = 18 ');
      await input.fill('21');
      await input.press('Enter');
      await byTest(page, 'param-pending-min_age').waitFor({ state: 'detached' });
      await expect.poll(() => editorText(page)).toContain('param min_age = 21 "Minimum age at application"\n');
      await settle(s);
      await expect.poll(() => input.inputValue()).toBe('21');

      await input.fill('"twenty"');
      await input.press('Enter');
      await byTest(page, 'param-error-min_age').waitFor();
      expect(await byTest(page, 'param-error-min_age').textContent()).toMatch(/number|type/i);
      expect(await editorText(page)).toContain('param min_age = 21 ');

      // The inspector: a rule's fields and the params it reads.
      await byTest(page, 'panel-inspector').click();
      // The canvas beside the panel is narrow: the whole graph in it, the rule set included.
      await fit(page);
      await byTest(page, 'rule-underage').locator('.rule-id').click();
      await byTest(page, 'rule-inspector').waitFor();
      expect(await byTest(page, 'rule-inspector').locator('.param-id').allTextContents()).toEqual(['min_age']);
      await byTest(page, 'inspector-outcome').selectOption('review');
      await byTest(page, 'inspector-reason').fill('too young');
      await byTest(page, 'inspector-apply').click();
      await expect.poll(() => editorText(page)).toMatch(/rule underage "Under age" required \{\s+when applicant.age < min_age\s+then review "too young"\s+\}/);
      await settle(s);
      await expect.poll(() => byTest(page, 'rule-underage').locator('.outcome-pill').textContent()).toBe('review');
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'reconnects a branch arm by dragging from its handle to another node; a rewire that skips a node the target reads is refused; Ctrl+Z undoes it',
    async () => {
      // A second decision, reached from a second branch condition: the else arm can go there or stay.
      const text = WITH_MANUAL;
      const s = await studio(text);
      const { page } = s;
      const before = await editorText(page);
      await fit(page);
      await byTest(page, 'node-route').hover();
      // Dropped on the node's body (not only on its handle).
      await dragTo(page, 'handle-route-else', 'node-manual');
      await expect.poll(() => editorText(page)).toMatch(/branch route "Route" \{\s+when applicant.channel == "partner" -> score\s+when applicant.age > 60 -> manual\s+else -> manual\s+\}/);
      // The smallest edit: one word of the else arm.
      expect((await editorText(page)).replace('else -> manual', 'else -> score')).toBe(before);
      await settle(s);
      await byTest(page, 'rf__edge-route->manual#-1').waitFor({ state: 'attached' });
      expect(await byTest(page, 'rf__edge-route->score#-1').count()).toBe(0);
      expect(await byTest(page, 'arm-route-else').textContent()).toContain('→ manual');

      // `offer` reads the score: a path to it that skips the scorecard is refused, with the reason.
      const rewired = await editorText(page);
      await fit(page);
      await dragTo(page, 'handle-route-else', 'node-offer');
      await expect.poll(() => byTest(page, 'toast').textContent()).toMatch(/score.*has not run on every path to `offer`/);
      expect(await editorText(page)).toBe(rewired);

      await page.locator('.graph-canvas').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(before);
      await settle(s);
      await byTest(page, 'rf__edge-route->score#-1').waitFor({ state: 'attached' });
      expect(await byTest(page, 'arm-route-else').textContent()).toContain('→ score');
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'adds a rule from the palette, inserts a rule set on an edge, and deletes with a warning listing references; undo and redo walk back through them',
    async () => {
      const s = await studio();
      const { page } = s;
      const original = await editorText(page);
      await fit(page);
      await byTest(page, 'panel-palette').click();
      await byTest(page, 'palette-ruleset').selectOption('screen');
      await byTest(page, 'form-id').fill('rich');
      await byTest(page, 'form-when').fill('applicant.income > 100000');
      await byTest(page, 'form-outcome').selectOption('flag');
      await byTest(page, 'form-submit').click();
      await expect.poll(() => rulesWritten(page)).toEqual(['bureau_dpd', 'underage', 'listed', 'few_contacts', 'rich']);
      expect(await editorText(page)).toMatch(/rule rich \{\s+when applicant.income > 100000\s+then flag\s+\}/);
      await settle(s);
      await byTest(page, 'rule-rich').waitFor();
      expect(await byTest(page, 'error-count').textContent()).toBe('0 errors');
      const withRich = await editorText(page);

      // A refusal shows in the form: the id is taken.
      await byTest(page, 'form-id').fill('rich');
      await byTest(page, 'form-when').fill('applicant.income > 5');
      await byTest(page, 'form-submit').click();
      await byTest(page, 'form-error').waitFor();
      expect(await byTest(page, 'form-error').textContent()).toContain('rich');
      expect(await editorText(page)).toBe(withRich);

      // The panel closed, the whole graph in view: the edge's + button.
      await byTest(page, 'panel-palette').click();
      await byTest(page, 'visual-side').waitFor({ state: 'detached' });
      await fit(page);
      await byTest(page, 'edge-insert-screen->route').click();
      await byTest(page, 'insert-dialog').waitFor();
      await byTest(page, 'insert-dialog').locator('[data-testid="form-id"]').fill('extra');
      await byTest(page, 'insert-dialog').locator('[data-testid="form-submit"]').click();
      await expect.poll(() => editorText(page)).toMatch(/start -> screen -> extra -> route/);
      expect(await editorText(page)).toMatch(/\n\}\n\nruleset extra \{\s*\}\n\nscorecard score/);
      await settle(s);
      await byTest(page, 'node-extra').waitFor();
      await byTest(page, 'rf__edge-screen->extra').waitFor({ state: 'attached' });
      await byTest(page, 'rf__edge-extra->route').waitFor({ state: 'attached' });
      expect(await byTest(page, 'rf__edge-screen->route').count()).toBe(0);
      const withExtra = await editorText(page);

      // Delete: nothing refers to a rule; a node's references are listed before it goes.
      await byTest(page, 'panel-inspector').click();
      // The new rule set is selected and scrolled to; the canvas beside the panel shows it all after Fit.
      await fit(page);
      await byTest(page, 'rule-rich').locator('.rule-id').click();
      await byTest(page, 'inspector-delete').click();
      await byTest(page, 'delete-dialog').waitFor();
      expect(await byTest(page, 'delete-dialog').textContent()).toContain('Nothing else in the policy refers to rich');
      await byTest(page, 'delete-confirm').click();
      await expect.poll(() => editorText(page)).not.toContain('rule rich');
      await settle(s);
      await byTest(page, 'rule-rich').waitFor({ state: 'detached' });
      const withoutRich = await editorText(page);

      // The scorecard is read by the decision: the dialog lists where, and Escape keeps it.
      await byTest(page, 'node-score').click();
      await byTest(page, 'node-inspector').waitFor();
      // The inspector's edges: an insert for each, also when the edge's + is off the canvas.
      await byTest(page, 'inspector-insert-score->offer').click();
      await byTest(page, 'insert-dialog').waitFor();
      expect(await byTest(page, 'insert-dialog').locator('.modal-title').textContent()).toBe('Insert a node between score and offer');
      await page.keyboard.press('Escape');
      await byTest(page, 'insert-dialog').waitFor({ state: 'detached' });
      await byTest(page, 'inspector-delete').click();
      await byTest(page, 'delete-references').waitFor();
      expect(await byTest(page, 'delete-references').locator('li').count()).toBeGreaterThan(1);
      await page.keyboard.press('Escape');
      await byTest(page, 'delete-dialog').waitFor({ state: 'detached' });
      expect(await editorText(page)).toBe(withoutRich);

      // The inserted rule set: the flow refers to it, and is bridged when it goes.
      await byTest(page, 'node-extra').click();
      await byTest(page, 'node-inspector').waitFor();
      await byTest(page, 'inspector-delete').click();
      await byTest(page, 'delete-references').waitFor();
      expect(await byTest(page, 'delete-references').textContent()).toMatch(/line \d+/);
      await byTest(page, 'delete-confirm').click();
      // Bridged (`screen -> route`) and its declaration gone: back to the text before both acts.
      await expect.poll(() => editorText(page)).toBe(original);
      await settle(s);
      await byTest(page, 'node-extra').waitFor({ state: 'detached' });
      await byTest(page, 'rf__edge-screen->route').waitFor({ state: 'attached' });

      // Undo walks back: the rule set, the rule, the insert; redo forward again.
      await page.locator('.graph-canvas').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(withoutRich);
      await settle(s);
      await byTest(page, 'node-extra').waitFor();
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(withExtra);
      await settle(s);
      await byTest(page, 'rule-rich').waitFor();
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(withRich);
      await settle(s);
      await byTest(page, 'node-extra').waitFor({ state: 'detached' });
      await page.keyboard.press('Control+Z');
      await expect.poll(() => editorText(page)).toBe(original);
      await settle(s);
      await byTest(page, 'rule-rich').waitFor({ state: 'detached' });
      await page.keyboard.press('Control+Y');
      await expect.poll(() => editorText(page)).toBe(withRich);
      await settle(s);
      await byTest(page, 'rule-rich').waitFor();
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'keeps a node placed by hand in a sidecar file, not in the policy; Re-layout forgets it; a saved version refuses edits',
    async () => {
      const s = await studio();
      const { page } = s;
      const text = await editorText(page);
      await fit(page);
      const header = byTest(page, 'node-score').locator('.gnode-header');
      const a = (await header.boundingBox())!;
      await page.mouse.move(a.x + 20, a.y + 10);
      await page.mouse.down();
      for (let i = 1; i <= 6; i++) await page.mouse.move(a.x + 20, a.y + 10 + i * 20);
      await page.mouse.up();
      const sidecar = join(s.dir, 'small.layout.json');
      await expect.poll(() => existsSync(sidecar)).toBe(true);
      const saved = JSON.parse(readFileSync(sidecar, 'utf8'));
      expect(Object.keys(saved.nodes)).toEqual(['score']);
      expect(await editorText(page)).toBe(text);
      const moved = (await header.boundingBox())!;
      expect(moved.y - a.y).toBeGreaterThan(60);

      // Loaded with the policy.
      await page.reload();
      await ready(page, 'small.policy');
      await byTest(page, 'node-score').waitFor();
      const transform = () => page.locator('.react-flow__node[data-id="score"]').evaluate((el) => (el as HTMLElement).style.transform);
      await expect.poll(transform).toBe(`translate(${saved.nodes.score.x}px, ${saved.nodes.score.y}px)`);

      await byTest(page, 'graph-more').click();
      await byTest(page, 'graph-relayout').click();
      await expect.poll(() => JSON.parse(readFileSync(sidecar, 'utf8')).nodes).toEqual({});
      await expect.poll(transform).not.toBe(`translate(${saved.nodes.score.x}px, ${saved.nodes.score.y}px)`);

      // A saved version on screen is read-only: no switch menus, no handles to drag.
      await byTest(page, 'save-version').click();
      await byTest(page, 'version-message').fill('baseline');
      await byTest(page, 'version-submit').click();
      await byTest(page, 'open-version-1').click();
      await byTest(page, 'version-banner').waitFor();
      await expect.poll(() => byTest(page, 'switch-listed').count()).toBe(0);
      expect(await byTest(page, 'rule-listed').getAttribute('tabindex')).toBeNull();
      expect(s.errors).toEqual([]);
    },
    T,
  );
});
