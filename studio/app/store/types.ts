// The studio's state, one store per studio instance, built from slices. Each slice owns one
// concern; actions call the API, the analysis worker, or pure functions of grammar/ and runtime/.

import type { StateCreator } from 'zustand/vanilla';
import type { Range } from '../../../grammar/ast.js';
import type { Diagnostic } from '../../../grammar/diagnostics.js';
import type { StudioApi, VersionInfo, Workspace } from '../api/client.js';
import type { SemanticDiff } from '../diff/semantic-diff.js';
import type { Prefs } from '../replay/datasets.js';
import type { Layout } from '../graph/layout.js';
import type { GraphView } from '../graph/view.js';
import type { GraphSelection } from '../graph/mappers.js';
import type { Analyzer } from '../language/client.js';
import type { AnalysisResult, Timing } from '../language/protocol.js';
import type { OutlineNode } from '../language/outline.js';
import type { ReplaySlice } from '../replay/types.js';
import type { VisualSlice } from './visual.js';

export interface StudioDeps {
  api: StudioApi;
  analyzer: Analyzer;
  /** Where the open file is remembered across reloads (the URL hash in the app). */
  location?: { read(): string | undefined; write(path: string): void };
  /** How often a running backtest is polled, in ms (tests shorten it). */
  pollMs?: number;
  /** Small choices kept across reloads (the dataset last used per policy): localStorage in the app. */
  prefs?: Prefs;
}

/** A compiled graph with the text it came from and its layout: what the graph view draws. */
export interface Compiled {
  version: number;
  graph: GraphView;
  text: string;
  layout?: Layout;
}

export interface WorkspaceSlice {
  workspace?: Workspace;
  workspaceError?: string;
  loadWorkspace(): Promise<void>;
}

export interface DocumentSlice {
  path?: string;
  text: string;
  /** The text as last read from or written to disk: the document is dirty when `text` differs. */
  savedText: string;
  /** Hash of the file on disk when last read or written, sent back to detect a concurrent change. */
  baseHash?: string;
  /** Increases with every text change; the worker's results carry the version they analysed. */
  version: number;
  loading: boolean;
  /** The latest analysis received (it may lag `version` while the worker works). */
  analysis?: { version: number; diagnostics: Diagnostic[]; outline: OutlineNode[]; timing: Timing; compileError?: string };
  /** The last graph compiled without error: kept while the text has errors. */
  compiled?: Compiled;
  saving: boolean;
  openFile(path: string): Promise<void>;
  setText(text: string): void;
  applyAnalysis(r: AnalysisResult): void;
  saveFile(options?: { overwrite?: boolean }): Promise<boolean>;
}

export interface GraphViewSlice {
  selection: GraphSelection;
  /**
   * Set when the graph asks the editor to show a range; `seq` makes a repeated click count. `focus`:
   * the editor takes the keyboard too (a Problem or "Show in text" clicked), which a click in the
   * graph must not do: the keys that follow it (Delete, Alt+Up/Down on a rule) are the graph's, and
   * in the editor they would act on the whole declaration selected there.
   */
  reveal?: { range: Range; seq: number; focus: boolean };
  selectAtOffset(offset: number): void;
  /** Resolves the last cursor offset again against a new outline (after each analysis). */
  reselectAtCursor(): void;
  /** Selects a node (or one of its rules) and shows its text; `focusText` moves the keyboard there too. */
  selectInGraph(node: string, rule?: string, options?: { focusText?: boolean }): void;
  /** Asks the editor to select and show a range of the working text. */
  revealRange(range: Range): void;
}

export type VersionSide = number | 'working';

export interface OpenVersion {
  number: number;
  message: string;
  createdAt: string;
  text: string;
  compiled?: Compiled;
  diagnostics: Diagnostic[];
}

export interface DiffState {
  left: VersionSide;
  right: VersionSide;
  leftText: string;
  rightText: string;
  semantic?: SemanticDiff;
  /** Why there is no semantic diff (a side that does not compile). */
  semanticError?: string;
  loading: boolean;
}

export interface VersionsSlice {
  versions: VersionInfo[];
  versionsError?: string;
  viewing?: OpenVersion;
  diff?: DiffState;
  loadVersions(): Promise<void>;
  saveVersion(message: string): Promise<VersionInfo | undefined>;
  openVersion(number: number): Promise<void>;
  closeVersion(): void;
  openDiff(left: VersionSide, right?: VersionSide): Promise<void>;
  closeDiff(): void;
}

export interface Toast {
  kind: 'info' | 'error';
  text: string;
  seq: number;
}

export type Dialog = { kind: 'save-version' } | { kind: 'conflict' };

export interface UiSlice {
  /** Where the editor's cursor is, 1-based, for the status bar. */
  cursor?: { line: number; column: number };
  toast?: Toast;
  dialog?: Dialog;
  problemsOpen: boolean;
  /** What the editor's undo stack (Monaco's, on the working text) can do now: for the graph's undo and redo buttons. */
  history: { undo: boolean; redo: boolean };
  notify(kind: Toast['kind'], text: string): void;
  openDialog(d: Dialog): void;
  closeDialog(): void;
  toggleProblems(open?: boolean): void;
  setCursor(line: number, column: number): void;
  setHistory(undo: boolean, redo: boolean): void;
}

export type StudioState = WorkspaceSlice & DocumentSlice & GraphViewSlice & VersionsSlice & UiSlice & ReplaySlice & VisualSlice;

export type Slice<T> = (deps: StudioDeps) => StateCreator<StudioState, [], [], T>;

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
