// Decoding one JSON record against the graph's inputs and sources, into a flat array of slots
// (one per declared field) that the evaluator's closures index directly.
//
// Every declared field of every input and present source is validated up front, so a record is
// an error or not whatever path its decision takes. Record keys are only ever read, with an own-
// property test (`__proto__`, `constructor` are plain data); nothing from the record is assigned
// onto an object. Undeclared keys are ignored.

import type { DecisionGraph, FieldSpec, RecordType, ValueType } from './graph.js';
import { DataError, JsonNumber, numberFromJson, parseDate, parseDecimal, preview } from './values.js';
import { parseJson } from './json.js';

export const own = (o: object, key: string): unknown => (Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined);

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field order of a list item or record value: names sorted, so that any copy of a type agrees. */
export const itemFieldOrder = (fields: RecordType): string[] => Object.keys(fields).sort();

/** A decoder gets a present (non-null) JSON value and returns the run-time value, or throws a DataError with a path relative to it. */
export type Decoder = (raw: unknown) => unknown;

export interface FieldDecoder {
  name: string;
  slot: number;
  optional: boolean;
  /** Lets the common cases skip the decoder call: see `quickValue`. */
  quick: number;
  decode: Decoder;
}

export const Q_NONE = 0;
export const Q_NUMBER = 1;
export const Q_TEXT = 2;
export const Q_BOOL = 3;

export const quickKind = (t: ValueType): number =>
  t.kind === 'number' || t.kind === 'money' ? Q_NUMBER : t.kind === 'text' ? Q_TEXT : t.kind === 'bool' ? Q_BOOL : Q_NONE;

/** A safe integer, a string for a text, a JSON bool as they are; anything else through the decoder. */
export function quickValue(quick: number, v: unknown, decode: Decoder): unknown {
  if (quick === Q_NUMBER) {
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v === 0 ? 0 : v;
  } else if (quick === Q_TEXT) {
    if (typeof v === 'string') return v;
  } else if (quick === Q_BOOL) {
    if (v === true || v === false) return v;
  }
  return decode(v);
}

export interface Group {
  owner: 'input' | 'source';
  id: string;
  fields: FieldDecoder[];
  /** An absent input with required fields is an error; an absent source only leaves its fields missing. */
  required: boolean;
}

export interface FieldSlot {
  /** `applicant.age` */
  label: string;
  owner: 'input' | 'source';
  ownerId: string;
  field: string;
  slot: number;
  type: ValueType;
}

export interface RecordLayout {
  size: number;
  fields: FieldSlot[];
  groups: Group[];
  slotOf(ownerId: string, field: string): number;
  /** The first input and its naming field, for `id` and the as-of fallback. */
  firstInput?: string;
  idField?: string;
  /** Slot of the id field, -1 when there is none. */
  idSlot: number;
  appliedAtSlot: number;
}

export function buildLayout(graph: DecisionGraph): RecordLayout {
  const fields: FieldSlot[] = [];
  const groups: Group[] = [];
  const index = new Map<string, number>();
  const add = (owner: 'input' | 'source', id: string, rt: RecordType, required: boolean) => {
    const g: Group = { owner, id, fields: [], required: false };
    for (const name of Object.keys(rt)) {
      const spec = rt[name];
      const slot = fields.length;
      fields.push({ label: `${id}.${name}`, owner, ownerId: id, field: name, slot, type: spec.type });
      index.set(`${id}\u0000${name}`, slot);
      g.fields.push({ name, slot, optional: spec.optional, quick: quickKind(spec.type), decode: decoderFor(spec.type) });
      if (!spec.optional && required) g.required = true;
    }
    groups.push(g);
  };
  // Pseudo-inputs (`$scores` of the replay's probe: `$` starts no policy name) come last, so that
  // a probe's slots extend its policy's and one decoded record serves both.
  const pseudo = (id: string) => id.startsWith('$');
  for (const input of graph.inputs) if (!pseudo(input.id)) add('input', input.id, input.fields, true);
  for (const source of graph.sources) add('source', source.id, source.fields, false);
  for (const input of graph.inputs) if (pseudo(input.id)) add('input', input.id, input.fields, true);
  const first = graph.inputs[0];
  const applied = first && own(first.fields, 'applied_at') as FieldSpec | undefined;
  return {
    size: fields.length,
    fields,
    groups,
    slotOf: (ownerId, field) => index.get(`${ownerId}\u0000${field}`) ?? -1,
    firstInput: first?.id,
    idField: first?.idField,
    idSlot: first?.idField === undefined ? -1 : (index.get(`${first.id}\u0000${first.idField}`) ?? -1),
    appliedAtSlot: first && applied?.type.kind === 'date' ? (index.get(`${first.id}\u0000applied_at`) ?? -1) : -1,
  };
}

