import type { Check } from '../context.js';
import { paramLiteralType } from '../param-literal.js';

/**
 * A param's value is a literal (number, percent, string, bool, or a list of literals of one type),
 * so that it can be shown, overridden at run time (`--set`) and compared across runs.
 */
export const params: Check = {
  name: 'params',
  codes: ['param-not-literal', 'type-mismatch'],
  run(ctx) {
    for (const d of ctx.ast.declarations) {
      if (d.kind !== 'Param') continue;
      const p = paramLiteralType(d.value).problem;
      if (p) ctx.report(p.code, p, p.message);
    }
  },
};
