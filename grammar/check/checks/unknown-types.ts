import type { FieldDecl } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import { didYouMean } from '../suggest.js';

const TYPE_NAMES = ['number', 'money', 'bool', 'text', 'date', 'enum', 'list'];

function visit(ctx: CheckContext, fields: readonly FieldDecl[]): void {
  for (const f of fields) {
    const t = f.type;
    if (t.kind === 'ListType') visit(ctx, t.fields);
    if (t.kind === 'EnumType' && !t.values.length)
      ctx.report('empty-enum', t, `\`enum()\` of \`${f.name.name || '?'}\` lists no values, so no value can ever match it: list them, as in enum("a", "b")`);
    if (t.kind !== 'UnknownType' || !t.name) continue;
    // Offer a fix only when the range is the bare name: `enm("a")` must keep its values.
    const bare = t.range.end.offset - t.range.start.offset === t.name.length;
    ctx.report(
      'unknown-type',
      t,
      `unknown type \`${t.name}\`: a field is number, money, bool, text, date, enum("a", ...) or list of { ... }`,
      bare ? didYouMean(t.name, TYPE_NAMES, t.range) : undefined,
    );
  }
}

/** Every field's type is one the language has; an enum lists at least one value. */
export const unknownTypes: Check = {
  name: 'unknown-types',
  codes: ['unknown-type', 'empty-enum'],
  run(ctx) {
    for (const d of ctx.ast.declarations) if (d.kind === 'Input' || d.kind === 'Source') visit(ctx, d.fields);
  },
};
