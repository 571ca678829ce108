import type { DecisionOutcome } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import { didYouMean } from '../suggest.js';
import { printExpr } from '../print.js';
import { FEE_TERMS, TERMS, isShareOfLimit, isTermKey } from '../terms.js';
import { isNumeric, showType } from '../types.js';
import { unparen } from '../walk.js';
import { constantValue } from './apr-cap.js';
import { termValueProblem } from '../../../runtime/term-values.js';
import { Dec } from '../../../runtime/values.js';

function outcome(ctx: CheckContext, o: DecisionOutcome): void {
  const seen = new Set<string>();
  for (const term of o.terms ?? []) {
    const key = term.key.name;
    if (!key) continue;
    if (!isTermKey(key)) {
      ctx.report('unknown-term', term.key, `unknown offer term \`${key}\`; the terms are ${Object.keys(TERMS).join(', ')}`, didYouMean(key, Object.keys(TERMS), term.key.range));
      continue;
    }
    if (seen.has(key)) ctx.report('duplicate-field', term.key, `the offer gives \`${key}\` twice`);
    seen.add(key);
    const spec = TERMS[key].value;
    const v = unparen(term.value);
    if (v.kind === 'Error') continue;
    if (spec.kind === 'word') {
      if (v.kind === 'Name' && spec.words.includes(v.name)) continue;
      const words = spec.words.map((w) => `\`${w}\``).join(' or ');
      const fix = v.kind === 'Name' || v.kind === 'String' ? didYouMean(v.kind === 'Name' ? v.name : v.value, spec.words, term.value.range) : undefined;
      ctx.report('invalid-term-value', term.value, `\`${key}\` takes ${words}, not \`${printExpr(term.value)}\``, fix);
      continue;
    }
    const t = ctx.analysis.exprs.get(term.value)?.type;
    if (t && !isNumeric(t)) ctx.report('invalid-term-value', term.value, `\`${key}\` takes ${spec.unit === 'fee' ? 'an amount or a percent literal' : `a number (${spec.unit})`}, not ${showType(t)}`);
    else if (o.decision === 'approve') {
      // A value known before run time that no approve is issued with would turn every approve into review.
      const known = constantValue(term.value, ctx.analysis.symbols);
      const problem = known && termValueProblem(key, new Dec(known.toString()));
      if (problem) ctx.report('invalid-term-value', term.value, `an approve is never issued with ${problem}: \`${key} ${printExpr(term.value)}\` is ${known!.toString()}`);
    }
    if (spec.unit === 'fee' && v.kind === 'Name') {
      // A percent means a share of `limit` only when written in the offer: through a name it would be read as an amount.
      const sym = ctx.analysis.symbols.get(v.name);
      const lit = sym?.kind === 'param' ? unparen(sym.decl.value) : undefined;
      if (lit?.kind === 'Number' && isShareOfLimit(lit.raw))
        ctx.report('invalid-term-value', term.value, `\`${key}\` reads a name as an amount, and param \`${v.name}\` is a percent (${lit.raw}): write the percent in the offer (\`${key} ${lit.raw}\`) or an amount`);
    }
  }
  priced(ctx, o);
}

/** The terms of a priced loan hang together: `rate` needs `limit` and `term` and replaces `apr`; fees need `rate`. */
function priced(ctx: CheckContext, o: DecisionOutcome): void {
  const given = new Map((o.terms ?? []).map((t) => [t.key.name, t] as const));
  const rate = given.get('rate');
  if (rate) {
    const apr = given.get('apr');
    if (apr) ctx.report('invalid-term-value', apr.key, '`apr` is computed from `rate` and the fees when the offer gives `rate`: give one or the other');
    const lacking = ['limit', 'term'].filter((k) => !given.has(k));
    if (lacking.length) ctx.report('invalid-term-value', rate.key, `\`rate\` needs ${lacking.map((k) => `\`${k}\``).join(' and ')} to compute the schedule and the all-in APR`);
    return;
  }
  for (const k of FEE_TERMS) {
    const fee = given.get(k);
    if (fee) ctx.report('invalid-term-value', fee.key, `\`${k}\` needs \`rate\` (the nominal annual rate): the all-in APR is computed from both; without \`rate\`, fold the fees into \`apr\``);
  }
}

/**
 * Every offer term is one the language knows (grammar/check/terms.ts), given once, with a value
 * of its kind: a bare word from its set (`line revolving`) or a number; a priced loan (`rate`)
 * has its `limit` and `term`, no `apr` of its own, and fees only with it.
 */
export const terms: Check = {
  name: 'terms',
  codes: ['unknown-term', 'invalid-term-value', 'duplicate-field'],
  run(ctx) {
    for (const d of ctx.ast.declarations) {
      if (d.kind !== 'Decision') continue;
      for (const c of d.clauses) outcome(ctx, c.outcome);
      if (d.else) outcome(ctx, d.else);
    }
  },
};
