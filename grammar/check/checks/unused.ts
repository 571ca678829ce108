import type { Check } from '../context.js';

/**
 * Every param, let and source is read somewhere (a let reading itself does not count). Names are
 * matched as written, so that a read inside an expression with an error still counts.
 */
export const unused: Check = {
  name: 'unused',
  codes: ['unused-declaration'],
  run(ctx) {
    const { symbols, mentioned } = ctx.analysis;
    for (const s of symbols.values()) {
      if ((s.kind !== 'param' && s.kind !== 'let' && s.kind !== 'source') || mentioned.has(s.id)) continue;
      ctx.report('unused-declaration', s.decl.id, `${s.kind} \`${s.id}\` is never read`);
    }
  },
};
