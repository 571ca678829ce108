import { describe, expect, it } from 'vitest';
import { ApiError, type DatasetEntry } from '../api/client.js';
import type { ReplayApi, RunDetail, RunInputs } from '../replay/api.js';
import { APPLICATION, caseRecord, decideWith, phoneTenureReport } from '../testing/replay-fixture.js';
import { overlayOf } from '../replay/overlay.js';
import { POLICY } from '../testing/policy.js';
import { inProcessAnalyzer, memoryApi } from '../testing/fakes.js';
import { createStudioStore } from './index.js';

/** The replay API as the server keeps it: decisions by the runtime, runs that finish after a few polls. */
function fakeReplay(pollsToFinish = 2, runs = new Map<string, RunDetail & { polls: number }>()) {
  const calls: string[] = [];
  let started = runs.size;
  const api: ReplayApi = {
    async records(path, p) {
      calls.push(`records ${path} ${p.offset} ${p.q ?? ''}`);
      const all = [
        { index: 0, id: 'A-1001', record: caseRecord('phone in use 4 months') },
        { index: 1, id: 'A-1002', record: caseRecord('prime applicant') },
        { index: 2, id: '#2', error: 'line 3: not JSON' },
      ].filter((r) => !p.q || r.id.includes(p.q));
      return { path, total: all.length, records: all.slice(p.offset, p.offset + p.limit) };
    },
    async decide(req) {
      calls.push(`decide ${JSON.stringify(req.set)} ${JSON.stringify(req.switch)}`);
      try {
        return { result: decideWith(req.text, req.record, req.set, req.switch) };
      } catch (e) {
        throw new ApiError('policy-errors', (e as Error).message, 422);
      }
    },
    async startRun(inputs: RunInputs) {
      const id = `r${++started}`;
      calls.push(`start ${JSON.stringify(inputs.base)} ${JSON.stringify({ ...inputs.candidate, draft: 'draft' in inputs.candidate ? '…' : undefined })} ${inputs.dataset}`);
      runs.set(id, { id, status: 'running', progress: { records: 0, bytes: 0, totalBytes: 100 }, inputs, createdAt: '2026-03-01T10:00:00Z', polls: 0 });
      return { id, status: 'running' };
    },
    async run(id) {
      const r = runs.get(id);
      if (!r) throw new ApiError('not-found', `no run ${id}`, 404);
      if (r.status === 'running' && ++r.polls >= pollsToFinish) Object.assign(r, { status: 'done', progress: { records: 300, bytes: 100, totalBytes: 100 }, report: await phoneTenureReport() });
      else if (r.status === 'running') r.progress = { records: 100, bytes: 40, totalBytes: 100 };
      const { polls: _p, ...detail } = r;
      return structuredClone(detail);
    },
    async cancelRun(id) {
      const r = runs.get(id)!;
      if (r.status === 'running') r.status = 'cancelled';
      return { id, status: r.status };
    },
    async deleteRun(id) {
      calls.push(`delete ${id}`);
      const r = runs.get(id);
      if (!r) throw new ApiError('not-found', `there is no run ${id}`, 404);
      if (r.status === 'running') throw new ApiError('run-in-progress', `run ${id} is still running: cancel it first`, 409);
      runs.delete(id);
    },
    async runs() {
      return [...runs.values()].reverse().map(({ id, status, createdAt, inputs }) => ({ id, status, createdAt, inputs }));
    },
    async swaps(id, f) {
      calls.push(`swaps ${id} ${f.from}->${f.to}`);
      const rec = caseRecord('phone in use 4 months');
      return [{ index: 7, id: 'A-1001', base: decideWith(APPLICATION, rec), candidate: decideWith(APPLICATION, rec, ['min_phone_tenure=3']) }];
    },
    reportUrl: (id, kind) => `/api/runs/${id}/report.${kind}`,
  };
  return { api, calls, runs };
}

