// The graph's view (graph/view.ts) after each keystroke, made from the previous view wherever it
// can be: a node (param, let, source...) that compiled to what it was, positions moved aside, is
// the previous view's node with its positions moved, and is not stripped again; the encoder
// (delta.ts) then sends it as a reference without comparing it again. The result equals
// `viewOf(graph)` (delta.test.ts checks it on every keystroke of its sessions), with ranges of its
// own: nothing in it is shared with the AST, whose positions the next incremental parse moves.

import type { Range } from '../../../grammar/ast.js';
import type { DecisionGraph } from '../../../runtime/graph.js';
import type { GraphView } from '../graph/view.js';
import { shiftBetween, shifted, type Shift } from './delta.js';

/** A view item made by moving an item of the previous view: which one, between which texts. */
export interface Reused {
  from: object;
  fromText: string;
  toText: string;
}

const isExpr = (o: Record<string, unknown>): boolean => 'op' in o && 'range' in o;
const isPos = (o: Record<string, unknown>): boolean => typeof o.offset === 'number';
const ownRange = (r: Range): Range => ({ start: { ...r.start }, end: { ...r.end } });

/** graph/view.ts's strip, with the ranges of expressions copied rather than shared. */
function strip(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(strip);
  const o = v as Record<string, unknown>;
  if (isExpr(o)) return { range: ownRange(o.range as Range) };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = strip(o[k]);
  return out;
}

function samePos(old: Record<string, unknown>, now: Record<string, unknown>, s: Shift): boolean {
  const offset = old.offset as number;
  const line = old.line as number;
  const column = old.column as number;
  if (offset < s.oldEnd) return now.offset === offset && now.line === line && now.column === column;
  return now.offset === offset + s.delta && now.line === line + s.dLine && now.column === (line === s.lastLine ? column + s.dColumn : column);
}

/** Whether the view of `compiled` is `view` (an item of the previous view) with its positions moved by `s`. */
function sameView(compiled: unknown, view: unknown, s: Shift): boolean {
  if (typeof compiled !== 'object' || compiled === null) return compiled === view;
  if (typeof view !== 'object' || view === null) return false;
  if (Array.isArray(compiled)) {
    if (!Array.isArray(view) || view.length !== compiled.length) return false;
    for (let i = 0; i < compiled.length; i++) if (!sameView(compiled[i], view[i], s)) return false;
    return true;
  }
  const c = compiled as Record<string, unknown>;
  const v = view as Record<string, unknown>;
  if (isExpr(c)) {
    const r = v.range as Range | undefined;
    const cr = c.range as Range;
    return !!r && samePos(r.start as unknown as Record<string, unknown>, cr.start as unknown as Record<string, unknown>, s) && samePos(r.end as unknown as Record<string, unknown>, cr.end as unknown as Record<string, unknown>, s);
  }
  if (isPos(c)) return isPos(v) && samePos(v, c, s);
  const keys = Object.keys(c);
  if (keys.length !== Object.keys(v).length) return false;
  for (const k of keys) if (!(k in v) || !sameView(c[k], v[k], s)) return false;
  return true;
}

const namedList = (x: unknown): x is { id: string }[] =>
  Array.isArray(x) && x.length > 0 && x.every((i) => i !== null && typeof i === 'object' && typeof (i as { id?: unknown }).id === 'string');

export class ViewCache {
  private prev?: { text: string; view: GraphView };
  /** New view items that are moved previous ones (read by AnalysisEncoder). */
  readonly reused = new WeakMap<object, Reused>();

  viewOf(graph: DecisionGraph, text: string): GraphView {
    const prev = this.prev;
    const g = graph as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const s = prev && shiftBetween(prev.text, text);
    for (const k of Object.keys(g)) {
      const now = g[k];
      const before = prev && (prev.view as unknown as Record<string, unknown>)[k];
      if (!s || !namedList(now) || !Array.isArray(before)) {
        out[k] = strip(now);
        continue;
      }
      const byId = new Map((before as { id: string }[]).map((b) => [b.id, b]));
      out[k] = now.map((item) => {
        const old = byId.get(item.id);
        if (!old || !sameView(item, old, s)) return strip(item);
        const moved = shifted(old, s);
        this.reused.set(moved, { from: old, fromText: prev.text, toText: text });
        return moved;
      });
    }
    const view = out as unknown as GraphView;
    this.prev = { text, view };
    return view;
  }
}
