import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { compileText } from '../../../runtime/compile.js';
import { POLICY } from '../testing/policy.js';
import { computeLayout, layoutInput, type Box } from './layout.js';
import { switchCounts } from './model.js';
import type { GraphOverlay } from '../replay/overlay.js';
import { inHandles, toFlow, toFlowEdges, toFlowNodes } from './mappers.js';
import { HEADER_H, nodeModels, nodeSize, PAD_B, ROW_H, type CompiledView, type NodeModelOf } from './model.js';

function view(text: string): CompiledView {
  const r = compileText(text);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return { graph: r.graph, text };
}

const small = view(POLICY);

describe('node models', () => {
  const models = nodeModels(small);
  const byId = Object.fromEntries(models.map((m) => [m.id, m]));

  it('has one model per graph node, start first, each of its own kind', () => {
    expect(models.map((m) => [m.id, m.kind])).toEqual([
      ['start', 'start'],
      ['screen', 'ruleset'],
      ['score', 'scorecard'],
      ['route', 'branch'],
      ['offer', 'decision'],
    ]);
  });

  it('lists a rule set in effective order with outcome, switch and cost class', () => {
    const screen = byId.screen as NodeModelOf<'ruleset'>;
    expect(screen.rules.map((r) => [r.id, r.outcome, r.switch, r.costLabel])).toEqual([
      ['underage', 'reject', 'required', 'own · free · fast'],
      ['few_contacts', 'review', 'off', 'own · free · fast'],
      ['listed', 'reject', 'shadow', 'own · free · fast'],
      ['bureau_dpd', 'reject', 'on', 'external · per-query · slow'],
    ]);
    expect(screen.rules.find((r) => r.id === 'bureau_dpd')).toMatchObject({ costSource: 'bureau', writtenIndex: 0 });
    expect(screen.rules.find((r) => r.id === 'underage')?.costSource).toBeUndefined();
  });

  it('gives a scorecard its base and characteristics with their point range', () => {
    const score = byId.score as NodeModelOf<'scorecard'>;
    expect(score.base).toBe('500');
    expect(score.characteristics).toMatchObject([{ label: 'applicant.age', bins: 2, min: '10', max: '40' }]);
  });

  it('gives a decision its outcomes, conditions as written and terms', () => {
    const offer = byId.offer as NodeModelOf<'decision'>;
    expect(offer.outcomes.map((o) => [o.when, o.decision, o.reason, o.terms])).toEqual([
      ['score >= approve_score', 'approve', undefined, [{ key: 'limit', text: 'applicant.income * 3' }, { key: 'apr', text: '24%' }]],
      [undefined, 'reject', 'score too low', []],
    ]);
  });

  it('sizes nodes from their content on the shared grid', () => {
    expect(nodeSize(byId.screen).height).toBe(HEADER_H + 4 * ROW_H + PAD_B);
    expect(nodeSize(byId.score).height).toBe(HEADER_H + 2 * ROW_H + PAD_B);
  });
});

