import { describe, expect, it } from 'vitest';
import { compileText } from './compile.js';
import { VerdictError } from './errors.js';
import type { DecisionGraph } from './graph.js';
import { loadGraph, type GraphMigration } from './schema.js';

const POLICY = `policy p "P" version 1
input applicant { id: text, age: number }
source bureau { origin external  cost 1 per query  fields { score: number } }
param min_age = 18
let old = applicant.age > 60
ruleset checks "Checks" {
  rule young "Young" { when applicant.age < min_age or old then reject }
}
scorecard s "S" {
  base 500
  bureau.score { < 600 => 0  >= 600 => 10  missing => 0 }
}
decision d "D" {
  when s > 505 => approve { limit 1000 }
  else => reject
}
flow { start -> checks -> s -> d }
`;

/** A fresh, valid graph as plain JSON, for each test to break in its own way. */
function graphJson(): Record<string, any> {
  const { graph, diagnostics } = compileText(POLICY);
  expect(diagnostics).toEqual([]);
  return JSON.parse(JSON.stringify(graph));
}

function failure(json: unknown, migrations?: Record<string, GraphMigration>): VerdictError {
  try {
    loadGraph(json, migrations);
  } catch (e) {
    expect(e).toBeInstanceOf(VerdictError);
    return e as VerdictError;
  }
  throw new Error('loadGraph accepted a bad graph');
}

describe('loadGraph', () => {
  it('returns a valid graph as it is', () => {
    const json = graphJson();
    const g: DecisionGraph = loadGraph(json);
    expect(g).toEqual(json);
    expect(g.nodes.map((n) => n.kind)).toEqual(['start', 'ruleset', 'scorecard', 'decision']);
  });

  it('rejects what is not an object', () => {
    for (const bad of [null, [], 'graph', 3]) expect(failure(bad).code).toBe('invalid-graph');
    expect(failure(null).message).toBe('invalid decision graph at the top level: expected an object, found null');
  });

  it('rejects an unknown or absent schema clearly', () => {
    const e = failure({ ...graphJson(), schema: 'verdict.graph/9' });
    expect(e.code).toBe('unknown-graph-schema');
    expect(e.message).toBe('cannot read decision graph schema "verdict.graph/9": this Verdict reads "verdict.graph/1"; recompile the policy');
    const { schema: _, ...noSchema } = graphJson();
    expect(failure(noSchema).message).toBe('not a Verdict decision graph: `schema` is nothing, expected "verdict.graph/1"');
  });

  it('names the path of a missing or mistyped field', () => {
    const g = graphJson();
    delete g.policy.id;
    expect(failure(g).message).toBe('invalid decision graph at policy.id: expected a string, found nothing');
    const h = graphJson();
    h.nodes[1].rules[0].costRank = '0';
    expect(failure(h).message).toBe('invalid decision graph at nodes[1].rules[0].costRank: expected a number, found "0"');
    const k = graphJson();
    k.sources[0].cost.amount = '1e3';
    expect(failure(k).message).toBe('invalid decision graph at sources[0].cost.amount: expected an exact decimal string, found "1e3"');
  });

  it('requires the cost source of a rule to be one of the sources it reads', () => {
    const g = graphJson();
    g.nodes[1].rules[0].costSource = 'bureau';
    expect(failure(g).message).toBe('invalid decision graph at nodes[1].rules[0].costSource: source "bureau" is not among the rule\'s sources');
  });

  it('rejects unknown node kinds and a graph that does not start with `start`', () => {
    const g = graphJson();
    g.nodes[2].kind = 'model';
    expect(failure(g).message).toBe('invalid decision graph at nodes[2].kind: expected one of start, ruleset, scorecard, branch, decision, found "model"');
    const h = graphJson();
    h.nodes.push(h.nodes.shift());
    expect(failure(h).message).toBe('invalid decision graph at nodes[0]: the first node must be the `start` node');
    const k = graphJson();
    k.nodes.push({ ...k.nodes[1] });
    expect(failure(k).message).toBe('invalid decision graph at nodes[4].id: duplicate id "checks"');
  });

  it('rejects references to nodes that do not exist, in edges and in successors', () => {
    const g = graphJson();
    g.edges[1].to = 'nowhere';
    expect(failure(g).message).toBe('invalid decision graph at edges[1].to: "nowhere" is not a node of the graph');
    const h = graphJson();
    h.nodes[1].next = 'start';
    expect(failure(h).message).toBe('invalid decision graph at nodes[1].next: "start" is not a node of the graph');
  });

  it('checks expressions: ops, and the params, lets, scores and fields they name', () => {
    const g = graphJson();
    g.nodes[1].rules[0].when.op = 'xor';
    expect(failure(g).message).toBe('invalid decision graph at nodes[1].rules[0].when.op: unknown expression op "xor"');
    const h = graphJson();
    h.nodes[1].rules[0].when.left.right.id = 'max_age';
    expect(failure(h).message).toBe('invalid decision graph at nodes[1].rules[0].when.left.right.id: param "max_age" is not declared in the graph');
    const k = graphJson();
    k.nodes[2].characteristics[0].expr.field = 'scor';
    expect(failure(k).message).toBe('invalid decision graph at nodes[2].characteristics[0].expr.field: source "bureau" has no field "scor"');
    const m = graphJson();
    m.nodes[3].clauses[0].when.left.id = 'other';
    expect(failure(m).message).toBe('invalid decision graph at nodes[3].clauses[0].when.left.id: scorecard "other" is not declared in the graph');
  });

  it('checks bins and offer terms', () => {
    const g = graphJson();
    g.nodes[2].characteristics[0].bins[0].test.kind = 'between';
    expect(failure(g).message).toContain('nodes[2].characteristics[0].bins[0].test.kind: expected one of interval, compare');
    const h = graphJson();
    h.nodes[3].clauses[0].outcome.terms.limit.type = { kind: 'integer' };
    expect(failure(h).message).toContain('nodes[3].clauses[0].outcome.terms.limit.type.kind: expected one of number');
  });
});

