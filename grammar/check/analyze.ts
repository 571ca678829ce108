// The semantic model of a policy: symbols, the type and referent of every expression, what each
// expression reads (directly and through lets), the cost class of each rule, and the flow graph.
// Checks and the compiler read it; it reports nothing itself (problems met while typing are kept
// as `issues` for the checks that own their codes).

import type {
  BranchDecl,
  Characteristic,
  DecisionDecl,
  Expr,
  LetDecl,
  Policy,
  RuleDecl,
  RuleSetDecl,
  ScorecardDecl,
  TermDecl,
} from '../ast.js';
import { analyzeFlow, type FlowInfo } from './flow.js';
import { Typer, type ExprInfo, type ExprIssue, type Ref } from './infer.js';
import { buildSymbols, type Sym } from './symbols.js';
import { TERMS, isTermKey } from './terms.js';
import { walkExpr } from './walk.js';
import type { ValueType } from '../../runtime/graph.js';

export type { ExprInfo, ExprIssue, Ref } from './infer.js';
export type { FlowEdge, FlowInfo } from './flow.js';
export type { Sym, SymKind } from './symbols.js';

/** A place where an expression stands, with what owns it. */
export type ExprSite =
  | { role: 'rule'; expr: Expr; node: RuleSetDecl; rule: RuleDecl }
  | { role: 'characteristic'; expr: Expr; node: ScorecardDecl; characteristic: Characteristic }
  | { role: 'arm'; expr: Expr; node: BranchDecl }
  | { role: 'clause'; expr: Expr; node: DecisionDecl }
  | { role: 'term'; expr: Expr; node: DecisionDecl; term: TermDecl }
  | { role: 'let'; expr: Expr; let: LetDecl };

export interface Reads {
  params: Set<string>;
  lets: Set<string>;
  sources: Set<string>;
  scores: Set<string>;
}

/** A name or field read, and where. */
export interface SiteRef {
  expr: Expr;
  ref: Ref;
}

export interface RuleCost {
  /** Sources the condition reads, directly or through lets, sorted. */
  sources: string[];
  /** Rank of the most expensive of them; 0 when none. */
  costRank: number;
  /** The source that sets the rank. */
  costSource?: string;
}

export interface Analysis {
  symbols: Map<string, Sym>;
  rules: Map<string, { rule: RuleDecl; set: RuleSetDecl }>;
  /** Type, nullability and referent of every expression that was typed. */
  exprs: Map<Expr, ExprInfo>;
  /** Problems met while resolving and typing, each with its code. */
  issues: ExprIssue[];
  /** Every expression site, in text order; duplicates of declarations included. */
  sites: ExprSite[];
  /** The names and fields each site reads (through lets not included), in text order. */
  siteRefs: Map<Expr, SiteRef[]>;
  /** Every name written in an expression (params, lets, inputs, sources, ...), a let's own name in its body excepted. */
  mentioned: Set<string>;
  /** What each let reads, directly. */
  letDirect: Map<string, Reads>;
  /** What each let reads, through other lets too (itself excluded). */
  letClosure: Map<string, Reads>;
  /** Groups of lets that depend on each other in a circle (a let that reads itself is a group of one). */
  letCycles: string[][];
  ruleCost: Map<RuleDecl, RuleCost>;
  flow: FlowInfo;
  /** The item type of each param written as an empty list, from the values it is tested against with `in`. */
  emptyListItems: Map<string, ValueType>;
}

const emptyReads = (): Reads => ({ params: new Set(), lets: new Set(), sources: new Set(), scores: new Set() });

function mergeInto(into: Reads, from: Reads): void {
  for (const k of ['params', 'lets', 'sources', 'scores'] as const) for (const x of from[k]) into[k].add(x);
}

function readsOf(refs: readonly SiteRef[]): Reads {
  const r = emptyReads();
  for (const { ref } of refs) {
    if (ref.kind === 'param') r.params.add(ref.id);
    else if (ref.kind === 'let') r.lets.add(ref.id);
    else if (ref.kind === 'score') r.scores.add(ref.id);
    else if (ref.kind === 'field' && ref.owner === 'source') r.sources.add(ref.id);
  }
  return r;
}

export function collectSites(ast: Policy): ExprSite[] {
  const sites: ExprSite[] = [];
  for (const d of ast.declarations) {
    switch (d.kind) {
      case 'Let':
        sites.push({ role: 'let', expr: d.expr, let: d });
        break;
      case 'RuleSet':
        for (const rule of d.rules) sites.push({ role: 'rule', expr: rule.when, node: d, rule });
        break;
      case 'Scorecard':
        for (const c of d.characteristics) sites.push({ role: 'characteristic', expr: c.expr, node: d, characteristic: c });
        break;
      case 'Branch':
        for (const arm of d.arms) sites.push({ role: 'arm', expr: arm.when, node: d });
        break;
      case 'Decision': {
        const terms = (ts: TermDecl[] | undefined) => {
          for (const term of ts ?? []) if (isTermKey(term.key.name) && TERMS[term.key.name].value.kind === 'numeric') sites.push({ role: 'term', expr: term.value, node: d, term });
        };
        for (const c of d.clauses) {
          sites.push({ role: 'clause', expr: c.when, node: d });
          terms(c.outcome.terms);
        }
        terms(d.else?.terms);
        break;
      }
      default:
        break;
    }
  }
  return sites;
}

