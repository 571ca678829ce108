// The language's functions: one table, read by the checker (arity, argument kinds, result type)
// and by the runtime (arity, which argument is evaluated once per list element). Adding a function
// means adding a row here, a `FunctionName` in runtime/graph.ts, and its evaluation in the runtime.

import type { FunctionName, ScalarType } from '../../runtime/graph.js';

/** What an argument must be. `sized` = text or a list (what `len` measures). */
export type ArgKind = 'numeric' | 'text' | 'date' | 'bool' | 'list' | 'sized' | 'any';

/** How the result type follows from the arguments. */
export type ResultRule =
  | { kind: 'fixed'; type: ScalarType }
  /** The type of argument `arg` (`abs(money)` is money, `sum(list, it.amount)` is money). */
  | { kind: 'same-as'; arg: number }
  /** money when any argument is money, else number (`min`, `max`). */
  | { kind: 'numeric-join' }
  /** The common type of both arguments (`coalesce`). */
  | { kind: 'common' };

/**
 * When the result may be missing: `any` argument missing (arithmetic rule), only when `all` are
 * (`coalesce`), only when the list itself is (`count`, `any`, `all`: a condition with missing is
 * false), or `always` (`avg` of an empty list).
 */
export type NullRule = 'any' | 'all' | 'list' | 'always';

export interface FunctionSpec {
  /** As the language guide writes it; used in messages. */
  signature: string;
  summary: string;
  /** Argument kinds in order; with `variadic`, the last kind repeats. */
  args: readonly ArgKind[];
  minArgs: number;
  variadic?: boolean;
  /** List functions evaluate their second argument once per element, with `it` bound to it. */
  perItem: boolean;
  result: ResultRule;
  nullable: NullRule;
}

export const FUNCTIONS: Record<FunctionName, FunctionSpec> = {
  min: { signature: 'min(x, y, ...)', summary: 'The smallest of two or more numbers.', args: ['numeric', 'numeric'], minArgs: 2, variadic: true, perItem: false, result: { kind: 'numeric-join' }, nullable: 'any' },
  max: { signature: 'max(x, y, ...)', summary: 'The largest of two or more numbers.', args: ['numeric', 'numeric'], minArgs: 2, variadic: true, perItem: false, result: { kind: 'numeric-join' }, nullable: 'any' },
  abs: { signature: 'abs(x)', summary: 'The absolute value.', args: ['numeric'], minArgs: 1, perItem: false, result: { kind: 'same-as', arg: 0 }, nullable: 'any' },
  floor: { signature: 'floor(x[, step])', summary: 'Rounds down to a whole number, or to a multiple of `step`.', args: ['numeric', 'numeric'], minArgs: 1, perItem: false, result: { kind: 'same-as', arg: 0 }, nullable: 'any' },
  ceil: { signature: 'ceil(x[, step])', summary: 'Rounds up to a whole number, or to a multiple of `step`.', args: ['numeric', 'numeric'], minArgs: 1, perItem: false, result: { kind: 'same-as', arg: 0 }, nullable: 'any' },
  round: { signature: 'round(x[, digits])', summary: 'Rounds half away from zero to `digits` decimals (default 0).', args: ['numeric', 'numeric'], minArgs: 1, perItem: false, result: { kind: 'same-as', arg: 0 }, nullable: 'any' },
  coalesce: { signature: 'coalesce(x, y)', summary: '`x`, or `y` when `x` is missing.', args: ['any', 'any'], minArgs: 2, perItem: false, result: { kind: 'common' }, nullable: 'all' },
  len: { signature: 'len(text | list)', summary: 'The length of a text or the number of elements of a list.', args: ['sized'], minArgs: 1, perItem: false, result: { kind: 'fixed', type: 'number' }, nullable: 'any' },
  contains: { signature: 'contains(text, part)', summary: 'True when the text contains `part`.', args: ['text', 'text'], minArgs: 2, perItem: false, result: { kind: 'fixed', type: 'bool' }, nullable: 'any' },
  starts_with: { signature: 'starts_with(text, prefix)', summary: 'True when the text begins with `prefix`.', args: ['text', 'text'], minArgs: 2, perItem: false, result: { kind: 'fixed', type: 'bool' }, nullable: 'any' },
  days_since: { signature: 'days_since(date)', summary: 'Whole days from the date to the decision\'s as-of date.', args: ['date'], minArgs: 1, perItem: false, result: { kind: 'fixed', type: 'number' }, nullable: 'any' },
  months_since: { signature: 'months_since(date)', summary: 'Whole months from the date to the decision\'s as-of date.', args: ['date'], minArgs: 1, perItem: false, result: { kind: 'fixed', type: 'number' }, nullable: 'any' },
  count: { signature: 'count(list[, cond])', summary: 'The number of elements, or of elements for which `cond` is true.', args: ['list', 'bool'], minArgs: 1, perItem: true, result: { kind: 'fixed', type: 'number' }, nullable: 'list' },
  sum: { signature: 'sum(list, expr)', summary: 'The sum of `expr` over the elements (0 for an empty list).', args: ['list', 'numeric'], minArgs: 2, perItem: true, result: { kind: 'same-as', arg: 1 }, nullable: 'any' },
  avg: { signature: 'avg(list, expr)', summary: 'The mean of `expr` over the elements (missing for an empty list).', args: ['list', 'numeric'], minArgs: 2, perItem: true, result: { kind: 'same-as', arg: 1 }, nullable: 'always' },
  any: { signature: 'any(list, cond)', summary: 'True when `cond` holds for at least one element.', args: ['list', 'bool'], minArgs: 2, perItem: true, result: { kind: 'fixed', type: 'bool' }, nullable: 'list' },
  all: { signature: 'all(list, cond)', summary: 'True when `cond` holds for every element (true for an empty list).', args: ['list', 'bool'], minArgs: 2, perItem: true, result: { kind: 'fixed', type: 'bool' }, nullable: 'list' },
};

export const isFunctionName = (name: string): name is FunctionName => Object.prototype.hasOwnProperty.call(FUNCTIONS, name);

/** Largest number of arguments, `Infinity` for a variadic function. */
export const maxArgs = (spec: FunctionSpec): number => (spec.variadic ? Infinity : spec.args.length);

/** The kind argument `i` must have (the last kind repeats for a variadic function). */
export const argKind = (spec: FunctionSpec, i: number): ArgKind => spec.args[Math.min(i, spec.args.length - 1)];