describe('loadGraph migrations', () => {
  /** A stand-in for a future change: /0 named the start node's successor `first`. */
  const fromV0: GraphMigration = (g) => ({
    ...g,
    schema: 'verdict.graph/1',
    nodes: (g.nodes as Record<string, unknown>[]).map(({ first, ...n }) => (n.kind === 'start' ? { ...n, next: first } : n)),
  });

  it('lifts an older graph through its migration, then validates it', () => {
    const v1 = graphJson();
    const v0 = { ...v1, schema: 'verdict.graph/0', nodes: v1.nodes.map((n: any) => (n.kind === 'start' ? { ...n, next: undefined, first: n.next } : n)) };
    expect(loadGraph(v0, { 'verdict.graph/0': fromV0 })).toEqual(v1);
  });

  it('chains migrations and validates the result', () => {
    const v1 = graphJson();
    const migrations: Record<string, GraphMigration> = {
      'verdict.graph/a': (g) => ({ ...g, schema: 'verdict.graph/b' }),
      'verdict.graph/b': (g) => ({ ...g, schema: 'verdict.graph/1' }),
    };
    expect(loadGraph({ ...v1, schema: 'verdict.graph/a' }, migrations)).toEqual(v1);
    const broken: Record<string, GraphMigration> = { 'verdict.graph/0': ({ policy: _, ...g }) => ({ ...g, schema: 'verdict.graph/1' }) };
    expect(failure({ ...v1, schema: 'verdict.graph/0' }, broken).message).toBe('invalid decision graph at policy: expected an object, found nothing');
  });

  it('stops on a migration that loops, and lists what it can migrate', () => {
    const v1 = graphJson();
    const loop: Record<string, GraphMigration> = { 'verdict.graph/0': (g) => g };
    const e = failure({ ...v1, schema: 'verdict.graph/0' }, loop);
    expect(e.code).toBe('unknown-graph-schema');
    expect(e.message).toContain('and migrates "verdict.graph/0"');
  });
});
