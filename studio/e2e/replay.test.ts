// Replay in the studio, end to end in Chromium: one record decided against the draft lights its
// path on the graph; a backtest of the sample policy against min_phone_tenure=3 shows the same
// swap counts as the CLI on the same inputs; a stored run reopens after a reload.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runVerdict } from '../../cli/testing.js';
import { compileText } from '../../runtime/compile.js';
import { prepare } from '../../runtime/evaluate.js';
import { writeDataset } from '../../runtime/data/generate.js';
import { OUTCOMES, type BacktestReport } from '../../runtime/replay/report.js';
import { fmtCount, fmtMoney, fmtPct, fmtPp } from '../../runtime/replay/figures.js';
import { Dec } from '../../runtime/values.js';
import { byTest, cursorAfter, fit, ready, runBacktestPanel as runBacktest, saveVersion } from './driver.js';
import { ensureStudioBuilt } from './harness.js';
import { CASES, openSamples as samples } from './samples.js';
import type { Page } from 'playwright-core';

beforeAll(ensureStudioBuilt, 300_000);

const T = 120_000;

/** The working graph fitted to its pane, so that every node is drawn. */
async function fitGraph(page: Page) {
  await fit(page);
  await byTest(page, 'node-offer').waitFor();
}

/** The overlay tags above nodes whose top is in the canvas but whose tag is cut off by its top edge. */
const tagsCutOff = (page: Page) =>
  page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const tags = [...document.querySelectorAll('.ov-tag')];
    const cut = tags.filter((t) => {
      const node = t.closest('.react-flow__node')!.getBoundingClientRect();
      return node.top >= pane.top && node.top < pane.bottom && t.getBoundingClientRect().top < pane.top;
    });
    return { shown: tags.length, cut: cut.map((t) => t.getAttribute('data-testid')) };
  });

/** The element is wholly inside the window and nothing lies over its middle. */
const onScreen = (page: Page, id: string) =>
  byTest(page, id).evaluate((e) => {
    const b = e.getBoundingClientRect();
    const top = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
    return b.top >= 0 && b.left >= 0 && b.bottom <= innerHeight && b.right <= innerWidth && !!top && e.contains(top);
  });

/** Two boxes share some area. */
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
type Box = { x: number; y: number; width: number; height: number };

const visit = (page: Page, id: string) => byTest(page, `node-${id}`).getAttribute('data-visit');

async function matrixOnScreen(page: Page): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const b of OUTCOMES) for (const c of OUTCOMES) out[`${b}->${c}`] = Number(((await byTest(page, `swap-${b}-${c}`).textContent()) ?? '').replace(/,/g, ''));
  return out;
}

