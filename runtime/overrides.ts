// Run-time overrides: param values (`--set min_age=20`, the studio's parameter panel) and rule
// switches (`--switch zhima_low=off`). They are parsed and type-checked here, then fixed when an
// evaluator is prepared, so that a decision never looks them up.

import { closest } from '../grammar/diagnostics.js';
import { FEE_TERMS } from '../grammar/check/terms.js';
import type { DecisionGraph, ParamSpec, ParamValue, RuleSpec, ValueType } from './graph.js';
import { decimalText, isRuleSet } from './graph.js';
import { emptyMap } from './result.js';
import { numToString, parseDate, parseDecimal } from './values.js';

export type SwitchOverride = 'on' | 'off' | 'shadow';

export interface Overrides {
  /** Param id → new value, in the graph's `ParamValue` form (numbers as `{ decimal }`). */
  params: Record<string, ParamValue>;
  /** Rule id → switch state. */
  switches: Record<string, SwitchOverride>;
}

export interface OverrideInput {
  /** `name=value`: a number (`0.75`, `1_000`, `30%`), `true`/`false`, a text, a JSON list. */
  set?: readonly string[];
  /** `rule=on|off|shadow`. */
  switch?: readonly string[];
}

export const emptyOverrides = (): Overrides => ({ params: emptyMap(), switches: emptyMap() });

const SWITCHES: readonly SwitchOverride[] = ['on', 'off', 'shadow'];

export function graphRules(graph: DecisionGraph): RuleSpec[] {
  return graph.nodes.filter(isRuleSet).flatMap((n) => n.rules);
}

const hint = (name: string, candidates: Iterable<string>): string => {
  const best = closest(name, candidates);
  return best === undefined ? '' : ` (did you mean \`${best}\`?)`;
};

/** Parses `--set` and `--switch` strings against a graph; every problem is a message, none throws. */
export function parseOverrides(graph: DecisionGraph, input: OverrideInput): { overrides: Overrides; errors: string[] } {
  const overrides = emptyOverrides();
  const errors: string[] = [];
  const params = new Map(graph.params.map((p) => [p.id, p]));
  const rules = new Map(graphRules(graph).map((r) => [r.id, r]));

  for (const item of input.set ?? []) {
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (eq < 0) {
      errors.push(`--set ${item}: expected name=value`);
      continue;
    }
    const spec = params.get(name);
    if (!spec) {
      errors.push(`--set ${item}: unknown param \`${name}\`${hint(name, params.keys())}`);
      continue;
    }
    const text = item.slice(eq + 1).trim();
    const parsed = parseParamText(text, spec.type);
    const fee = text.endsWith('%') ? feeReadBy(graph, name) : undefined;
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) errors.push(`--set ${item}: ${parsed.error}`);
    // As the checker refuses a percent default for such a param (invalid-term-value).
    else if (fee) errors.push(`--set ${item}: \`${name}\` is read as the amount of \`${fee}\`, and a percent would be read as that amount (${text} as ${decimalText(parsed) ?? text}), not a share of \`limit\`: give an amount, or write the percent in the offer`);
    else overrides.params[name] = parsed;
  }

  for (const item of input.switch ?? []) {
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    const state = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (eq < 0) {
      errors.push(`--switch ${item}: expected rule=on|off|shadow`);
      continue;
    }
    const rule = rules.get(name);
    if (!rule) {
      errors.push(`--switch ${item}: unknown rule \`${name}\`${hint(name, rules.keys())}`);
      continue;
    }
    if (!(SWITCHES as readonly string[]).includes(state)) {
      errors.push(`--switch ${item}: the state must be on, off or shadow, not \`${state}\``);
      continue;
    }
    if (rule.switch === 'required' && state !== 'on') {
      errors.push(`--switch ${item}: rule \`${name}\` is required and cannot be switched ${state}`);
      continue;
    }
    overrides.switches[name] = state as SwitchOverride;
  }
  return { overrides, errors };
}

/** The fee term (`upfront_fee`, `monthly_fee`) of some offer whose value is param `name` alone, if any. */
function feeReadBy(graph: DecisionGraph, name: string): string | undefined {
  for (const n of graph.nodes) {
    if (n.kind !== 'decision') continue;
    for (const o of [...n.clauses.map((c) => c.outcome), n.else])
      for (const key of FEE_TERMS) {
        const e = o.terms?.[key];
        if (e?.op === 'param' && e.id === name) return key;
      }
  }
  return undefined;
}

