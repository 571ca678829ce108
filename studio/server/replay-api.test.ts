// The replay API over HTTP (brief/replay-api.md) against a real server on a temp copy of samples/
// (its datasets cut small): records, deciding one record, and backtest runs checked against the CLI
// on the same inputs, cancelled, refused, and kept across a restart.

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runVerdict } from '../../cli/testing.js';
import { convertJsonlToParquet } from '../../runtime/data/duckdb.js';
import { renderHtml } from '../../runtime/replay/html.js';
import type { BacktestReport } from '../../runtime/replay/report.js';
import { startStudio, type Studio } from './index.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE_LINES = 400;
const BAD_LINE = '{"applicant": {"id": "BROKEN"'; // invalid JSON, as line 6 of the cut dataset

const temps: string[] = [];
const studios: Studio[] = [];
afterAll(async () => {
  await Promise.all(studios.map((s) => s.close()));
  temps.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  temps.push(dir);
  return dir;
}

/** samples/ with its datasets cut to their first lines, and one broken JSONL line among them. */
function sampleWorkspace(lines = SAMPLE_LINES): string {
  const dir = tempDir('verdict-replay-ws-');
  for (const name of ['application.policy', 'preapproval.policy']) copyFileSync(join(REPO, 'samples', name), join(dir, name));
  mkdirSync(join(dir, 'data'));
  const jsonl = readFileSync(join(REPO, 'samples/data/applicants.jsonl'), 'utf8').split('\n').slice(0, lines);
  jsonl.splice(5, 0, BAD_LINE);
  writeFileSync(join(dir, 'data/applicants.jsonl'), `${jsonl.join('\n')}\n`);
  const csv = readFileSync(join(REPO, 'samples/data/applicants.csv'), 'utf8').split('\n').slice(0, lines + 1);
  writeFileSync(join(dir, 'data/applicants.csv'), `${csv.join('\n')}\n`);
  return dir;
}

async function open(dir: string, replay?: { workers?: number; chunkBytes?: number }): Promise<Studio> {
  const studio = await startStudio({ dir, appDir: tempDir('verdict-replay-app-'), log: () => undefined, ...(replay ? { replay } : {}) });
  studios.push(studio);
  await studio.ready;
  return studio;
}

interface Reply {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

async function call(studio: Studio, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${studio.url}${path.slice(1)}`, {
    method,
    headers: { ...(method === 'GET' ? {} : { 'Content-Type': 'application/json', Origin: studio.url.replace(/\/$/, '') }), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

async function settled(studio: Studio, id: string): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const { json } = await call(studio, 'GET', `/api/runs/${id}`);
    if (json.status !== 'running') return json;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${id} did not end`);
}

describe('GET /api/records', () => {
  it('pages through a JSONL dataset, lists a bad line in its place with the reason, and filters by id', async () => {
    const studio = await open(sampleWorkspace());
    const first = await call(studio, 'GET', '/api/records?path=data/applicants.jsonl&limit=3&offset=4');
    expect(first.status).toBe(200);
    expect(first.json.path).toBe('data/applicants.jsonl');
    expect(first.json.total).toBe(SAMPLE_LINES + 1);
    expect(first.json.records.map((r: any) => [r.index, r.id, r.line])).toEqual([
      [4, 'A000005', 5],
      [5, '#5', 6],
      [6, 'A000006', 7],
    ]);
    expect(first.json.records[0].record.applicant.age).toBe(JSON.parse(readFileSync(join(REPO, 'samples/data/applicants.jsonl'), 'utf8').split('\n')[4]).applicant.age);
    expect(first.json.records[1].record).toBeUndefined();
    expect(first.json.records[1].error).toMatch(/^line 6: invalid JSON/);

    const found = await call(studio, 'GET', '/api/records?path=data/applicants.jsonl&q=a00001&limit=4&offset=2');
    expect(found.json.total).toBe(10); // A000010 .. A000019
    expect(found.json.records.map((r: any) => r.id)).toEqual(['A000012', 'A000013', 'A000014', 'A000015']);
    expect((await call(studio, 'GET', '/api/records?path=data/applicants.jsonl&limit=0')).json.error.code).toBe('bad-request');
  });

  it('lists a JSON line that is not an object as a bad record, with the reason a backtest gives it', async () => {
    const dir = sampleWorkspace(2);
    const good = readFileSync(join(dir, 'data/applicants.jsonl'), 'utf8').split('\n')[0];
    writeFileSync(join(dir, 'data/odd.jsonl'), `${good}\n[1, 2, 3]\n5\n`);
    const studio = await open(dir);
    const page = await call(studio, 'GET', '/api/records?path=data/odd.jsonl&policy=application.policy');
    expect(page.json.records.map((r: any) => [r.index, r.id, r.line, r.error])).toEqual([
      [0, 'A000001', 1, undefined],
      [1, '#1', 2, 'record: expected a JSON object, not a list'],
      [2, '#2', 3, 'record: expected a JSON object, not 5'],
    ]);
    expect(page.json.records[1].record).toBeUndefined();
    // The same reasons as the backtest's bad records.
    const out = join(tempDir('verdict-replay-odd-'), 'report.json');
    await runVerdict(['backtest', join(dir, 'application.policy'), '--data', join(dir, 'data/odd.jsonl'), '--candidate-set', 'min_phone_tenure=3', '--json', out]);
    const report = JSON.parse(readFileSync(out, 'utf8')) as BacktestReport;
    expect(report.badRecords.listed.map((b) => [b.index, b.reason])).toEqual(page.json.records.slice(1).map((r: any) => [r.index, r.error]));
  });

  it('reads CSV and Parquet through the CLI readers, CSV cells typed by the policy when one is named', async () => {
    const dir = sampleWorkspace(30);
    await convertJsonlToParquet(join(REPO, 'samples/data/applicants.jsonl'), join(dir, 'data/applicants.parquet'));
    const studio = await open(dir);
    const csv = await call(studio, 'GET', '/api/records?path=data/applicants.csv&limit=2&policy=application.policy');
    expect(csv.json.total).toBe(30);
    expect(csv.json.records.map((r: any) => r.id)).toEqual(['A000001', 'A000002']);
    expect(csv.json.records[0].record.own_blacklist.listed).toBe(false);
    expect(csv.json.records[0].record.applicant.contacts[0].relation).toBe('parent');
    const parquet = await call(studio, 'GET', '/api/records?path=data/applicants.parquet&offset=2998&limit=5');
    expect(parquet.json.total).toBe(3000); // from the footer
    expect(parquet.json.records.map((r: any) => [r.index, r.id, r.line])).toEqual([
      [2998, 'A002999', 2999],
      [2999, 'A003000', 3000],
    ]);
  });

  it('refuses paths outside the workspace, the studio state, and files that are not datasets', async () => {
    const dir = sampleWorkspace(10);
    const outside = tempDir('verdict-replay-outside-');
    writeFileSync(join(outside, 'secret.jsonl'), '{"id": "secret"}\n');
    symlinkSync(join(outside, 'secret.jsonl'), join(dir, 'data/leak.jsonl'));
    const studio = await open(dir);
    const code = async (path: string) => (await call(studio, 'GET', `/api/records?path=${encodeURIComponent(path)}`)).json.error.code;
    expect(await code('../secret.jsonl')).toBe('outside-workspace');
    expect(await code(join(outside, 'secret.jsonl'))).toBe('outside-workspace');
    expect(await code('data/leak.jsonl')).toBe('outside-workspace');
    expect(await code('.verdict/runs/x.swaps.jsonl')).toBe('outside-workspace');
    expect(await code('application.policy')).toBe('bad-dataset');
    expect(await code('data/none.jsonl')).toBe('not-found');
  });

  it('names the dataset, as the workspace does, in a file\'s error (a CSV header with a column twice)', async () => {
    const dir = sampleWorkspace(5);
    writeFileSync(join(dir, 'data/twice.csv'), 'applicant.id,applicant.age,applicant.id\nA,30,B\n');
    const studio = await open(dir);
    const res = await call(studio, 'GET', '/api/records?path=data/twice.csv');
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('bad-dataset');
    expect(res.json.error.message).toMatch(/^data\/twice\.csv: .*applicant\.id/);
    expect(res.json.error.message).not.toContain(dir);
  });
});

describe('POST /api/decide', () => {
  it('decides one record with its trace exactly as `verdict run --trace` does, with overrides', async () => {
    const dir = sampleWorkspace(10);
    const studio = await open(dir);
    const text = readFileSync(join(dir, 'application.policy'), 'utf8');
    const record = JSON.parse(readFileSync(join(dir, 'data/applicants.jsonl'), 'utf8').split('\n')[2]);
    const reply = await call(studio, 'POST', '/api/decide', { text, record, set: ['min_phone_tenure=3'], switch: ['fraud_b_trial=on'] });
    expect(reply.status).toBe(200);
    expect(reply.json.result.trace.path[0]).toBe('start');
    writeFileSync(join(dir, 'one.json'), JSON.stringify(record));
    const cli = await runVerdict(['run', join(dir, 'application.policy'), '--record', join(dir, 'one.json'), '--trace', '--set', 'min_phone_tenure=3', '--switch', 'fraud_b_trial=on']);
    expect(reply.json.result).toEqual(JSON.parse(cli.out));
    // Without the override, the same record is decided differently (it is a phone-tenure reject).
    const plain = await call(studio, 'POST', '/api/decide', { text, record });
    expect(plain.json.result.decision).not.toBe(reply.json.result.decision);
  });

  it('answers policy errors and bad overrides with 422, and refuses a cross-origin request', async () => {
    const studio = await open(sampleWorkspace(10));
    const broken = await call(studio, 'POST', '/api/decide', { text: 'policy p "P" version 1\nrule r { when x > then reject }\n', record: {} });
    expect(broken.status).toBe(422);
    expect(broken.json.error.code).toBe('policy-errors');
    expect(broken.json.error.message).toMatch(/^the policy does not compile:\n(.*\n)*policy:2:1: error unexpected-token: /);
    const text = readFileSync(join(REPO, 'samples/application.policy'), 'utf8');
    const bad = await call(studio, 'POST', '/api/decide', { text, record: {}, set: ['min_phone_tenur=3'] });
    expect(bad.status).toBe(422);
    expect(bad.json.error).toEqual({ code: 'bad-override', message: 'set min_phone_tenur=3: unknown param `min_phone_tenur` (did you mean `min_phone_tenure`?)' });
    expect((await call(studio, 'POST', '/api/decide', { text, record: [] })).status).toBe(400);
    const foreign = await call(studio, 'POST', '/api/decide', { text, record: {} }, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('cross-origin');
  });
});

describe('backtest runs', () => {
  it('runs on the server with the report, swaps and HTML of the CLI for the same inputs, and keeps them across a restart', async () => {
    const dir = sampleWorkspace();
    let studio = await open(dir);
    const original = readFileSync(join(dir, 'application.policy'), 'utf8');
    expect((await call(studio, 'POST', '/api/versions', { policy: 'application.policy', text: original, message: 'as shipped' })).status).toBe(201);
    const draft = original.replace('param min_phone_tenure = 6', 'param min_phone_tenure = 3');
    expect(draft).not.toBe(original);

    const started = await call(studio, 'POST', '/api/runs', {
      policy: 'application.policy',
      base: { version: 1 },
      candidate: { draft, switch: ['fraud_b_trial=on'] },
      dataset: 'data/applicants.jsonl',
      sweep: 'max_dti=0.5..0.7:0.1',
    });
    expect(started.status).toBe(202);
    expect(started.json).toEqual({ id: expect.stringMatching(/^\d{8}-\d{6}-[0-9a-f]{6}$/), status: 'running' });
    const id = started.json.id as string;
    const run = await settled(studio, id);
    expect(run.status).toBe('done');
    expect(run.progress.records).toBe(SAMPLE_LINES + 1);
    const report = run.report as BacktestReport;
    expect(report.schema).toBe('verdict.backtest/1');
    expect(report.totals.unreadable).toBe(1);
    expect(report.swaps.flipped).toBeGreaterThan(0);
    expect(run.inputs).toMatchObject({
      policy: 'application.policy',
      dataset: 'data/applicants.jsonl',
      datasetSha256: report.inputs.data.sha256,
      base: { version: 1, label: 'application.policy@1', sha256: report.inputs.base.sha256 },
      candidate: { draft, switch: ['fraud_b_trial=on'], label: 'application.policy', sha256: report.inputs.candidate.sha256 },
    });

    const listed = (await call(studio, 'GET', '/api/runs?policy=application.policy')).json;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id, status: 'done', headline: { records: SAMPLE_LINES + 1, flipped: report.swaps.flipped, approvalRate: { base: report.decisions.base.approvalRate } } });
    expect(listed[0].inputs.candidate.draft).toBeUndefined();
    expect((await call(studio, 'GET', '/api/runs?policy=preapproval.policy')).json).toEqual([]);

    const swapsAll = (await call(studio, 'GET', `/api/runs/${id}/swaps?limit=500`)).json as any[];
    expect(swapsAll).toHaveLength(report.swaps.flipped);
    const cell = report.swaps.cells.find((c) => c.base === 'reject' && c.candidate === 'approve')!;
    expect(cell.count).toBeGreaterThan(2);
    const inCell = (await call(studio, 'GET', `/api/runs/${id}/swaps?from=reject&to=approve&limit=2`)).json as any[];
    expect(inCell.map((s) => s.id)).toEqual(cell.examples.slice(0, 2));
    expect(inCell[0].base.trace.path[0]).toBe('start');
    expect(inCell[0].candidate.decision).toBe('approve');
    const next = (await call(studio, 'GET', `/api/runs/${id}/swaps?from=reject&to=approve&limit=1&offset=2`)).json as any[];
    expect(next.map((s) => s.id)).toEqual([cell.examples[2]]);
    expect((await call(studio, 'GET', `/api/runs/${id}/swaps?from=maybe`)).status).toBe(400);

    const json = await call(studio, 'GET', `/api/runs/${id}/report.json`);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="verdict-backtest-${id}.json"`);
    const html = await call(studio, 'GET', `/api/runs/${id}/report.html`);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    await studio.close();

    // The CLI on the same inputs, from the workspace folder: the draft is on disk, version 1 in the database.
    writeFileSync(join(dir, 'application.policy'), draft);
    const out = tempDir('verdict-replay-cli-');
    const cwd = process.cwd();
    process.chdir(dir);
    let cli;
    try {
      cli = await runVerdict(['backtest', 'application.policy@1', 'application.policy', '--data', 'data/applicants.jsonl', '--candidate-switch', 'fraud_b_trial=on', '--sweep', 'max_dti=0.5..0.7:0.1', '--json', join(out, 'r.json'), '--swaps', join(out, 's.jsonl')]);
    } finally {
      process.chdir(cwd);
    }
    expect(cli.err).toBe('');
    expect(cli.code).toBe(0);
    const cliText = readFileSync(join(out, 'r.json'), 'utf8');
    const cliReport = JSON.parse(cliText) as BacktestReport;
    const withWorkers = (text: string, workers: number) => text.replace(/"workers": \d+/, `"workers": ${workers}`);
    expect(json.text).toBe(withWorkers(cliText, report.inputs.workers));
    expect(html.text).toBe(renderHtml({ ...cliReport, inputs: { ...cliReport.inputs, workers: report.inputs.workers } }));
    const cliSwaps = readFileSync(join(out, 's.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(swapsAll).toEqual(cliSwaps);

    // A restart finds the run, its report and its swaps.
    studio = await open(dir);
    const again = await call(studio, 'GET', `/api/runs/${id}`);
    expect(again.json.status).toBe('done');
    expect(again.json.report).toEqual(report);
    expect((await call(studio, 'GET', `/api/runs/${id}/report.json`)).text).toBe(json.text);
    expect((await call(studio, 'GET', `/api/runs/${id}/swaps?limit=500`)).json).toEqual(swapsAll);
    expect((await call(studio, 'GET', '/api/runs')).json.map((r: any) => r.id)).toEqual([id]);
  });

  it('cancels a run, refuses a second one while the first runs, and marks a run the stop cut short as failed', async () => {
    const dir = sampleWorkspace(10);
    copyFileSync(join(REPO, 'samples/data/applicants.jsonl'), join(dir, 'data/all.jsonl'));
    // Small chunks: the run takes a cancel between many of them.
    let studio = await open(dir, { chunkBytes: 8 * 1024 });
    const inputs = { policy: 'application.policy', base: { draft: readFileSync(join(dir, 'application.policy'), 'utf8') }, candidate: { draft: readFileSync(join(dir, 'application.policy'), 'utf8'), set: ['min_age=21'] }, dataset: 'data/all.jsonl' };
    const first = await call(studio, 'POST', '/api/runs', inputs);
    expect(first.status).toBe(202);
    const busy = await call(studio, 'POST', '/api/runs', inputs);
    expect(busy.status).toBe(409);
    expect(busy.json.error).toMatchObject({ code: 'run-in-progress', message: expect.stringContaining(first.json.id) });
    const cancelled = await call(studio, 'POST', `/api/runs/${first.json.id}/cancel`, {});
    expect(cancelled.json).toEqual({ id: first.json.id, status: 'cancelled' });
    const run = (await call(studio, 'GET', `/api/runs/${first.json.id}`)).json;
    expect(run).toMatchObject({ status: 'cancelled', error: 'cancelled' });
    expect(run.progress.records).toBeLessThan(3000);
    expect(run.finishedAt).toBeDefined();
    expect(run.report).toBeUndefined();
    expect((await call(studio, 'GET', `/api/runs/${first.json.id}/report.json`)).json.error.code).toBe('no-report');
    expect((await call(studio, 'POST', `/api/runs/${first.json.id}/cancel`, {})).json.status).toBe('cancelled');

    // Free again: the next run starts; the server stops while it runs.
    const second = await call(studio, 'POST', '/api/runs', inputs);
    expect(second.status).toBe(202);
    await studio.close();
    studio = await open(dir);
    const cut = (await call(studio, 'GET', `/api/runs/${second.json.id}`)).json;
    expect(cut.status).toBe('failed');
    expect(cut.error).toMatch(/^interrupted/);
    expect((await call(studio, 'GET', '/api/runs')).json.map((r: any) => r.id)).toEqual([second.json.id, first.json.id]);
  });

  it('runs on CSV through the CLI reader, with the figures of the same records as JSONL', async () => {
    const dir = sampleWorkspace(100);
    const studio = await open(dir);
    const text = readFileSync(join(dir, 'application.policy'), 'utf8');
    const inputs = { policy: 'application.policy', base: { draft: text }, candidate: { draft: text, set: ['min_phone_tenure=3'] } };
    const csv = await settled(studio, (await call(studio, 'POST', '/api/runs', { ...inputs, dataset: 'data/applicants.csv' })).json.id);
    expect(csv.status).toBe('done');
    expect(csv.progress.records).toBe(100);
    expect(csv.report.inputs.data).toMatchObject({ path: 'data/applicants.csv', format: 'csv' });
    // The JSONL copy holds the same 100 records and one broken line.
    const jsonl = await settled(studio, (await call(studio, 'POST', '/api/runs', { ...inputs, dataset: 'data/applicants.jsonl' })).json.id);
    expect(jsonl.report.totals.records).toBe(101);
    expect(csv.report.decisions.base.counts.approve).toBe(jsonl.report.decisions.base.counts.approve);
    expect(csv.report.swaps.flipped).toBe(jsonl.report.swaps.flipped);
  });

  it('refuses bad inputs with the reason', async () => {
    const dir = sampleWorkspace(10);
    const outside = tempDir('verdict-replay-outside-');
    writeFileSync(join(outside, 'x.jsonl'), '{}\n');
    const studio = await open(dir);
    const text = readFileSync(join(dir, 'application.policy'), 'utf8');
    const base = { draft: text };
    const start = async (over: Record<string, unknown>) => (await call(studio, 'POST', '/api/runs', { policy: 'application.policy', base, candidate: base, dataset: 'data/applicants.jsonl', ...over })).json.error;
    expect((await start({ dataset: '../x.jsonl' })).code).toBe('outside-workspace');
    expect((await start({ dataset: join(outside, 'x.jsonl') })).code).toBe('outside-workspace');
    expect((await start({ dataset: '.verdict/studio.duckdb' })).code).toBe('outside-workspace');
    expect((await start({ dataset: 'application.policy' })).code).toBe('bad-dataset');
    expect((await start({ dataset: 'data/none.csv' })).code).toBe('not-found');
    expect((await start({ policy: '../application.policy' })).code).toBe('outside-workspace');
    expect((await start({ policy: 'data/applicants.jsonl' })).code).toBe('bad-request');
    expect(await start({ base: { version: 4 } })).toEqual({ code: 'not-found', message: 'the base: application.policy has no saved version 4' });
    expect((await start({ base: { version: 1, draft: text } })).code).toBe('bad-request');
    expect((await start({ candidate: { draft: 'policy p "P" version 1\nrule r { when then }\n' } })).code).toBe('policy-errors');
    expect(await start({ candidate: { ...base, switch: ['zhima_lo=on'] } })).toEqual({ code: 'bad-override', message: 'the candidate: switch zhima_lo=on: unknown rule `zhima_lo` (did you mean `zhima_low`?)' });
    expect((await start({ sweep: 'max_dti=1..0:1' })).code).toBe('bad-sweep');
    expect((await call(studio, 'POST', '/api/runs', { policy: 'application.policy' }, { Origin: 'http://evil.example' })).json.error.code).toBe('cross-origin');
    expect((await call(studio, 'GET', '/api/runs/..%2F..%2Fetc')).status).toBe(400);
    expect((await call(studio, 'GET', '/api/runs/20250101-000000-abcdef')).status).toBe(404);
    expect((await call(studio, 'GET', '/api/runs')).json).toEqual([]);
  });
});
