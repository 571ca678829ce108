// What each node kind of the decision graph shows, and how big it is: one spec per kind in a
// `Record<GraphNodeKind, …>`, so that a new kind does not compile until it says how it is drawn.
// Pure (no React, no DOM): the analysis worker sizes nodes for the layout with the same numbers
// the components draw with.

import { costClassLabel, type GraphNodeKind, type OutcomeSpec, type RuleSpec, type SourceSpec, type SwitchState } from '../../../runtime/graph.js';
import type { GraphView, ViewNode, Viewed } from './view.js';
import type { Range } from '../../../grammar/ast.js';

/** A compiled graph together with the text it was compiled from (its ranges point into that text). */
export interface CompiledView {
  graph: GraphView;
  text: string;
}

export interface RuleRow {
  id: string;
  title?: string;
  outcome: RuleSpec['outcome'];
  reason?: string;
  switch: SwitchState;
  costRank: number;
  /** `external · per-query · slow`. */
  costLabel: string;
  /** The source that sets the cost class. */
  costSource?: string;
  /** Position as written, 0-based (the row's position is the effective order). */
  writtenIndex: number;
}

export interface CharacteristicRow {
  label: string;
  bins: number;
  /** Smallest and largest points over the bins. */
  min: string;
  max: string;
}

export interface OutcomeRow {
  /** The condition as written; absent for `else`. */
  when?: string;
  decision: OutcomeSpec['decision'];
  reason?: string;
  terms: { key: string; text: string }[];
}

export interface BranchArmRow {
  /** The condition as written, shortened. */
  when: string;
  target: string;
}

/** What a node shows, and nothing else: no source ranges, so that an edit elsewhere in the text
 * leaves the model of this node equal (and its component un-rendered). */
interface Common {
  id: string;
  title?: string;
}

export type NodeModel =
  | (Common & { kind: 'start' })
  | (Common & { kind: 'ruleset'; order: 'written' | 'cost'; rules: RuleRow[] })
  | (Common & { kind: 'scorecard'; base: string; characteristics: CharacteristicRow[] })
  | (Common & { kind: 'branch'; arms: BranchArmRow[]; else: string })
  | (Common & { kind: 'decision'; outcomes: OutcomeRow[] });

export type NodeModelOf<K extends GraphNodeKind> = Extract<NodeModel, { kind: K }>;

export interface Size {
  width: number;
  height: number;
}

// The drawing grid, shared with the node components' styles.
export const HEADER_H = 44;
export const ROW_H = 22;
export const TERMS_H = 18;
export const PAD_B = 6;

interface Ctx {
  text: string;
  sources: Map<string, Viewed<SourceSpec>>;
}

interface KindSpec<K extends GraphNodeKind> {
  model(node: Extract<ViewNode, { kind: K }>, ctx: Ctx): NodeModelOf<K>;
  size(model: NodeModelOf<K>): Size;
}

