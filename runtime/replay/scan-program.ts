// The fast path's program (scan-fast.ts): for every kind of object a line holds (the record, each
// group, the outcome, the items of each record-typed field), its keys in the order the data writes
// them, each with what its value is for. It is data, learned from the lines themselves, and holds
// no code: `learnLine` merges a line's key orders into it, and the runner only ever follows it.
//
// A key the data writes is either one of the layout's names (a group, `as_of`, `outcome`, the
// label, a declared field) or a key nobody reads, learned as such (bounded per object kind). The
// names the data has not written yet wait, unplaced, at the end of their object's order: the
// runner takes every member it steps over as absent, so any order it accepts is exact; a wrong
// order only costs a miss (the line then takes the general scanner, and is learned from). A line
// whose order contradicts the learned one teaches nothing, unless the fast path has missed line
// after line (the data's order has changed for good): its order then replaces the learned one.

import { BACKSLASH, BAIL, latin1, QUOTE, skipStringAt, skipValueAt, wsEnd } from './scan-bytes.js';
import { Q_BOOL } from '../record.js';
import { F_DATE, F_ENUM, F_NUMBER, type Field, type GroupEntry, type Plan } from './scan-plan.js';

/** What a member's value is for. */
export const K_SKIP = 0;
export const K_GROUP = 1;
export const K_ASOF = 2;
export const K_OUTCOME = 3;
export const K_LABEL = 4;
/** A declared field: of a group (into the slots) or of a record value (into its item array). */
export const K_FIELD = 5;
/** `applied_at` of the first input when it is not a declared field: read raw (the as-of fallback). */
export const K_APPLIED = 6;

/** How a declared field's value is usually written (its common case read inline, anything else by `typed`). */
export const V_OTHER = 0;
/** A scalar usually written as a string (text, date, enum, money as text). */
export const V_STRING = 1;
/** A number or money field (a JSON number or a decimal string). */
export const V_NUMBER = 2;
export const V_BOOL = 3;
/** A date, and an enum whose values are all plain (no quote, backslash or control byte): read from the line's bytes without scanning the string first. */
export const V_DATE = 4;
export const V_ENUM = 5;
/** A list (its items read by `list`, those of a record type by the member's `node`). */
export const V_LIST = 6;

export interface Member {
  /** The key's bytes as a latin1 string (one character per byte). */
  id: string;
  /** Bytes of `"key":`, and them as little-endian words (at 0, 4, … and the last at len - 4). */
  len: number;
  words: Int32Array;
  /** False when the key holds a byte a key cannot hold unescaped: it never matches (the general scanner reads such lines). */
  matchable: boolean;
  /** Its place in the object's order was seen in the data. */
  placed: boolean;
  kind: number;
  field: Field | undefined;
  group: GroupEntry | undefined;
  /** The object its value holds: a group's, the outcome's, a record value's or a list's items'. */
  node: ObjNode | undefined;
  /** The first input's declared `applied_at`: its raw scalar is kept too. */
  applied: boolean;
  /** K_FIELD: how its value is usually written (`V_…`), its slot or item position, its plan when a scalar. */
  value: number;
  at: number;
  scalar: Extract<Plan, { kind: 'scalar' }> | undefined;
  /**
   * An enum field's values (what `KeyTable.findBytes` of its plan finds, as a list: enums are
   * short): value `j` is `enumValues[j]`, its bytes quoted (`"value"`) are `enumLen[j]` long and
   * are the words `enumWords[enumAt[j], enumAt[j + 1])` (none under four bytes: `enumBytes[j]`).
   */
  enumValues: string[];
  enumBytes: Uint8Array[];
  enumLen: Int32Array;
  enumAt: Int32Array;
  enumWords: Int32Array;
}

export interface ObjNode {
  /** The general scanner's depth of a record value (0 for the record, its groups and the outcome). */
  depth: number;
  /** Depth of a skipped value in this object. */
  skipDepth: number;
  /** The order the runner follows: placed members first, then the unplaced ones. */
  members: Member[];
  /**
   * The members' keys, in the order, one after the other: for each, the bytes of its `"key":`,
   * the number of its words, then its `words` (a member that never matches: 0 and 0).
   */
  keys: Int32Array;
  byId: Map<string, Member>;
  /** Keys nobody reads learned so far (bounded). */
  unknown: number;
  /** The first input's group: an undeclared `applied_at` is read raw. */
  first: boolean;
  /** Declared fields of a record value (the length of its item array). */
  size: number;
}

export interface Program {
  top: ObjNode;
}

/** Keys nobody reads learned per object kind. */
const MAX_UNKNOWN = 64;
/** Set by `learnLine`: a learned order the line contradicts is replaced by the line's. */
let relearning = false;

const encoder = new TextEncoder();

