import type { Ident } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import { START, type FlowEdge } from '../flow.js';
import { didYouMean } from '../suggest.js';
import { SYM_LABEL } from '../symbols.js';

const NODE_LABEL = { RuleSet: 'rule set', Scorecard: 'scorecard', Branch: 'branch', Decision: 'decision' } as const;

function unknownNode(ctx: CheckContext, at: Ident): void {
  const { symbols, flow } = ctx.analysis;
  const sym = symbols.get(at.name);
  if (sym) ctx.report('unknown-node', at, `\`${at.name}\` is ${SYM_LABEL[sym.kind]}, not a node of the flow (a rule set, scorecard, branch or decision)`);
  else ctx.report('unknown-node', at, `unknown node \`${at.name}\``, didYouMean(at.name, flow.nodes.keys(), at.range));
}

/**
 * The flow exists and begins at `start`; it and the branches name only declared nodes; `start`,
 * rule sets and scorecards have one successor; branches (which name their own targets) and
 * decisions (which end a path) have none in the flow.
 */
export const flowShape: Check = {
  name: 'flow-shape',
  codes: ['flow-missing', 'flow-no-start', 'flow-successor-count', 'flow-successor-not-allowed', 'unknown-node'],
  run(ctx) {
    const { flow } = ctx.analysis;
    if (!flow.decls.length) {
      const at = ctx.ast.header?.id.name ? ctx.ast.header.id : { range: { start: ctx.ast.range.start, end: ctx.ast.range.start } };
      ctx.report('flow-missing', at, 'the policy has no `flow { start -> ... }` block, so no decision can be reached');
      return;
    }

    let startsSomewhere = false;
    for (const f of flow.decls)
      for (const chain of f.chains) {
        if (chain.nodes[0]?.name === START && chain.nodes.length > 1) startsSomewhere = true;
        for (const id of chain.nodes) if (id.name && id.name !== START && !flow.nodes.has(id.name)) unknownNode(ctx, id);
      }
    for (const node of flow.nodes.values()) {
      if (node.kind !== 'Branch') continue;
      for (const target of [...node.arms.map((a) => a.target), ...(node.else ? [node.else.target] : [])])
        if (target.name && target.name !== START && !flow.nodes.has(target.name)) unknownNode(ctx, target);
    }
    if (!startsSomewhere) ctx.report('flow-no-start', flow.decls[0], 'the flow does not begin at `start`: write `start -> <first node>`');

    for (const [from, edges] of flow.out) {
      const chainEdges = edges.filter((e) => e.kind === 'flow');
      if (!chainEdges.length) continue;
      const node = flow.nodes.get(from);
      if (node?.kind === 'Branch' || node?.kind === 'Decision') {
        const why = node.kind === 'Branch' ? 'names its own targets with `when ... -> node` and `else -> node`' : 'ends a path';
        for (const e of chainEdges) ctx.report('flow-successor-not-allowed', e, `${NODE_LABEL[node.kind]} \`${from}\` ${why}; it cannot be followed by \`${e.to}\``);
        continue;
      }
      const label = from === START ? '`start`' : `${node ? NODE_LABEL[node.kind] : 'node'} \`${from}\``;
      for (const e of chainEdges.slice(1)) successorCount(ctx, label, chainEdges[0], e);
    }
  },
};

function successorCount(ctx: CheckContext, label: string, first: FlowEdge, extra: FlowEdge): void {
  ctx.report(
    'flow-successor-count',
    extra.at,
    `${label} already leads to \`${first.to}\` (line ${first.at.range.start.line}) and cannot also lead to \`${extra.to}\`; use a branch to choose between paths`,
  );
}