/** Source text of a range with its whitespace collapsed, for labels. */
export function textOf(text: string, r: Range, max = Infinity): string {
  const s = text.slice(r.start.offset, r.end.offset).replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const cmpDecimal = (a: string, b: string) => Number(a) - Number(b);

export const NODE_SPECS: { [K in GraphNodeKind]: KindSpec<K> } = {
  start: {
    model: (n) => ({ kind: 'start', id: n.id }),
    size: () => ({ width: 72, height: 32 }),
  },
  ruleset: {
    model: (n, ctx) => ({
      kind: 'ruleset',
      id: n.id,
      title: n.title,
      order: n.order,
      rules: n.rules.map((r) => {
        // The compiler names the source that sets the rule's cost class.
        const costSource = r.costSource === undefined ? undefined : ctx.sources.get(r.costSource);
        return {
          id: r.id,
          title: r.title,
          outcome: r.outcome,
          reason: r.reason,
          switch: r.switch,
          costRank: r.costRank,
          costLabel: costClassLabel(costSource),
          costSource: costSource?.id,
          writtenIndex: r.writtenIndex,
        };
      }),
    }),
    size: (m) => ({ width: 330, height: HEADER_H + Math.max(1, m.rules.length) * ROW_H + PAD_B }),
  },
  scorecard: {
    model: (n, ctx) => ({
      kind: 'scorecard',
      id: n.id,
      title: n.title,
      base: n.base,
      characteristics: n.characteristics.map((c) => {
        const pts = c.bins.map((b) => b.points).sort(cmpDecimal);
        return { label: textOf(ctx.text, c.expr.range, 60) || c.label, bins: c.bins.length, min: pts[0] ?? '0', max: pts[pts.length - 1] ?? '0' };
      }),
    }),
    size: (m) => ({ width: 300, height: HEADER_H + (1 + m.characteristics.length) * ROW_H + PAD_B }),
  },
  branch: {
    model: (n, ctx) => ({ kind: 'branch', id: n.id, title: n.title, arms: n.arms.map((a) => ({ when: textOf(ctx.text, a.when.range, 60), target: a.target })), else: n.else }),
    // One row per condition and one for `else`: each row is where its edge leaves.
    size: (m) => ({ width: 220, height: HEADER_H + (m.arms.length + 1) * ROW_H + PAD_B }),
  },
  decision: {
    model: (n, ctx) => {
      const row = (o: Viewed<OutcomeSpec>, when?: string): OutcomeRow => ({
        when,
        decision: o.decision,
        reason: o.reason,
        terms: Object.entries(o.terms ?? {}).map(([key, e]) => ({ key, text: textOf(ctx.text, e.range, 80) })),
      });
      return {
        kind: 'decision',
        id: n.id,
        title: n.title,
        outcomes: [...n.clauses.map((c) => row(c.outcome, textOf(ctx.text, c.when.range, 60))), row(n.else)],
      };
    },
    size: (m) => ({ width: 340, height: HEADER_H + m.outcomes.reduce((h, o) => h + ROW_H + (o.terms.length ? TERMS_H : 0), 0) + PAD_B }),
  },
};

/** The model of one graph node, dispatched through the registry. */
export function nodeModel(node: ViewNode, ctx: Ctx): NodeModel {
  return (NODE_SPECS[node.kind] as KindSpec<GraphNodeKind>).model(node as never, ctx);
}

export function nodeSize(model: NodeModel): Size {
  return (NODE_SPECS[model.kind] as KindSpec<GraphNodeKind>).size(model as never);
}

/**
 * Models of every node of a compiled graph, in graph order. Given the previous models, a node
 * whose model is unchanged keeps its previous object, so that a keystroke re-renders only the
 * node it changed.
 */
export function nodeModels(view: CompiledView, previous?: readonly NodeModel[]): NodeModel[] {
  const ctx: Ctx = { text: view.text, sources: new Map(view.graph.sources.map((s) => [s.id, s])) };
  const before = new Map(previous?.map((m) => [m.id, m]));
  return view.graph.nodes.map((n) => {
    const model = nodeModel(n, ctx);
    const old = before.get(model.id);
    return old && JSON.stringify(old) === JSON.stringify(model) ? old : model;
  });
}

export const edgeId = (e: { from: string; to: string; kind: string; index?: number }): string =>
  e.kind === 'branch' ? `${e.from}->${e.to}#${e.index}` : `${e.from}->${e.to}`;

export const EDGE_LABEL_MAX = 44;

/** A branch edge's label: its condition as written, or `else`. Flow edges carry none. */
export function edgeLabel(view: CompiledView, e: GraphView['edges'][number]): string | undefined {
  if (e.kind !== 'branch') return undefined;
  if (e.index === -1 || e.index === undefined) return 'else';
  const node = view.graph.nodes.find((n) => n.id === e.from);
  const arm = node?.kind === 'branch' ? node.arms[e.index] : undefined;
  return arm ? textOf(view.text, arm.when.range, EDGE_LABEL_MAX) : undefined;
}

/** Label box size for the layout: monospace 11 px. */
export const labelSize = (label: string): Size => ({ width: Math.ceil(label.length * 6.7) + 14, height: 20 });

/**
 * How many rules of a set act (`on` and `required`), and how many run in shadow or are off: `8/8 on`,
 * or `7/8 on · 1 shadow` (a shadow rule runs and is traced, but stops nobody).
 */
export function switchCounts(rules: readonly { switch: string }[]): string {
  const shadow = rules.filter((r) => r.switch === 'shadow').length;
  const off = rules.filter((r) => r.switch === 'off').length;
  const acting = rules.length - shadow - off;
  return [`${acting}/${rules.length} on`, ...(shadow ? [`${shadow} shadow`] : []), ...(off ? [`${off} off`] : [])].join(' · ');
}
