// Replay in the studio: one record decided against the draft (the test panel), backtests run on
// the server (the backtest panel) and the runs it keeps. What the graph and the editor show of
// them (`graphOverlay`, `ruleRates`, `lastBacktest`) is derived here, by the pure functions of
// replay/overlay.ts, whenever a result, a report or the overlay mode changes.

import { ApiError } from '../api/client.js';
import type { RunDetail } from '../replay/api.js';
import { defaultDataset, rememberDataset, rememberedDataset, rememberedRun, rememberRun } from '../replay/datasets.js';
import { splitOverrides } from '../replay/format.js';
import { rememberDock, rememberedDock } from '../replay/dock-prefs.js';
import { heatOverlay, ruleRates, suggestedOrders, traceOverlay, withDecisionHeat } from '../replay/overlay.js';
import type { RunInputs, Side } from '../replay/api.js';
import type { BacktestForm, BacktestState, ReplaySlice, TestState } from '../replay/types.js';
import { messageOf, type Slice, type StudioState } from './types.js';

export const RECORDS_PAGE = 50;
export const SWAPS_LIMIT = 50;
const POLL_MS = 400;

/** Why the test panel does not decide while a saved version is on screen. */
export const viewingNote = (version: number): string => `Version ${version} is on screen: the test decides against the draft. Close the version to test.`;

const NO_REPLAY = 'This studio server has no replay API (records, decide, runs): update Verdict and restart `verdict studio`.';

const initialTest: TestState = { source: 'dataset', q: '', offset: 0, pageLoading: false, json: '', set: '', switches: '', deciding: false };
const initialBacktest: BacktestState = {
  form: { candidate: 'draft', baseSet: '', baseSwitches: '', candidateSet: '', candidateSwitches: '', outcomeLabel: '', sweep: '' },
  starting: false,
  swapsLoading: false,
};

/** The overlay and the rates that follow from the state: recomputed from scratch, never patched. */
export function deriveReplay(s: Pick<StudioState, 'overlayMode' | 'test' | 'backtest' | 'compiled'>): Pick<ReplaySlice, 'graphOverlay' | 'ruleRates' | 'lastBacktest'> {
  const report = s.backtest.run?.report;
  let graphOverlay;
  if (s.overlayMode === 'trace' && s.test.result) graphOverlay = traceOverlay(s.test.result, new Set(s.compiled?.graph.params.map((p) => p.id)));
  else if (s.overlayMode === 'heat' && report) {
    const decisions = s.compiled?.graph.nodes.filter((n) => n.kind === 'decision') ?? [];
    graphOverlay = withDecisionHeat(heatOverlay(report), report, decisions.length === 1 ? decisions[0].id : undefined);
  }
  return {
    graphOverlay,
    ruleRates: report ? ruleRates(report) : undefined,
    lastBacktest: report ? { suggestedOrder: suggestedOrders(report) } : undefined,
  };
}

/** The backtest form filled in with a stored run's settings (a side without a version is the draft). */
export function formOfRun(inputs: RunInputs, form: BacktestForm): BacktestForm {
  const join = (items: string[] | undefined) => (items ?? []).join(', ');
  const version = (side: Side) => ('version' in side ? side.version : undefined);
  return {
    ...form,
    base: version(inputs.base) ?? form.base,
    candidate: version(inputs.candidate) ?? 'draft',
    baseSet: join(inputs.base.set),
    baseSwitches: join(inputs.base.switch),
    candidateSet: join(inputs.candidate.set),
    candidateSwitches: join(inputs.candidate.switch),
    dataset: inputs.dataset,
    outcomeLabel: inputs.outcomeLabel ?? '',
    sweep: inputs.sweep ?? '',
  };
}

