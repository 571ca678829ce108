// What changed between two versions of a policy, in the analyst's terms: rules added, removed and
// changed (condition, outcome, reason, switch, title, rule set), params whose default moved, rule
// sets whose effective order changed, and nodes, lets, sources and flow edges that changed.
// Computed from the two compiled graphs, so layout and comment edits are not changes; the texts are
// only used to show conditions as written.

import type { Range } from '../../../grammar/ast.js';
import type { DecisionGraph, GraphNode, ParamValue, RuleSpec } from '../../../runtime/graph.js';

export interface CompiledText {
  graph: DecisionGraph;
  text: string;
}

export interface RuleRef {
  id: string;
  set: string;
  title?: string;
  outcome: RuleSpec['outcome'];
  switch: RuleSpec['switch'];
  when: string;
}

export type RuleChangeKind = 'condition' | 'outcome' | 'reason' | 'switch' | 'title' | 'moved';

export interface RuleChange {
  id: string;
  changes: RuleChangeKind[];
  before: RuleRef & { reason?: string };
  after: RuleRef & { reason?: string };
}

export interface ParamChange {
  id: string;
  before?: string;
  after?: string;
  /** The doc string changed (the value may not have). */
  doc?: { before?: string; after?: string };
}

export interface OrderChange {
  set: string;
  /** `written` or `cost`, before and after. */
  mode: { before: string; after: string };
  /** Effective order of the rules both versions have. */
  before: string[];
  after: string[];
}

export interface ElementChange {
  kind: 'node' | 'let' | 'source' | 'input';
  id: string;
  change: 'added' | 'removed' | 'changed';
  details: string[];
}

export interface SemanticDiff {
  rules: { added: RuleRef[]; removed: RuleRef[]; changed: RuleChange[] };
  params: { added: ParamChange[]; removed: ParamChange[]; changed: ParamChange[] };
  order: OrderChange[];
  elements: ElementChange[];
  flow: { added: string[]; removed: string[] };
  /** Number of changes listed above. */
  count: number;
}

const IGNORED = new Set(['range', 'type', 'nullable']);

/** An expression's shape without positions or inferred types: equal shapes compute the same thing. */
export function exprShape(e: unknown): string {
  return JSON.stringify(e, (k, v) => (IGNORED.has(k) ? undefined : v));
}

const textOf = (text: string, r: Range) => text.slice(r.start.offset, r.end.offset).replace(/\s+/g, ' ').trim();