describe('replay in the studio', () => {
  it(
    'decides a pasted record and a dataset record against the draft and lights their paths on the graph',
    async () => {
      const s = await samples();
      const { page } = s;
      await byTest(page, 'dock-tab-test').click();
      // At 1280×800 the main button is in view, over the status bar, not under it.
      await byTest(page, 'test-decide').waitFor();
      expect(await onScreen(page, 'test-decide')).toBe(true);
      expect((await byTest(page, 'test-decide').boundingBox())!.y + (await byTest(page, 'test-decide').boundingBox())!.height).toBeLessThanOrEqual((await byTest(page, 'statusbar').boundingBox())!.y);
      await byTest(page, 'test-source-json').click();
      const tenure = CASES.find((c) => c.name.startsWith('phone in use 4 months'))!.record;
      await byTest(page, 'test-json').fill(JSON.stringify(tenure, null, 2));
      await byTest(page, 'test-decide').click();
      await expect.poll(() => byTest(page, 'test-result-decision').textContent(), { timeout: 30_000 }).toBe('reject');
      expect(await byTest(page, 'test-result-reasons').textContent()).toBe('手机号在网时长不足');
      expect(await byTest(page, 'test-result-trace-path').textContent()).toBe('start → prescreen → verification → route → carrier_checks');
      // The rules the reject kept the flow from: every rule has its state in the trace.
      expect(await byTest(page, 'test-result-trace-not-reached').textContent()).toContain('credit.credit_severe_overdue');

      await fitGraph(page);
      for (const id of ['prescreen', 'verification', 'route', 'carrier_checks']) expect(await visit(page, id)).toBe('visited');
      for (const id of ['partner_checks', 'credit', 'app_score', 'offer']) expect(await visit(page, id)).toBe('skipped');
      // The rule that rejected, with the values it read; the rule after it never ran.
      await expect.poll(() => byTest(page, 'rule-phone_tenure_short').getAttribute('class')).toContain('ov-rule-decisive');
      // Inside the row, the record's values in short; in full, with the thresholds, on hover.
      expect(await byTest(page, 'overlay-rule-phone_tenure_short').textContent()).toBe('tenure_months=4');
      expect(await byTest(page, 'overlay-rule-phone_tenure_short').getAttribute('title')).toBe('rejected: carrier_profile.tenure_months = 4 · min_phone_tenure = 6');
      expect(await byTest(page, 'rule-low_call_activity').getAttribute('class')).toContain('ov-rule-not_run');
      expect(await byTest(page, 'overlay-rule-underage').textContent()).toBe('age=32');
      expect(await byTest(page, 'overlay-rule-underage').getAttribute('title')).toBe('pass: applicant.age = 32 · min_age = 18');
      // The values stay inside their rule set's box: nothing spills onto the next node.
      const row = (await byTest(page, 'rule-phone_tenure_short').boundingBox())!;
      const values = (await byTest(page, 'overlay-rule-phone_tenure_short').boundingBox())!;
      expect(values.x + values.width).toBeLessThanOrEqual(row.x + row.width + 0.5);
      expect(await byTest(page, 'overlay-node-route').textContent()).toBe('4else → carrier_checks');
      // The edges taken are lit, the branch's other arm and the edges past the decision are not.
      const edge = (id: string) => page.locator(`[data-testid="rf__edge-${id}"] path.gedge`).getAttribute('class');
      for (const id of ['start->prescreen', 'prescreen->verification', 'verification->route', 'route->carrier_checks#-1']) expect(await edge(id)).toContain('is-taken');
      for (const id of ['route->partner_checks#0', 'carrier_checks->credit']) expect(await edge(id)).toContain('is-off');
      expect(await byTest(page, 'edge-label-route->carrier_checks#-1').getAttribute('data-path')).toBe('taken');

      // A record of a workspace dataset (opened from the sidebar), found by id, decided: its path is the runtime's.
      await byTest(page, 'dataset-data/applicants.jsonl').click();
      await expect.poll(() => byTest(page, 'test-dataset').inputValue()).toBe('data/applicants.jsonl');
      await expect.poll(() => byTest(page, 'record-range').textContent()).toBe('1–50 of 50');
      await byTest(page, 'test-search').fill('A000003');
      await byTest(page, 'test-search').press('Enter');
      await expect.poll(() => byTest(page, 'record-list').locator('button').allTextContents()).toEqual(['A000003#2']);
      await byTest(page, 'record-A000003').click();
      await byTest(page, 'test-decide').click();
      const line = readFileSync(join(s.dir, 'data/applicants.jsonl'), 'utf8').split('\n')[2];
      const graph = compileText(readFileSync(join(s.dir, 'application.policy'), 'utf8')).graph!;
      const expected = prepare(graph).decide(JSON.parse(line), { trace: true });
      await expect.poll(() => byTest(page, 'test-result-trace-path').textContent(), { timeout: 30_000 }).toBe(expected.trace!.path.join(' → '));
      expect(await byTest(page, 'test-result-decision').textContent()).toBe(expected.decision);
      for (const n of graph.nodes) expect(await visit(page, n.id)).toBe(expected.trace!.path.includes(n.id) ? 'visited' : 'skipped');
      if (expected.terms?.limit) await byTest(page, 'test-terms').waitFor();
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'clears the result of a refused decide and says why where it can be seen, with the Decide button over no field',
    async () => {
      const s = await samples();
      const { page } = s;
      // The dock's buttons say what they show to a screen reader, not only by their colour.
      const pressed = (ids: string[]) => Promise.all(ids.map((id) => byTest(page, id).getAttribute('aria-pressed')));
      expect(await byTest(page, 'dock-toggle').getAttribute('aria-expanded')).toBe('false');
      expect(await byTest(page, 'dock-toggle').getAttribute('aria-label')).toBe('Show the panel');
      await byTest(page, 'dock-tab-test').click();
      expect(await pressed(['dock-tab-test', 'dock-tab-backtest', 'dock-tab-runs'])).toEqual(['true', 'false', 'false']);
      expect(await byTest(page, 'dock-toggle').getAttribute('aria-expanded')).toBe('true');
      // The tab of the panel shown, clicked again, keeps it shown: only ▾ folds the dock.
      await byTest(page, 'dock-tab-test').click();
      expect(await byTest(page, 'dock-toggle').getAttribute('aria-expanded')).toBe('true');
      expect(await pressed(['dock-tab-test'])).toEqual(['true']);
      await expect.poll(() => byTest(page, 'record-range').textContent(), { timeout: 30_000 }).toBe('1–50 of 50');
      await byTest(page, 'record-A000007').click();
      await byTest(page, 'test-decide').click();
      await expect.poll(() => byTest(page, 'test-result-decision').count(), { timeout: 30_000 }).toBe(1);
      expect(await byTest(page, 'test-error').count()).toBe(0);
      const lit = () => page.locator('.react-flow [data-visit]').count();
      await expect.poll(lit).toBeGreaterThan(0);
      expect(await pressed(['overlay-trace', 'overlay-heat', 'overlay-off'])).toEqual(['true', 'false', 'false']);

      // Opened on a 1280×800 window, the overrides are in view and the button covers neither field.
      await byTest(page, 'test-overrides').locator('summary').click();
      for (const field of ['test-set', 'test-switch']) {
        await expect.poll(() => onScreen(page, field), { message: field }).toBe(true);
        expect(overlap((await byTest(page, field).boundingBox())!, (await byTest(page, 'test-decide').boundingBox())!), field).toBe(false);
      }
      expect(await onScreen(page, 'test-decide')).toBe(true);

      // The rule is required: the server refuses to switch it off (422). The earlier result goes,
      // from the panel and the graph, and the reason is in its place, in view.
      await byTest(page, 'test-switch').fill('bank_card_mismatch=off');
      await byTest(page, 'test-decide').click();
      await byTest(page, 'test-error').waitFor({ timeout: 30_000 });
      expect(await byTest(page, 'test-error').textContent()).toContain('bank_card_mismatch');
      expect(await byTest(page, 'test-result').count()).toBe(0);
      expect(await onScreen(page, 'test-error')).toBe(true);
      expect(await byTest(page, 'test-error').evaluate((e) => e.closest('[role="alert"]') !== null)).toBe(true);
      expect(await lit()).toBe(0);

      // Decided again with good inputs, the result is back and the error gone; a bad param value is refused the same way.
      await byTest(page, 'test-switch').fill('');
      await byTest(page, 'test-decide').click();
      await expect.poll(() => byTest(page, 'test-result-decision').count(), { timeout: 30_000 }).toBe(1);
      expect(await byTest(page, 'test-error').count()).toBe(0);
      await byTest(page, 'test-set').fill('min_phone_tenure=abc');
      await byTest(page, 'test-decide').click();
      await byTest(page, 'test-error').waitFor({ timeout: 30_000 });
      expect(await byTest(page, 'test-error').textContent()).toContain('min_phone_tenure');
      expect(await byTest(page, 'test-result').count()).toBe(0);
      expect(await onScreen(page, 'test-error')).toBe(true);

      // On a large screen too.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await expect.poll(() => onScreen(page, 'test-error')).toBe(true);
      for (const field of ['test-set', 'test-switch']) expect(overlap((await byTest(page, field).boundingBox())!, (await byTest(page, 'test-decide').boundingBox())!), field).toBe(false);
      expect(s.errors.filter((e) => !e.includes('422'))).toEqual([]);
    },
    T,
  );

  it(
    'backtests the draft against a changed parameter: the swap counts on screen are the CLI’s, the rates go on the graph and in the hover',
    async () => {
      const s = await samples();
      const { page } = s;
      await saveVersion(page, 'base');
      await runBacktest(page, 'min_phone_tenure=3');
      // The tags above the top row of nodes are in view, in the first view and after Fit.
      await expect.poll(async () => (await tagsCutOff(page)).shown).toBeGreaterThan(0);
      expect((await tagsCutOff(page)).cut).toEqual([]);
      await fitGraph(page);
      expect((await tagsCutOff(page)).cut).toEqual([]);

      const out = join(mkdtempSync(join(tmpdir(), 'verdict-replay-e2e-')), 'report.json');
      const cli = await runVerdict(['backtest', join(s.dir, 'application.policy'), '--data', join(s.dir, 'data/applicants.jsonl'), '--candidate-set', 'min_phone_tenure=3', '--json', out, '--workers', '0']);
      expect(cli.err).toBe('');
      expect(cli.code).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as BacktestReport;
      const expected = Object.fromEntries(report.swaps.cells.map((c) => [`${c.base}->${c.candidate}`, c.count]));
      expect(report.swaps.flipped).toBeGreaterThan(0);
      expect(await matrixOnScreen(page)).toEqual(expected);
      expect(await byTest(page, 'flipped').textContent()).toBe(String(report.swaps.flipped));
      for (const o of OUTCOMES) expect(await byTest(page, `decisions-candidate-${o}`).textContent()).toMatch(new RegExp(`^${report.decisions.candidate.counts[o]} `));

      // Drill down into the records that went from reject to something else: two traces side by side.
      const flip = report.swaps.cells.find((c) => c.base === 'reject' && c.candidate !== 'reject' && c.count > 0)!;
      // The whole highlighted cell is the button: a click in its corner opens it.
      await byTest(page, `swap-${flip.base}-${flip.candidate}`).click({ position: { x: 2, y: 2 } });
      await byTest(page, 'swap-traces').waitFor();
      expect(await byTest(page, 'swap-base-decision').textContent()).toBe('reject');
      expect(await byTest(page, 'swap-candidate-decision').textContent()).toBe(flip.candidate);
      expect(await byTest(page, 'swap-records').locator('button').count()).toBe(flip.count);
      // Above the two traces, what changed: the threshold the candidate lowered.
      expect(await byTest(page, 'swap-changes').textContent()).toContain('min_phone_tenure 6 → 3');

      // What the shadow vendor B catches among the approved, and how they repaid, as in the JSON.
      const caught = report.rules.find((r) => r.id === 'fraud_b_trial')!.candidate!.approvedCaught!;
      expect(caught.count).toBeGreaterThan(0);
      expect(await byTest(page, 'caught-fraud_b_trial-candidate').textContent()).toBe(
        `${fmtCount(caught.count)} · ${fmtPct(caught.badRate)} bad (${fmtCount(caught.bad)}/${fmtCount(caught.labelled)})`,
      );
      // Its caption starts at the table's left edge, as the text around it does.
      const caption = byTest(page, 'approved-caught').locator('caption');
      expect(await caption.evaluate((e) => getComputedStyle(e).textAlign)).toBe('left');

      // Records with bad data are called that in the header (a bare "bad" read as defaulted loans),
      // and listed at the end as the CLI's HTML report lists them; the header figure leads there.
      const bad = report.badRecords;
      expect(bad.count).toBeGreaterThan(0);
      expect(await byTest(page, 'bad-records-link').textContent()).toBe(`${fmtCount(bad.count)} bad record${bad.count === 1 ? '' : 's'}`);
      expect(await byTest(page, 'bad-records-link').getAttribute('title')).toMatch(/could not be read or decoded.*Not defaulted loans/);
      await byTest(page, 'bad-records-link').click();
      await expect.poll(() => onScreen(page, 'bad-records-section')).toBe(true);
      expect(await byTest(page, 'bad-records-summary').textContent()).toBe(
        `${fmtCount(bad.count)} record${bad.count === 1 ? '' : 's'} could not be read or decoded (${fmtCount(report.totals.unreadable)} unreadable). They are counted as errors and did not stop the run.`,
      );
      expect(await byTest(page, 'bad-records').locator('tbody tr').count()).toBe(bad.listed.length);
      for (const x of bad.listed) {
        expect(await byTest(page, `bad-record-${x.index}`).locator('td').allTextContents()).toEqual([String(x.index), x.id ?? '—', String(x.line ?? '—'), x.reason, x.versions.join(', ')]);
      }

      // The trigger rates go on the graph, with their deltas.
      await fitGraph(page);
      const tenure = report.rules.find((r) => r.id === 'phone_tenure_short')!;
      await expect.poll(() => byTest(page, 'overlay-rate-phone_tenure_short').textContent()).toMatch(/^\d+\.\d% −\d+\.\d pp$/);
      expect(await byTest(page, 'overlay-rate-phone_tenure_short').textContent()).toContain(`${(Number(tenure.candidate!.triggerRate) * 100).toFixed(1)}%`);

      // Hovering the rule in the text shows its last trigger rates.
      await cursorAfter(page, 'rule phone_tenure_');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await expect.poll(() => page.locator('.monaco-hover').first().textContent(), { timeout: 10_000 }).toContain('Last backtest');
      expect(await page.locator('.monaco-hover').first().textContent()).toContain(`candidate: ${(Number(tenure.candidate!.triggerRate) * 100).toFixed(1)}%`);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'keeps the run: after a reload it is listed, reopens with its report, and exports the CLI’s JSON',
    async () => {
      const s = await samples();
      const { page } = s;
      await saveVersion(page, 'base');
      const id = await runBacktest(page, 'min_phone_tenure=3');
      const before = await matrixOnScreen(page);

      await page.reload();
      await ready(page, 'application.policy');
      await byTest(page, 'dock-tab-runs').click();
      await byTest(page, `run-${id}`).waitFor({ timeout: 30_000 });
      expect(await byTest(page, `run-${id}`).textContent()).toContain('done');
      // At 1280×800 the row's actions are all in view: the table fits its pane.
      for (const action of ['open-run', 'run-json', 'run-html', 'delete-run']) expect(await onScreen(page, `${action}-${id}`), action).toBe(true);
      // HTML downloads the CLI's report, as JSON does: it opens no tab (the server sends an attachment, which left it blank).
      const [download] = await Promise.all([page.waitForEvent('download'), byTest(page, `run-html-${id}`).click()]);
      expect(download.suggestedFilename()).toBe(`verdict-backtest-${id}.html`);
      expect(s.context.pages()).toEqual([page]);
      const panel = (await byTest(page, 'runs-panel').boundingBox())!;
      expect((await byTest(page, 'run-list').boundingBox())!.width).toBeLessThanOrEqual(panel.width);
      await byTest(page, `open-run-${id}`).click();
      await byTest(page, 'report').waitFor();
      expect(await matrixOnScreen(page)).toEqual(before);
      // The form shows the settings of the run opened.
      expect(await byTest(page, 'bt-candidate-set').inputValue()).toBe('min_phone_tenure=3');
      expect(await byTest(page, 'bt-base').inputValue()).toBe('1');
      expect(await byTest(page, 'bt-dataset').inputValue()).toBe('data/applicants.jsonl');

      const href = await byTest(page, 'bt-export-json').getAttribute('href');
      const exported = (await (await fetch(new URL(href!, s.url))).json()) as BacktestReport;
      expect(exported.schema).toBe('verdict.backtest/1');
      expect(Object.fromEntries(exported.swaps.cells.map((c) => [`${c.base}->${c.candidate}`, c.count]))).toEqual(before);
      const html = await fetch(new URL((await byTest(page, 'bt-export-html').getAttribute('href'))!, s.url));
      expect(html.headers.get('content-type')).toContain('text/html');

      // With a saved version on screen, the test does not decide the draft behind it: it says so.
      await byTest(page, 'open-version-1').click();
      await byTest(page, 'version-banner').waitFor();
      await byTest(page, 'dock-tab-test').click();
      expect(await byTest(page, 'test-decide').isDisabled()).toBe(true);
      expect(await byTest(page, 'test-viewing-note').textContent()).toContain('Version 1 is on screen');
      await byTest(page, 'banner-close').click();
      await expect.poll(() => byTest(page, 'test-decide').isDisabled()).toBe(false);
      expect(await byTest(page, 'test-viewing-note').count()).toBe(0);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'reads as an analyst needs: records named by position, changes in records and points, a sweep, which draft runs behind a version, the run back after a reload, no deletion on Enter',
    async () => {
      const s = await samples();
      const { page } = s;
      // A record without an id, and a line of JSON that is not a record.
      const lines = readFileSync(join(s.dir, 'data/applicants.jsonl'), 'utf8').split('\n');
      const noId = JSON.parse(lines[1]);
      delete noId.applicant.id;
      writeFileSync(join(s.dir, 'data/odd.jsonl'), `${lines[0]}\n${JSON.stringify(noId)}\n[1, 2]\n`);
      await page.reload();
      await ready(page, 'application.policy');
      await byTest(page, 'dock-tab-test').click();
      await byTest(page, 'test-dataset').selectOption('data/odd.jsonl');
      await expect.poll(() => byTest(page, 'record-range').textContent(), { timeout: 30_000 }).toBe('1–3 of 3');
      // Listed as the bad record a backtest counts it as, not offered for a decide the server refuses.
      expect(await byTest(page, 'record-#2').textContent()).toContain('record: expected a JSON object, not a list');
      // Decided, the record is named by its position in the file, as in the list (not #0).
      await byTest(page, 'record-#1').dblclick();
      await expect.poll(() => byTest(page, 'test-result').textContent(), { timeout: 30_000 }).toContain('record #1');

      await saveVersion(page, 'base');
      await byTest(page, 'dock-tab-backtest').click();
      await byTest(page, 'bt-dataset').selectOption('data/applicants.jsonl');
      await byTest(page, 'bt-candidate-set').fill('min_phone_tenure=3');
      await byTest(page, 'bt-sweep').fill('min_phone_tenure=2..4:1');
      await byTest(page, 'bt-run').click();
      await expect.poll(() => byTest(page, 'bt-run-status').getAttribute('data-status'), { timeout: 90_000 }).toBe('done');
      await byTest(page, 'report').waitFor();
      const id = await page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { backtest: { run?: { id: string } } } } }).__verdictStudio.getState().backtest.run!.id);

      const out = join(mkdtempSync(join(tmpdir(), 'verdict-replay-e2e-')), 'report.json');
      const cli = await runVerdict(['backtest', join(s.dir, 'application.policy'), '--data', join(s.dir, 'data/applicants.jsonl'), '--candidate-set', 'min_phone_tenure=3', '--sweep', 'min_phone_tenure=2..4:1', '--json', out, '--workers', '0']);
      expect(cli.code).toBe(0);
      const report = JSON.parse(readFileSync(out, 'utf8')) as BacktestReport;
      // The change of each decision, in records and in points, as the CLI's and the HTML report's Change column.
      const d = report.decisions;
      const signed = (n: number) => (n > 0 ? `+${fmtCount(n)}` : fmtCount(n));
      const pp = (b: string | null, c: string | null) => fmtPp(new Dec(c!).minus(b!).toFixed());
      for (const o of OUTCOMES) expect(await byTest(page, `decisions-change-${o}`).textContent()).toBe(`${signed(d.candidate.counts[o] - d.base.counts[o])} ${pp(d.base.rates[o], d.candidate.rates[o])}`);
      expect(await byTest(page, 'decisions-change-approval').textContent()).toBe(pp(d.base.approvalRate, d.candidate.approvalRate));
      const perApplicant = fmtMoney(new Dec(report.cost.candidate.perApplicant).minus(report.cost.base.perApplicant).toFixed(), 4);
      expect(await byTest(page, 'cost-change-per-applicant').textContent()).toBe(/[1-9]/.test(perApplicant) && !perApplicant.startsWith('−') ? `+${perApplicant}` : perApplicant);
      // The sweep asked for in the form, point by point as the CLI's.
      const rows = byTest(page, 'sweep').locator('tbody tr');
      expect(await rows.count()).toBe(report.sweep!.points.length);
      for (const [i, p] of report.sweep!.points.entries()) expect((await rows.nth(i).locator('td').allTextContents()).slice(1, 3)).toEqual([fmtCount(p.approved), fmtPct(p.approvalRate)]);
      // A rule's bar opens it with the keyboard too.
      await byTest(page, 'rate-row-phone_tenure_short').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { selection?: { rule?: string } } } }).__verdictStudio.getState().selection?.rule)).toBe('phone_tenure_short');

      // With version 1 on screen, the candidate is not the text in the editor: the panel says which text runs.
      await byTest(page, 'open-version-1').click();
      await byTest(page, 'version-banner').waitFor();
      expect(await byTest(page, 'bt-candidate').locator('option[value="draft"]').textContent()).toBe('the draft (not v1 on screen)');
      expect(await byTest(page, 'bt-viewing-note').textContent()).toContain('Version 1 is on screen');
      await byTest(page, 'banner-close').click();
      expect(await byTest(page, 'bt-viewing-note').count()).toBe(0);

      // After a reload, the run is on screen again, with its settings in the form.
      await page.reload();
      await ready(page, 'application.policy');
      await byTest(page, 'report').waitFor({ timeout: 30_000 });
      expect(await byTest(page, 'bt-run-status').textContent()).toContain(id);
      expect(await byTest(page, 'bt-candidate-set').inputValue()).toBe('min_phone_tenure=3');
      expect(await byTest(page, 'bt-sweep').inputValue()).toBe('min_phone_tenure=2..4:1');

      // Enter on Delete asks; Enter again does not delete what cannot be undone.
      await byTest(page, 'dock-tab-runs').click();
      await byTest(page, `delete-run-${id}`).focus();
      await page.keyboard.press('Enter');
      await byTest(page, 'run-delete-dialog').waitFor();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await byTest(page, 'run-delete-dialog').waitFor({ state: 'detached' });
      expect((await fetch(new URL(`/api/runs/${id}`, s.url))).status).toBe(200);
      expect(s.errors).toEqual([]);
    },
    T,
  );

  it(
    'cancels a backtest of a large dataset while it runs: the run stops, says so, and is kept as cancelled',
    async () => {
      const s = await samples();
      const { page } = s;
      // Big enough that the run is still reading when Cancel is clicked (the engine replays ~100,000
      // records a second here: 50,000 could be done before the click arrived).
      const RECORDS = 300_000;
      await writeDataset(join(s.dir, 'data/big.jsonl'), { seed: 7, count: RECORDS, format: 'jsonl' });
      await page.reload();
      await ready(page, 'application.policy');
      await saveVersion(page, 'base');
      await byTest(page, 'dock-tab-backtest').click();
      await byTest(page, 'bt-dataset').selectOption('data/big.jsonl');
      await byTest(page, 'bt-run').click();
      await expect.poll(() => byTest(page, 'bt-run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('running');
      const id = await page.evaluate(() => (window as unknown as { __verdictStudio: { getState(): { backtest: { run?: { id: string } } } } }).__verdictStudio.getState().backtest.run!.id);
      // Records are flowing before the cancel, so it cuts a run short rather than one not started.
      await expect.poll(async () => Number(/^([\d,]+) records/.exec((await byTest(page, 'bt-progress').textContent()) ?? '')?.[1].replace(/,/g, '') ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
      await byTest(page, 'bt-cancel').click();

      await expect.poll(() => byTest(page, 'bt-run-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
      const said = (await byTest(page, 'bt-cancelled').textContent()) ?? '';
      const done = Number(/after ([\d,]+) records/.exec(said)?.[1].replace(/,/g, ''));
      expect(done).toBeGreaterThan(0);
      expect(done).toBeLessThan(RECORDS);
      expect(await byTest(page, 'bt-cancel').count()).toBe(0);
      expect(await byTest(page, 'report').count()).toBe(0);
      expect(await byTest(page, 'bt-run').isEnabled()).toBe(true);

      // The server agrees, keeps no report, and the runs list shows the run as cancelled.
      const run = (await (await fetch(new URL(`/api/runs/${id}`, s.url))).json()) as { status: string; error?: string; report?: unknown };
      expect(run).toMatchObject({ status: 'cancelled', error: 'cancelled' });
      expect(run.report).toBeUndefined();
      await byTest(page, 'dock-tab-runs').click();
      await expect.poll(() => byTest(page, `run-${id}`).textContent(), { timeout: 10_000 }).toContain('cancelled');
      expect(s.errors).toEqual([]);
    },
    T,
  );
});
