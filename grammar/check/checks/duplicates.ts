import type { FieldDecl, Ident, StringLit } from '../../ast.js';
import type { Check, CheckContext } from '../context.js';
import { quote } from '../print.js';
import { RESERVED_NAMES } from '../symbols.js';

const DECL_LABEL: Record<string, string> = {
  Input: 'an input',
  Source: 'a source',
  Param: 'a param',
  Let: 'a let',
  RuleSet: 'a rule set',
  Scorecard: 'a scorecard',
  Branch: 'a branch',
  Decision: 'a decision',
};

function fields(ctx: CheckContext, list: readonly FieldDecl[], owner: string): void {
  const seen = new Map<string, FieldDecl>();
  for (const f of list) {
    const name = f.name.name;
    if (name) {
      const first = seen.get(name);
      if (first) ctx.report('duplicate-field', f.name, `${owner} declares field \`${name}\` twice (first on line ${first.name.range.start.line})`);
      else seen.set(name, f);
    }
    if (f.type.kind === 'ListType') fields(ctx, f.type.fields, `the list \`${name || '?'}\``);
    if (f.type.kind === 'EnumType') {
      const values = new Map<string, StringLit>();
      for (const v of f.type.values) {
        const first = values.get(v.value);
        if (first) ctx.report('duplicate-field', v, `the enum of \`${name || '?'}\` lists ${quote(v.value)} twice (first at column ${first.range.start.column}); list each value once`);
        else values.set(v.value, v);
      }
    }
  }
}

/**
 * Top-level ids (inputs, sources, params, lets, rule sets, scorecards, branches, decisions) are
 * unique and are not the reserved `start` or `it`; rule ids are unique across the whole policy
 * (they key every statistic); a field is declared once per input, source or list type, and a value
 * once per enum.
 */
export const duplicates: Check = {
  name: 'duplicates',
  codes: ['duplicate-id', 'duplicate-field'],
  run(ctx) {
    const top = new Map<string, { id: Ident; label: string }>();
    const rules = new Map<string, Ident>();
    for (const d of ctx.ast.declarations) {
      if (d.kind === 'Flow') continue;
      const id = d.id;
      if (id.name) {
        const label = DECL_LABEL[d.kind];
        const first = top.get(id.name);
        const reserved = RESERVED_NAMES.get(id.name);
        if (reserved !== undefined) ctx.report('duplicate-id', id, `${reserved}; choose another name`);
        else if (first)
          ctx.report('duplicate-id', id, `\`${id.name}\` is already declared as ${first.label} on line ${first.id.range.start.line}`);
        else top.set(id.name, { id, label });
      }
      if (d.kind === 'Input' || d.kind === 'Source') fields(ctx, d.fields, `${d.kind === 'Input' ? 'input' : 'source'} \`${id.name || '?'}\``);
      if (d.kind === 'RuleSet')
        for (const r of d.rules) {
          if (!r.id.name) continue;
          const first = rules.get(r.id.name);
          if (first) ctx.report('duplicate-id', r.id, `rule \`${r.id.name}\` is already declared on line ${first.range.start.line}; rule ids are unique in the whole policy`);
          else rules.set(r.id.name, r.id);
        }
    }
  },
};
