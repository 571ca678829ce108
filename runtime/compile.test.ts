import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../grammar/check/index.js';
import { dedent } from '../grammar/check/test-kit.js';
import { parse } from '../grammar/index.js';
import { compile, compileText } from './compile.js';
import { VerdictError } from './errors.js';
import type { BranchNode, DecisionNode, GExpr, RuleSetNode, ScorecardNode } from './graph.js';
import { loadGraph } from './schema.js';

const POLICY = dedent(`
  policy demo "Demo" version 2

  input applicant {
    id: text
    age: number
    income: money
    channel: enum("app", "partner")
    zhima: number?
    contacts: list of { name: text, in_book: bool }
  }

  source own_list "Own" { fields { listed: bool } }
  source bureau "Bureau" {
    origin external
    cost 0.50 per hit when listed
    fields { listed: bool }
  }
  source report "Report" {
    origin external
    cost 2 per query
    latency slow
    fields { dpd: number }
  }

  param min_age = 18 "Minimum age"
  param channels = ["app"]
  param rate = 18%
  let late = report.dpd > 30

  ruleset checks "Checks" order cost {
    rule late_pay "Late" { when late then reject "late" }
    rule young "Young" required { when applicant.age < min_age then reject }
    rule listed "Listed" shadow { when bureau.listed then review }
    rule own "Own" { when own_list.listed and applicant.channel in channels then reject }
  }

  scorecard score "Score" {
    base 500
    applicant.age {
      [18, 30) => 10
      else => -5
    }
    coalesce(applicant.zhima,   0) {
      in [0, 1] => 0
      < 0 => 1
      else => 3
    }
  }

  branch route "Route" {
    when applicant.channel == "partner" -> score
    else -> checks
  }

  decision offer "Offer" {
    when score > 500 and any(applicant.contacts, it.in_book) => approve {
      line revolving
      limit applicant.income * 3
      apr rate
    }
    else => reject "low"
  }

  flow {
    start -> route
    checks -> score -> offer
  }
`);

const strip = (e: GExpr): unknown => JSON.parse(JSON.stringify(e, (k, v) => (k === 'range' ? undefined : v)));

function compiled() {
  const { ast, diagnostics, graph } = compileText(POLICY);
  expect(diagnostics.map((d) => `${d.range.start.line}: ${d.code} ${d.message}`)).toEqual([]);
  return { ast, graph: graph! };
}

