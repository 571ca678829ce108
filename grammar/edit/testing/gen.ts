// Random visual acts over a compiled graph, seeded, mostly valid: the kinds of drags, toggles and
// rewires an analyst makes, with the odd one the engine must refuse.

import { costOrder } from '../index.js';
import type { DecisionGraph, GraphNode, RuleSetNode } from '../../../runtime/graph.js';
import type { NewNode, NewRule, VisualAct } from '../types.js';
import type { Hint } from './model.js';
import { mulberry32, type Rng } from '../../../runtime/data/random.js';

export type { Rng };
/** The seeded generator the sample data uses (mulberry32). */
export const rng = mulberry32;

const pick = <T>(r: Rng, xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(r() * xs.length)] : undefined);
const int = (r: Rng, n: number) => Math.floor(r() * n);

const TITLES = ['New checks', '新规则 "试用"', 'Tab\there', undefined, undefined];
const REASONS = ['declined', '拒绝：测试', 'quote " inside', undefined];

export interface Generated {
  act: VisualAct;
  hint: Hint;
}

export class Gen {
  private n = 0;
  constructor(private readonly r: Rng) {}

  private id(prefix: string): string {
    return `${prefix}_${++this.n}`;
  }

  /** One act on `graph`, whose text is `text` (to copy conditions as written). */
  next(graph: DecisionGraph, text: string): Generated | undefined {
    const r = this.r;
    const rulesets = graph.nodes.filter((n): n is RuleSetNode => n.kind === 'ruleset');
    const rules = rulesets.flatMap((s) => s.rules.map((rule) => ({ set: s, rule })));
    const linear = graph.nodes.filter((n) => n.kind === 'start' || n.kind === 'ruleset' || n.kind === 'scorecard') as Extract<GraphNode, { next: string }>[];
    const flowNodes = graph.nodes.filter((n) => n.kind !== 'start');
    const branches = graph.nodes.filter((n) => n.kind === 'branch');
    const decisions = graph.nodes.filter((n) => n.kind === 'decision');
    const scorecards = graph.nodes.filter((n) => n.kind === 'scorecard');
    const slice = (range: { start: { offset: number }; end: { offset: number } }) => text.slice(range.start.offset, range.end.offset);
    const newRule = (hint: Hint): NewRule | undefined => {
      const src = pick(r, rules);
      if (!src) return undefined;
      const id = this.id('r');
      (hint.ruleFrom ??= {})[id] = src.rule.id;
      return { id, title: pick(r, TITLES), when: slice(src.rule.when.range), outcome: pick(r, ['reject', 'review', 'flag'] as const)!, reason: pick(r, REASONS) };
    };
    const newNode = (hint: Hint, then: string, kinds = ['ruleset', 'ruleset', 'scorecard', 'branch', 'decision']): NewNode | undefined => {
      const kind = pick(r, kinds);
      const id = this.id(kind ?? 'n');
      const title = pick(r, TITLES);
      if (kind === 'ruleset') {
        const rs: NewRule[] = [];
        for (let i = int(r, 3); i > 0; i--) {
          const x = newRule(hint);
          if (x) rs.push(x);
        }
        return { kind, id, title, rules: rs };
      }
      if (kind === 'scorecard') {
        const sc = pick(r, scorecards);
        if (sc?.kind !== 'scorecard' || !sc.characteristics.length) return undefined;
        const i = int(r, sc.characteristics.length);
        hint.charFrom = [sc.id, i];
        return { kind, id, title, characteristic: sc.characteristics[i].label, base: pick(r, [undefined, '0', '-5', '100']) };
      }
      if (kind === 'branch') {
        const src = pick(r, rules);
        if (!src) return undefined;
        (hint.ruleFrom ??= {})[id] = src.rule.id;
        return { kind, id, title, when: slice(src.rule.when.range), then, else: pick(r, [then, ...decisions.map((d) => d.id)])! };
      }
      return { kind: 'decision', id, title, outcome: pick(r, ['approve', 'review', 'reject'] as const)!, reason: pick(r, REASONS) };
    };

    const hint: Hint = {};
    const kind = pick(r, KINDS)!;
    switch (kind) {
      case 'move-rule': {
        const s = pick(r, rulesets.filter((x) => x.rules.length > 1));
        if (!s) return undefined;
        return { act: { kind, ruleset: s.id, rule: pick(r, s.rules)!.id, to: int(r, s.rules.length) }, hint };
      }
      case 'order-rules': {
        const s = pick(r, rulesets.filter((x) => x.rules.length > 1));
        if (!s) return undefined;
        const ids = r() < 0.5 ? costOrder(graph, s.id) : shuffle(r, s.rules.map((x) => x.id));
        return { act: { kind, ruleset: s.id, rules: ids }, hint };
      }
      case 'set-order': {
        const s = pick(r, rulesets);
        return s && { act: { kind, ruleset: s.id, order: pick(r, ['written', 'cost'] as const)! }, hint };
      }
      case 'move-arm': {
        const b = pick(r, branches.filter((x) => x.kind === 'branch' && x.arms.length > 1));
        if (b?.kind !== 'branch') return undefined;
        return { act: { kind, branch: b.id, arm: int(r, b.arms.length), to: int(r, b.arms.length) }, hint };
      }
      case 'move-clause': {
        const d = pick(r, decisions.filter((x) => x.kind === 'decision' && x.clauses.length > 1));
        if (d?.kind !== 'decision') return undefined;
        return { act: { kind, decision: d.id, clause: int(r, d.clauses.length), to: int(r, d.clauses.length) }, hint };
      }
      case 'move-node': {
        const x = pick(r, linear.filter((n) => n.kind !== 'start'));
        const a = pick(r, linear);
        return x && a && { act: { kind, node: x.id, after: a.id }, hint };
      }
      case 'set-switch': {
        const x = pick(r, rules);
        return x && { act: { kind, rule: x.rule.id, state: pick(r, ['on', 'off', 'shadow', 'required'] as const)! }, hint };
      }
      case 'set-param': {
        const p = pick(r, graph.params.filter((x) => typeof x.default === 'object' && !Array.isArray(x.default)));
        if (!p) return undefined;
        const value = pick(r, [String(int(r, 900)), `0.${int(r, 99) + 1}`, `${int(r, 40)}%`, '1_000', '"oops"'])!;
        return { act: { kind, param: p.id, value }, hint };
      }
      case 'connect': {
        // Mostly rewire an edge whose target has another way in, so that nothing is orphaned.
        const into = (id: string) => graph.edges.filter((e) => e.to === id).length;
        const e = pick(r, graph.edges.filter((x) => into(x.to) > 1));
        if (e && r() < 0.8) {
          const arm = e.kind === 'branch' ? (e.index === -1 ? ('else' as const) : e.index) : undefined;
          return { act: { kind, from: e.from, to: pick(r, flowNodes)!.id, arm }, hint };
        }
        if (r() < 0.3) {
          const b = pick(r, branches);
          if (b?.kind !== 'branch') return undefined;
          const arm = r() < 0.5 ? ('else' as const) : int(r, b.arms.length);
          return { act: { kind, from: b.id, to: pick(r, flowNodes)!.id, arm }, hint };
        }
        const f = pick(r, linear);
        return f && { act: { kind, from: f.id, to: pick(r, flowNodes)!.id }, hint };
      }
      case 'insert-on-edge': {
        const e = pick(r, graph.edges);
        if (!e) return undefined;
        const node = newNode(hint, e.to);
        const arm = e.kind === 'branch' ? (e.index === -1 ? ('else' as const) : e.index) : undefined;
        return node && { act: { kind, from: e.from, to: e.to, arm, node }, hint };
      }
      case 'add-node': {
        const a = pick(r, linear);
        if (!a) return undefined;
        const node = newNode(hint, a.next, ['ruleset', 'scorecard', 'branch']);
        return node && { act: { kind, node, after: a.id }, hint };
      }
      case 'add-rule': {
        const s = pick(r, rulesets);
        const rule = newRule(hint);
        return s && rule && { act: { kind, ruleset: s.id, rule, at: r() < 0.3 ? undefined : int(r, s.rules.length + 1) }, hint };
      }
      case 'delete-rule': {
        const x = pick(r, rules);
        return x && { act: { kind, ruleset: x.set.id, rule: x.rule.id }, hint };
      }
      case 'delete-node': {
        const x = pick(r, r() < 0.6 ? linear.filter((n) => n.kind !== 'start') : flowNodes);
        return x && { act: { kind, node: x.id }, hint };
      }
      case 'edit-rule': {
        const x = pick(r, rules);
        if (!x) return undefined;
        const act: Extract<VisualAct, { kind: 'edit-rule' }> = { kind, rule: x.rule.id };
        if (r() < 0.5) {
          const src = pick(r, rules)!;
          act.when = slice(src.rule.when.range);
          hint.ruleFrom = { [x.rule.id]: src.rule.id };
        }
        if (r() < 0.5) act.outcome = pick(r, ['reject', 'review', 'flag'] as const);
        if (r() < 0.4) act.reason = pick(r, [...REASONS, null]) ?? null;
        if (r() < 0.4) act.title = pick(r, [...TITLES, null]) ?? null;
        return { act, hint };
      }
    }
  }
}

const KINDS: readonly VisualAct['kind'][] = [
  'move-rule',
  'order-rules',
  'set-order',
  'move-arm',
  'move-clause',
  'move-node',
  'set-switch',
  'set-param',
  'connect',
  'insert-on-edge',
  'add-node',
  'add-rule',
  'delete-rule',
  'delete-node',
  'edit-rule',
];

function shuffle<T>(r: Rng, xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
