// Small messages from the analysis worker. After a keystroke, most of the graph and of the outline
// is what the page already has, give or take the positions after the edit, which moved by the same
// amount. Structured-cloning the whole graph of a 500-rule policy (220 kB of JSON) took longer than
// analysing the keystroke, on both threads; so each list of named items (the graph's nodes, params,
// lets, sources and inputs, the outline's nodes) goes as a delta against the list last posted: an
// item that equals the previous one once its positions are moved is sent as its index, and the page
// moves its own copy. The page's result is the worker's, exactly (delta.test.ts).

import type { Pos } from '../../../grammar/ast.js';
import { lineColAt } from '../../../grammar/build-ast.js';
import { changedSpan } from '../../../grammar/changed-span.js';
import type { Layout } from '../graph/layout.js';
import type { GraphView } from '../graph/view.js';
import type { OutlineNode } from './outline.js';
import type { AnalysisResult } from './protocol.js';
import type { Reused } from './view-cache.js';

/** How the positions of a text moved in an edit: those at or after `oldEnd` (in the old text) moved. */
export interface Shift {
  oldEnd: number;
  delta: number;
  dLine: number;
  /** The line of `oldEnd` in the old text: positions on it also move across. */
  lastLine: number;
  dColumn: number;
}

export function shiftBetween(before: string, after: string): Shift {
  const { oldEnd, newEnd } = changedSpan(before, after);
  const o = lineColAt(before, oldEnd);
  const n = lineColAt(after, newEnd);
  return { oldEnd, delta: newEnd - oldEnd, dLine: n.line - o.line, lastLine: o.line, dColumn: n.column - o.column };
}

const isPos = (o: Record<string, unknown>): boolean => typeof o.offset === 'number' && typeof o.line === 'number' && typeof o.column === 'number';

function movePos(p: Pos, s: Shift): Pos {
  if (p.offset < s.oldEnd) return p;
  return { offset: p.offset + s.delta, line: p.line + s.dLine, column: p.line === s.lastLine ? p.column + s.dColumn : p.column };
}

/** Whether `next` is `prev` with its positions moved by `s`: plain data (objects, arrays, primitives). */
export function sameAfterShift(prev: unknown, next: unknown, s: Shift): boolean {
  if (prev === next) return true;
  if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return false;
  if (Array.isArray(prev)) {
    if (!Array.isArray(next) || prev.length !== next.length) return false;
    for (let i = 0; i < prev.length; i++) if (!sameAfterShift(prev[i], next[i], s)) return false;
    return true;
  }
  if (Array.isArray(next)) return false;
  const a = prev as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  if (isPos(a)) {
    const m = movePos(a as unknown as Pos, s);
    return isPos(b) && m.offset === b.offset && m.line === b.line && m.column === b.column;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!(k in b) || !sameAfterShift(a[k], b[k], s)) return false;
  return true;
}

/** `v` with its positions moved by `s`; a part with nothing to move is returned as it is. */
export function shifted<T>(v: T, s: Shift): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const y = shifted(x, s);
      if (y !== x) (out ??= v.slice())[i] = y;
    }
    return (out ?? v) as T;
  }
  const o = v as Record<string, unknown>;
  if (isPos(o)) return movePos(o as unknown as Pos, s) as T;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(o)) {
    const x = o[k];
    const y = shifted(x, s);
    if (y !== x) (out ??= { ...o })[k] = y;
  }
  return (out ?? o) as T;
}

/** An item of a packed list: the item itself, or the index of the previous list's item it equals once moved. */
export type PackedItem<T> = T | { same: number };

interface Named {
  id: string;
}

/**
 * `next` against `prev`: items equal to a previous one once moved go as its index. `moved(n, p)`
 * may vouch that `n` is `p` moved by `s` (the view cache made it so), which saves comparing them.
 */
export function packList<T extends Named>(prev: readonly T[], next: readonly T[], s: Shift, moved?: (n: T, p: T) => boolean): PackedItem<T>[] {
  const at = new Map<string, number>();
  prev.forEach((p, i) => at.set(p.id, i));
  return next.map((n) => {
    const i = at.get(n.id);
    return i !== undefined && (moved?.(n, prev[i]) || sameAfterShift(prev[i], n, s)) ? { same: i } : n;
  });
}

export function unpackList<T>(prev: readonly T[], packed: readonly PackedItem<T>[], s: Shift): T[] {
  return packed.map((p) => {
    if (p !== null && typeof p === 'object' && 'same' in p && typeof p.same === 'number' && Object.keys(p).length === 1) {
      const base = prev[p.same];
      if (base === undefined) throw new Error('analysis delta: an item refers to one the page does not have');
      return shifted(base, s);
    }
    return p as T;
  });
}

