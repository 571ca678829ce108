// The replay slice's state: the test panel (one record against the draft), the backtest panel
// (a run on the server, its report and its swaps), the stored runs, and what the graph and the
// editor show of them.

import type { Outcome } from '../../../runtime/replay/report.js';
import type { DecisionResult } from '../../../runtime/result.js';
import type { RecordItem, RecordsPage, RunDetail, RunSummary, SwapRecord } from './api.js';
import type { GraphOverlay, RuleRates } from './overlay.js';

export type DockTab = 'test' | 'backtest' | 'runs';

export interface TestState {
  source: 'dataset' | 'json';
  dataset?: string;
  /** Id filter of the record list. */
  q: string;
  offset: number;
  page?: RecordsPage;
  pageLoading: boolean;
  pageError?: string;
  /** The record picked from the list. */
  picked?: RecordItem;
  /** Pasted JSON. */
  json: string;
  /** Overrides, one `name=value` per line or comma-separated. */
  set: string;
  switches: string;
  deciding: boolean;
  result?: DecisionResult;
  /** The draft text the result was decided against (the graph may have moved on since). */
  decidedText?: string;
  error?: string;
}

export interface BacktestForm {
  /** A saved version of the open policy. */
  base?: number;
  candidate: 'draft' | number;
  baseSet: string;
  baseSwitches: string;
  candidateSet: string;
  candidateSwitches: string;
  dataset?: string;
  outcomeLabel: string;
  /** `PARAM=FROM..TO:STEP`, as the CLI's --sweep: the candidate replayed at each value (empty: no sweep). */
  sweep: string;
}

export interface SwapCellRef {
  from: Outcome;
  to: Outcome;
}

export interface BacktestState {
  form: BacktestForm;
  starting: boolean;
  /** The run on screen: running, or finished (its report), or reopened from the list. */
  run?: RunDetail;
  error?: string;
  cell?: SwapCellRef;
  swaps?: SwapRecord[];
  swapsLoading: boolean;
  swapsError?: string;
  /** The flipped record whose two traces are side by side. */
  swap?: SwapRecord;
}

export interface ReplaySlice {
  /** Open or folded, the tab, and the height the analyst dragged it to (remembered across reloads). */
  dock: { open: boolean; tab: DockTab; height?: number };
  /** What the graph draws: the last test's path, the last backtest's heat, or nothing. */
  overlayMode: 'trace' | 'heat' | 'off';
  /** Derived from `test.result` or `backtest.run.report` for `overlayMode` (overlay.ts). */
  graphOverlay?: GraphOverlay;
  /** The last backtest's rates per rule, for the editor's hover. */
  ruleRates?: Record<string, RuleRates>;
  /** The last backtest's suggested order per rule set (read by the visual editor). */
  lastBacktest?: { suggestedOrder: Record<string, string[]> };
  test: TestState;
  backtest: BacktestState;
  runs: { list: RunSummary[]; loading: boolean; error?: string };

  setDock(patch: Partial<ReplaySlice['dock']>): void;
  setOverlayMode(mode: ReplaySlice['overlayMode']): void;
  setTest(patch: Partial<Pick<TestState, 'source' | 'q' | 'json' | 'set' | 'switches'>>): void;
  chooseDataset(path: string | undefined): Promise<void>;
  loadRecords(offset?: number): Promise<void>;
  pickRecord(item: RecordItem): void;
  decide(): Promise<void>;
  setBacktestForm(patch: Partial<BacktestForm>): void;
  startBacktest(): Promise<void>;
  cancelBacktest(): Promise<void>;
  openSwapCell(cell: SwapCellRef | undefined): Promise<void>;
  openSwap(swap: SwapRecord | undefined): void;
  loadRuns(): Promise<void>;
  openRun(id: string): Promise<void>;
  /** Deletes a stored run (not a running one): the list refreshes, and the backtest panel lets go of it if it showed it. True once deleted. */
  deleteRun(id: string): Promise<boolean>;
  /** Another policy opened: its results, runs and overlay go (the dock and the forms stay). */
  resetReplay(): void;
  /** Where a run's report downloads from (the CLI's JSON or HTML). */
  reportLink(id: string, kind: 'json' | 'html'): string;
}
