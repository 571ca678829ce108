// What every act planner reads: the text, its AST and tokens, and lookups by name.

import type { IToken } from 'chevrotain';
import type { Declaration, FlowChain, FlowDecl, FlowNodeDecl, Ident, Policy, Range, RuleDecl, RuleSetDecl } from '../ast.js';
import { isFlowNode } from '../ast.js';
import type { Code } from '../codes.js';
import type { ParseResult } from '../index.js';
import { Lines } from './text.js';
import type { EditRefusalCode, TextEdit } from './types.js';

export const START = 'start';

/** What a planner hands back before validation. */
export interface Draft {
  edits: TextEdit[];
  /** The edit whose new text the editor should reveal. */
  focus?: TextEdit;
  /** Checker errors the act may leave for the author to resolve (an orphaned node after a rewire…). */
  allow?: readonly Code[];
}

export interface Refusal {
  ok: false;
  code: EditRefusalCode;
  reason: string;
}

export const refuse = (code: EditRefusalCode, reason: string): Refusal => ({ ok: false, code, reason });
export const isRefusal = (d: Draft | Refusal): d is Refusal => 'ok' in d;

type Named = Exclude<Declaration, FlowDecl>;

/** Words the lexer always reads as keywords: never usable as an id. */
const HARD = new Set(['and', 'or', 'not', 'in', 'is', 'true', 'false', 'when', 'then', 'else', 'policy', 'input', 'source', 'param', 'let', 'ruleset', 'rule', 'scorecard', 'branch', 'decision', 'flow']);

export class Ctx {
  readonly lines: Lines;
  readonly ast: Policy;
  readonly tokens: IToken[];

  constructor(
    readonly text: string,
    parsed: ParseResult,
  ) {
    this.ast = parsed.ast;
    this.tokens = parsed.tokens;
    this.lines = new Lines(text, parsed.ast.comments);
  }

  get flows(): FlowDecl[] {
    return this.ast.declarations.filter((d): d is FlowDecl => d.kind === 'Flow');
  }

  /** `text` (written with `\n`) in the text's own line ending: every inserted text goes through it. */
  nl(text: string): string {
    return this.lines.nl(text);
  }

  /** The first declaration named `id` (the checker reports any duplicate). */
  decl(id: string): Named | undefined {
    return this.ast.declarations.find((d): d is Named => d.kind !== 'Flow' && d.id.name === id);
  }

  flowNode(id: string): FlowNodeDecl | undefined {
    const d = this.decl(id);
    return d && isFlowNode(d) ? d : undefined;
  }

  ruleset(id: string): RuleSetDecl | Refusal {
    const d = this.decl(id);
    if (d?.kind === 'RuleSet') return d;
    return refuse('unknown-name', d ? `\`${id}\` is a ${kindWord(d)}, not a rule set` : `there is no rule set \`${id}\``);
  }

  rule(id: string): { rule: RuleDecl; set: RuleSetDecl } | undefined {
    for (const d of this.ast.declarations) if (d.kind === 'RuleSet') for (const r of d.rules) if (r.id.name === id) return { rule: r, set: d };
    return undefined;
  }

  /** Why `id` cannot name something new, or undefined when it can. */
  badNewId(id: string): Refusal | undefined {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id)) return refuse('invalid-id', `\`${id}\` is not a name: use letters, digits and \`_\`, not starting with a digit`);
    if (HARD.has(id)) return refuse('invalid-id', `\`${id}\` is a keyword of the language: choose another name`);
    if (id === START) return refuse('invalid-id', '`start` names the entry of the flow: choose another name');
    const d = this.decl(id);
    if (d) return refuse('duplicate-id', `\`${id}\` is already the name of a ${kindWord(d)}`);
    const r = this.rule(id);
    if (r) return refuse('duplicate-id', `\`${id}\` is already the name of a rule in \`${r.set.id.name}\` (rule ids are unique in the whole policy)`);
    return undefined;
  }

  /** The tokens inside `range`. */
  tokensIn(range: Range): IToken[] {
    return this.tokens.filter((t) => t.startOffset >= range.start.offset && t.startOffset < range.end.offset);
  }

  /** The first `{` of a block declaration. */
  openBrace(range: Range): IToken | undefined {
    return this.tokensIn(range).find((t) => t.image === '{');
  }

  /** Every place a flow chain names `name`, with its position in the chain. */
  chainsWith(name: string): { chain: FlowChain; i: number; flow: FlowDecl }[] {
    const out: { chain: FlowChain; i: number; flow: FlowDecl }[] = [];
    for (const flow of this.flows) for (const chain of flow.chains) chain.nodes.forEach((n, i) => n.name === name && out.push({ chain, i, flow }));
    return out;
  }

  /** The flow successor of a rule set, scorecard or `start`, as written first. */
  successor(name: string): Ident | undefined {
    for (const { chain, i } of this.chainsWith(name)) if (i + 1 < chain.nodes.length) return chain.nodes[i + 1];
    return undefined;
  }

  /** Every node an edge leads to from `name` (flow successors and branch targets). */
  targets(name: string): string[] {
    const out = new Set<string>();
    for (const { chain, i } of this.chainsWith(name)) if (i + 1 < chain.nodes.length) out.add(chain.nodes[i + 1].name);
    const d = this.flowNode(name);
    if (d?.kind === 'Branch') {
      for (const a of d.arms) out.add(a.target.name);
      if (d.else) out.add(d.else.target.name);
    }
    return [...out];
  }

  /** Whether `to` can reach `from` along the edges, ignoring the edges `skip` says to. */
  reaches(from: string, to: string, skip: (a: string, b: string) => boolean = () => false): boolean {
    const seen = new Set<string>([from]);
    const stack = [from];
    while (stack.length) {
      const cur = stack.pop()!;
      if (cur === to) return true;
      for (const t of this.targets(cur)) if (!skip(cur, t) && !seen.has(t)) (seen.add(t), stack.push(t));
    }
    return false;
  }
}

export function kindWord(d: Declaration): string {
  switch (d.kind) {
    case 'RuleSet':
      return 'rule set';
    case 'Input':
      return 'input';
    case 'Source':
      return 'source';
    case 'Param':
      return 'param';
    case 'Let':
      return 'let';
    case 'Scorecard':
      return 'scorecard';
    case 'Branch':
      return 'branch';
    case 'Decision':
      return 'decision';
    case 'Flow':
      return 'flow';
  }
}