export const createReplaySlice: Slice<ReplaySlice> = (deps) => (set, get) => {
  const pollMs = deps.pollMs ?? POLL_MS;
  /** Increases whenever another run goes on screen: a poll for an older one stops. */
  let watching = 0;

  const api = () => {
    if (!deps.api.replay) throw new Error(NO_REPLAY);
    return deps.api.replay;
  };
  const setTest = (patch: Partial<TestState>) => set({ test: { ...get().test, ...patch } });
  const setBacktest = (patch: Partial<BacktestState>) => set({ backtest: { ...get().backtest, ...patch } });
  /** Sets state, then what derives from it. */
  const update = (patch: Partial<StudioState>) => {
    set(patch);
    set(deriveReplay(get()));
  };
  /**
   * A decide that failed: the reason, and no earlier result left on screen or on the graph, which
   * the inputs as they stand (an override refused, another record) no longer match.
   */
  const failDecide = (error: string) =>
    update({
      test: { ...get().test, deciding: false, error, result: undefined, decidedText: undefined },
      ...(get().overlayMode === 'trace' ? { overlayMode: 'off' as const } : {}),
    });

  const showRun = (run: RunDetail) => {
    const cur = get().backtest;
    const same = cur.run?.id === run.id;
    const patch: Partial<StudioState> = { backtest: { ...cur, run, ...(same ? {} : { cell: undefined, swaps: undefined, swap: undefined, swapsError: undefined }) } };
    // A report arriving (finished now, or reopened) goes on the graph.
    if (run.report && !(same && cur.run?.report)) patch.overlayMode = 'heat';
    update(patch);
    // Shown again after a reload (restoreRun): the report and the form's settings are not lost with the page.
    const { workspace, path } = get();
    if (!same && workspace && path) rememberRun(deps.prefs, workspace.name, path, run.id);
  };

  /**
   * After a reload (or on coming back to a policy), the run the panel showed last, with its settings in
   * the form, unless the analyst has put another on screen meanwhile. A run deleted since is forgotten.
   */
  const restoreRun = async () => {
    const { workspace, path } = get();
    const id = workspace && path ? rememberedRun(deps.prefs, workspace.name, path) : undefined;
    if (!id || !deps.api.replay) return;
    const token = watching;
    let run: RunDetail;
    try {
      run = await api().run(id);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404 && workspace && path) rememberRun(deps.prefs, workspace.name, path, undefined);
      return;
    }
    if (token !== watching || get().path !== path || get().backtest.run) return;
    setBacktest({ form: formOfRun(run.inputs, get().backtest.form) });
    showRun(run);
    if (run.status === 'running') void watch(id);
  };

  const watch = async (id: string) => {
    const token = ++watching;
    for (;;) {
      let run: RunDetail;
      try {
        run = await api().run(id);
      } catch (e) {
        if (token === watching) setBacktest({ error: `Lost track of run ${id}: ${messageOf(e)}` });
        return;
      }
      if (token !== watching) return;
      showRun(run);
      if (run.status !== 'running') {
        void get().loadRuns();
        return;
      }
      await new Promise((r) => setTimeout(r, pollMs));
      if (token !== watching) return;
    }
  };

  return {
    dock: rememberedDock(deps.prefs),
    overlayMode: 'off',
    graphOverlay: undefined,
    ruleRates: undefined,
    lastBacktest: undefined,
    test: initialTest,
    backtest: initialBacktest,
    runs: { list: [], loading: false },

    setDock(patch) {
      const dock = { ...get().dock, ...patch };
      set({ dock });
      rememberDock(deps.prefs, dock);
    },

    setOverlayMode(overlayMode) {
      update({ overlayMode });
    },

    setTest(patch) {
      setTest(patch);
    },

    async chooseDataset(path) {
      setTest({ dataset: path, offset: 0, page: undefined, picked: undefined, pageError: undefined });
      if (path) await get().loadRecords(0);
    },

    async loadRecords(offset = get().test.offset) {
      const { dataset, q } = get().test;
      if (!dataset) return;
      setTest({ pageLoading: true, offset });
      try {
        const page = await api().records(dataset, { offset, limit: RECORDS_PAGE, q: q.trim() || undefined, policy: get().path });
        const t = get().test;
        if (t.dataset !== dataset || t.q !== q || t.offset !== offset) return;
        setTest({ page, pageLoading: false, pageError: undefined });
      } catch (e) {
        if (get().test.dataset === dataset) setTest({ pageLoading: false, pageError: messageOf(e) });
      }
    },

    pickRecord(item) {
      setTest({ picked: item, source: 'dataset' });
    },

    async decide() {
      const t = get().test;
      // A saved version on screen shows no trace on its graph, and the test decides the draft only:
      // the panel says so (viewingNote) and decides nothing until the version is closed.
      if (get().viewing) return;
      let record: unknown;
      if (t.source === 'json') {
        if (!t.json.trim()) return failDecide('Paste a record as JSON first.');
        try {
          record = JSON.parse(t.json);
        } catch (e) {
          return failDecide(`The pasted text is not JSON: ${messageOf(e)}`);
        }
        if (record === null || typeof record !== 'object' || Array.isArray(record)) return failDecide('A record is a JSON object ({ "applicant": { … }, … }).');
      } else {
        if (!t.picked) return failDecide('Pick a record from the dataset first.');
        if (t.picked.error || !t.picked.record) return failDecide(`Record ${t.picked.id} could not be read: ${t.picked.error ?? 'no data'}`);
        record = t.picked.record;
      }
      const text = get().text;
      // A dataset record's position goes with it: one without an id is then named `#position`, as in
      // the list and in a backtest, not `#0` (the position of a lone record).
      const index = t.source === 'dataset' ? t.picked?.index : undefined;
      setTest({ deciding: true, error: undefined });
      try {
        const { result } = await api().decide({ text, record, set: splitOverrides(t.set), switch: splitOverrides(t.switches), ...(index !== undefined ? { index } : {}) });
        update({ test: { ...get().test, deciding: false, result, decidedText: text, error: undefined }, overlayMode: 'trace' });
      } catch (e) {
        failDecide(messageOf(e));
      }
    },

    setBacktestForm(patch) {
      setBacktest({ form: { ...get().backtest.form, ...patch } });
      const { workspace, path } = get();
      if (patch.dataset && workspace && path) rememberDataset(deps.prefs, workspace.name, path, patch.dataset);
    },

    async startBacktest() {
      const s = get();
      const { form } = s.backtest;
      const base = form.base ?? s.versions[0]?.number;
      const dataset = defaultDataset(s.workspace?.datasets, form.dataset);
      if (!s.path) return setBacktest({ error: 'Open a policy first.' });
      if (base === undefined) return setBacktest({ error: 'The base is a saved version: save one first (“Save version…”), then compare the draft with it.' });
      if (!dataset) return setBacktest({ error: 'Choose a dataset: the workspace has none (.jsonl, .csv or .parquet).' });
      const side = (which: 'base' | 'candidate', v: 'draft' | number) => ({
        ...(v === 'draft' ? { draft: s.text } : { version: v }),
        set: splitOverrides(which === 'base' ? form.baseSet : form.candidateSet),
        switch: splitOverrides(which === 'base' ? form.baseSwitches : form.candidateSwitches),
      });
      setBacktest({ starting: true, error: undefined });
      try {
        const inputs = {
          policy: s.path,
          base: side('base', base),
          candidate: side('candidate', form.candidate),
          dataset,
          ...(form.outcomeLabel.trim() ? { outcomeLabel: form.outcomeLabel.trim() } : {}),
          ...(form.sweep.trim() ? { sweep: form.sweep.trim() } : {}),
        };
        const { id, status } = await api().startRun(inputs);
        if (s.workspace) rememberDataset(deps.prefs, s.workspace.name, s.path, dataset);
        watching++;
        setBacktest({ starting: false });
        showRun({ id, status, progress: { records: 0, bytes: 0 }, inputs, createdAt: new Date().toISOString() });
        void watch(id);
      } catch (e) {
        setBacktest({ starting: false, error: messageOf(e) });
      }
    },

    async cancelBacktest() {
      const run = get().backtest.run;
      if (!run || run.status !== 'running') return;
      try {
        await api().cancelRun(run.id);
      } catch (e) {
        setBacktest({ error: `Could not cancel: ${messageOf(e)}` });
      }
    },

    async openSwapCell(cell) {
      const run = get().backtest.run;
      setBacktest({ cell, swaps: undefined, swap: undefined, swapsError: undefined, swapsLoading: !!cell && !!run });
      if (!cell || !run) return;
      try {
        const swaps = await api().swaps(run.id, { from: cell.from, to: cell.to, limit: SWAPS_LIMIT });
        const b = get().backtest;
        if (b.run?.id !== run.id || b.cell !== cell) return;
        setBacktest({ swaps, swapsLoading: false, swap: swaps[0] });
      } catch (e) {
        if (get().backtest.cell === cell) setBacktest({ swapsLoading: false, swapsError: messageOf(e) });
      }
    },

    openSwap(swap) {
      setBacktest({ swap });
    },

    async loadRuns() {
      const path = get().path;
      if (!path) return;
      set({ runs: { ...get().runs, loading: true } });
      try {
        const list = await api().runs(path);
        if (get().path === path) set({ runs: { list, loading: false } });
      } catch (e) {
        set({ runs: { ...get().runs, loading: false, error: messageOf(e) } });
      }
    },

    async openRun(id) {
      try {
        const run = await api().run(id);
        watching++;
        // The form shows the settings of the run on screen: Run again repeats it, or varies it.
        setBacktest({ form: formOfRun(run.inputs, get().backtest.form), error: undefined });
        showRun(run);
        // Through setDock: the height the analyst dragged the dock to stays, and is still remembered.
        get().setDock({ open: true, tab: 'backtest' });
        if (run.status === 'running') void watch(id);
      } catch (e) {
        get().notify('error', `Could not open run ${id}: ${messageOf(e)}`);
      }
    },

    async deleteRun(id) {
      set({ runs: { ...get().runs, error: undefined } });
      try {
        await api().deleteRun(id);
      } catch (e) {
        // Already gone (deleted from another tab): what was asked for is done.
        if (!(e instanceof ApiError && e.status === 404)) {
          set({ runs: { ...get().runs, error: `Could not delete run ${id}: ${messageOf(e)}` } });
          return false;
        }
      }
      const cur = get().backtest;
      if (cur.run?.id === id) {
        // The panel showed it: its report, swaps and heat on the graph go with it, and a reload does not bring it back.
        const { workspace, path } = get();
        if (workspace && path) rememberRun(deps.prefs, workspace.name, path, undefined);
        watching++;
        update({
          backtest: { ...cur, run: undefined, error: undefined, cell: undefined, swaps: undefined, swap: undefined, swapsError: undefined, swapsLoading: false },
          ...(get().overlayMode === 'heat' ? { overlayMode: 'off' as const } : {}),
        });
      }
      set({ runs: { ...get().runs, list: get().runs.list.filter((r) => r.id !== id) } });
      await get().loadRuns();
      return true;
    },

    reportLink(id, kind) {
      return deps.api.replay?.reportUrl(id, kind) ?? '#';
    },

    resetReplay() {
      watching++;
      const { test, backtest, workspace, path } = get();
      const policyDataset = () => (workspace && path ? rememberedDataset(deps.prefs, workspace.name, path) : undefined);
      update({
        test: { ...test, result: undefined, decidedText: undefined, error: undefined, deciding: false },
        // The dataset is the one last used for this policy (if any): the default picks it up.
        backtest: { ...initialBacktest, form: { ...backtest.form, base: undefined, dataset: policyDataset() } },
        runs: { list: [], loading: false },
        overlayMode: 'off',
      });
      void get().loadRuns();
      void restoreRun();
    },
  };
};
