import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { parseOverrides } from '../overrides.js';
import { fileSource, runBacktest } from './engine.js';
import { Dec } from '../values.js';
import { fmtCount, fmtMoney, fmtPct, fmtPp } from './figures.js';
import { causeText, escapeHtml, renderHtml } from './html.js';
import type { BacktestReport } from './report.js';
import { parseSweep } from './sweep.js';
import { formatSummary } from './summary.js';

const root = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** A real report: the sample policy against itself with a shorter phone tenure and the trial vendor on, with a sweep. */
let report: BacktestReport;
let html: string;

beforeAll(async () => {
  const text = readFileSync(join(root, 'samples/application.policy'), 'utf8');
  const graph = compileText(text).graph!;
  const version = (set: string[], sw: string[]) => ({ file: 'samples/application.policy', text, graph, overrides: parseOverrides(graph, { set, switch: sw }).overrides, set, switch: sw });
  const sweep = parseSweep('min_phone_tenure=0..12:2', graph);
  if ('error' in sweep) throw new Error(sweep.error);
  report = await runBacktest({
    base: version([], []),
    candidate: version(['min_phone_tenure=3'], ['fraud_b_trial=on']),
    data: fileSource(join(root, 'samples/data/applicants.jsonl'), 'jsonl'),
    workers: 0,
    sweep,
  });
  html = renderHtml(report);
}, 120_000);

const INJECT = '<script>alert(1)</script>';

/** A rule id as the report writes it: code that may break after each underscore. */
const idCode = (id: string) => `<code>${id.split('_').join('_<wbr>')}</code>`;

/** The report with markup in every kind of text it carries. */
function injected(r: BacktestReport): BacktestReport {
  const x = structuredClone(r);
  x.inputs.base.title = `Base ${INJECT}`;
  x.inputs.candidate.set = [`p=${INJECT}`];
  x.inputs.data.path = `/data/"><img src=x onerror=alert(3)>.jsonl`;
  x.rules[0].title = `Rule ${INJECT}`;
  x.rules[0].id = `r_${INJECT}`;
  x.ruleSets[0].title = `Set ${INJECT}`;
  x.badRecords.listed[0].reason = `bad ${INJECT}`;
  x.badRecords.listed[0].id = `<b>id</b>`;
  x.cost.base.sources[0].source = `src" onmouseover="alert(2)`;
  x.vendors[0].a.source = `vendor" onmouseover="alert(4)`;
  const flip = x.swaps.cells.find((c) => c.base !== c.candidate && c.count > 0)!;
  flip.examples[0] = `<i>ex</i>`;
  flip.causes![0].cause = { kind: 'error', version: 'base', reason: `boom ${INJECT}` };
  x.sweep!.param = `param${INJECT}`;
  return x;
}