/** Checks overrides built elsewhere (the studio) against a graph: the same rules as parsing. */
export function checkOverrides(graph: DecisionGraph, overrides: Partial<Overrides>): string[] {
  const errors: string[] = [];
  const params = new Map(graph.params.map((p) => [p.id, p]));
  const rules = new Map(graphRules(graph).map((r) => [r.id, r]));
  for (const name of Object.keys(overrides.params ?? {})) {
    const spec = params.get(name);
    if (!spec) errors.push(`unknown param \`${name}\`${hint(name, params.keys())}`);
    else {
      const problem = paramValueProblem((overrides.params as Record<string, ParamValue>)[name], spec.type);
      if (problem) errors.push(`param \`${name}\`: ${problem}`);
    }
  }
  for (const name of Object.keys(overrides.switches ?? {})) {
    const rule = rules.get(name);
    const state = (overrides.switches as Record<string, string>)[name];
    if (!rule) errors.push(`unknown rule \`${name}\`${hint(name, rules.keys())}`);
    else if (!(SWITCHES as readonly string[]).includes(state)) errors.push(`rule \`${name}\`: the state must be on, off or shadow, not \`${state}\``);
    else if (rule.switch === 'required' && state !== 'on') errors.push(`rule \`${name}\` is required and cannot be switched ${state}`);
  }
  return errors;
}

/** The value text of `--set` for a param of a type, or `{ error }`. */
export function parseParamText(text: string, type: ValueType): ParamValue | { error: string } {
  switch (type.kind) {
    case 'number':
    case 'money':
      return parseNumberText(text);
    case 'bool':
      return text === 'true' ? true : text === 'false' ? false : { error: `expected true or false, not \`${text}\`` };
    case 'text':
      return unquote(text);
    case 'enum': {
      const v = unquote(text);
      return type.values.includes(v) ? v : { error: `\`${v}\` is not one of ${type.values.map((x) => JSON.stringify(x)).join(', ')}${hint(v, type.values)}` };
    }
    case 'date': {
      const v = unquote(text);
      return parseDate(v) === undefined ? { error: `expected a date YYYY-MM-DD, not \`${v}\`` } : v;
    }
    case 'scalar_list': {
      let items: unknown;
      try {
        items = JSON.parse(text);
      } catch {
        return { error: `expected a JSON list such as ["a", "b"], not \`${text}\`` };
      }
      if (!Array.isArray(items)) return { error: `expected a JSON list such as ["a", "b"], not \`${text}\`` };
      const out: ParamValue[] = [];
      for (const item of items) {
        const v = listItem(item, type.item);
        if (typeof v === 'object' && v !== null && 'error' in v) return { error: `list item ${JSON.stringify(item)}: ${v.error}` };
        out.push(v);
      }
      return out;
    }
    default:
      return { error: `a param of type ${type.kind} cannot be set` };
  }
}

function listItem(item: unknown, type: ValueType): ParamValue | { error: string } {
  if (type.kind === 'number' || type.kind === 'money') {
    if (typeof item === 'number' || typeof item === 'string') return parseNumberText(String(item));
    return { error: 'expected a number' };
  }
  if (type.kind === 'bool') return typeof item === 'boolean' ? item : { error: 'expected true or false' };
  if (typeof item !== 'string') return { error: 'expected a text' };
  return parseParamText(JSON.stringify(item), type);
}

/** An exact number: `0.75`, `-5`, `1_000`, `30%` (= 0.3). */
function parseNumberText(text: string): ParamValue | { error: string } {
  const percent = text.endsWith('%');
  const body = (percent ? text.slice(0, -1) : text).replace(/_/g, '');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(body)) return { error: `expected a number (such as 0.75 or 30%), not \`${text}\`` };
  const v = parseDecimal(percent ? shiftPercent(body) : body);
  if (typeof v === 'string') return { error: v };
  return { decimal: numToString(v) };
}

/** `30` → `0.30` by moving the point, so that a percent stays exact. */
function shiftPercent(body: string): string {
  return `${body}e-2`;
}

const unquote = (text: string): string => {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v === 'string') return v;
    } catch {
      // Not a JSON string: take the text as written.
    }
  }
  return text;
};

/** Why a value does not fit a param's type, or undefined. */
export function paramValueProblem(v: ParamValue, type: ValueType): string | undefined {
  switch (type.kind) {
    case 'number':
    case 'money':
      if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof v.decimal !== 'string') return 'expected a number ({ decimal: "..." })';
      return typeof parseDecimal(v.decimal) === 'string' ? `not an exact number: ${v.decimal}` : undefined;
    case 'bool':
      return typeof v === 'boolean' ? undefined : 'expected true or false';
    case 'text':
      return typeof v === 'string' ? undefined : 'expected a text';
    case 'enum':
      return typeof v === 'string' && type.values.includes(v) ? undefined : `expected one of ${type.values.join(', ')}`;
    case 'date':
      return typeof v === 'string' && parseDate(v) !== undefined ? undefined : 'expected a date YYYY-MM-DD';
    case 'scalar_list':
      if (!Array.isArray(v)) return 'expected a list';
      for (const item of v) {
        const p = paramValueProblem(item, type.item);
        if (p) return `list item: ${p}`;
      }
      return undefined;
    default:
      return `a param of type ${type.kind} cannot be set`;
  }
}

/** The value a param has once overrides apply. */
export function effectiveParam(spec: ParamSpec, overrides: Partial<Overrides> | undefined): ParamValue {
  const ps = overrides?.params;
  return ps && Object.prototype.hasOwnProperty.call(ps, spec.id) ? ps[spec.id] : spec.default;
}