/** Why a value cannot be a record (it is not a JSON object), as a decision's error says it; undefined when it can. */
export function notARecord(raw: unknown): DataError | undefined {
  return isObject(raw) ? undefined : new DataError('record', `expected a JSON object, not ${preview(raw)}`);
}

/**
 * Fills `vals` from one record and returns its as-of day (undefined when it has none): `asOf`
 * when the caller gives the day (the record's own `as_of` is then not read), else the record's.
 * Throws `DataError` naming the first faulty field.
 */
export function decodeRecord(layout: RecordLayout, raw: unknown, vals: unknown[], asOf?: number): number | undefined {
  if (!isObject(raw)) throw notARecord(raw)!;
  for (const g of layout.groups) {
    const obj = own(raw, g.id);
    if (obj === undefined || obj === null) {
      if (g.required) throw new DataError(g.id, `the ${g.owner} is missing`);
      for (const f of g.fields) vals[f.slot] = undefined;
      continue;
    }
    if (!isObject(obj)) throw new DataError(g.id, `expected an object, not ${preview(obj)}`);
    const fields = g.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const v = Object.hasOwn(obj, f.name) ? (obj as Record<string, unknown>)[f.name] : undefined;
      if (v === undefined || v === null) {
        if (!f.optional) throw new DataError(`${g.id}.${f.name}`, 'required field is missing');
        vals[f.slot] = undefined;
        continue;
      }
      try {
        vals[f.slot] = quickValue(f.quick, v, f.decode);
      } catch (e) {
        throw prefixed(e, `${g.id}.${f.name}`);
      }
    }
  }
  return asOf ?? asOfDay(layout, raw, vals);
}

function asOfDay(layout: RecordLayout, raw: object, vals: unknown[]): number | undefined {
  const asOf = own(raw, 'as_of');
  if (asOf !== undefined && asOf !== null) {
    const day = typeof asOf === 'string' ? parseDate(asOf) : undefined;
    if (day === undefined) throw new DataError('as_of', `expected a date YYYY-MM-DD, not ${preview(asOf)}`);
    return day;
  }
  if (layout.appliedAtSlot >= 0) return vals[layout.appliedAtSlot] as number | undefined;
  // The first input may carry `applied_at` without declaring it: use it when it reads as a date.
  const first = layout.firstInput === undefined ? undefined : own(raw, layout.firstInput);
  const applied = isObject(first) ? own(first, 'applied_at') : undefined;
  return typeof applied === 'string' ? parseDate(applied) : undefined;
}