describe('renderHtml on a real report', () => {
  it('has every section, under a clear heading', () => {
    for (const id of ['decisions', 'swaps', 'rules', 'rulesets', 'vendors', 'cost', 'outcomes', 'sweep', 'bad']) expect(html).toContain(`<section id="${id}">`);
    for (const heading of [
      'Decisions per version',
      'Swap matrix',
      'Why records flipped',
      'Rules: trigger rates, base against candidate',
      'Rule sets: overlap and cost-aware order',
      'Anti-fraud vendors: who catches what the other misses',
      'Data-source calls and cost',
      'Bad rates',
      'Parameter sweep',
      'Bad records',
    ])
      expect(html).toContain(heading);
    expect(html).toContain("Rejected applicants' outcomes are unknown.");
    expect(html).toContain(escapeHtml(report.outcomes!.warning));
  });

  it('shows the figures of the report, as percentages with one decimal, money with two and costs per applicant with four', () => {
    const d = report.decisions;
    expect(html).toContain(`${fmtPct(d.base.approvalRate)} → ${fmtPct(d.candidate.approvalRate)}`);
    expect(fmtPct(d.base.approvalRate)).toMatch(/^\d+\.\d%$/);
    // Per applicant as the terminal summary prints it: a fraction of a cent per applicant is real over a million.
    expect(html).toContain(`${fmtMoney(report.cost.base.perApplicant, 4)} → ${fmtMoney(report.cost.candidate.perApplicant, 4)}`);
    expect(fmtMoney(report.cost.base.perApplicant, 4)).toMatch(/^\d+\.\d{4}$/);
    expect(formatSummary(report)).toContain(`Cost per applicant: base ${fmtMoney(report.cost.base.perApplicant, 4)}, candidate ${fmtMoney(report.cost.candidate.perApplicant, 4)}`);
    expect(html).toContain(`<tr class="total"><th>Total</th><td colspan="4"></td><td class="n">${fmtMoney(report.cost.base.total)}</td>`);
    // Every swap cell's count, and the flipped total.
    for (const c of report.swaps.cells) expect(html).toContain(`<div class="big">${fmtCount(c.count)}</div>`);
    expect(html).toContain(`${fmtCount(report.swaps.flipped)} records (${fmtPct(report.swaps.flippedRate)})`);
    // Each rule, each source, each vendor, each sweep value, each listed bad record.
    for (const r of report.rules) expect(html).toContain(idCode(r.id));
    for (const s of report.cost.base.sources) expect(html).toContain(`<th>${s.source}</th>`);
    for (const v of report.vendors) expect(html).toContain(idCode(v.a.rule));
    for (const p of report.sweep!.points) expect(html).toContain(`<th class="n">${p.value}`);
    for (const b of report.badRecords.listed) expect(html).toContain(escapeHtml(b.reason));
    // The swap causes name the rule that made the difference.
    expect(html).toContain('Rule fraud_b_trial');
    expect(html).toContain('fires only in the candidate');
  });

  it('shows what the rules that stopped nobody catch among the approved, and their bad rate', () => {
    // The base runs vendor B in shadow: the approved applicants it flags, and how they repaid.
    const caught = report.rules.find((r) => r.id === 'fraud_b_trial')!.base!.approvedCaught!;
    expect(caught.count).toBeGreaterThan(0);
    expect(caught.labelled).toBeGreaterThan(0);
    expect(html).toContain('What rules that stopped nobody catch among the approved');
    const table = html.slice(html.indexOf('What rules that stopped nobody catch'), html.indexOf('<section id="sweep">'));
    expect(table).toContain(`${idCode('fraud_b_trial')}<div class="muted">reject, shadow → reject, on</div>`);
    expect(table).toContain(`<td class="n">${fmtCount(caught.bad)}/${fmtCount(caught.labelled)}</td><td class="n"><b>${fmtPct(caught.badRate)}</b></td>`);
    // An older report (a run stored before the figure was counted) still renders.
    const old = structuredClone(report);
    for (const r of old.rules) for (const v of ['base', 'candidate'] as const) if (r[v]) delete r[v]!.approvedCaught;
    for (const v of old.vendors) delete v.a.approvedCaught, delete v.b.approvedCaught;
    const oldHtml = renderHtml(old);
    expect(oldHtml).toContain('<section id="outcomes">');
    expect(oldHtml).not.toContain('stopped nobody');
  });

  it('draws its charts as inline SVG', () => {
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(6); // decisions, rules, cost, three sweep charts
    expect(html).toContain('class="stack"'); // the vendors' overlap bar
  });

  it('needs no network: no script, no link, no external URL, no font or image to fetch', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
  });

  it('is the same text every time', () => {
    expect(renderHtml(report)).toBe(html);
  });

  it('escapes every text that comes from the report', () => {
    const out = renderHtml(injected(report));
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>id</b>');
    expect(out).not.toContain('<i>ex</i>');
    expect(out).not.toMatch(/" onmouseover="/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('Base &lt;script&gt;');
    expect(out).toContain('bad &lt;script&gt;');
    expect(out).toContain('boom &lt;script&gt;');
    expect(out).toContain('src&quot; onmouseover=&quot;alert(2)');
    expect(out).toContain('&lt;b&gt;id&lt;/b&gt;');
    // Still every section.
    for (const id of ['decisions', 'swaps', 'rules', 'rulesets', 'vendors', 'cost', 'outcomes', 'sweep', 'bad']) expect(out).toContain(`<section id="${id}">`);
  });

  it('says so when there are no outcome labels and no sweep', () => {
    const out = renderHtml({ ...report, outcomes: null, sweep: null });
    // Which values count as a label: a warehouse's "Y"/"N" flags leave every record unlabelled.
    expect(out).toContain('No record carries outcome.bad_30dpd as a label (true or false, &quot;true&quot; or &quot;false&quot; in any case, 1 or 0), so no bad rate can be measured.');
    expect(out).toContain('No sweep in this run');
    expect(formatSummary({ ...report, outcomes: null })).toContain('No record carries outcome.bad_30dpd as a label (true or false, "true" or "false" in any case, 1 or 0)');
  });

  it.skipIf(!hasChromium)(
    hasChromium ? 'renders in headless Chromium to a full-page screenshot' : `renders in headless Chromium — SKIPPED: ${CHROMIUM} is not installed`,
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'verdict-html-'));
      const page = join(dir, 'report.html');
      const png = join(dir, 'report.png');
      writeFileSync(page, html);
      // Any host lookup fails: a page that needed the network would show it, not load it.
      execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--host-resolver-rules=MAP * ~NOTFOUND', '--window-size=1280,4000', `--screenshot=${png}`, `file://${page}`], { stdio: 'ignore', timeout: 60_000 });
      const bytes = readFileSync(png);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(1280); // IHDR width
      expect(bytes.length).toBeGreaterThan(50_000); // a drawn page, not a blank one
    },
    90_000,
  );
});

