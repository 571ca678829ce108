import type { Check } from '../context.js';
import { printExpr } from '../print.js';
import { showType } from '../types.js';

/** Every `when` (of a rule, a branch arm, a decision clause) is a bool. */
export const conditions: Check = {
  name: 'conditions',
  codes: ['condition-not-bool'],
  run(ctx) {
    for (const site of ctx.analysis.sites) {
      if (site.role !== 'rule' && site.role !== 'arm' && site.role !== 'clause') continue;
      const t = ctx.analysis.exprs.get(site.expr)?.type;
      if (!t || t.kind === 'bool') continue;
      ctx.report('condition-not-bool', site.expr, `a \`when\` condition is true or false, but \`${printExpr(site.expr)}\` is ${showType(t)}`);
    }
  },
};
