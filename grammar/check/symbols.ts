// The top-level namespace of a policy: every declaration that has an id, first declaration wins
// (a second one is a `duplicate-id`). Rule ids live in their own namespace, unique policy-wide.

import type {
  BranchDecl,
  DecisionDecl,
  InputDecl,
  LetDecl,
  ParamDecl,
  Policy,
  RuleDecl,
  RuleSetDecl,
  ScorecardDecl,
  SourceDecl,
} from '../ast.js';
import { costClassRank, type SourceSpec } from '../../runtime/graph.js';
import { fieldMap, type FieldInfo } from './types.js';

export type SourceClass = Pick<SourceSpec, 'origin' | 'cost' | 'latency'>;

export type Sym =
  | { kind: 'input'; id: string; decl: InputDecl; fields: Map<string, FieldInfo> }
  | { kind: 'source'; id: string; decl: SourceDecl; fields: Map<string, FieldInfo>; cls: SourceClass; costRank: number }
  | { kind: 'param'; id: string; decl: ParamDecl }
  | { kind: 'let'; id: string; decl: LetDecl }
  | { kind: 'ruleset'; id: string; decl: RuleSetDecl }
  | { kind: 'scorecard'; id: string; decl: ScorecardDecl }
  | { kind: 'branch'; id: string; decl: BranchDecl }
  | { kind: 'decision'; id: string; decl: DecisionDecl };

export type SymKind = Sym['kind'];

/**
 * Names the language keeps for itself: the flow entry and the element of a list function. A Map,
 * not an object literal: a user's name such as `constructor` or `__proto__` must not find
 * Object.prototype's members.
 */
export const RESERVED_NAMES: ReadonlyMap<string, string> = new Map([
  ['start', '`start` is reserved for the entry of the flow'],
  ['it', '`it` is reserved for the element inside a list function'],
]);

export const SYM_LABEL: Record<SymKind, string> = {
  input: 'an input',
  source: 'a source',
  param: 'a param',
  let: 'a let',
  ruleset: 'a rule set',
  scorecard: 'a scorecard',
  branch: 'a branch',
  decision: 'a decision',
};

export function sourceClass(decl: SourceDecl): SourceClass {
  const c = decl.cost;
  const cost: SourceClass['cost'] =
    !c || c.kind === 'free'
      ? { kind: 'free', amount: '0' }
      : c.kind === 'per_query'
        ? { kind: 'per_query', amount: c.amount.value }
        : { kind: 'per_hit', amount: c.amount.value, hitField: c.when.name };
  return { origin: decl.origin?.value ?? 'own', cost, latency: decl.latency?.value ?? 'fast' };
}

export interface SymbolTable {
  /** Top-level declarations by id; reserved and empty ids are left out. */
  symbols: Map<string, Sym>;
  /** Rules by id, first one wins. */
  rules: Map<string, { rule: RuleDecl; set: RuleSetDecl }>;
}

export function buildSymbols(ast: Policy): SymbolTable {
  const symbols = new Map<string, Sym>();
  const rules = new Map<string, { rule: RuleDecl; set: RuleSetDecl }>();
  const add = (sym: Sym) => {
    if (sym.id && !symbols.has(sym.id) && !RESERVED_NAMES.has(sym.id)) symbols.set(sym.id, sym);
  };
  for (const d of ast.declarations) {
    switch (d.kind) {
      case 'Input':
        add({ kind: 'input', id: d.id.name, decl: d, fields: fieldMap(d.fields) });
        break;
      case 'Source': {
        const cls = sourceClass(d);
        add({ kind: 'source', id: d.id.name, decl: d, fields: fieldMap(d.fields), cls, costRank: costClassRank(cls) });
        break;
      }
      case 'Param':
        add({ kind: 'param', id: d.id.name, decl: d });
        break;
      case 'Let':
        add({ kind: 'let', id: d.id.name, decl: d });
        break;
      case 'RuleSet':
        add({ kind: 'ruleset', id: d.id.name, decl: d });
        for (const r of d.rules) if (r.id.name && !rules.has(r.id.name)) rules.set(r.id.name, { rule: r, set: d });
        break;
      case 'Scorecard':
        add({ kind: 'scorecard', id: d.id.name, decl: d });
        break;
      case 'Branch':
        add({ kind: 'branch', id: d.id.name, decl: d });
        break;
      case 'Decision':
        add({ kind: 'decision', id: d.id.name, decl: d });
        break;
      case 'Flow':
        break;
    }
  }
  return { symbols, rules };
}
