// Fused closures (fused.ts) against the general ones: the traced build of an expression never
// fuses, and with `f.reads` null it computes exactly what the plain build computed before fusion.
// Every fused shape is run on many frames, typed values and wrong ones alike, and must give the
// same value, the same `f.missing`, the same source calls in the same order and the same throw.

import { describe, expect, it } from 'vitest';
import { dedent } from '../grammar/check/test-kit.js';
import { compileExpr, Frame, type Env, type Fn } from './closures.js';
import { compileText } from './compile.js';
import { fuse } from './fused.js';
import type { DecisionGraph, GExpr } from './graph.js';
import { paramRuntime } from './outcome.js';
import { effectiveParam } from './overrides.js';
import { buildLayout, decodeRecord, itemFieldOrder } from './record.js';
import { prepareForReplay } from './evaluate.js';
import { Dec, div, numToString, isNum } from './values.js';

const POLICY = dedent(`
  policy fused_test "Fused" version 1

  input applicant {
    id: text
    age: number?
    ratio: number?
    name: text?
    channel: enum("app", "h5", "partner")?
    flag: bool?
    applied_at: date
    contacts: list of { name: text, relation: enum("parent", "friend"), in_book: bool, remark: bool?, minutes: number?, at: date }
  }

  source check "Check" {
    origin external
    cost 0.10 per query
    fields { ok: bool?, score: number?, name: text? }
  }

  param lim = 18
  param big = 0.7
  param tiny = 0.1234567890123456789
  param rels = ["parent"]

  let debt = applicant.ratio / (applicant.age - 20)
  let avg_min = avg(applicant.contacts, it.minutes)
  let sum_min = sum(applicant.contacts, it.minutes)
  let outside = count(applicant.contacts, not it.in_book)
  let fam = count(applicant.contacts, it.relation in rels)
  let recent = count(applicant.contacts, days_since(it.at) <= 180)

  ruleset r "R" order written {
    rule a0 "a0" { when applicant.flag then flag "a0" }
    rule a "a" { when applicant.age < lim then reject "a" }
    rule b "b" { when applicant.age >= 99.5 then reject "b" }
    rule c "c" { when debt > big then reject "c" }
    rule c2 "c2" { when debt <= tiny then reject "c2" }
    rule d "d" { when check.ok is missing or check.ok == false then reject "d" }
    rule e "e" { when check.name != applicant.name or check.score <= 0.7 then reject "e" }
    rule e2 "e2" { when check.name == applicant.name then reject "e2" }
    rule f "f" { when applicant.channel == "partner" then reject "f" }
    rule g "g" { when applicant.channel in ["app", "h5"] then review "g" }
    rule g2 "g2" { when applicant.channel not in ["app"] then review "g2" }
    rule h "h" { when not applicant.flag then review "h" }
    rule i "i" { when any(applicant.contacts, it.in_book and it.remark == false) then review "i" }
    rule j "j" { when avg_min < 30 or sum_min > 100 then review "j" }
    rule k "k" { when outside > 0 or fam == 0 then review "k" }
    rule l "l" { when applicant.age is present and check.score is missing then review "l" }
    rule m "m" { when recent > 1 and applicant.ratio != 0.5 then flag "m" }
    rule n "n" { when debt * 2 > 1 and applicant.ratio - applicant.age < 3 and applicant.age + 1.5 > applicant.ratio then flag "n" }
    rule o "o" { when all(applicant.contacts, it.minutes >= 100 or it.remark == false) then flag "o" }
    rule p "p" { when count(applicant.contacts, it.minutes < 0.7) > 0 and any(applicant.contacts, it.in_book) then flag "p" }
    rule q "q" { when any(applicant.contacts, it.name != "A" and it.relation not in ["friend"]) then flag "q" }
  }

  scorecard sc "SC" {
    base 500
    applicant.age {
      [18, 30) => 10
      else => -5
    }
  }

  decision offer "Offer" {
    when sc >= 505 => approve
    when sc - applicant.age > 480 => review "r"
    else => approve
  }

  flow {
    start -> r -> sc -> offer
  }
`);

function setup() {
  const res = compileText(POLICY);
  if (!res.graph) throw new Error(res.diagnostics.map((d) => d.message).join('\n'));
  const graph: DecisionGraph = res.graph;
  const layout = buildLayout(graph);
  const env: Env = {
    layout,
    sourceIndex: new Map(graph.sources.map((s, i) => [s.id, i])),
    params: new Map(graph.params.map((p) => [p.id, paramRuntime(effectiveParam(p, undefined), p.type, p.id)])),
    letSlot: new Map(graph.lets.map((l, i) => [l.id, i])),
    letTypes: graph.lets.map((l) => l.expr.type),
    letFns: [],
    scoreSlot: new Map([['sc', 0]]),
  };
  // Lets are general (traced build) on both sides: each side differs only in the expression under test.
  graph.lets.forEach((l, i) => (env.letFns[i] = compileExpr(l.expr, env, true)));
  return { graph, layout, env };
}