/** The lists of named items of a record (a graph): the keys packed. */
const namedLists = (v: object): string[] =>
  Object.entries(v)
    .filter(([, x]) => Array.isArray(x) && x.length > 0 && x.every((i) => i !== null && typeof i === 'object' && typeof (i as Named).id === 'string'))
    .map(([k]) => k);

/** A record (the graph) whose lists of named items are packed; its other fields go as they are. */
export interface PackedRecord {
  shift: Shift;
  fields: Record<string, unknown>;
  packed: string[];
}

export function packRecord(prev: object, prevText: string, next: object, nextText: string, moved?: (n: Named, p: Named) => boolean): PackedRecord {
  const s = shiftBetween(prevText, nextText);
  const p = prev as Record<string, unknown>;
  const fields: Record<string, unknown> = { ...(next as Record<string, unknown>) };
  const packed: string[] = [];
  for (const k of namedLists(next)) {
    if (!Array.isArray(p[k])) continue;
    fields[k] = packList(p[k] as Named[], fields[k] as Named[], s, moved);
    packed.push(k);
  }
  return { shift: s, fields, packed };
}

export function unpackRecord<T>(prev: object, r: PackedRecord): T {
  const p = prev as Record<string, unknown>;
  const out: Record<string, unknown> = { ...r.fields };
  for (const k of r.packed) out[k] = unpackList(p[k] as unknown[], out[k] as PackedItem<unknown>[], r.shift);
  return out as T;
}

// ---------------------------------------------------------------------------------------------
// The two ends. The worker packs each result against what it last posted; the page unpacks against
// what it last received. Messages between them keep their order, so both hold the same base.

/** A part of a result on the wire: whole, or packed against the previous one. */
export type Part<T> = { full: T } | { delta: PackedRecord };

export type AnalysisWire = Omit<AnalysisResult, 'graph' | 'outline'> & {
  graph?: Part<GraphView>;
  outline: Part<OutlineNode[]>;
  /** The layout is the one posted last (the usual keystroke): the page keeps its copy, and its identity. */
  sameLayout?: true;
};

export class AnalysisEncoder {
  private graph?: { text: string; value: GraphView };
  private outline?: { text: string; value: OutlineNode[] };
  private layout?: Layout;

  /** `reused`: the view cache's record of the graph items it made by moving previous ones. */
  constructor(private readonly reused?: WeakMap<object, Reused>) {}

  /** Forgets what was posted: the next result goes whole. */
  reset(): void {
    this.graph = undefined;
    this.outline = undefined;
    this.layout = undefined;
  }

  /** `r` for the wire; `text` is the text it was analysed from. `r` must not share objects with the AST (see engine.ts). */
  encode(r: AnalysisResult, text: string): AnalysisWire {
    const { graph, outline, ...rest } = r;
    if (r.layout && r.layout === this.layout) {
      delete rest.layout;
      (rest as AnalysisWire).sameLayout = true;
    } else if (r.layout) this.layout = r.layout;
    if (r.relayout) return { ...rest, outline: { full: outline } };
    const wire: AnalysisWire = { ...rest, outline: { full: outline } };
    if (this.outline) wire.outline = { delta: packRecord({ items: this.outline.value }, this.outline.text, { items: outline }, text) };
    this.outline = { text, value: outline };
    if (graph) {
      const base = this.graph;
      const moved = (n: object, p: object) => {
        const r = this.reused?.get(n);
        return !!r && r.from === p && r.fromText === base?.text && r.toText === text;
      };
      wire.graph = base ? { delta: packRecord(base.value, base.text, graph, text, moved) } : { full: graph };
      this.graph = { text, value: graph };
    }
    return wire;
  }
}

export class AnalysisDecoder {
  private graph?: GraphView;
  private outline?: OutlineNode[];
  private layout?: Layout;

  decode(w: AnalysisWire): AnalysisResult {
    const { graph, outline, sameLayout, ...rest } = w;
    if (sameLayout) rest.layout = this.need(this.layout);
    else if (rest.layout) this.layout = rest.layout;
    if (w.relayout) return { ...rest, outline: 'full' in outline ? outline.full : [] };
    const o = 'full' in outline ? outline.full : unpackRecord<{ items: OutlineNode[] }>({ items: this.need(this.outline) }, outline.delta).items;
    this.outline = o;
    const result: AnalysisResult = { ...rest, outline: o };
    if (graph) result.graph = this.graph = 'full' in graph ? graph.full : unpackRecord<GraphView>(this.need(this.graph), graph.delta);
    return result;
  }

  private need<T>(base: T | undefined): T {
    if (base === undefined) throw new Error('analysis delta: the page has nothing to apply it to');
    return base;
  }
}
