import type { Ident } from '../../ast.js';
import type { Check } from '../context.js';
import { START, pathTo } from '../flow.js';

const NODE_LABEL = { RuleSet: 'rule set', Scorecard: 'scorecard', Branch: 'branch', Decision: 'decision' } as const;

/**
 * From `start`, the flow is acyclic, reaches every declared node, and every path ends in a
 * decision (no rule set or scorecard is left without a successor).
 */
export const flowPaths: Check = {
  name: 'flow-paths',
  codes: ['flow-cycle', 'flow-unreachable', 'flow-dead-end'],
  run(ctx) {
    const { flow } = ctx.analysis;
    if (!flow.decls.length) return;

    // Where each node is written in the flow, and which ones are written with a successor.
    const lastMention = new Map<string, Ident>();
    const hasWrittenSuccessor = new Set<string>();
    for (const f of flow.decls)
      for (const chain of f.chains)
        chain.nodes.forEach((id, i) => {
          lastMention.set(id.name, id);
          if (i + 1 < chain.nodes.length) hasWrittenSuccessor.add(id.name);
          if (id.name === START && i > 0) ctx.report('flow-cycle', id, '`start` is the entry of the flow; no node can lead back to it');
        });
    for (const node of flow.nodes.values())
      if (node.kind === 'Branch')
        for (const t of [...node.arms.map((a) => a.target), ...(node.else ? [node.else.target] : [])])
          if (t.name === START) ctx.report('flow-cycle', t, '`start` is the entry of the flow; no node can lead back to it');

    if (!flow.reachableSet.has(START)) return; // flow-no-start says why nothing is reachable

    for (const [id, node] of flow.nodes) {
      if (flow.reachableSet.has(id)) continue;
      const where = lastMention.has(id) ? 'no path from `start` leads to it' : 'it does not appear in the flow';
      ctx.report('flow-unreachable', node.id, `${NODE_LABEL[node.kind]} \`${id}\` never runs: ${where}`);
    }

    // Depth-first from `start`; an edge to a node still on the stack closes a loop.
    const state = new Map<string, 'open' | 'done'>();
    const stack: { id: string; next: number }[] = [{ id: START, next: 0 }];
    state.set(START, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1];
      const edges = flow.out.get(top.id) ?? [];
      if (top.next >= edges.length) {
        state.set(top.id, 'done');
        stack.pop();
        continue;
      }
      const e = edges[top.next++];
      const s = state.get(e.to);
      if (s === 'open') {
        const from = stack.findIndex((f) => f.id === e.to);
        const loop = [...stack.slice(from).map((f) => f.id), e.to].join(' → ');
        ctx.report('flow-cycle', e.at, `the flow loops back to \`${e.to}\`: ${loop}`);
      } else if (!s) {
        state.set(e.to, 'open');
        stack.push({ id: e.to, next: 0 });
      }
    }

    for (const id of flow.reachable) {
      const node = flow.nodes.get(id);
      if (!node || (node.kind !== 'RuleSet' && node.kind !== 'Scorecard')) continue;
      if (flow.out.has(id) || hasWrittenSuccessor.has(id)) continue;
      ctx.report(
        'flow-dead-end',
        lastMention.get(id) ?? node.id,
        `the path ${pathTo(flow, id).join(' → ')} stops at ${NODE_LABEL[node.kind]} \`${id}\`; every path must end in a decision (add \`${id} -> <next node>\` to the flow)`,
      );
    }
  },
};