function member(name: Uint8Array, kind: number, field?: Field, group?: GroupEntry, node?: ObjNode, applied = false): Member {
  let matchable = true;
  for (const b of name) if (b < 0x20 || b === QUOTE || b === BACKSLASH) matchable = false;
  const bytes = new Uint8Array(name.length + 3);
  bytes[0] = QUOTE;
  bytes.set(name, 1);
  bytes[name.length + 1] = QUOTE;
  bytes[name.length + 2] = 0x3a;
  const plan = field?.plan;
  const scalar = plan?.kind === 'scalar' ? plan : undefined;
  return {
    id: latin1(Buffer.from(name), 0, name.length),
    len: bytes.length,
    words: wordsOf(bytes),
    matchable: matchable && bytes.length >= 4,
    placed: false,
    kind,
    field,
    group,
    node,
    applied,
    value: applied || field === undefined ? V_OTHER : valueKind(field),
    at: field?.at ?? -1,
    scalar,
    ...enumWordsOf(scalar?.fast === F_ENUM ? (scalar.names ?? []) : []),
  };
}

function valueKind(field: Field): number {
  const plan = field.plan;
  if (plan.kind === 'list') return V_LIST;
  if (plan.kind !== 'scalar') return V_OTHER;
  if (plan.fast === F_NUMBER) return V_NUMBER;
  if (field.quick === Q_BOOL) return V_BOOL;
  if (plan.fast === F_DATE) return V_DATE;
  // An enum read from its bytes with their quotes: plain values only, whose UTF-8 decodes back to them (no lone surrogate).
  const values = plan.names ?? [];
  const plain = values.every((v) => !/["\\\u0000-\u001f]/.test(v) && new TextDecoder().decode(encoder.encode(v)) === v);
  if (plan.fast === F_ENUM && plain) return V_ENUM;
  return V_STRING;
}

function enumWordsOf(values: string[]): Pick<Member, 'enumValues' | 'enumBytes' | 'enumLen' | 'enumAt' | 'enumWords'> {
  const quoted = values.map((v) => encoder.encode(`"${v}"`));
  const words: number[] = [];
  const at = new Int32Array(values.length + 1);
  quoted.forEach((q, j) => {
    at[j] = words.length;
    words.push(...wordsOf(q));
  });
  at[values.length] = words.length;
  return { enumValues: values, enumBytes: quoted, enumLen: Int32Array.from(quoted.map((q) => q.length)), enumAt: at, enumWords: Int32Array.from(words) };
}

function wordsOf(b: Uint8Array): Int32Array {
  const m = b.length;
  if (m < 4) return new Int32Array(0);
  const word = (o: number) => b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
  const out: number[] = [];
  for (let o = 0; o + 4 < m; o += 4) out.push(word(o));
  out.push(word(m - 4));
  return Int32Array.from(out);
}

function node(depth: number, skipDepth: number, members: Member[], first = false): ObjNode {
  const n: ObjNode = { depth, skipDepth, members, keys: new Int32Array(0), byId: new Map(members.map((m) => [m.id, m])), unknown: 0, first, size: members.length };
  setOrder(n, members);
  return n;
}

/** Sets the order of a node's members (and the key words of that order). */
function setOrder(n: ObjNode, members: Member[]): void {
  const keys: number[] = [];
  for (const m of members) {
    if (m.matchable) keys.push(m.len, m.words.length, ...m.words);
    else keys.push(0, 0);
  }
  n.members = members;
  n.keys = Int32Array.from(keys);
}

/** The object a field's value holds, for a field read at `depth` (as the general scanner's `typed`). */
function childOf(plan: Plan, depth: number): ObjNode | undefined {
  if (plan.kind === 'list') return plan.item.kind === 'record' ? recordNode(plan.item, depth + 2) : undefined;
  if (plan.kind === 'record') return recordNode(plan, depth + 1);
  return undefined;
}

function recordNode(plan: Extract<Plan, { kind: 'record' }>, depth: number): ObjNode {
  return node(depth, depth + 1, plan.fields.map((f) => member(encoder.encode(f.name), K_FIELD, f, undefined, childOf(f.plan, depth))));
}

export function buildProgram(groups: GroupEntry[], outcomeLabel: string): Program {
  const top: Member[] = groups.map((g) => {
    const fields = g.fields.map((f) => member(encoder.encode(f.name), K_FIELD, f, undefined, childOf(f.plan, 0), g.first && f.name === 'applied_at'));
    return member(encoder.encode(g.id), K_GROUP, undefined, g, node(0, 1, fields, g.first));
  });
  top.push(member(encoder.encode('as_of'), K_ASOF));
  top.push(member(encoder.encode('outcome'), K_OUTCOME, undefined, undefined, node(0, 1, [member(encoder.encode(outcomeLabel), K_LABEL)])));
  return { top: node(0, 1, top) };
}

/** The member of a key not met before (undefined once the object kind has learned enough of them). */
function learnKey(n: ObjNode, buf: Buffer, s: number, e: number): Member | undefined {
  if (n.unknown >= MAX_UNKNOWN) return undefined;
  n.unknown++;
  const name = buf.subarray(s, e);
  const isApplied = n.first && latin1(buf, s, e) === 'applied_at';
  const m = member(new Uint8Array(name), isApplied ? K_APPLIED : K_SKIP);
  n.byId.set(m.id, m);
  return m;
}

/**
 * Learns the key orders of a line the general scanner has read (strict JSON, then). Never throws;
 * a line it cannot follow teaches nothing more. `relearn`: the learned orders have failed line
 * after line (the data's order has changed): where the line contradicts them, its order replaces
 * them (else a contradicting line, one of a few in another order, teaches nothing).
 */
export function learnLine(prog: Program, buf: Buffer, dv: DataView, start: number, end: number, relearn: boolean): void {
  relearning = relearn;
  try {
    const p = wsEnd(buf, start, end);
    if (p < end && buf[p] === 0x7b) learnObject(prog.top, buf, dv, p + 1, end);
  } catch (e) {
    if (e !== BAIL) throw e;
  }
}

function learnObject(n: ObjNode, buf: Buffer, dv: DataView, p: number, end: number): number {
  const seen: Member[] = [];
  let ok = true;
  p = wsEnd(buf, p, end);
  if (p < end && buf[p] === 0x7d) return p + 1;
  for (;;) {
    p = wsEnd(buf, p, end);
    if (p >= end || buf[p] !== QUOTE) throw BAIL;
    const s = p + 1;
    p = skipStringAt(buf, dv, p, end);
    const e = p - 1;
    let m: Member | undefined;
    if (ok) {
      for (let i = s; i < e; i++) if (buf[i] === BACKSLASH) ok = false;
      if (ok) m = n.byId.get(latin1(buf, s, e)) ?? learnKey(n, buf, s, e);
      if (m === undefined || seen.includes(m)) ok = false;
      else seen.push(m);
    }
    p = wsEnd(buf, p, end);
    if (p >= end || buf[p] !== 0x3a) throw BAIL;
    p = learnValue(m, buf, dv, wsEnd(buf, p + 1, end), end);
    p = wsEnd(buf, p, end);
    const c = p < end ? buf[p] : -1;
    p++;
    if (c === 0x7d) break;
    if (c !== 0x2c) throw BAIL;
  }
  if (ok) merge(n, seen);
  return p;
}

function learnValue(m: Member | undefined, buf: Buffer, dv: DataView, p: number, end: number): number {
  const c = p < end ? buf[p] : -1;
  const child = m?.node;
  if (m === undefined || child === undefined) return skipValueAt(buf, dv, p, end, 1);
  if (c === 0x7b && (m.kind !== K_FIELD || m.field!.plan.kind === 'record')) return learnObject(child, buf, dv, p + 1, end);
  if (c === 0x5b && m.kind === K_FIELD && m.field!.plan.kind === 'list') {
    p = wsEnd(buf, p + 1, end);
    if (p < end && buf[p] === 0x5d) return p + 1;
    for (;;) {
      p = wsEnd(buf, p, end);
      p = p < end && buf[p] === 0x7b ? learnObject(child, buf, dv, p + 1, end) : skipValueAt(buf, dv, p, end, 1);
      p = wsEnd(buf, p, end);
      const d = p < end ? buf[p] : -1;
      p++;
      if (d === 0x5d) return p;
      if (d !== 0x2c) throw BAIL;
    }
  }
  return skipValueAt(buf, dv, p, end, 1);
}

/**
 * Merges the keys of one object (in the line's order, no duplicates) into the learned order: a
 * key not placed yet goes right after the key before it in the line. When the line's order
 * contradicts the learned one, the learned one stays, unless relearning: the order is then the
 * line's (and the other learned keys after them).
 */
function merge(n: ObjNode, seen: Member[]): void {
  const order = n.members.filter((m) => m.placed);
  let last = -1;
  let agrees = true;
  for (const m of seen)
    if (m.placed) {
      const i = order.indexOf(m);
      if (i < last) agrees = false;
      last = i;
    }
  let merged: Member[];
  if (agrees) {
    merged = [];
    let i = 0;
    for (const m of seen)
      if (m.placed) {
        const j = order.indexOf(m);
        while (i <= j) merged.push(order[i++]);
      } else merged.push(m);
    while (i < order.length) merged.push(order[i++]);
  } else {
    if (!relearning) return;
    merged = seen.concat(order.filter((m) => !seen.includes(m)));
  }
  if (!agrees || merged.length !== order.length) {
    for (const m of merged) m.placed = true;
    setOrder(n, merged.concat([...n.byId.values()].filter((m) => !m.placed)));
  }
}