export function paramValueText(v: ParamValue): string {
  if (Array.isArray(v)) return `[${v.map(paramValueText).join(', ')}]`;
  if (typeof v === 'object') return v.decimal;
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

interface RuleEntry {
  rule: RuleSpec;
  set: string;
  ref: RuleRef & { reason?: string };
}

function rulesOf(c: CompiledText): Map<string, RuleEntry> {
  const out = new Map<string, RuleEntry>();
  for (const n of c.graph.nodes)
    if (n.kind === 'ruleset')
      for (const r of n.rules)
        out.set(r.id, {
          rule: r,
          set: n.id,
          ref: { id: r.id, set: n.id, title: r.title, outcome: r.outcome, switch: r.switch, when: textOf(c.text, r.when.range), reason: r.reason },
        });
  return out;
}

const strip = ({ reason: _reason, ...ref }: RuleRef & { reason?: string }): RuleRef => ref;

function diffRules(a: CompiledText, b: CompiledText): SemanticDiff['rules'] {
  const before = rulesOf(a);
  const after = rulesOf(b);
  const added: RuleRef[] = [];
  const removed: RuleRef[] = [];
  const changed: RuleChange[] = [];
  for (const [id, x] of before) if (!after.has(id)) removed.push(strip(x.ref));
  for (const [id, y] of after) {
    const x = before.get(id);
    if (!x) {
      added.push(strip(y.ref));
      continue;
    }
    const changes: RuleChangeKind[] = [];
    if (exprShape(x.rule.when) !== exprShape(y.rule.when)) changes.push('condition');
    if (x.rule.outcome !== y.rule.outcome) changes.push('outcome');
    if (x.rule.reason !== y.rule.reason) changes.push('reason');
    if (x.rule.switch !== y.rule.switch) changes.push('switch');
    if (x.rule.title !== y.rule.title) changes.push('title');
    if (x.set !== y.set) changes.push('moved');
    if (changes.length) changed.push({ id, changes, before: x.ref, after: y.ref });
  }
  return { added, removed, changed };
}

function diffParams(a: DecisionGraph, b: DecisionGraph): SemanticDiff['params'] {
  const before = new Map(a.params.map((p) => [p.id, p]));
  const after = new Map(b.params.map((p) => [p.id, p]));
  const added: ParamChange[] = [];
  const removed: ParamChange[] = [];
  const changed: ParamChange[] = [];
  for (const [id, p] of before) if (!after.has(id)) removed.push({ id, before: paramValueText(p.default) });
  for (const [id, q] of after) {
    const p = before.get(id);
    if (!p) {
      added.push({ id, after: paramValueText(q.default) });
      continue;
    }
    const x = paramValueText(p.default);
    const y = paramValueText(q.default);
    const docChanged = p.doc !== q.doc;
    if (x !== y || docChanged) changed.push({ id, before: x, after: y, ...(docChanged ? { doc: { before: p.doc, after: q.doc } } : {}) });
  }
  return { added, removed, changed };
}

function diffOrder(a: DecisionGraph, b: DecisionGraph): OrderChange[] {
  const out: OrderChange[] = [];
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  for (const x of a.nodes) {
    const y = after.get(x.id);
    if (x.kind !== 'ruleset' || y?.kind !== 'ruleset') continue;
    const common = new Set(x.rules.map((r) => r.id).filter((id) => y.rules.some((r) => r.id === id)));
    const bx = x.rules.map((r) => r.id).filter((id) => common.has(id));
    const by = y.rules.map((r) => r.id).filter((id) => common.has(id));
    if (bx.join('\n') !== by.join('\n')) out.push({ set: x.id, mode: { before: x.order, after: y.order }, before: bx, after: by });
  }
  return out;
}

const KIND_LABEL: Record<GraphNode['kind'], string> = { start: 'start', ruleset: 'rule set', scorecard: 'scorecard', branch: 'branch', decision: 'decision' };

/** What changed inside a node other than its rules (rule changes are listed per rule). */
function nodeDetails(x: GraphNode, y: GraphNode, a: CompiledText, b: CompiledText): string[] {
  const d: string[] = [];
  if (x.kind !== y.kind) return [`was a ${KIND_LABEL[x.kind]}, now a ${KIND_LABEL[y.kind]}`];
  if (x.title !== y.title) d.push('title changed');
  if (x.kind === 'ruleset' && y.kind === 'ruleset') {
    if (x.order !== y.order) d.push(`order ${x.order} → ${y.order}`);
  } else if (x.kind === 'scorecard' && y.kind === 'scorecard') {
    if (x.base !== y.base) d.push(`base ${x.base} → ${y.base}`);
    const cx = new Map(x.characteristics.map((c) => [exprShape(c.expr), c]));
    const cy = new Map(y.characteristics.map((c) => [exprShape(c.expr), c]));
    for (const [k, c] of cx) if (!cy.has(k)) d.push(`characteristic ${c.label} removed`);
    for (const [k, c] of cy) {
      const old = cx.get(k);
      if (!old) d.push(`characteristic ${c.label} added`);
      else if (exprShape(old.bins) !== exprShape(c.bins)) d.push(`bins of ${c.label} changed`);
    }
  } else if (x.kind === 'branch' && y.kind === 'branch') {
    const n = Math.max(x.arms.length, y.arms.length);
    for (let i = 0; i < n; i++) {
      const p = x.arms[i];
      const q = y.arms[i];
      if (!p) d.push(`condition added: ${textOf(b.text, q.when.range)} → ${q.target}`);
      else if (!q) d.push(`condition removed: ${textOf(a.text, p.when.range)} → ${p.target}`);
      else if (exprShape(p.when) !== exprShape(q.when) || p.target !== q.target) d.push(`condition ${i + 1}: ${textOf(a.text, p.when.range)} → ${p.target} became ${textOf(b.text, q.when.range)} → ${q.target}`);
    }
    if (x.else !== y.else) d.push(`else → ${x.else} became else → ${y.else}`);
  } else if (x.kind === 'decision' && y.kind === 'decision') {
    const n = Math.max(x.clauses.length, y.clauses.length);
    for (let i = 0; i < n; i++) {
      const p = x.clauses[i];
      const q = y.clauses[i];
      if (!p) d.push(`clause added: when ${textOf(b.text, q.when.range)} => ${q.outcome.decision}`);
      else if (!q) d.push(`clause removed: when ${textOf(a.text, p.when.range)} => ${p.outcome.decision}`);
      else {
        if (exprShape(p.when) !== exprShape(q.when)) d.push(`clause ${i + 1}: when ${textOf(a.text, p.when.range)} became when ${textOf(b.text, q.when.range)}`);
        if (p.outcome.decision !== q.outcome.decision || p.outcome.reason !== q.outcome.reason) d.push(`clause ${i + 1}: ${p.outcome.decision} became ${q.outcome.decision}`);
        if (exprShape(p.outcome.terms) !== exprShape(q.outcome.terms)) d.push(`clause ${i + 1}: terms changed`);
      }
    }
    if (exprShape(x.else) !== exprShape(y.else)) d.push(`else: ${x.else.decision} became ${y.else.decision}${exprShape(x.else.terms) !== exprShape(y.else.terms) ? ' (terms changed)' : ''}`);
  }
  return d;
}

function diffElements(a: CompiledText, b: CompiledText): ElementChange[] {
  const out: ElementChange[] = [];
  const compare = <T extends { id: string }>(kind: ElementChange['kind'], xs: T[], ys: T[], details: (x: T, y: T) => string[]) => {
    const after = new Map(ys.map((y) => [y.id, y]));
    const before = new Map(xs.map((x) => [x.id, x]));
    for (const x of xs) if (!after.has(x.id)) out.push({ kind, id: x.id, change: 'removed', details: [] });
    for (const y of ys) {
      const x = before.get(y.id);
      if (!x) out.push({ kind, id: y.id, change: 'added', details: [] });
      else {
        const d = details(x, y);
        if (d.length) out.push({ kind, id: y.id, change: 'changed', details: d });
      }
    }
  };
  compare('node', a.graph.nodes.filter((n) => n.kind !== 'start'), b.graph.nodes.filter((n) => n.kind !== 'start'), (x, y) => nodeDetails(x, y, a, b));
  compare('let', a.graph.lets, b.graph.lets, (x, y) => (exprShape(x.expr) !== exprShape(y.expr) ? [`${textOf(a.text, x.expr.range)} became ${textOf(b.text, y.expr.range)}`] : []));
  compare('source', a.graph.sources, b.graph.sources, (x, y) => {
    const d: string[] = [];
    if (exprShape(x.cost) !== exprShape(y.cost) || x.origin !== y.origin || x.latency !== y.latency) d.push('cost class changed');
    if (exprShape(x.fields) !== exprShape(y.fields)) d.push('fields changed');
    return d;
  });
  compare('input', a.graph.inputs, b.graph.inputs, (x, y) => (exprShape(x.fields) !== exprShape(y.fields) ? ['fields changed'] : []));
  return out;
}

function diffFlow(a: DecisionGraph, b: DecisionGraph): SemanticDiff['flow'] {
  const label = (e: DecisionGraph['edges'][number]) => `${e.from} → ${e.to}`;
  const x = new Set(a.edges.map(label));
  const y = new Set(b.edges.map(label));
  return { added: [...y].filter((e) => !x.has(e)), removed: [...x].filter((e) => !y.has(e)) };
}

export function semanticDiff(before: CompiledText, after: CompiledText): SemanticDiff {
  const rules = diffRules(before, after);
  const params = diffParams(before.graph, after.graph);
  const order = diffOrder(before.graph, after.graph);
  const elements = diffElements(before, after);
  const flow = diffFlow(before.graph, after.graph);
  const count =
    rules.added.length +
    rules.removed.length +
    rules.changed.length +
    params.added.length +
    params.removed.length +
    params.changed.length +
    order.length +
    elements.length +
    flow.added.length +
    flow.removed.length;
  return { rules, params, order, elements, flow, count };
}