/** A small deterministic generator. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NUMS: unknown[] = [undefined, 0, 17, 18, 18.5, 20, 20, 30, 0.5, 0.7, 120, -3, div(7, 10), div(1, 3), div(2, 3), new Dec('0.7000000000000000000000000001'), new Dec('18.5'), 'x', true];
const BOOLS: unknown[] = [undefined, true, false, true, false, 0, 'x'];
const TEXTS: unknown[] = [undefined, 'parent', 'friend', 'app', 'h5', 'partner', 'Li', 'Wang', 5];

function pick(r: () => number, xs: unknown[]): unknown {
  return xs[Math.floor(r() * xs.length)];
}

function item(r: () => number, fields: string[]): unknown[] {
  return fields.map((name) => {
    if (name === 'in_book' || name === 'remark') return pick(r, BOOLS);
    if (name === 'minutes') return pick(r, NUMS);
    if (name === 'at') return pick(r, [19000, 19500, 19700, undefined]);
    return pick(r, TEXTS);
  });
}

function frames(layout: ReturnType<typeof buildLayout>, itemFields: string[], n: number) {
  const r = rng(42);
  const out: { vals: unknown[]; asOf: number | undefined; score: unknown }[] = [];
  const slot = (o: string, f: string) => layout.slotOf(o, f);
  for (let k = 0; k < n; k++) {
    const vals = new Array<unknown>(layout.size).fill(undefined);
    for (const f of ['age', 'ratio']) vals[slot('applicant', f)] = pick(r, NUMS);
    for (const f of ['name', 'channel']) vals[slot('applicant', f)] = pick(r, TEXTS);
    vals[slot('applicant', 'flag')] = pick(r, BOOLS);
    vals[slot('check', 'ok')] = pick(r, BOOLS);
    vals[slot('check', 'score')] = pick(r, NUMS);
    vals[slot('check', 'name')] = pick(r, TEXTS);
    const len = Math.floor(r() * 5) - 1;
    vals[slot('applicant', 'contacts')] = len < 0 ? undefined : Array.from({ length: len }, () => item(r, itemFields));
    out.push({ vals, asOf: r() < 0.1 ? undefined : 19800, score: pick(r, NUMS) });
  }
  return out;
}

/** What one closure did on one frame. */
function outcome(fn: Fn, f: Frame) {
  f.missing = false;
  let value: unknown;
  let thrown: string | undefined;
  try {
    value = fn(f);
  } catch (e) {
    thrown = `${(e as { name?: string }).name}: ${(e as { message?: string }).message}`;
  }
  const shown = isNum(value) && typeof value === 'object' ? `num ${numToString(value)}` : value;
  return { value: shown, kind: typeof value, missing: f.missing, called: Array.from(f.called.subarray(0, f.calledCount)), thrown };
}