describe('compile', () => {
  it('puts start first, then the nodes in declaration order, with flow and branch edges', () => {
    const { graph } = compiled();
    expect(graph.schema).toBe('verdict.graph/1');
    expect(graph.policy).toEqual({ id: 'demo', title: 'Demo', version: '2' });
    expect(graph.nodes.map((n) => `${n.kind}:${n.id}`)).toEqual(['start:start', 'ruleset:checks', 'scorecard:score', 'branch:route', 'decision:offer']);
    expect(graph.nodes[0]).toMatchObject({ kind: 'start', next: 'route' });
    expect(graph.edges.map((e) => [e.from, e.to, e.kind, e.index])).toEqual([
      ['start', 'route', 'flow', undefined],
      ['checks', 'score', 'flow', undefined],
      ['score', 'offer', 'flow', undefined],
      ['route', 'score', 'branch', 0],
      ['route', 'checks', 'branch', -1],
    ]);
    const route = graph.nodes[3] as BranchNode;
    expect(route.else).toBe('checks');
    expect(route.arms.map((a) => a.target)).toEqual(['score']);
  });

  it('orders rules by cost class under `order cost`, stable on ties, keeping the written index', () => {
    const checks = compiled().graph.nodes[1] as RuleSetNode;
    expect(checks.rules.map((r) => [r.id, r.costRank, r.writtenIndex, r.sources])).toEqual([
      ['young', 0, 1, []],
      ['own', 1, 3, ['own_list']],
      ['listed', 9, 2, ['bureau']],
      ['late_pay', 12, 0, ['report']],
    ]);
    expect(checks.rules[0]).toMatchObject({ switch: 'required', outcome: 'reject' });
    expect(checks.rules[3]).toMatchObject({ reason: 'late', title: 'Late' });
    expect(checks.next).toBe('score');
  });

  it('keeps rules as written under `order written`', () => {
    const { graph } = compileText(POLICY.replace('order cost', 'order written'));
    expect((graph!.nodes[1] as RuleSetNode).rules.map((r) => r.id)).toEqual(['late_pay', 'young', 'listed', 'own']);
  });

  it('compiles inputs, sources with cost class, typed params and lets', () => {
    const { graph } = compiled();
    expect(graph.inputs[0]).toMatchObject({ id: 'applicant', idField: 'id' });
    expect(graph.inputs[0].fields.zhima).toEqual({ type: { kind: 'number' }, optional: true });
    expect(graph.inputs[0].fields.contacts.type).toEqual({ kind: 'list', item: { name: { type: { kind: 'text' }, optional: false }, in_book: { type: { kind: 'bool' }, optional: false } } });
    expect(graph.sources.map((s) => [s.id, s.origin, s.cost, s.latency, s.costRank])).toEqual([
      ['own_list', 'own', { kind: 'free', amount: '0' }, 'fast', 1],
      ['bureau', 'external', { kind: 'per_hit', amount: '0.5', hitField: 'listed' }, 'fast', 9],
      ['report', 'external', { kind: 'per_query', amount: '2' }, 'slow', 12],
    ]);
    expect(graph.params.map((p) => [p.id, p.type, p.default, p.doc])).toEqual([
      ['min_age', { kind: 'number' }, { decimal: '18' }, 'Minimum age'],
      ['channels', { kind: 'scalar_list', item: { kind: 'text' } }, ['app'], undefined],
      ['rate', { kind: 'number' }, { decimal: '0.18' }, undefined],
    ]);
    expect(strip(graph.lets[0].expr)).toEqual({
      op: 'cmp',
      fn: '>',
      type: { kind: 'bool' },
      nullable: false,
      left: { op: 'field', owner: 'source', id: 'report', field: 'dpd', type: { kind: 'number' }, nullable: true },
      right: { op: 'num', value: '30', type: { kind: 'number' }, nullable: false },
    });
  });

  it('compiles scorecards with labels as written and typed bins', () => {
    const score = compiled().graph.nodes[2] as ScorecardNode;
    expect(score.base).toBe('500');
    expect(score.characteristics.map((c) => c.label)).toEqual(['applicant.age', 'coalesce(applicant.zhima,   0)']);
    expect(score.characteristics[0].bins.map((b) => [b.test, b.points])).toEqual([
      [{ kind: 'interval', lower: '18', lowerInclusive: true, upper: '30', upperInclusive: false }, '10'],
      [{ kind: 'else' }, '-5'],
    ]);
    expect(score.characteristics[1].bins.map((b) => b.test)).toEqual([
      { kind: 'in', values: [{ decimal: '0' }, { decimal: '1' }] },
      { kind: 'compare', op: '<', value: '0' },
      { kind: 'else' },
    ]);
    // Without the source text, the label is printed from the AST.
    const { ast } = parse(POLICY);
    const graph = compile(ast, check(ast).analysis);
    expect((graph.nodes[2] as ScorecardNode).characteristics[1].label).toBe('coalesce(applicant.zhima, 0)');
  });

  it('compiles decisions with typed terms and list functions with `it`', () => {
    const offer = compiled().graph.nodes[4] as DecisionNode;
    const approve = offer.clauses[0];
    expect(approve.outcome.decision).toBe('approve');
    expect(strip(approve.outcome.terms!.line)).toEqual({ op: 'str', value: 'revolving', type: { kind: 'enum', values: ['revolving', 'single'] }, nullable: false });
    expect(strip(approve.outcome.terms!.apr)).toEqual({ op: 'param', id: 'rate', type: { kind: 'number' }, nullable: false });
    expect((strip(approve.outcome.terms!.limit) as { type: unknown }).type).toEqual({ kind: 'money' });
    const anyCall = (approve.when as Extract<GExpr, { op: 'and' | 'or' }>).right as Extract<GExpr, { op: 'call' }>;
    expect(anyCall.fn).toBe('any');
    expect(strip(anyCall.args[1])).toMatchObject({ op: 'item_field', field: 'in_book', object: { op: 'it', type: { kind: 'record' } } });
    expect(offer.else).toMatchObject({ decision: 'reject', reason: 'low' });
    expect(offer.else.terms).toBeUndefined();
  });

  it('produces plain JSON that the schema accepts unchanged', () => {
    const { graph } = compiled();
    const json = JSON.parse(JSON.stringify(graph));
    expect(json).toEqual(graph);
    expect(loadGraph(json)).toEqual(graph);
  });

  it('compiles the samples, and their graphs load', () => {
    for (const f of ['application', 'drawdown', 'preapproval']) {
      const { graph, diagnostics } = compileText(readFileSync(new URL(`../samples/${f}.policy`, import.meta.url), 'utf8'));
      expect(diagnostics.filter((d) => d.severity === 'error'), f).toEqual([]);
      expect(() => loadGraph(JSON.parse(JSON.stringify(graph)))).not.toThrow();
    }
  });
});

