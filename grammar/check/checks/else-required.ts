import type { Check } from '../context.js';

/** Every branch and every decision has an `else`, so that some arm always applies. */
export const elseRequired: Check = {
  name: 'else-required',
  codes: ['else-required'],
  run(ctx) {
    for (const d of ctx.ast.declarations) {
      if (d.kind === 'Branch' && !d.else)
        ctx.report('else-required', d.id.name ? d.id : d, `branch \`${d.id.name}\` needs an \`else -> <node>\`: when no \`when\` holds, the flow must still go somewhere`);
      if (d.kind === 'Decision' && !d.else)
        ctx.report('else-required', d.id.name ? d.id : d, `decision \`${d.id.name}\` needs an \`else => <outcome>\`: every applicant gets a decision`);
    }
  },
};
