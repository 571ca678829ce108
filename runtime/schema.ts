// The boundary where a saved decision graph comes back in: `loadGraph(json)` lifts an older schema
// through the migrations, then checks the shape of `verdict.graph/1` (required fields, node kinds,
// expression ops, references between nodes, params, lets and sources) and throws a `VerdictError`
// naming the exact path of the first problem. Inside the program the types are trusted.

import { RULE_OUTCOMES, SWITCH_STATES } from '../grammar/ast.js';
import { VerdictError } from './errors.js';
import { GRAPH_SCHEMA, type DecisionGraph } from './graph.js';
import { arr, bool, decimal, fail, gexpr, has, num, obj, oneOf, optStr, range, recordType, show, str, strings, valueType, type Json, type Names } from './schema-read.js';

/** Lifts a graph of one older schema to the next one (whose `schema` the result carries). */
export type GraphMigration = (graph: Json) => Json;

/** Older schema → its migration. `verdict.graph/1` is the first schema: none exist yet. */
export const GRAPH_MIGRATIONS: Readonly<Record<string, GraphMigration>> = {};

function paramValue(v: unknown, path: string): void {
  if (typeof v === 'string' || typeof v === 'boolean') return;
  if (Array.isArray(v)) return v.forEach((x, i) => paramValue(x, `${path}[${i}]`));
  decimal(obj(v, path), 'decimal', path);
}

function outcome(v: unknown, path: string, names: Names): void {
  const o = obj(v, path);
  oneOf(o, 'decision', ['approve', 'review', 'reject'] as const, path);
  optStr(o, 'reason', path);
  if (o.terms !== undefined) for (const [k, t] of Object.entries(obj(o.terms, `${path}.terms`))) gexpr(t, `${path}.terms.${k}`, names);
  range(o, path);
}

function bin(v: unknown, path: string): void {
  const b = obj(v, path);
  const t = obj(b.test, `${path}.test`);
  const tp = `${path}.test`;
  const literal = (x: unknown, p: string) => (typeof x === 'string' || typeof x === 'boolean' ? undefined : decimal(obj(x, p), 'decimal', p));
  switch (oneOf(t, 'kind', ['interval', 'compare', 'equals', 'in', 'missing', 'else'] as const, tp)) {
    case 'interval':
      decimal(t, 'lower', tp);
      decimal(t, 'upper', tp);
      bool(t, 'lowerInclusive', tp);
      bool(t, 'upperInclusive', tp);
      break;
    case 'compare':
      oneOf(t, 'op', ['<', '<=', '>', '>='] as const, tp);
      decimal(t, 'value', tp);
      break;
    case 'equals':
      literal(t.value, `${tp}.value`);
      break;
    case 'in':
      arr(t.values, `${tp}.values`).forEach((x, i) => literal(x, `${tp}.values[${i}]`));
      break;
    default:
      break;
  }
  decimal(b, 'points', path);
  range(b, path);
}