describe('compileText', () => {
  it('returns parser and checker diagnostics together, sorted, and no graph when there is an error', () => {
    const text = 'policy t "T" version 1\nparam a = = 1\nlet b = nope\ndecision d "D" { else => approve }\nflow { start -> d }\n';
    const r = compileText(text);
    expect(r.graph).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.range.start.line, d.range.start.column, d.code])).toEqual([
      [2, 7, 'unused-declaration'],
      [2, 11, 'unexpected-token'],
      [3, 5, 'unused-declaration'],
      [3, 9, 'unknown-name'],
    ]);
  });

  it('leaves out what the checker finds in a part a syntax error cut short, and hints at `==`', () => {
    // `when applicant.age = 17` parses as `when applicant.age` (then an error at `=`): "not a
    // condition" would stand first, above the error that explains it.
    const text = dedent(`
      policy t "T" version 1
      input applicant {
        age: number
      }
      decision d "D" {
        when applicant.age = 17 => reject "young"
        when applicant.age > "x" => review "odd"
        else => approve
      }
      flow { start -> d }
    `);
    const r = compileText(text);
    expect(r.diagnostics.map((d) => [d.range.start.line, d.range.start.column, d.code, d.message])).toEqual([
      [6, 22, 'expected-token', 'expected `=>` but found `=`; a comparison is written `==`'],
      // A finding elsewhere stands.
      [7, 8, 'type-mismatch', 'cannot compare number with text (`applicant.age > "x"`)'],
    ]);
    // Without the syntax error, the checker's findings stand.
    const fixed = compileText(text.replace('applicant.age = 17 =>', 'applicant.age =>'));
    expect(fixed.diagnostics.map((d) => [d.range.start.line, d.code])).toEqual([
      [6, 'condition-not-bool'],
      [7, 'type-mismatch'],
    ]);
  });

  it('returns a graph alongside warnings', () => {
    const r = compileText('policy t "T" version 1\nparam unused = 1\ndecision d "D" { else => approve }\nflow { start -> d }\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unused-declaration']);
    expect(r.graph?.nodes.map((n) => n.id)).toEqual(['start', 'd']);
  });
});

describe('compile on a policy with errors', () => {
  it('throws a VerdictError, since the checker would have stopped it', () => {
    const { ast } = parse('policy t "T" version 1\nlet x = nope\ndecision d "D" { when x => approve else => reject }\nflow { start -> d }\n');
    const { analysis } = check(ast);
    expect(() => compile(ast, analysis)).toThrow(VerdictError);
    try {
      compile(ast, analysis);
    } catch (e) {
      expect((e as VerdictError).code).toBe('compile-invariant');
    }
  });
});