async function studio(options: { replay?: boolean; pollsToFinish?: number; datasets?: DatasetEntry[]; prefs?: Map<string, string>; runs?: ReturnType<typeof fakeReplay>['runs'] } = {}) {
  // `runs`: the runs of another page's server (a reload: the same server, a new page).
  const fake = fakeReplay(options.pollsToFinish, options.runs);
  const api = Object.assign(memoryApi({ 'application.policy': APPLICATION, 'small.policy': POLICY }), options.replay === false ? {} : { replay: fake.api });
  const datasets = options.datasets ?? [{ path: 'data/a.jsonl', size: 10, format: 'jsonl' }];
  api.workspace = async () => ({ name: 't', policies: [{ path: 'application.policy', size: 1, mtime: 0 }, { path: 'small.policy', size: 1, mtime: 0 }], datasets });
  const analyzer = inProcessAnalyzer();
  const kept = options.prefs ?? new Map<string, string>();
  const store = createStudioStore({ api, analyzer, pollMs: 5, prefs: { get: (k) => kept.get(k), set: (k, v) => void kept.set(k, v) } });
  await store.getState().loadWorkspace();
  await analyzer.idle();
  return { store, s: () => store.getState(), fake, api, analyzer };
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('the test panel', () => {
  it('pages a dataset, decides the picked record against the draft with its overrides, and lights its path', async () => {
    const { s, fake } = await studio();
    await s().chooseDataset('data/a.jsonl');
    expect(s().test.page?.records.map((r) => r.id)).toEqual(['A-1001', 'A-1002', '#2']);
    s().setTest({ q: '1002' });
    await s().loadRecords(0);
    expect(s().test.page?.records.map((r) => r.id)).toEqual(['A-1002']);
    expect(fake.calls).toContain('records data/a.jsonl 0 1002');

    s().setTest({ q: '' });
    await s().loadRecords(0);
    s().pickRecord(s().test.page!.records[0]);
    s().setTest({ set: 'min_phone_tenure=3' });
    await s().decide();
    expect(fake.calls).toContain('decide ["min_phone_tenure=3"] []');
    // With the tenure floor at 3, four months pass: the carrier checks run on.
    expect(s().test.result?.trace?.path).toContain('credit');
    expect(s().overlayMode).toBe('trace');
    expect(overlayOf(s().graphOverlay, 'carrier_checks')!.rules!.phone_tenure_short.state).toBe('pass');

    s().setTest({ set: '' });
    await s().decide();
    expect(s().test.result?.decision).toBe('reject');
    expect(overlayOf(s().graphOverlay, 'carrier_checks')!.rules!.phone_tenure_short.decisive).toBe(true);
    expect(overlayOf(s().graphOverlay, 'credit')!.visit).toBe('skipped');
    expect(s().test.decidedText).toBe(s().text);
  });

  it('says what is wrong with a pasted record, an unreadable line or a broken policy, and clears the last result', async () => {
    const { s } = await studio();
    s().setTest({ source: 'json', json: '{ "applicant": ' });
    await s().decide();
    expect(s().test.error).toMatch(/^The pasted text is not JSON/);
    s().setTest({ json: '[1]' });
    await s().decide();
    expect(s().test.error).toMatch(/A record is a JSON object/);
    s().setTest({ json: JSON.stringify(caseRecord('prime applicant')) });
    await s().decide();
    expect(s().test.error).toBeUndefined();
    expect(s().test.result?.decision).toBe('approve');

    await s().chooseDataset('data/a.jsonl');
    s().pickRecord(s().test.page!.records[2]);
    await s().decide();
    expect(s().test.error).toBe('Record #2 could not be read: line 3: not JSON');

    s().setTest({ source: 'json' });
    await s().decide();
    expect(s().test.result?.decision).toBe('approve');
    expect(s().overlayMode).toBe('trace');
    s().setText('policy broken');
    await s().decide();
    expect(s().test.error).toBe('policy-errors');
    // The earlier result is gone, from the panel and from the graph: it is not the answer to these inputs.
    expect(s().test.result).toBeUndefined();
    expect(s().test.decidedText).toBeUndefined();
    expect(s().graphOverlay).toBeUndefined();
    expect(s().overlayMode).toBe('off');
  });

  it('clears the last result when the server refuses an override', async () => {
    const { s } = await studio();
    s().setTest({ source: 'json', json: JSON.stringify(caseRecord('prime applicant')) });
    await s().decide();
    expect(s().test.result?.decision).toBe('approve');
    s().setTest({ set: 'min_phone_tenure=abc' });
    await s().decide();
    expect(s().test.error).toBeDefined();
    expect(s().test.result).toBeUndefined();
    expect(s().graphOverlay).toBeUndefined();
    // Deciding again with good inputs brings a result back, and the error goes.
    s().setTest({ set: '' });
    await s().decide();
    expect(s().test.error).toBeUndefined();
    expect(s().test.result?.decision).toBe('approve');
  });

  it('does not decide while a saved version is on screen, and says why', async () => {
    const { s, fake } = await studio();
    await s().saveVersion('v1');
    await s().openVersion(1);
    s().setTest({ source: 'json', json: JSON.stringify(caseRecord('prime applicant')) });
    await s().decide();
    expect(fake.calls.filter((c) => c.startsWith('decide'))).toEqual([]);
    expect(s().test.result).toBeUndefined();
    s().closeVersion();
    await s().decide();
    expect(s().test.result?.decision).toBe('approve');
  });

  it('sends a dataset record with its position, so that one without an id is named as the list and a backtest name it', async () => {
    const { s, fake } = await studio();
    const sent: (number | undefined)[] = [];
    const decide = fake.api.decide;
    fake.api.decide = (req) => (sent.push(req.index), decide(req));
    await s().chooseDataset('data/a.jsonl');
    s().pickRecord(s().test.page!.records[1]);
    await s().decide();
    // Pasted, a record has no position in a file.
    s().setTest({ source: 'json', json: JSON.stringify(caseRecord('prime applicant')) });
    await s().decide();
    expect(sent).toEqual([1, undefined]);
  });

  it('tells the analyst when the server has no replay API', async () => {
    const { s } = await studio({ replay: false });
    s().setTest({ source: 'json', json: '{}' });
    await s().decide();
    expect(s().test.error).toMatch(/no replay API/);
  });
});

describe('the backtest panel', () => {
  it('needs a saved version as the base', async () => {
    const { s } = await studio();
    await s().startBacktest();
    expect(s().backtest.error).toMatch(/The base is a saved version/);
  });

  it('runs the draft against a version with overrides, follows its progress, and puts the report on the graph and in the store', async () => {
    const { s, fake } = await studio({ pollsToFinish: 3 });
    await s().saveVersion('v1');
    s().setBacktestForm({ candidateSet: 'min_phone_tenure=3' });
    const seen: string[] = [];
    await s().startBacktest();
    expect(fake.calls.find((c) => c.startsWith('start'))).toBe('start {"version":1,"set":[],"switch":[]} {"draft":"…","set":["min_phone_tenure=3"],"switch":[]} data/a.jsonl');
    expect(s().backtest.run?.status).toBe('running');
    await until(() => {
      if (s().backtest.run?.progress.records) seen.push(String(s().backtest.run!.progress.records));
      return s().backtest.run?.status === 'done';
    });
    expect(seen).toContain('100');
    const report = await phoneTenureReport();
    expect(s().overlayMode).toBe('heat');
    expect(s().lastBacktest?.suggestedOrder.verification).toEqual(report.ruleSets.find((r) => r.id === 'verification')!.candidate!.order.suggested);
    expect(s().ruleRates?.phone_tenure_short.delta).toBe(report.rules.find((r) => r.id === 'phone_tenure_short')!.delta.triggerRate);
    expect(overlayOf(s().graphOverlay, 'carrier_checks')!.rules!.phone_tenure_short.heat!.trend).toBe('down');
    await until(() => s().runs.list.length === 1);

    // Drill-down: a cell's records, the first opened with both traces.
    await s().openSwapCell({ from: 'reject', to: 'approve' });
    expect(fake.calls).toContain('swaps r1 reject->approve');
    expect(s().backtest.swap?.base.decision).toBe('reject');
    expect(s().backtest.swap?.candidate.trace).toBeDefined();

    // The overlay follows the mode; a test result and a report live side by side.
    s().setOverlayMode('off');
    expect(s().graphOverlay).toBeUndefined();
    s().setOverlayMode('heat');
    expect(s().graphOverlay?.kind).toBe('heat');
  });

  it('reads the dataset last used for the policy, else JSONL before CSV before Parquet, and remembers it per policy across reloads', async () => {
    const datasets: DatasetEntry[] = [
      { path: 'data/a.csv', size: 10, format: 'csv' },
      { path: 'data/a.parquet', size: 10, format: 'parquet' },
      { path: 'data/a.jsonl', size: 10, format: 'jsonl' },
    ];
    const prefs = new Map<string, string>();
    const first = await studio({ datasets, prefs });
    await first.s().saveVersion('v1');
    await first.s().startBacktest();
    // Nothing remembered yet: the JSONL file, though the workspace lists the CSV first.
    expect(first.fake.calls.find((c) => c.startsWith('start'))).toMatch(/ data\/a\.jsonl$/);
    first.s().setBacktestForm({ dataset: 'data/a.parquet' });
    await until(() => first.s().backtest.run?.status === 'done');
    await first.s().startBacktest();
    expect(first.fake.calls.filter((c) => c.startsWith('start')).at(-1)).toMatch(/ data\/a\.parquet$/);
    // Another policy has its own choice (none yet); coming back restores the first one's.
    await first.s().openFile('small.policy');
    expect(first.s().backtest.form.dataset).toBeUndefined();
    await first.s().openFile('application.policy');
    expect(first.s().backtest.form.dataset).toBe('data/a.parquet');

    // A reload (a new store over the same storage) remembers it too.
    const again = await studio({ datasets, prefs });
    await until(() => again.s().path === 'application.policy');
    expect(again.s().backtest.form.dataset).toBe('data/a.parquet');
    // A remembered dataset that left the workspace falls back to the order of formats.
    const gone = await studio({ datasets: datasets.filter((d) => d.format !== 'parquet'), prefs });
    await until(() => gone.s().path === 'application.policy');
    await gone.s().saveVersion('v1');
    await gone.s().startBacktest();
    expect(gone.fake.calls.find((c) => c.startsWith('start'))).toMatch(/ data\/a\.jsonl$/);
  });

  it('cancels a running backtest', async () => {
    const { s } = await studio({ pollsToFinish: 1_000_000 });
    await s().saveVersion('v1');
    await s().startBacktest();
    await s().cancelBacktest();
    await until(() => s().backtest.run?.status === 'cancelled');
    expect(s().backtest.run?.report).toBeUndefined();
    expect(s().lastBacktest).toBeUndefined();
  });

  it('reopens a stored run from the list, and forgets the results of a policy when another opens', async () => {
    const { s, analyzer } = await studio();
    await s().saveVersion('v1');
    s().setBacktestForm({ candidateSet: 'min_phone_tenure=3', candidateSwitches: 'zhima_low=on' });
    await s().startBacktest();
    await until(() => s().backtest.run?.status === 'done');
    await s().openFile('small.policy');
    await analyzer.idle();
    expect(s().backtest.run).toBeUndefined();
    expect(s().lastBacktest).toBeUndefined();
    expect(s().graphOverlay).toBeUndefined();

    await s().openFile('application.policy');
    await until(() => s().runs.list.length === 1);
    s().setDock({ open: false });
    s().setBacktestForm({ candidateSet: '', candidateSwitches: '' });
    await s().openRun('r1');
    expect(s().dock).toEqual({ open: true, tab: 'backtest' });
    // The form shows the run's settings.
    expect(s().backtest.form).toMatchObject({ base: 1, candidate: 'draft', candidateSet: 'min_phone_tenure=3', candidateSwitches: 'zhima_low=on', baseSet: '', dataset: 'data/a.jsonl' });
    expect(s().backtest.run?.report?.schema).toBe('verdict.backtest/1');
    expect(s().overlayMode).toBe('heat');
    expect(s().lastBacktest?.suggestedOrder.prescreen).toBeDefined();
    expect(s().reportLink('r1', 'html')).toBe('/api/runs/r1/report.html');

    await s().openRun('nope');
    expect(s().toast?.text).toBe('Could not open run nope: no run nope');
  });

  it('keeps the height the dock was dragged to when a run opens from the list', async () => {
    const prefs = new Map<string, string>();
    const { s } = await studio({ prefs });
    await s().saveVersion('v1');
    await s().startBacktest();
    await until(() => s().backtest.run?.status === 'done');
    s().setDock({ open: true, tab: 'runs', height: 520 });
    await s().openRun('r1');
    expect(s().dock).toEqual({ open: true, tab: 'backtest', height: 520 });
    expect(JSON.parse(prefs.get('verdict.dock')!)).toEqual({ open: true, tab: 'backtest', height: 520 });
  });

  it('shows the run on screen again after a reload, with its settings in the form; a deleted run does not come back', async () => {
    const prefs = new Map<string, string>();
    const first = await studio({ prefs });
    await first.s().saveVersion('v1');
    first.s().setBacktestForm({ candidateSet: 'min_phone_tenure=3' });
    await first.s().startBacktest();
    await until(() => first.s().backtest.run?.status === 'done');

    // A reload: a new page over the same storage and the same server.
    const again = await studio({ prefs, runs: first.fake.runs });
    await until(() => again.s().backtest.run?.id === 'r1');
    expect(again.s().backtest.run?.report?.schema).toBe('verdict.backtest/1');
    expect(again.s().backtest.form).toMatchObject({ base: 1, candidate: 'draft', candidateSet: 'min_phone_tenure=3', dataset: 'data/a.jsonl' });
    expect(again.s().overlayMode).toBe('heat');

    expect(await again.s().deleteRun('r1')).toBe(true);
    const third = await studio({ prefs, runs: first.fake.runs });
    await until(() => third.s().runs.list.length === 0 && !third.s().runs.loading);
    await new Promise((r) => setTimeout(r, 50));
    expect(third.s().backtest.run).toBeUndefined();
  });

  it('deletes a stored run: refused while it runs, the list refreshes, and the panel lets go of the run it showed', async () => {
    const { s, fake } = await studio();
    await s().saveVersion('v1');
    await s().startBacktest();
    await until(() => s().backtest.run?.status === 'done');
    // Another run, still running on the server (nobody polls it here).
    const r1 = fake.runs.get('r1')!;
    fake.runs.set('r9', { ...structuredClone(r1), id: 'r9', status: 'running', report: undefined, createdAt: '2026-03-01T11:00:00Z' });
    await s().loadRuns();
    expect(s().runs.list.map((r) => r.id)).toEqual(['r9', 'r1']);

    expect(await s().deleteRun('r9')).toBe(false);
    expect(s().runs.error).toBe('Could not delete run r9: run r9 is still running: cancel it first');
    expect(s().runs.list.map((r) => r.id)).toEqual(['r9', 'r1']);
    expect(s().backtest.run?.id).toBe('r1');

    // The run on screen: its report, swaps and heat go with it.
    await s().openSwapCell({ from: 'reject', to: 'approve' });
    expect(s().overlayMode).toBe('heat');
    expect(await s().deleteRun('r1')).toBe(true);
    expect(fake.calls).toContain('delete r1');
    expect(fake.runs.has('r1')).toBe(false);
    expect(s().runs).toEqual({ list: [expect.objectContaining({ id: 'r9' })], loading: false });
    expect(s().backtest.run).toBeUndefined();
    expect(s().backtest.swaps).toBeUndefined();
    expect(s().backtest.cell).toBeUndefined();
    expect(s().graphOverlay).toBeUndefined();
    expect(s().lastBacktest).toBeUndefined();
    expect(s().ruleRates).toBeUndefined();
    expect(s().overlayMode).toBe('off');

    // Deleted meanwhile elsewhere: nothing left to do, and no error.
    expect(await s().deleteRun('r1')).toBe(true);
    expect(s().runs.error).toBeUndefined();

    // A run that is not on screen leaves the panel as it is.
    fake.runs.get('r9')!.status = 'cancelled';
    await s().openRun('r9');
    fake.runs.set('r10', { ...structuredClone(fake.runs.get('r9')!), id: 'r10' });
    expect(await s().deleteRun('r10')).toBe(true);
    expect(s().backtest.run?.id).toBe('r9');
  });
});