function validate(g: Json): DecisionGraph {
  const policy = obj(g.policy, 'policy');
  str(policy, 'id', 'policy');
  optStr(policy, 'title', 'policy');
  optStr(policy, 'version', 'policy');

  const unique = (list: Json[], path: string): Set<string> => {
    const ids = new Set<string>();
    list.forEach((x, i) => {
      const id = str(x, 'id', `${path}[${i}]`);
      if (ids.has(id)) fail(`${path}[${i}].id`, `duplicate id ${show(id)}`);
      ids.add(id);
    });
    return ids;
  };

  const inputs = arr(g.inputs, 'inputs').map((x, i) => obj(x, `inputs[${i}]`));
  inputs.forEach((x, i) => {
    const p = `inputs[${i}]`;
    const fields = recordType(x.fields, `${p}.fields`);
    if (x.idField !== undefined && !has(fields, str(x, 'idField', p))) fail(`${p}.idField`, `${show(x.idField)} is not a field of the input`);
    range(x, p);
  });
  const sources = arr(g.sources, 'sources').map((x, i) => obj(x, `sources[${i}]`));
  sources.forEach((x, i) => {
    const p = `sources[${i}]`;
    optStr(x, 'title', p);
    oneOf(x, 'origin', ['own', 'external'] as const, p);
    oneOf(x, 'latency', ['fast', 'slow'] as const, p);
    const fields = recordType(x.fields, `${p}.fields`);
    const cost = obj(x.cost, `${p}.cost`);
    const kind = oneOf(cost, 'kind', ['free', 'per_hit', 'per_query'] as const, `${p}.cost`);
    decimal(cost, 'amount', `${p}.cost`);
    if (kind === 'per_hit' && !has(fields, str(cost, 'hitField', `${p}.cost`))) fail(`${p}.cost.hitField`, `${show(cost.hitField)} is not a field of the source`);
    num(x, 'costRank', p);
    range(x, p);
  });
  const params = arr(g.params, 'params').map((x, i) => obj(x, `params[${i}]`));
  params.forEach((x, i) => {
    const p = `params[${i}]`;
    valueType(x.type, `${p}.type`);
    paramValue(x.default, `${p}.default`);
    optStr(x, 'doc', p);
    range(x, p);
  });
  const lets = arr(g.lets, 'lets').map((x, i) => obj(x, `lets[${i}]`));
  const nodes = arr(g.nodes, 'nodes').map((x, i) => obj(x, `nodes[${i}]`));
  const nodeIds = unique(nodes, 'nodes');
  const names: Names = {
    params: unique(params, 'params'),
    lets: unique(lets, 'lets'),
    scores: new Set(nodes.filter((n) => n.kind === 'scorecard').map((n) => n.id as string)),
    inputs: new Map([...inputs.entries()].map(([i, x]) => [str(x, 'id', `inputs[${i}]`), x])),
    sources: new Map([...sources.entries()].map(([i, x]) => [str(x, 'id', `sources[${i}]`), x])),
  };
  lets.forEach((x, i) => {
    gexpr(x.expr, `lets[${i}].expr`, names);
    range(x, `lets[${i}]`);
  });

  const target = (o: Json, k: string, path: string) => {
    const id = str(o, k, path);
    if (!nodeIds.has(id) || id === 'start') fail(`${path}.${k}`, `${show(id)} is not a node of the graph`);
  };
  if (nodes[0]?.kind !== 'start') fail('nodes[0]', 'the first node must be the `start` node');
  nodes.forEach((n, i) => {
    const p = `nodes[${i}]`;
    optStr(n, 'title', p);
    range(n, p);
    const kind = oneOf(n, 'kind', ['start', 'ruleset', 'scorecard', 'branch', 'decision'] as const, p);
    if (kind === 'start' && i > 0) fail(`${p}.kind`, 'a graph has one `start` node, first');
    if (kind === 'start' || kind === 'ruleset' || kind === 'scorecard') target(n, 'next', p);
    if (kind === 'ruleset') {
      oneOf(n, 'order', ['written', 'cost'] as const, p);
      arr(n.rules, `${p}.rules`).forEach((r, j) => {
        const rp = `${p}.rules[${j}]`;
        const rule = obj(r, rp);
        str(rule, 'id', rp);
        optStr(rule, 'title', rp);
        oneOf(rule, 'switch', SWITCH_STATES, rp);
        gexpr(rule.when, `${rp}.when`, names);
        oneOf(rule, 'outcome', RULE_OUTCOMES, rp);
        optStr(rule, 'reason', rp);
        strings(rule.sources, `${rp}.sources`).forEach((s, k) => names.sources.has(s) || fail(`${rp}.sources[${k}]`, `source ${show(s)} is not declared in the graph`));
        num(rule, 'costRank', rp);
        optStr(rule, 'costSource', rp);
        if (rule.costSource !== undefined && !(rule.sources as string[]).includes(rule.costSource as string)) fail(`${rp}.costSource`, `source ${show(rule.costSource)} is not among the rule's sources`);
        num(rule, 'writtenIndex', rp);
        range(rule, rp);
      });
    }
    if (kind === 'scorecard') {
      decimal(n, 'base', p);
      arr(n.characteristics, `${p}.characteristics`).forEach((c, j) => {
        const cp = `${p}.characteristics[${j}]`;
        const ch = obj(c, cp);
        str(ch, 'label', cp);
        gexpr(ch.expr, `${cp}.expr`, names);
        arr(ch.bins, `${cp}.bins`).forEach((b, k) => bin(b, `${cp}.bins[${k}]`));
        range(ch, cp);
      });
    }
    if (kind === 'branch') {
      arr(n.arms, `${p}.arms`).forEach((a, j) => {
        const ap = `${p}.arms[${j}]`;
        const arm = obj(a, ap);
        gexpr(arm.when, `${ap}.when`, names);
        target(arm, 'target', ap);
        range(arm, ap);
      });
      target(n, 'else', p);
    }
    if (kind === 'decision') {
      arr(n.clauses, `${p}.clauses`).forEach((c, j) => {
        const cp = `${p}.clauses[${j}]`;
        const clause = obj(c, cp);
        gexpr(clause.when, `${cp}.when`, names);
        outcome(clause.outcome, `${cp}.outcome`, names);
        range(clause, cp);
      });
      outcome(n.else, `${p}.else`, names);
    }
  });

  arr(g.edges, 'edges').forEach((x, i) => {
    const p = `edges[${i}]`;
    const e = obj(x, p);
    const from = str(e, 'from', p);
    if (!nodeIds.has(from)) fail(`${p}.from`, `${show(from)} is not a node of the graph`);
    target(e, 'to', p);
    const kind = oneOf(e, 'kind', ['flow', 'branch'] as const, p);
    if (kind === 'branch') num(e, 'index', p);
    range(e, p);
  });
  return g as unknown as DecisionGraph;
}

/**
 * A saved graph, validated: JSON in, a `DecisionGraph` out, or a `VerdictError` (`unknown-graph-schema`
 * for a schema this version cannot read, `invalid-graph` for a broken one) saying exactly where.
 * `migrations` is for tests; by default the real table is used.
 */
export function loadGraph(json: unknown, migrations: Readonly<Record<string, GraphMigration>> = GRAPH_MIGRATIONS): DecisionGraph {
  let g = obj(json, 'the top level');
  const seen = new Set<string>();
  while (g.schema !== GRAPH_SCHEMA) {
    const schema = g.schema;
    if (typeof schema !== 'string')
      throw new VerdictError('unknown-graph-schema', `not a Verdict decision graph: \`schema\` is ${show(schema)}, expected "${GRAPH_SCHEMA}"`);
    if (!has(migrations, schema) || seen.has(schema))
      throw new VerdictError('unknown-graph-schema', `cannot read decision graph schema "${schema}": this Verdict reads "${GRAPH_SCHEMA}"${Object.keys(migrations).length ? ` and migrates ${Object.keys(migrations).map((s) => `"${s}"`).join(', ')}` : ''}; recompile the policy`);
    seen.add(schema);
    g = obj(migrations[schema](g), `the result of migrating "${schema}"`);
  }
  return validate(g);
}
