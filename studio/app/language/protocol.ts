// Messages between the studio and its analysis worker. The worker owns the analysed snapshot of
// the open document; the page sends text, and asks questions about positions in it.

import type { Range } from '../../../grammar/ast.js';
import type { CompletionItem } from '../../../grammar/completion.js';
import type { Diagnostic } from '../../../grammar/diagnostics.js';
import type { DecisionGraph } from '../../../runtime/graph.js';
import type { Layout } from '../graph/layout.js';
import type { GraphView } from '../graph/view.js';
import type { OutlineNode } from './outline.js';
import type { Hover, TextEdit } from './service.js';

export interface Timing {
  parse: number;
  check: number;
  compile: number;
  layout: number;
  /** From the worker receiving the text to posting the result. */
  total: number;
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
  hover: [{ offset: number }, Hover | null];
  definition: [{ offset: number }, Range | null];
  references: [{ offset: number }, Range[]];
  prepareRename: [{ offset: number }, { range: Range; text: string } | { error: string }];
  rename: [{ offset: number; newName: string }, { edits: TextEdit[] } | { error: string }];
  format: [Record<string, never>, { text: string; changed: boolean }];
  semanticTokens: [Record<string, never>, number[]];
  /** A text other than the open document (a saved version), compiled and laid out. */
  compile: [{ text: string }, CompileResult];
}

export type Method = keyof Methods;

export type ToWorker =
  | { type: 'update'; version: number; text: string }
  | { [M in Method]: { type: 'request'; id: number; version: number; method: M; params: Methods[M][0] } }[Method];

export type FromWorker =
  | ({ type: 'analysis' } & AnalysisResult)
  | { type: 'reply'; id: number; result?: unknown; error?: string }
  | { type: 'ready' };