describe('fused closures', () => {
  const { graph, layout, env } = setup();
  const contacts = graph.inputs[0].fields.contacts.type;
  if (contacts.kind !== 'list') throw new Error('contacts: not a list of records');
  const itemFields = itemFieldOrder(contacts.item);
  const cases = frames(layout, itemFields, 1500);
  const constOf = (e: GExpr) => (e.op === 'num' || e.op === 'str' || e.op === 'bool' || e.op === 'param' || e.op === 'list' ? true : undefined);

  /** Every sub-expression of `e`. */
  const walk = (e: GExpr, out: GExpr[] = []): GExpr[] => {
    out.push(e);
    for (const k of ['left', 'right', 'arg', 'value', 'object'] as const) {
      const c = (e as unknown as Record<string, GExpr | undefined>)[k];
      if (c && typeof c === 'object' && 'op' in c) walk(c, out);
    }
    if (e.op === 'call') for (const a of e.args) walk(a, out);
    return out;
  };
  const exprs = [
    ...graph.nodes.flatMap((n) => (n.kind === 'ruleset' ? n.rules.map((r) => r.when) : n.kind === 'decision' ? n.clauses.map((c) => c.when) : [])),
    ...graph.lets.map((l) => l.expr),
  ];

  it('covers every fused shape', () => {
    const kinds = new Set<string>();
    const probe = new Frame(layout.size, graph.lets.length, graph.sources.length, 1);
    for (const top of exprs)
      for (const e of walk(top)) {
        const fused = fuse(e, env, (x) => (constOf(x) ? compileExpr(x, env, false)(probe) : undefined), (x) => compileExpr(x, env, false));
        if (fused) kinds.add(e.op === 'cmp' ? `cmp${e.fn}` : e.op === 'call' ? e.fn : e.op);
      }
    // (This policy's `>` against a constant always has a let or arithmetic on its left: `compareConst` (fused-leaf.ts) takes those with their left side compiled.)
    expect([...kinds].sort()).toEqual(['all', 'any', 'arith', 'avg', 'cmp!=', 'cmp<', 'cmp<=', 'cmp==', 'cmp>=', 'count', 'in', 'is_missing', 'item_field', 'not', 'or', 'sum']);
  });

  it('gives what the general closures give, on every frame', () => {
    const fa = new Frame(layout.size, graph.lets.length, graph.sources.length, 1);
    const fb = new Frame(layout.size, graph.lets.length, graph.sources.length, 1);
    let compared = 0;
    const seen = { missing: 0, thrown: 0, quotient: 0 };
    for (const top of exprs)
      for (const e of walk(top)) {
        if (e.op === 'it') continue;
        const fused = compileExpr(e, env, false);
        const general = compileExpr(e, env, true);
        for (const c of cases) {
          for (const f of [fa, fb]) {
            f.begin();
            f.vals = c.vals;
            f.asOf = c.asOf;
            f.scores[0] = c.score;
          }
          // Inside a list function: `it` is an element of the record's list.
          const list = c.vals[layout.slotOf('applicant', 'contacts')] as unknown[] | undefined;
          const it = list && list.length ? list[0] : undefined;
          fa.it = it;
          fb.it = it;
          const a = outcome(fused, fa);
          const b = outcome(general, fb);
          if (JSON.stringify(a) !== JSON.stringify(b)) expect(a, JSON.stringify(e)).toEqual(b);
          compared++;
          if (a.missing) seen.missing++;
          if (a.thrown) seen.thrown++;
          if (a.value !== undefined && String(a.value).startsWith('num ')) seen.quotient++;
        }
      }
    expect(compared).toBeGreaterThan(50_000);
    // The frames reach the cases that matter: missing marks, faults and non-JS-number values.
    expect(seen.missing).toBeGreaterThan(1000);
    expect(seen.thrown).toBeGreaterThan(50);
    expect(seen.quotient).toBeGreaterThan(100);
  });

  it('names the faulty rule and keeps the hits before it, lean or not', () => {
    const ev = prepareForReplay(graph);
    const app = { id: 'x1', age: 20, ratio: 1, flag: true, applied_at: '2024-01-01', contacts: [] as unknown[] };
    const record = { applicant: app };
    const full = ev.decide(record);
    expect(full.decision).toBe('error');
    expect(full.reasons).toEqual(['rule c: let debt: division by zero']);
    expect(full.hits.map((h) => h.rule)).toEqual(['a0']);
    const vals = new Array<unknown>(ev.layout.size).fill(undefined);
    const asOf = decodeRecord(ev.layout, record, vals);
    const lean = ev.decideDecoded(vals, asOf, 0);
    expect(lean).toEqual(full);
    // A lean reject shares frozen reasons; nothing fired: shared frozen hits, equal to [].
    const young = { applicant: { ...app, age: 17, flag: false } };
    const asOf2 = decodeRecord(ev.layout, young, vals);
    const r1 = ev.decideDecoded(vals, asOf2, 1);
    expect(r1).toMatchObject({ decision: 'reject', reasons: ['a'], hits: [{ rule: 'a' }] });
    expect(ev.decide(young)).toMatchObject({ decision: 'reject', reasons: ['a'], hits: r1.hits });
    const ok = {
      applicant: { id: 'x2', age: 30, ratio: 5, applied_at: '2024-01-01', contacts: [{ name: 'A', relation: 'parent', in_book: true, remark: true, minutes: 50, at: '2024-01-01' }] },
      check: { ok: true, score: 0.9 },
    };
    const r2 = ev.decideDecoded(vals, decodeRecord(ev.layout, ok, vals), 2);
    expect(r2.hits).toEqual([]);
    expect(ev.decide(ok).hits).toEqual([]);
    expect(r2.decision).toBe('approve');
    expect(ev.decide(ok)).toMatchObject({ decision: 'approve', reasons: [], hits: [] });
  });
});
