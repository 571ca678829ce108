// What the replay core (core.ts) shares between evaluators: the slots a record is decoded into
// once for every evaluator of one layout, and the probe's answers as state codes.

import { STANDALONE_STATES, type ReplayEvaluator, type StandaloneState } from '../evaluate.js';
import { boolText, type RecordLayout } from '../record.js';
import type { DecisionResult } from '../result.js';
import type { LineScanner } from './scan.js';
import { parseDecimal } from '../values.js';

/** Slots one record is decoded into, shared by the evaluators of one layout (a version, its probe, the sweep). */
export interface Decoding {
  layout: RecordLayout;
  scanner: LineScanner | undefined;
  vals: unknown[];
  asOf: number | undefined;
}

export const HIT = 1;
export const ERROR = 3;

/** Whether `big` holds every slot of `small` at the same place with the same type (a probe's layout extends its policy's). */
export function extendsLayout(big: RecordLayout, small: RecordLayout): boolean {
  if (big.size < small.size || big.idSlot !== small.idSlot || big.appliedAtSlot !== small.appliedAtSlot || big.firstInput !== small.firstInput) return false;
  for (let i = 0; i < small.fields.length; i++) {
    const a = big.fields[i];
    const b = small.fields[i];
    if (a.label !== b.label || a.owner !== b.owner || JSON.stringify(a.type) !== JSON.stringify(b.type)) return false;
  }
  for (let i = 0; i < small.groups.length; i++) {
    const a = big.groups[i];
    const b = small.groups[i];
    if (a.id !== b.id || a.owner !== b.owner || a.required !== b.required || a.fields.length !== b.fields.length) return false;
  }
  return true;
}

export const sameLayout = (a: RecordLayout, b: RecordLayout): boolean => a.size === b.size && a.groups.length === b.groups.length && extendsLayout(a, b);

/** Indexes of probe rule ids in a probe's `rules`. */
export function indexer(probe: ReplayEvaluator): (id: string) => number {
  const at = new Map(probe.rules.map((r, i) => [r.id, i]));
  return (id) => {
    const i = at.get(id);
    if (i === undefined) throw new Error(`the probe has no condition \`${id}\``);
    return i;
  };
}

/** The first condition of a list that holds in the probe's states: its index, -1 for none, 'error'. */
export function firstHit(codes: Uint8Array, at: Int32Array | undefined): number | 'error' {
  if (!at) return 'error';
  for (let i = 0; i < at.length; i++) {
    const c = codes[at[i]];
    if (c === HIT) return i;
    if (c === ERROR) return 'error';
  }
  return -1;
}

/** Gives the probe a version's scores in its slots, as the probe's decoder reads them from `putScores`. */
export function putSlotScores(vals: unknown[], slots: [string, number][], r: DecisionResult): void {
  for (let i = 0; i < slots.length; i++) {
    const [id, slot] = slots[i];
    const text = Object.hasOwn(r.scores, id) ? r.scores[id] : undefined;
    vals[slot] = text === undefined ? undefined : parseDecimal(text);
  }
}

/** A probe's `evalRules` answer as state codes. */
export function toCodes(st: Record<string, StandaloneState>, probe: ReplayEvaluator, out: Uint8Array): void {
  const rules = probe.rules;
  for (let i = 0; i < rules.length; i++) out[i] = STANDALONE_STATES.indexOf(st[rules[i].id]);
}

/** Gives the probe a version's scores, under that version's pseudo-input. */
export function putScores(rec: unknown, input: string | undefined, r: DecisionResult): void {
  if (input !== undefined && typeof rec === 'object' && rec !== null && !Array.isArray(rec)) (rec as Record<string, unknown>)[input] = r.scores;
}

/**
 * What a record's `outcome.<label>` says: true (bad), false (good), null (a value that is not a
 * label: "Y", 2, an object), undefined (no value: absent, or JSON null).
 */
export type Label = boolean | null | undefined;

export function labelOf(rec: unknown, label: string): Label {
  if (typeof rec !== 'object' || rec === null) return undefined;
  const o = Object.hasOwn(rec, 'outcome') ? (rec as Record<string, unknown>).outcome : undefined;
  if (typeof o !== 'object' || o === null || !Object.hasOwn(o, label)) return undefined;
  return labelValue((o as Record<string, unknown>)[label]);
}

/**
 * An outcome label's value: true (bad) or false (good), as JSON booleans, the strings "true" and
 * "false" in any case (as a bool field reads them, and as CSV cells carry them: Excel's `TRUE`), or the number 1 or 0 (a
 * warehouse's bad flag), as a number or as a text of one (a CSV cell "1.0" is the JSON 1.0 its
 * row may be rewritten as); undefined for no value (undefined or null); null for any other value.
 */
export function labelValue(v: unknown): Label {
  if (v === true || v === false) return v;
  if (v === undefined || v === null) return undefined;
  const b = boolText(v);
  if (b !== undefined) return b;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return n === 1 ? true : n === 0 ? false : null;
}
