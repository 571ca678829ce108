// Value types as the checker sees them: the graph's `ValueType`, plus `undefined` for "unknown"
// (an error was reported where the type was lost, so nothing downstream complains again).

import Decimal from 'decimal.js';
import type { FieldDecl, TypeRef } from '../ast.js';
import type { RecordType, ValueType } from '../../runtime/graph.js';
import { putKey } from '../../runtime/result.js';

export type Ty = ValueType | undefined;

export const NUMBER: ValueType = { kind: 'number' };
export const MONEY: ValueType = { kind: 'money' };
export const BOOL: ValueType = { kind: 'bool' };
export const TEXT: ValueType = { kind: 'text' };
export const DATE: ValueType = { kind: 'date' };

export const isNumeric = (t: Ty): boolean => t?.kind === 'number' || t?.kind === 'money';
export const isTextual = (t: Ty): boolean => t?.kind === 'text' || t?.kind === 'enum';
export const isListType = (t: Ty): boolean => t?.kind === 'list' || t?.kind === 'scalar_list';
export const isScalar = (t: Ty): boolean => t !== undefined && !isListType(t) && t.kind !== 'record';

/** The type of one element of a list: a record for `list of {...}`, the item type for a scalar list. */
export function itemType(t: Ty): Ty {
  if (t?.kind === 'list') return { kind: 'record', fields: t.item };
  if (t?.kind === 'scalar_list') return t.item;
  return undefined;
}

/** `money` wins over `number`: an amount scaled or shifted by a number is still an amount. */
export const numericJoin = (ts: Ty[]): ValueType => (ts.some((t) => t?.kind === 'money') ? MONEY : NUMBER);

/** How a type reads in a message: `number`, `enum("app", "h5")`, `list of {name, relation}`. */
export function showType(t: Ty): string {
  if (!t) return 'unknown';
  switch (t.kind) {
    case 'enum': {
      const shown = t.values.slice(0, 4).map((v) => JSON.stringify(v));
      if (t.values.length > 4) shown.push('...');
      return `enum(${shown.join(', ')})`;
    }
    case 'list':
      return `list of {${Object.keys(t.item).join(', ')}}`;
    case 'scalar_list':
      return `list of ${showType(t.item)}`;
    case 'record':
      return `{${Object.keys(t.fields).join(', ')}}`;
    default:
      return t.kind;
  }
}

/** A field as declared; `type` is unknown when the declaration names no valid type. */
export interface FieldInfo {
  type: Ty;
  optional: boolean;
  decl: FieldDecl;
}

/** Fields by name, first declaration wins (a second one is a `duplicate-field`). */
export function fieldMap(fields: readonly FieldDecl[]): Map<string, FieldInfo> {
  const map = new Map<string, FieldInfo>();
  for (const f of fields) {
    if (!f.name.name || map.has(f.name.name)) continue;
    map.set(f.name.name, { type: typeFromRef(f.type), optional: f.optional, decl: f });
  }
  return map;
}

/** The value type a declared type denotes; unknown when it (or a field of a list of it) is not valid. */
export function typeFromRef(ref: TypeRef): Ty {
  switch (ref.kind) {
    case 'PrimitiveType':
      return { kind: ref.name };
    case 'EnumType':
      return { kind: 'enum', values: ref.values.map((v) => v.value) };
    case 'ListType': {
      const item = recordType(fieldMap(ref.fields));
      return item ? { kind: 'list', item } : undefined;
    }
    case 'UnknownType':
      return undefined;
  }
}

/** The graph's record type, or undefined when some field's type is unknown. */
export function recordType(fields: Map<string, FieldInfo>): RecordType | undefined {
  const out: RecordType = {};
  for (const [name, f] of fields) {
    if (!f.type) return undefined;
    putKey(out, name, { type: f.type, optional: f.optional });
  }
  return out;
}

/** The exact value of a number literal's text, or undefined for text a parse error left behind. */
export function decimalOf(s: string | undefined): Decimal | undefined {
  if (!s || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return new Decimal(s);
}
