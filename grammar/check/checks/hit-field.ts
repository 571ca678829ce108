import type { Check } from '../context.js';
import { didYouMean } from '../suggest.js';
import { fieldMap, showType } from '../types.js';

/** A `per hit when <field>` source names one of its own bool fields: the hit is what is billed. */
export const hitField: Check = {
  name: 'hit-field',
  codes: ['invalid-hit-field'],
  run(ctx) {
    for (const d of ctx.ast.declarations) {
      if (d.kind !== 'Source' || d.cost?.kind !== 'per_hit') continue;
      const when = d.cost.when;
      if (!when.name) continue;
      const fields = fieldMap(d.fields);
      const f = fields.get(when.name);
      if (f && (!f.type || f.type.kind === 'bool')) continue;
      const bools = [...fields].filter(([, x]) => x.type?.kind === 'bool').map(([n]) => n);
      const message = f
        ? `\`per hit when ${when.name}\` needs a bool field, but \`${when.name}\` is ${showType(f.type)}`
        : `source \`${d.id.name}\` has no field \`${when.name}\` to tell a hit${bools.length ? ` (bool fields: ${bools.join(', ')})` : ''}`;
      ctx.report('invalid-hit-field', when, message, f ? undefined : didYouMean(when.name, bools, when.range));
    }
  },
};
