// What one decision returns, and its optional trace. Plain JSON throughout: every number is an
// exact decimal string, a date is `YYYY-MM-DD`, a missing value is `null`. Maps keyed by names
// from the policy never let a name reach a prototype: result maps are plain objects written with
// `putKey` (a `__proto__` id becomes an own property), trace maps are null-prototype objects.

import type { RuleOutcome, ValueType } from './graph.js';
import { itemFieldOrder } from './record.js';
import { formatDate, isNum, numToString } from './values.js';

export type Decision = 'approve' | 'review' | 'reject' | 'error';

export type JsonValue = string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface RuleHit {
  rule: string;
  /** The rule set the rule belongs to. */
  node: string;
  outcome: RuleOutcome;
  reason?: string;
  /** A shadow rule that fired: recorded, no effect on the decision. */
  shadow?: true;
}

/** Offer terms: numbers as decimal strings, words (`line`) as the word, missing as null. */
export type Terms = Record<string, JsonValue>;

export interface Cost {
  /** Decimal string. */
  total: string;
  /** Charge per source called (`"0"` for a free source or a per-hit source that did not hit). */
  bySource: Record<string, string>;
}

export interface DecisionResult {
  /** The first input's id field, else the record's 0-based position. */
  id: string | number;
  decision: Decision;
  reasons: string[];
  /** Rules that fired, in evaluation order, shadow hits included (marked). */
  hits: RuleHit[];
  /** The terms of the decision clause taken: on approve, and kept as a proposal on review. */
  terms?: Terms;
  /** Score of every scorecard that ran, decimal strings. */
  scores: Record<string, string>;
  cost: Cost;
  /** Sources read by the decision, in the order first read. */
  sourcesCalled: string[];
  error?: { field?: string; message: string };
  trace?: Trace;
}

// ---------------------------------------------------------------------------------------------
// Trace

/**
 * A rule's state in one decision. A shadow rule is `shadow_hit` when it fires and otherwise
 * `pass` or `missing` like any rule; its entry carries `shadow: true` either way.
 * `missing`: it did not fire and a comparison in it met a missing value.
 * `error`: its condition faulted (division by zero); the decision is `error`.
 */
export type RuleState = 'hit' | 'pass' | 'missing' | 'off' | 'shadow_hit' | 'not_run' | 'error';

/** Label (`applicant.age`, `min_age`, `debt_to_income`, `app_score`) → value read. */
export type Reads = Record<string, JsonValue>;

export interface RuleTrace {
  rule: string;
  state: RuleState;
  outcome: RuleOutcome;
  shadow?: true;
  /**
   * Every field, param, let and score the condition read, fired or not (empty when not run). A
   * let appears with its value; the fields read inside it do not.
   */
  reads: Reads;
  error?: string;
}

export interface CharacteristicTrace {
  label: string;
  value: JsonValue;
  /** The bin matched, in the graph's form (`[18, 25)`, `else`; a percent as its number: `< 0.3` for `< 30%`), or `no match` (0 points). */
  bin: string;
  points: string;
}

export type NodeTrace =
  | { kind: 'start'; id: string }
  | { kind: 'ruleset'; id: string; rules: RuleTrace[] }
  | { kind: 'scorecard'; id: string; base: string; score: string; characteristics: CharacteristicTrace[] }
  | { kind: 'branch'; id: string; arm: number | 'else'; target: string; reads: Reads }
  | {
      kind: 'decision';
      id: string;
      clause: number | 'else';
      outcome: 'approve' | 'review' | 'reject';
      reason?: string;
      reads: Reads;
      /** What the outcome's terms read (inputs, sources, params, lets, scores), with their values. */
      termReads?: Reads;
    };

export interface Trace {
  /** The as-of date the decision ran at, when the record has one. */
  asOf: string | null;
  /** Node ids in the order visited, `start` first. */
  path: string[];
  nodes: NodeTrace[];
  /** Lets in the order computed, each once. */
  lets: { id: string; value: JsonValue }[];
  /** Sources in the order first read, with the charge. */
  sources: { id: string; charge: string }[];
  /**
   * The rules of the rule sets the flow did not reach (after a reject or a fault, or on a branch
   * not taken), in declaration order: `off` when switched off, else `not_run`. With `nodes`, every
   * rule of the policy has its state, as an audit of a rejected applicant needs.
   */
  notReached: { node: string; rule: string; state: 'not_run' | 'off' }[];
}

export const emptyMap = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/**
 * The result of a record that could not be read at all (invalid JSON, a CSV row with the wrong
 * number of cells): an error with nothing run, in the shape of every other result.
 */
export function unreadableResult(id: string | number, message: string): DecisionResult {
  return { id, decision: 'error', reasons: [message], hits: [], scores: {}, cost: { total: '0', bySource: {} }, sourcesCalled: [], error: { message } };
}

/** Sets a key on a plain object; `__proto__` becomes an own property, never the prototype. */
export function putKey<T>(o: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** The JSON form of a run-time value of a known type. */
export function toJson(v: unknown, type: ValueType): JsonValue {
  if (v === undefined) return null;
  switch (type.kind) {
    case 'date':
      return formatDate(v as number);
    case 'list': {
      const names = itemFieldOrder(type.item);
      return (v as unknown[][]).map((item) => {
        const o = emptyMap<JsonValue>();
        names.forEach((n, i) => (o[n] = toJson(item[i], type.item[n].type)));
        return o;
      });
    }
    case 'record': {
      const names = itemFieldOrder(type.fields);
      const o = emptyMap<JsonValue>();
      names.forEach((n, i) => (o[n] = toJson((v as unknown[])[i], type.fields[n].type)));
      return o;
    }
    case 'scalar_list':
      return (v as unknown[]).map((x) => toJson(x, type.item));
    default:
      return plainJson(v);
  }
}

/** JSON of a scalar whose type is not at hand (numbers print as decimals, others as they are). */
export function plainJson(v: unknown): JsonValue {
  if (v === undefined) return null;
  if (isNum(v)) return numToString(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(plainJson);
  return String(v);
}
