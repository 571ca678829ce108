import type { Check } from '../context.js';

/** A rule set has rules and a scorecard has characteristics; an empty one is usually unfinished. */
export const emptyNodes: Check = {
  name: 'empty-nodes',
  codes: ['empty-ruleset', 'empty-scorecard'],
  run(ctx) {
    for (const d of ctx.ast.declarations) {
      if (d.kind === 'RuleSet' && !d.rules.length) ctx.report('empty-ruleset', d.id.name ? d.id : d, `rule set \`${d.id.name}\` has no rules`);
      if (d.kind === 'Scorecard' && !d.characteristics.length)
        ctx.report('empty-scorecard', d.id.name ? d.id : d, `scorecard \`${d.id.name}\` has no characteristics: its score is always its base`);
    }
  },
};
