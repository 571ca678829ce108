import type { Bin, Characteristic, Expr } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import { binFamily, binValue, type BinFamily } from '../bin-model.js';
import { didYouMean } from '../suggest.js';
import { printBinTest, printExpr, quote } from '../print.js';
import { showType } from '../types.js';

const FAMILY_TEXT: Record<Exclude<BinFamily, 'none'>, string> = { numeric: 'a number', text: 'a text', bool: 'a bool' };

/** Whether a bin's values fit the characteristic (unknown values after a parse error count as fitting). */
export function binFits(b: Bin, family: BinFamily): boolean {
  const fits = (e: Expr) => {
    const v = binValue(e);
    return !v || v.family === family;
  };
  switch (b.kind) {
    case 'Interval':
    case 'Compare':
      return family === 'numeric';
    case 'Equals':
      return fits(b.value);
    case 'InList':
      return b.values.every(fits);
    default:
      return true;
  }
}

function characteristic(ctx: CheckContext, c: Characteristic): void {
  const t = ctx.analysis.exprs.get(c.expr)?.type;
  if (!t) return;
  const family = binFamily(t);
  const label = printExpr(c.expr);
  for (const b of c.bins) {
    if (!binFits(b, family)) {
      const hint = family === 'none' ? (t.kind === 'date' ? '; bin `days_since(...)` or `months_since(...)` instead' : '; only `missing` and `else` apply') : '';
      const what = family === 'none' ? showType(t) : FAMILY_TEXT[family];
      ctx.report('bin-type', b, `bin \`${printBinTest(b)}\` does not fit \`${label}\`, which is ${what}${hint}`);
      continue;
    }
    if (t.kind !== 'enum' || (b.kind !== 'Equals' && b.kind !== 'InList')) continue;
    for (const v of b.kind === 'Equals' ? [b.value] : b.values) {
      if (v.kind !== 'String' || t.values.includes(v.value)) continue;
      const fix = didYouMean(v.value, t.values, v.range);
      ctx.report(
        'invalid-enum-value',
        v,
        `${quote(v.value)} is not a value of \`${label}\`: ${showType(t)}`,
        fix && { ...fix, message: `did you mean ${quote(fix.replacement)}?`, replacement: quote(fix.replacement) },
      );
    }
  }
}

/**
 * Every bin's values have the characteristic's type: intervals and comparisons for numbers and
 * money; literals and `in [...]` of the same type (an enum's own values) for the rest; only
 * `missing` and `else` for a characteristic that cannot be binned by value (a date, a list).
 */
export const binType: Check = {
  name: 'bin-type',
  codes: ['bin-type', 'invalid-enum-value'],
  run(ctx) {
    for (const d of ctx.ast.declarations) if (d.kind === 'Scorecard') for (const c of d.characteristics) characteristic(ctx, c);
  },
};
