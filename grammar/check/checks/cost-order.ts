import { costClassLabel } from '../../../runtime/graph.js';
import type { RuleDecl } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';

function costLabel(ctx: CheckContext, rule: RuleDecl): string {
  const src = ctx.analysis.ruleCost.get(rule)?.costSource;
  const sym = src ? ctx.analysis.symbols.get(src) : undefined;
  return sym?.kind === 'source' ? `${costClassLabel(sym.cls)}, via \`${src}\`` : 'reads no source';
}

/**
 * Under `order written`, no rule that can reject (outcome `reject`, switched on or required)
 * stands after a rule of a more expensive cost class: a cheap reject placed first saves the
 * expensive query for every applicant it stops. (`off` rules do not run, so they cost nothing.)
 */
export const costOrder: Check = {
  name: 'cost-order',
  codes: ['cost-order'],
  run(ctx) {
    for (const d of ctx.ast.declarations) {
      if (d.kind !== 'RuleSet' || d.order !== 'written') continue;
      let costliest: { rule: RuleDecl; rank: number } | undefined;
      for (const rule of d.rules) {
        const rank = ctx.analysis.ruleCost.get(rule)?.costRank ?? 0;
        const canReject = rule.outcome.kind === 'reject' && (rule.switch === 'on' || rule.switch === 'required');
        if (canReject && costliest && costliest.rank > rank)
          ctx.report(
            'cost-order',
            rule.id.name ? rule.id : rule,
            `rule \`${rule.id.name}\` (${costLabel(ctx, rule)}) can reject but stands after the more expensive rule \`${costliest.rule.id.name}\` (${costLabel(ctx, costliest.rule)}); move it up, or use \`order cost\``,
          );
        if (rule.switch !== 'off' && (!costliest || rank > costliest.rank)) costliest = { rule, rank };
      }
    }
  },
};
