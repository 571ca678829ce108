import type { DecisionOutcome } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import { didYouMean } from '../suggest.js';
import { printExpr } from '../print.js';
import { TERMS, isTermKey } from '../terms.js';
import { isNumeric, showType } from '../types.js';
import { unparen } from '../walk.js';

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
    if (t && !isNumeric(t)) ctx.report('invalid-term-value', term.value, `\`${key}\` takes a number (${spec.unit}), not ${showType(t)}`);
  }
}

/**
 * Every offer term is one the language knows (grammar/check/terms.ts), given once, with a value
 * of its kind: a bare word from its set (`line revolving`) or a number.
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