/** How a result names its record: the first input's id field, read raw so that an erroneous record is named too. */
export function recordName(layout: RecordLayout, raw: unknown): string | undefined {
  if (layout.firstInput === undefined || layout.idField === undefined || !isObject(raw)) return undefined;
  const first = own(raw, layout.firstInput);
  if (!isObject(first)) return undefined;
  const id = own(first, layout.idField);
  if (typeof id === 'string') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

function prefixed(e: unknown, path: string): unknown {
  if (e instanceof DataError) e.field = path + e.field;
  return e;
}

// ---------------------------------------------------------------------------------------------
// Decoders by type

function fail(detail: string): never {
  throw new DataError('', detail);
}

const decodeNumber: Decoder = (raw) => {
  const r =
    typeof raw === 'number'
      ? numberFromJson(raw)
      : typeof raw === 'string'
        ? parseDecimal(raw)
        : raw instanceof JsonNumber
          ? parseDecimal(raw.text) // as written: expanded first (toFixed), `1.0…1e-999999999` is a billion zeros
          : fail(`expected a number, not ${preview(raw)}`);
  return typeof r === 'string' ? fail(r) : r;
};

/**
 * JSON true/false; the strings "true"/"false" too, in any case, as CSV cells carry them (Excel
 * writes `TRUE` and `FALSE`). Nothing else.
 */
const decodeBool: Decoder = (raw) => {
  if (raw === true || raw === false) return raw;
  const b = boolText(raw);
  return b === undefined ? fail(`expected true or false, not ${preview(raw)}`) : b;
};

/** The string "true" or "false" in any case (`TRUE`, `False`) as its bool; undefined for anything else. */
export function boolText(raw: unknown): boolean | undefined {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (typeof raw !== 'string' || raw.length < 4 || raw.length > 5) return undefined;
  const w = raw.toLowerCase();
  return w === 'true' ? true : w === 'false' ? false : undefined;
}

const decodeText: Decoder = (raw) => (typeof raw === 'string' ? raw : fail(`expected a text, not ${preview(raw)}`));

const decodeDate: Decoder = (raw) => {
  const day = typeof raw === 'string' ? parseDate(raw) : undefined;
  return day === undefined ? fail(`expected a date YYYY-MM-DD, not ${preview(raw)}`) : day;
};

function decodeEnum(values: string[]): Decoder {
  const allowed = new Set(values);
  const shown = values.map((v) => JSON.stringify(v)).join(', ');
  return (raw) => {
    if (typeof raw !== 'string') return fail(`expected one of ${shown}, not ${preview(raw)}`);
    return allowed.has(raw) ? raw : fail(`${preview(raw)} is not one of ${shown}`);
  };
}

/** A list arrives as a JSON array, or (from a CSV cell) as the JSON text of one. */
function listOf(raw: unknown): unknown[] {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = parseJson(v);
    } catch {
      return fail(`expected a list (JSON array), not ${preview(raw)}`);
    }
  }
  return Array.isArray(v) ? v : fail(`expected a list, not ${preview(raw)}`);
}

function decodeRecordValue(fields: RecordType): Decoder {
  const names = itemFieldOrder(fields);
  const decoders = names.map((n) => ({ name: n, optional: fields[n].optional, quick: quickKind(fields[n].type), decode: decoderFor(fields[n].type) }));
  const n = decoders.length;
  return (raw) => {
    if (!isObject(raw)) return fail(`expected an object, not ${preview(raw)}`);
    const item = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const d = decoders[i];
      const v = Object.hasOwn(raw, d.name) ? (raw as Record<string, unknown>)[d.name] : undefined;
      if (v === undefined || v === null) {
        if (!d.optional) throw new DataError(`.${d.name}`, 'required field is missing');
        item[i] = undefined;
        continue;
      }
      try {
        item[i] = quickValue(d.quick, v, d.decode);
      } catch (e) {
        throw prefixed(e, `.${d.name}`);
      }
    }
    return item;
  };
}

function decodeListOf(item: Decoder): Decoder {
  return (raw) => {
    const list = listOf(raw);
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (v === undefined || v === null) throw new DataError(`[${i}]`, 'a list element is missing (null)');
      try {
        out[i] = item(v);
      } catch (e) {
        throw prefixed(e, `[${i}]`);
      }
    }
    return out;
  };
}

export function decoderFor(type: ValueType): Decoder {
  switch (type.kind) {
    case 'number':
    case 'money':
      return decodeNumber;
    case 'bool':
      return decodeBool;
    case 'text':
      return decodeText;
    case 'date':
      return decodeDate;
    case 'enum':
      return decodeEnum(type.values);
    case 'list':
      return decodeListOf(decodeRecordValue(type.item));
    case 'scalar_list':
      return decodeListOf(decoderFor(type.item));
    case 'record':
      return decodeRecordValue(type.fields);
  }
}
