// Driving the studio page the way an analyst does: keyboard and mouse in the editor and the graph.
// Reads go through the page's own state handle (`window.__verdictStudio`) only where the DOM
// cannot say it reliably (Monaco renders only the visible lines).

import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

export const byTest = (page: Page, id: string): Locator => page.locator(`[data-testid="${id}"]`);

/** Waits for the studio to show a file with its editor ready and its first analysis in. */
export async function ready(page: Page, file?: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
  if (file) await expect.poll(() => byTest(page, 'current-file').textContent(), { timeout: 30_000 }).toBe(file);
  await expect.poll(() => analysedCurrent(page), { timeout: 30_000 }).toBe(true);
}

/** The worker has answered for the text on screen. */
export function analysedCurrent(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const s = (window as unknown as { __verdictStudio: { getState(): { version: number; analysis?: { version: number } } } }).__verdictStudio.getState();
    return s.analysis?.version === s.version;
  });
}

export function editorText(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { text: string } } }).__verdictStudio.getState().text);
}

/** Puts the cursor at the start of a line (1-based) with Monaco's Go to Line. */
export async function gotoLine(page: Page, line: number, column = 1): Promise<void> {
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  // Focus returns to the editor asynchronously: keys pressed before it does are lost.
  await page.locator('.monaco-editor.focused').first().waitFor();
  await expect.poll(() => byTest(page, 'cursor-position').textContent()).toMatch(new RegExp(`^Ln ${line},`));
}

/** The 1-based line of the first line of the working text that contains `needle`. */
export async function lineOf(page: Page, needle: string): Promise<number> {
  const text = await editorText(page);
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}

/**
 * Puts the cursor right after `needle` on its line. Go to Line counts visible columns (a CJK
 * character is two), so the cursor walks the line by characters instead.
 */
export async function cursorAfter(page: Page, needle: string): Promise<void> {
  const line = await lineOf(page, needle);
  const text = (await editorText(page)).split('\n')[line - 1];
  const end = text.indexOf(needle) + needle.length;
  // Go to Line takes the column directly where visible columns equal characters (plain ASCII).
  if (/^[\x20-\x7e]*$/.test(text.slice(0, end))) await gotoLine(page, line, end + 1);
  else {
    await gotoLine(page, line, 1);
    await page.keyboard.press('Home');
    // Home goes to the first non-blank character; a second press would go to column 1.
    const indent = text.length - text.trimStart().length;
    if (end === text.length) await page.keyboard.press('End');
    else for (let i = indent; i < end; i++) await page.keyboard.press('ArrowRight');
  }
  // The status bar counts characters: the cursor is where the next keys must land.
  await expect.poll(() => byTest(page, 'cursor-position').textContent()).toBe(`Ln ${line}, Col ${end + 1}`);
}

/**
 * Types lines of text: each line arrives as one input (as from an IME or a paste of one line),
 * Enter between lines, so that Monaco's auto-indent runs but its auto-closing of brackets (a
 * per-keystroke feature that depends on timing) does not: the text typed is the text written.
 */
/**
 * A new line, auto-indented, as Enter makes it — but typed as text: a suggestion widget that a
 * late completion answer opens between two keys takes an Enter key (accepting a suggestion), never
 * typed text. Escape-then-Enter still lost that race now and then.
 */
export async function newLine(page: Page): Promise<void> {
  await page.keyboard.insertText('\n');
}

export async function typeLines(page: Page, lines: string[]): Promise<void> {
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await newLine(page);
    await page.keyboard.insertText(lines[i].trimStart());
  }
  await page.keyboard.press('Escape');
}

export async function studioVersion(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { version: number } } }).__verdictStudio.getState().version);
}

/** The text of the editor lines on screen (Monaco renders spaces as no-break spaces). */
export async function visibleText(page: Page): Promise<string> {
  return ((await page.locator('.monaco-editor .view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
}

/** The worker has caught up with the text on screen (after an edit made by the test). */
export const settle = (s: { page: Page }) => expect.poll(() => analysedCurrent(s.page), { timeout: 20_000 }).toBe(true);

/**
 * The canvas has stopped moving: Fit, selecting a node and opening a panel pan it with an
 * animation, and boxes measured during one come from two different frames.
 */
export async function viewportStill(page: Page): Promise<void> {
  const transform = () => page.locator('.react-flow__viewport').first().evaluate((e) => (e as HTMLElement).style.transform);
  let last = '';
  await expect
    .poll(
      async () => {
        const now = await transform();
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 10_000, interval: 150 },
    )
    .toBe(true);
}

/** Shows the whole graph, and waits until Fit's animation has ended. */
export async function fit(page: Page): Promise<void> {
  await byTest(page, 'graph-fit').click();
  await viewportStill(page);
}

/** Saves the open policy as a version through the dialog, as an analyst does; `number` is the one it gets. */
export async function saveVersion(page: Page, message: string, number = 1): Promise<void> {
  await byTest(page, 'save-version').click();
  await byTest(page, 'version-message').fill(message);
  await byTest(page, 'version-submit').click();
  await byTest(page, `version-${number}`).waitFor();
}

/** Runs a backtest from the dock (base version 1, the draft with `candidateSet`, the JSONL samples) to its end; returns the run's id. */
export async function runBacktestPanel(page: Page, candidateSet: string): Promise<string> {
  await byTest(page, 'dock-tab-backtest').click();
  await expect.poll(() => byTest(page, 'bt-base').inputValue()).toBe('1');
  await byTest(page, 'bt-dataset').selectOption('data/applicants.jsonl');
  await byTest(page, 'bt-candidate-set').fill(candidateSet);
  await byTest(page, 'bt-run').click();
  await expect.poll(() => byTest(page, 'bt-run-status').getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
  await byTest(page, 'report').waitFor();
  return page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { backtest: { run?: { id: string } } } } }).__verdictStudio.getState().backtest.run!.id);
}
