// Messages between the studio and its analysis worker. The worker owns the analysed snapshot of
// the open document; the page sends text, and asks questions about positions in it.

import type { Range } from '../../../grammar/ast.js';
import type { CompletionItem } from '../../../grammar/completion.js';
import type { Diagnostic } from '../../../grammar/diagnostics.js';
import type { DecisionGraph } from '../../../runtime/graph.js';
import type { Layout } from '../graph/layout.js';
import type { GraphView } from '../graph/view.js';
import type { AnalysisWire } from './delta.js';
import type { OutlineNode } from './outline.js';
import type { Hover, TextEdit } from './service.js';

export interface Timing {
  parse: number;
  check: number;
  compile: number;
  layout: number;
  /** From the worker receiving the text to posting the result. */
  total: number;
  /** The parse spliced the edited declarations into the previous one (grammar/incremental.ts). */
  incremental?: boolean;
  /** When the worker received the text and posted the result: ms since the epoch (`timeOrigin + now()`), comparable across threads. */
  receivedAt?: number;
  postedAt?: number;
  /** When the page received the result (set by the page, same clock). */
  arrivedAt?: number;
}

export interface AnalysisResult {
  version: number;
  diagnostics: Diagnostic[];
  /** Absent while the text has errors. Expression trees stay in the worker (graph/view.ts). */
  graph?: GraphView;
  /** The layout of `graph`. */
  layout?: Layout;
  outline: OutlineNode[];
  timing: Timing;
  /** The compiler failed on a text the checker passed (a bug in Verdict). */
  compileError?: string;
  /**
   * Only `layout` is new: elk's layout of the graph of `version`, published before with a quick
   * layout while elk was loading. The other fields are empty.
   */
  relayout?: true;
}

export interface CompileResult {
  diagnostics: Diagnostic[];
  /** The whole graph: a saved version is compiled for its semantic diff. */
  graph?: DecisionGraph;
  layout?: Layout;
}

/** Request name → [params, result]. */
export interface Methods {
  complete: [{ offset: number }, CompletionItem[]];
  // `text`: a text other than the open document, a saved version shown read-only; else the open document.
  hover: [{ offset: number; text?: string }, Hover | null];
  definition: [{ offset: number; text?: string }, Range | null];
  references: [{ offset: number; text?: string }, Range[]];
  prepareRename: [{ offset: number }, { range: Range; text: string } | { error: string }];
  rename: [{ offset: number; newName: string }, { edits: TextEdit[] } | { error: string }];
  format: [Record<string, never>, { text: string; changed: boolean }];
  semanticTokens: [{ text?: string }, number[]];
  /** A text other than the open document (a saved version), compiled and laid out. */
  compile: [{ text: string }, CompileResult];
}

export type Method = keyof Methods;

export type ToWorker =
  | { type: 'update'; version: number; text: string }
  // The page could not apply a packed analysis (a bug): send the next one whole, and the latest again.
  | { type: 'resync' }
  | { [M in Method]: { type: 'request'; id: number; version: number; method: M; params: Methods[M][0] } }[Method];

export type FromWorker =
  // Packed against the analysis posted before it (delta.ts).
  | ({ type: 'analysis' } & AnalysisWire)
  | { type: 'reply'; id: number; result?: unknown; error?: string }
  | { type: 'ready' };
