// Readers for the graph boundary: each checks one JSON value's shape and throws a `VerdictError`
// (`invalid-graph`) naming the path of the first problem. Used by schema.ts.

import { FUNCTIONS } from '../grammar/check/functions.js';
import { VerdictError } from './errors.js';

export type Json = Record<string, unknown>;

export const fail = (path: string, message: string): never => {
  throw new VerdictError('invalid-graph', `invalid decision graph at ${path}: ${message}`);
};

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
export const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

export function obj(v: unknown, path: string): Json {
  return isObj(v) ? v : fail(path, `expected an object, found ${show(v)}`);
}
export function arr(v: unknown, path: string): unknown[] {
  return Array.isArray(v) ? v : fail(path, `expected an array, found ${show(v)}`);
}
export function str(o: Json, k: string, path: string): string {
  return typeof o[k] === 'string' ? (o[k] as string) : fail(`${path}.${k}`, `expected a string, found ${show(o[k])}`);
}
export function optStr(o: Json, k: string, path: string): void {
  if (o[k] !== undefined) str(o, k, path);
}
export function num(o: Json, k: string, path: string): number {
  return typeof o[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : fail(`${path}.${k}`, `expected a number, found ${show(o[k])}`);
}
export function bool(o: Json, k: string, path: string): boolean {
  return typeof o[k] === 'boolean' ? (o[k] as boolean) : fail(`${path}.${k}`, `expected true or false, found ${show(o[k])}`);
}
export function oneOf<T extends string>(o: Json, k: string, values: readonly T[], path: string): T {
  const v = o[k];
  return values.includes(v as T) ? (v as T) : fail(`${path}.${k}`, `expected one of ${values.join(', ')}, found ${show(v)}`);
}
export function decimal(o: Json, k: string, path: string): string {
  const s = str(o, k, path);
  return /^-?\d+(\.\d+)?$/.test(s) ? s : fail(`${path}.${k}`, `expected an exact decimal string, found ${show(s)}`);
}
export function range(o: Json, path: string): void {
  const r = obj(o.range, `${path}.range`);
  for (const end of ['start', 'end']) {
    const p = obj(r[end], `${path}.range.${end}`);
    for (const k of ['offset', 'line', 'column']) num(p, k, `${path}.range.${end}`);
  }
}
export function strings(v: unknown, path: string): string[] {
  return arr(v, path).map((s, i) => (typeof s === 'string' ? s : fail(`${path}[${i}]`, `expected a string, found ${show(s)}`)));
}

export function valueType(v: unknown, path: string): void {
  const t = obj(v, path);
  const kind = oneOf(t, 'kind', ['number', 'money', 'bool', 'text', 'date', 'enum', 'list', 'scalar_list', 'record'] as const, path);
  if (kind === 'enum') strings(t.values, `${path}.values`);
  if (kind === 'list') recordType(t.item, `${path}.item`);
  if (kind === 'record') recordType(t.fields, `${path}.fields`);
  if (kind === 'scalar_list') valueType(t.item, `${path}.item`);
}
export function recordType(v: unknown, path: string): Json {
  const r = obj(v, path);
  for (const [name, f] of Object.entries(r)) {
    const spec = obj(f, `${path}.${name}`);
    valueType(spec.type, `${path}.${name}.type`);
    bool(spec, 'optional', `${path}.${name}`);
  }
  return r;
}

/** What expressions may refer to: checked so that a graph never names a param or node it lacks. */
export interface Names {
  params: Set<string>;
  lets: Set<string>;
  scores: Set<string>;
  inputs: Map<string, Json>;
  sources: Map<string, Json>;
}

const ARITH = ['+', '-', '*', '/'] as const;
const CMP = ['==', '!=', '<', '<=', '>', '>='] as const;
const FNS = Object.keys(FUNCTIONS);

export function gexpr(v: unknown, path: string, names: Names): void {
  const e = obj(v, path);
  valueType(e.type, `${path}.type`);
  bool(e, 'nullable', path);
  range(e, path);
  const sub = (k: string) => gexpr(e[k], `${path}.${k}`, names);
  const ref = (set: Set<string>, what: string) => {
    const id = str(e, 'id', path);
    if (!set.has(id)) fail(`${path}.id`, `${what} ${show(id)} is not declared in the graph`);
  };
  const op = str(e, 'op', path);
  switch (op) {
    case 'num':
      return void decimal(e, 'value', path);
    case 'str':
      return void str(e, 'value', path);
    case 'bool':
      return void bool(e, 'value', path);
    case 'list':
      return arr(e.items, `${path}.items`).forEach((x, i) => gexpr(x, `${path}.items[${i}]`, names));
    case 'field': {
      const owner = oneOf(e, 'owner', ['input', 'source'] as const, path);
      const id = str(e, 'id', path);
      const decl = (owner === 'input' ? names.inputs : names.sources).get(id) ?? fail(`${path}.id`, `${owner} ${show(id)} is not declared in the graph`);
      const field = str(e, 'field', path);
      if (!has(decl.fields as Json, field)) fail(`${path}.field`, `${owner} ${show(id)} has no field ${show(field)}`);
      return;
    }
    case 'param':
      return ref(names.params, 'param');
    case 'let':
      return ref(names.lets, 'let');
    case 'score':
      return ref(names.scores, 'scorecard');
    case 'it':
      return;
    case 'item_field':
      sub('object');
      return void str(e, 'field', path);
    case 'call':
      oneOf(e, 'fn', FNS, path);
      return arr(e.args, `${path}.args`).forEach((x, i) => gexpr(x, `${path}.args[${i}]`, names));
    case 'neg':
    case 'not':
    case 'is_missing':
      if (op === 'is_missing') bool(e, 'negated', path);
      return sub('arg');
    case 'arith':
    case 'cmp':
      oneOf(e, 'fn', op === 'arith' ? ARITH : CMP, path);
      sub('left');
      return sub('right');
    case 'and':
    case 'or':
      sub('left');
      return sub('right');
    case 'in':
      bool(e, 'negated', path);
      sub('value');
      return sub('list');
    default:
      return fail(`${path}.op`, `unknown expression op ${show(op)}`);
  }
}