describe('renderHtml: what a risk analyst reads off the page', () => {
  it('says one thread, not "0 workers", when the replay ran on the calling thread', () => {
    expect(report.inputs.workers).toBe(0);
    expect(html).toContain('· one thread ·');
    expect(html).not.toMatch(/\b0 workers\b/);
    expect(renderHtml({ ...report, inputs: { ...report.inputs, workers: 1 } })).toContain('· 1 worker ·');
    expect(renderHtml({ ...report, inputs: { ...report.inputs, workers: 2 } })).toContain('· 2 workers ·');
  });

  it('costs per applicant with four places wherever they stand: card, cost table, sweep, suggested order', () => {
    const cost = html.slice(html.indexOf('<section id="cost">'), html.indexOf('<section id="outcomes">'));
    expect(cost).toContain(`<tr class="total"><th>Per applicant</th><td colspan="4"></td><td class="n">${fmtMoney(report.cost.base.perApplicant, 4)}</td><td class="n">${fmtMoney(report.cost.candidate.perApplicant, 4)}</td>`);
    const sweep = html.slice(html.indexOf('<section id="sweep">'), html.indexOf('<section id="bad">'));
    for (const p of report.sweep!.points) expect(sweep).toContain(`<td class="n">${fmtMoney(p.costPerApplicant, 4)}</td></tr>`);
    // A set already in its cheapest order says what it costs as precisely as one that saves.
    const cheapest = report.ruleSets.map((x) => x.candidate!).find((v) => new Dec(v.order.savingPerApplicant).isZero())!;
    expect(html).toContain(`The current order is already the cheapest: ${fmtMoney(cheapest.order.currentCostPerApplicant, 4)} per applicant`);
  });

  it('names the vendor figures for what they count: catches the other vendor misses, not unique to the set', () => {
    const v = report.vendors[0];
    // The vendor's "unique" is its catches less those both vendors make; other rules of the set may catch them too.
    expect(v.a.unique).toBe(v.a.catches - v.both);
    const set = report.ruleSets.find((x) => x.id === v.ruleSet)![v.version]!;
    const inSet = set.catches.find((c) => c.rule === v.a.rule)!;
    expect(inSet.unique).not.toBe(v.a.unique); // two different figures, so two different names
    const vendors = html.slice(html.indexOf('<section id="vendors">'), html.indexOf('<section id="cost">'));
    expect(vendors).toContain('<th class="n">Catches the other misses</th>');
    expect(vendors).toContain('<th class="n">Cost per catch the other misses</th>');
    expect(vendors).not.toContain('divided by the catches no other rule of the set makes');
    expect(vendors).not.toContain('unique catch');
    expect(formatSummary(report)).toContain(`only ${v.a.source} ${fmtCount(v.a.unique)} (${fmtMoney(v.a.costPerUniqueCatch)} per catch only it makes)`);
  });

  it('says which version lacks a rule that exists in one only', () => {
    const x = structuredClone(report);
    const rule = x.rules.find((r) => r.id === 'bureau_blacklisted')!;
    rule.candidate = null;
    const out = renderHtml(x);
    expect(out).toContain('<div class="muted">on → not in the candidate</div>');
  });

  it('lets a long rule id break after its underscores instead of widening its table', () => {
    const long = 'credit_inquiries_very_high_in_last_three_months_for_thin_file_applicants_review';
    const x = structuredClone(report);
    x.rules[0].id = long;
    x.ruleSets[0].candidate!.catches[0].rule = long;
    const out = renderHtml(x);
    expect(out).toContain('<code>credit_<wbr>inquiries_<wbr>very_<wbr>high_<wbr>in_<wbr>last_');
    expect(out).not.toContain(`<code>${long}</code>`);
  });

  it.skipIf(!hasChromium)(
    hasChromium ? 'prints on A4 portrait with no table cut off at the right edge, a long rule id included' : `prints on A4 — SKIPPED: ${CHROMIUM} is not installed`,
    async () => {
      const { chromium } = await import('playwright-core');
      const x = structuredClone(report);
      x.rules.push({ ...structuredClone(x.rules[0]), id: 'credit_inquiries_very_high_in_last_three_months_for_thin_file_applicants_review', node: x.rules[0].node });
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND'] });
      try {
        // A4 is 210 mm wide; the print style's 12 mm margins leave 186 mm, about 703 CSS pixels.
        const page = await browser.newPage({ viewport: { width: 703, height: 1000 } });
        await page.setContent(renderHtml(x));
        await page.emulateMedia({ media: 'print' });
        const cut = await page.evaluate(() =>
          [...document.querySelectorAll('table, figure, .scroll')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map((el) => `${el.tagName.toLowerCase()}.${el.className} in #${el.closest('section')?.id}`),
        );
        expect(cut).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
      } finally {
        await browser.close();
      }
    },
    90_000,
  );
});

describe('figures', () => {
  it('formats rates, deltas, money and counts', () => {
    expect(fmtPct('0.463333')).toBe('46.3%');
    expect(fmtPct('0.000333')).toBe('<0.1%');
    expect(fmtPct('0.000000')).toBe('0.0%');
    expect(fmtPct(null)).toBe('—');
    expect(fmtPp('-0.004333')).toBe('−0.4 pp');
    expect(fmtPp('0.012000')).toBe('+1.2 pp');
    expect(fmtPp('0.000040')).toBe('0.0 pp');
    expect(fmtMoney('6633.45')).toBe('6,633.45');
    expect(fmtMoney('2.21115')).toBe('2.21');
    expect(fmtMoney('-161.45')).toBe('−161.45');
    expect(fmtMoney('-0.001')).toBe('0.00');
    expect(fmtMoney('0.001429', 4)).toBe('0.0014');
    expect(fmtMoney(null)).toBe('—');
    expect(fmtCount(1234567)).toBe('1,234,567');
  });

  it('explains a swap cause in words', () => {
    const titles = new Map([['phone_tenure_short', 'Phone too new']]);
    expect(causeText({ kind: 'rule', rule: 'phone_tenure_short', node: 'carrier_checks', firedIn: 'base' }, titles)).toBe('Rule phone_tenure_short (Phone too new) in carrier_checks fires only in the base');
    expect(causeText({ kind: 'clause', node: 'offer', base: 0, candidate: 'else' }, titles)).toBe('Decision offer takes clause #1 in base, else in candidate');
    expect(causeText({ kind: 'branch', node: 'route', base: 1, candidate: 0 }, titles)).toBe('Branch route routes differently: arm #2 in base, #1 in candidate');
  });
});