describe('toFlow', () => {
  it('derives React Flow nodes from the graph: type = kind, position from the layout, not draggable', () => {
    const layout = { key: 'k', nodes: { screen: { x: 10, y: 20, width: 330, height: 100 } }, edges: {}, width: 0, height: 0 };
    const nodes = toFlowNodes(nodeModels(small), layout, {});
    const screen = nodes.find((n) => n.id === 'screen')!;
    expect(screen).toMatchObject({ type: 'ruleset', position: { x: 10, y: 20 }, width: 330, height: 100, draggable: false, selected: false });
    expect(screen.data.model.kind).toBe('ruleset');
    // Nodes the layout does not know yet still get a place and a size.
    const offer = nodes.find((n) => n.id === 'offer')!;
    expect(offer.width).toBeGreaterThan(0);
    expect(new Set(nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(nodes.length - 1 + 1);
  });

  it('marks the selection: the node, the rule inside it, and the edges that touch it', () => {
    const { nodes, edges } = toFlow(small, undefined, { node: 'screen', rule: 'listed' });
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['screen']);
    expect(nodes.find((n) => n.id === 'screen')?.data.selectedRule).toBe('listed');
    expect(nodes.find((n) => n.id === 'offer')?.data.selectedRule).toBeUndefined();
    expect(edges.filter((e) => e.data?.active).map((e) => e.id)).toEqual(['start->screen', 'screen->route']);
  });

  it('labels branch edges with their condition as written, and else', () => {
    const edges = toFlowEdges(small, undefined, {});
    expect(edges.map((e) => [e.id, e.source, e.target, e.data?.label ?? null])).toEqual([
      ['start->screen', 'start', 'screen', null],
      ['screen->route', 'screen', 'route', null],
      ['score->offer', 'score', 'offer', null],
      ['route->score#0', 'route', 'score', 'applicant.channel == "partner"'],
      ['route->score#-1', 'route', 'score', 'else'],
    ]);
  });

  it('draws a decision’s path on the edges from the overlay: the arm taken lit, the other arm to the same node and the rest off', () => {
    const overlay: GraphOverlay = { kind: 'trace', nodes: { route: { visit: 'visited', arm: 'else' } }, path: ['start', 'screen', 'route', 'score', 'offer'] };
    const plain = toFlowEdges(small, undefined, {});
    const lit = toFlowEdges(small, undefined, {}, plain, overlay);
    expect(Object.fromEntries(lit.map((e) => [e.id, e.data?.path]))).toEqual({
      'start->screen': 'taken',
      'screen->route': 'taken',
      'score->offer': 'taken',
      'route->score#0': 'off',
      'route->score#-1': 'taken',
    });
    expect(lit.find((e) => e.id === 'route->score#-1')?.zIndex).toBe(1);
    // The path changed every edge, so none keeps its old object; without an overlay none is marked.
    expect(lit.filter((e) => plain.includes(e))).toEqual([]);
    expect(plain.every((e) => e.data?.path === undefined)).toBe(true);
    const shorter: GraphOverlay = { ...overlay, path: ['start', 'screen'] };
    expect(toFlowEdges(small, undefined, {}, lit, shorter).filter((e) => e.data?.path === 'taken').map((e) => e.id)).toEqual(['start->screen']);
  });

  it('follows the graph: a rule added in the text is a new row, with no state kept in between', () => {
    const more = view(POLICY.replace('ruleset screen "Screening" order cost {\n', 'ruleset screen "Screening" order cost {\n  rule rich "Rich" {\n    when applicant.income > 100000\n    then flag "rich"\n  }\n'));
    const before = toFlow(small, undefined, {}).nodes.find((n) => n.id === 'screen')!;
    const after = toFlow(more, undefined, {}).nodes.find((n) => n.id === 'screen')!;
    const rules = (n: typeof before) => (n.data.model as NodeModelOf<'ruleset'>).rules.map((r) => r.id);
    expect(rules(after)).toEqual(['rich', 'underage', 'few_contacts', 'listed', 'bureau_dpd']);
    expect(after.height! - before.height!).toBe(ROW_H);
  });
});

describe('target handles', () => {
  it('gives each edge in a handle of its own: where its route ends, or spread down the side before routes exist', async () => {
    const models = nodeModels(small);
    const height = nodeSize(models.find((m) => m.id === 'score')!).height;
    const spread = inHandles(small, undefined, models).get('score')!;
    expect(spread).toEqual([
      { id: 'in:route->score#0', top: height / 3 },
      { id: 'in:route->score#-1', top: (2 * height) / 3 },
    ]);
    const layout = await computeLayout(new ELK(), small);
    const routed = inHandles(small, layout, models).get('score')!;
    const box = layout.nodes.score;
    expect(routed.map((h) => h.top)).toEqual(['route->score#0', 'route->score#-1'].map((id) => layout.edges[id].points.at(-1)!.y - box.y));
    expect(new Set(routed.map((h) => h.top)).size).toBe(2);
    // Every edge ends on its target's handle of that id; a node no edge enters has none.
    const { nodes, edges } = toFlow(small, layout, {});
    for (const e of edges) expect(nodes.find((n) => n.id === e.target)!.data.inputs!.map((h) => h.id)).toContain(e.targetHandle);
    expect(nodes.find((n) => n.id === 'start')!.data.inputs).toEqual([]);
  });
});

describe('keeping what did not change', () => {
  it('keeps the model and the React Flow node of every node a keystroke did not touch', () => {
    const models = nodeModels(small);
    const nodes = toFlowNodes(models, undefined, {});
    // An edit inside the rule set: every range after it moves, only the rule set changes.
    const edited = view(POLICY.replace('bureau.dpd > max_dpd', 'bureau.dpd >= max_dpd').replace('then reject "arrears"', 'then review "arrears"'));
    const models2 = nodeModels(edited, models);
    const same = models2.filter((m, i) => m === models[i]).map((m) => m.id);
    expect(same).toEqual(['start', 'score', 'route', 'offer']);
    const nodes2 = toFlowNodes(models2, undefined, {}, nodes);
    expect(nodes2.filter((n, i) => n === nodes[i]).map((n) => n.id)).toEqual(['start', 'score', 'route', 'offer']);
    // A selection change touches only the nodes it concerns.
    const nodes3 = toFlowNodes(models2, undefined, { node: 'offer' }, nodes2);
    expect(nodes3.filter((n, i) => n !== nodes2[i]).map((n) => n.id)).toEqual(['offer']);
    const edges = toFlowEdges(small, undefined, {});
    const edges2 = toFlowEdges(edited, undefined, { node: 'offer' }, edges);
    expect(edges2.filter((e, i) => e !== edges[i]).map((e) => e.id)).toEqual(['score->offer']);
  });
});

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layout', () => {
  it('places every node in reading order along the flow (left to right, rows wrapping down) and routes every edge', async () => {
    const layout = await computeLayout(new ELK(), small);
    expect(Object.keys(layout.nodes).sort()).toEqual(['offer', 'route', 'score', 'screen', 'start']);
    const after = (a: string, b: string) => {
      const [p, q] = [layout.nodes[a], layout.nodes[b]];
      return q.x > p.x + p.width || q.y > p.y + p.height;
    };
    for (const [a, b] of [['start', 'screen'], ['screen', 'route'], ['route', 'score'], ['score', 'offer']]) expect(after(a, b), `${b} after ${a}`).toBe(true);
    for (const a of Object.keys(layout.nodes)) for (const b of Object.keys(layout.nodes)) if (a < b) expect(overlap(layout.nodes[a], layout.nodes[b]), `${a} and ${b} overlap`).toBe(false);
    for (const e of Object.values(layout.edges)) expect(e.points.length).toBeGreaterThanOrEqual(2);
    expect(layout.edges['route->score#0'].label?.width).toBeGreaterThan(100);
  });

  it('is skipped when a keystroke changed content but not shape', async () => {
    const first = await computeLayout(new ELK(), small);
    const edited = view(POLICY.replace('bureau.dpd > max_dpd', 'bureau.dpd >= max_dpd'));
    expect(layoutInput(edited).key).toBe(first.key);
    const calls: unknown[] = [];
    const spy = { layout: async (g: ElkNode) => (calls.push(g), new ELK().layout(g)) };
    expect(await computeLayout(spy, edited, first)).toBe(first);
    expect(calls).toHaveLength(0);
    const grown = view(POLICY.replace('ruleset screen "Screening" order cost {\n', 'ruleset screen "Screening" order cost {\n  rule rich "Rich" {\n    when applicant.income > 100000\n    then flag\n  }\n'));
    expect(layoutInput(grown).key).not.toBe(first.key);
  });
});

describe('a rule set node header', () => {
  it('counts the rules that act, and names those in shadow or off apart', () => {
    const rules = (...switches: string[]) => switches.map((s) => ({ switch: s }));
    expect(switchCounts(rules('on', 'required', 'on'))).toBe('3/3 on');
    // A shadow rule runs and is traced but stops nobody: not "on".
    expect(switchCounts(rules('on', 'shadow', 'on', 'off'))).toBe('2/4 on · 1 shadow · 1 off');
    expect(switchCounts([])).toBe('0/0 on');
  });
});
