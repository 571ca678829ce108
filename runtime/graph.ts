// The compiled decision graph, schema `verdict.graph/1`: plain JSON, no functions, no classes, so
// that it can be saved, diffed, loaded by the runtime, and later compiled to SQL. Expressions are
// resolved and typed trees (no names left to look up); numbers are exact decimal strings.
// Every element keeps the source range it was compiled from, so the studio maps graph ↔ text.

import type { Range, RuleOutcomeKind, SwitchState } from '../grammar/ast.js';

export const GRAPH_SCHEMA = 'verdict.graph/1' as const;

// ---------------------------------------------------------------------------------------------
// Types

export type ScalarType = 'number' | 'money' | 'bool' | 'text' | 'date';

/** A value type. `optional` marks a value that may be missing (NULL-like). */
export type ValueType =
  | { kind: ScalarType }
  | { kind: 'enum'; values: string[] }
  | { kind: 'list'; item: RecordType }
  /** A list literal of scalars (`["a", "b"]`, `[1, 2]`). */
  | { kind: 'scalar_list'; item: ValueType }
  | { kind: 'record'; fields: RecordType };

export type RecordType = Record<string, FieldSpec>;

export interface FieldSpec {
  type: ValueType;
  optional: boolean;
}

// ---------------------------------------------------------------------------------------------
// Expressions (typed, resolved)

interface ExprBase {
  /** The static type of the expression's value. */
  type: ValueType;
  /** True when the value may be missing at run time. */
  nullable: boolean;
  range: Range;
}

export type FunctionName =
  | 'min' | 'max' | 'abs' | 'floor' | 'ceil' | 'round' | 'coalesce' | 'len' | 'contains' | 'starts_with'
  | 'days_since' | 'months_since' | 'count' | 'sum' | 'avg' | 'any' | 'all';

export type GExpr =
  /** Exact decimal literal as a string (`"0.36"`). */
  | (ExprBase & { op: 'num'; value: string })
  | (ExprBase & { op: 'str'; value: string })
  | (ExprBase & { op: 'bool'; value: boolean })
  | (ExprBase & { op: 'list'; items: GExpr[] })
  /** A field of an input (`applicant.age`) or of a source (`bureau_blacklist.listed`). */
  | (ExprBase & { op: 'field'; owner: 'input' | 'source'; id: string; field: string })
  | (ExprBase & { op: 'param'; id: string })
  | (ExprBase & { op: 'let'; id: string })
  /** The score of a scorecard that ran earlier on the path. */
  | (ExprBase & { op: 'score'; id: string })
  /** The current element inside a list function (`it`). */
  | (ExprBase & { op: 'it' })
  /** A field of a list element (`it.relation`). */
  | (ExprBase & { op: 'item_field'; object: GExpr; field: string })
  | (ExprBase & { op: 'call'; fn: FunctionName; args: GExpr[] })
  | (ExprBase & { op: 'neg'; arg: GExpr })
  | (ExprBase & { op: 'not'; arg: GExpr })
  | (ExprBase & { op: 'arith'; fn: '+' | '-' | '*' | '/'; left: GExpr; right: GExpr })
  | (ExprBase & { op: 'cmp'; fn: '==' | '!=' | '<' | '<=' | '>' | '>='; left: GExpr; right: GExpr })
  | (ExprBase & { op: 'and' | 'or'; left: GExpr; right: GExpr })
  | (ExprBase & { op: 'in'; negated: boolean; value: GExpr; list: GExpr })
  | (ExprBase & { op: 'is_missing'; negated: boolean; arg: GExpr });

export type GExprOp = GExpr['op'];