export function analyze(ast: Policy): Analysis {
  const { symbols, rules } = buildSymbols(ast);
  const typer = new Typer(symbols);
  const sites = collectSites(ast);
  for (const site of sites) {
    if (site.role === 'let') {
      const sym = symbols.get(site.let.id.name);
      if (sym?.kind === 'let' && sym.decl === site.let) typer.letInfo(sym.id);
      else typer.infer(site.expr);
    } else typer.infer(site.expr);
  }
  const exprs = typer.exprs;

  // One walk over every site: what it refers to, and which names it mentions.
  const siteRefs = new Map<Expr, SiteRef[]>();
  const mentioned = new Set<string>();
  // One visitor for all sites (a closure per site would cost more than the walk).
  let refs: SiteRef[] = [];
  let own: string | undefined;
  const visit = (x: Expr) => {
    if (x.kind === 'Name' && x.name !== own) mentioned.add(x.name);
    const ref = exprs.get(x)?.ref;
    if (ref && ref.kind !== 'it' && ref.kind !== 'item_field') refs.push({ expr: x, ref });
  };
  for (const site of sites) {
    refs = [];
    own = site.role === 'let' ? site.let.id.name : undefined;
    walkExpr(site.expr, visit);
    siteRefs.set(site.expr, refs);
  }
  // Terms that are not expressions (unknown keys, bare words) may still mention a name.
  for (const d of ast.declarations)
    if (d.kind === 'Decision')
      for (const o of [...d.clauses.map((c) => c.outcome), ...(d.else ? [d.else] : [])])
        for (const t of o.terms ?? [])
          if (!siteRefs.has(t.value))
            walkExpr(t.value, (x) => {
              if (x.kind === 'Name') mentioned.add(x.name);
            });

  const letDirect = new Map<string, Reads>();
  for (const s of symbols.values()) if (s.kind === 'let') letDirect.set(s.id, readsOf(siteRefs.get(s.decl.expr) ?? []));
  const { closure: letClosure, cycles: letCycles } = closeLets(letDirect);

  const ruleCost = new Map<RuleDecl, RuleCost>();
  for (const site of sites) {
    if (site.role !== 'rule') continue;
    const sources = new Set<string>();
    for (const { ref } of siteRefs.get(site.expr)!) {
      if (ref.kind === 'field' && ref.owner === 'source') sources.add(ref.id);
      else if (ref.kind === 'let') for (const s of letClosure.get(ref.id)?.sources ?? []) sources.add(s);
    }
    let costRank = 0;
    let costSource: string | undefined;
    const sorted = [...sources].sort();
    for (const id of sorted) {
      const s = symbols.get(id);
      if (s?.kind === 'source' && s.costRank > costRank) {
        costRank = s.costRank;
        costSource = id;
      }
    }
    ruleCost.set(site.rule, costSource ? { sources: sorted, costRank, costSource } : { sources: sorted, costRank });
  }

  return {
    symbols,
    rules,
    exprs,
    emptyListItems: new Map([...typer.emptyListItems].map(([id, { type }]) => [id, type])),
    issues: typer.issues,
    sites,
    letDirect,
    siteRefs,
    mentioned,
    letClosure,
    letCycles,
    ruleCost,
    flow: analyzeFlow(ast, symbols),
  };
}

/**
 * Transitive reads of every let, by strongly connected components (Tarjan): components come out
 * dependencies first, so each closure is built once from finished ones, whatever the let graph.
 */
function closeLets(direct: Map<string, Reads>): { closure: Map<string, Reads>; cycles: string[][] } {
  const closure = new Map<string, Reads>();
  const cycles: string[][] = [];
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;

  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of direct.get(v)!.lets) {
      if (!direct.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    const acc = emptyReads();
    for (const m of component) {
      const d = direct.get(m)!;
      mergeInto(acc, d);
      for (const dep of d.lets) {
        const c = closure.get(dep);
        if (c) mergeInto(acc, c);
      }
    }
    const selfLoop = component.length === 1 && direct.get(v)!.lets.has(v);
    if (component.length > 1 || selfLoop) cycles.push(component.reverse());
    for (const m of component) {
      const own = { params: new Set(acc.params), lets: new Set(acc.lets), sources: acc.sources, scores: acc.scores };
      own.lets.delete(m);
      closure.set(m, own);
    }
  };
  for (const v of direct.keys()) if (!index.has(v)) connect(v);
  return { closure, cycles };
}