/** The expressions an expression is made of, in source order (none for a literal, a name or `it`). */
export function childrenOf(e: GExpr): GExpr[] {
  switch (e.op) {
    case 'list':
      return e.items;
    case 'item_field':
      return [e.object];
    case 'call':
      return e.args;
    case 'neg':
    case 'not':
    case 'is_missing':
      return [e.arg];
    case 'arith':
    case 'cmp':
    case 'and':
    case 'or':
      return [e.left, e.right];
    case 'in':
      return [e.value, e.list];
    case 'num':
    case 'str':
    case 'bool':
    case 'field':
    case 'param':
    case 'let':
    case 'score':
    case 'it':
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Declarations

export interface InputSpec {
  id: string;
  fields: RecordType;
  /** The field that names a record in results (`id`), when the input declares one. */
  idField?: string;
  range: Range;
}

export type CostKind = 'free' | 'per_hit' | 'per_query';

export interface SourceSpec {
  id: string;
  title?: string;
  origin: 'own' | 'external';
  cost: { kind: CostKind; amount: string; hitField?: string };
  latency: 'fast' | 'slow';
  fields: RecordType;
  /**
   * Sort key of the cost class, smaller runs first: origin (own < external), then cost kind
   * (free < per_hit < per_query), then latency (fast < slow). See `costClassRank`.
   */
  costRank: number;
  range: Range;
}

export type ParamValue = string | boolean | ParamValue[] | { decimal: string };

/** The exact decimal text of a numeric param value (`{ decimal: "0.7" }`); undefined for any other value. */
export const decimalText = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && 'decimal' in v ? String((v as { decimal: unknown }).decimal) : undefined;

export interface ParamSpec {
  id: string;
  type: ValueType;
  /** Numbers are `{ decimal: "0.7" }`, strings plain, lists arrays. */
  default: ParamValue;
  doc?: string;
  range: Range;
}

export interface LetSpec {
  id: string;
  expr: GExpr;
  range: Range;
}

export type { SwitchState } from '../grammar/ast.js';
export type RuleOutcome = RuleOutcomeKind;

export interface RuleSpec {
  id: string;
  title?: string;
  switch: SwitchState;
  when: GExpr;
  outcome: RuleOutcome;
  reason?: string;
  /** Sources the condition reads, directly or through lets, sorted. */
  sources: string[];
  /** Cost rank of the most expensive source read (0 when none: a free own attribute). */
  costRank: number;
  /** The source that sets that rank (the first in id order on ties); absent when none is read. */
  costSource?: string;
  /** Position as written in the rule set (0-based). */
  writtenIndex: number;
  range: Range;
}

export interface Bin {
  /** Match test; `else` matches everything, `missing` only a missing value. */
  test:
    | { kind: 'interval'; lower: string; lowerInclusive: boolean; upper: string; upperInclusive: boolean }
    | { kind: 'compare'; op: '<' | '<=' | '>' | '>='; value: string }
    | { kind: 'equals'; value: string | boolean | { decimal: string } }
    | { kind: 'in'; values: (string | boolean | { decimal: string })[] }
    | { kind: 'missing' }
    | { kind: 'else' };
  points: string;
  range: Range;
}

export interface CharacteristicSpec {
  /** Printed form of the expression, the label in traces and reason codes. */
  label: string;
  expr: GExpr;
  bins: Bin[];
  range: Range;
}

export interface TermsSpec {
  /** Term key → typed expression (`limit`, `apr`, `line`, `term`, `valid`, ...). */
  [key: string]: GExpr;
}

export interface OutcomeSpec {
  decision: 'approve' | 'review' | 'reject';
  reason?: string;
  terms?: TermsSpec;
  range: Range;
}

interface NodeBase {
  id: string;
  title?: string;
  range: Range;
}

export interface StartNode extends NodeBase {
  kind: 'start';
  next: string;
}

export interface RuleSetNode extends NodeBase {
  kind: 'ruleset';
  order: 'written' | 'cost';
  /** Rules in effective order (after `order cost` sorting, stable on ties). */
  rules: RuleSpec[];
  next: string;
}

export interface ScorecardNode extends NodeBase {
  kind: 'scorecard';
  base: string;
  characteristics: CharacteristicSpec[];
  next: string;
}

export interface BranchNode extends NodeBase {
  kind: 'branch';
  arms: { when: GExpr; target: string; range: Range }[];
  else: string;
}

export interface DecisionNode extends NodeBase {
  kind: 'decision';
  clauses: { when: GExpr; outcome: OutcomeSpec; range: Range }[];
  else: OutcomeSpec;
}

export type GraphNode = StartNode | RuleSetNode | ScorecardNode | BranchNode | DecisionNode;
export type GraphNodeKind = GraphNode['kind'];

export interface Edge {
  from: string;
  to: string;
  /** `flow` for a successor, `branch` for a branch arm (index) or its else (index = -1). */
  kind: 'flow' | 'branch';
  index?: number;
  range: Range;
}

export interface DecisionGraph {
  schema: typeof GRAPH_SCHEMA;
  policy: { id: string; title?: string; version?: string };
  inputs: InputSpec[];
  sources: SourceSpec[];
  params: ParamSpec[];
  lets: LetSpec[];
  /** All nodes, `start` first, then in declaration order. */
  nodes: GraphNode[];
  edges: Edge[];
}

export const isRuleSet = (n: GraphNode): n is RuleSetNode => n.kind === 'ruleset';
export const isScorecard = (n: GraphNode): n is ScorecardNode => n.kind === 'scorecard';
export const isBranch = (n: GraphNode): n is BranchNode => n.kind === 'branch';
export const isDecision = (n: GraphNode): n is DecisionNode => n.kind === 'decision';

/**
 * The cost class of a source as one sortable number: own before external; free before per-hit
 * before per-query; fast before slow. A rule that reads no source ranks 0, below every source.
 */
export function costClassRank(s: Pick<SourceSpec, 'origin' | 'cost' | 'latency'>): number {
  const origin = s.origin === 'own' ? 0 : 1;
  const cost = s.cost.kind === 'free' ? 0 : s.cost.kind === 'per_hit' ? 1 : 2;
  const latency = s.latency === 'fast' ? 0 : 1;
  return 1 + origin * 6 + cost * 2 + latency;
}

/**
 * Rules in the order `order cost` runs them: by cost rank, stable on ties (the order given).
 * The one definition of that order: the compiler and the studio's "order by cost" both use it.
 */
export function costOrdered<T extends { costRank: number }>(rules: readonly T[]): T[] {
  // Array.prototype.sort is stable: ties keep the order given.
  return [...rules].sort((a, b) => a.costRank - b.costRank);
}

/** Human label of a cost rank, for badges and messages: `external · per-hit · fast`. */
export function costClassLabel(s: Pick<SourceSpec, 'origin' | 'cost' | 'latency'> | undefined): string {
  if (!s) return 'own · free · fast';
  const cost = s.cost.kind === 'free' ? 'free' : s.cost.kind === 'per_hit' ? 'per-hit' : 'per-query';
  return `${s.origin} · ${cost} · ${s.latency}`;
}
