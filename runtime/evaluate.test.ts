import { describe, expect, it } from 'vitest';
import { compileText } from './compile.js';
import { prepare, type Evaluator, type PrepareOptions } from './evaluate.js';
import type { Overrides } from './overrides.js';
import type { DecisionResult, NodeTrace, RuleTrace } from './result.js';

// Policies are written as text and compiled, as users write them; HEAD declares what they read.
const HEAD = `policy t "Test" version 1
input applicant {
  id: text
  age: number
  income: money
  debt: money
  zhima: number?
  channel: enum("app", "h5", "partner")
  applied_at: date
  contacts: list of { name: text, relation: text, in_book: bool, amount: money? }?
}
source own_list "Own blacklist" {
  fields { listed: bool }
}
source bureau "Bureau blacklist" {
  origin external
  cost 0.50 per hit when listed
  fields { listed: bool, reason: text? }
}
source report "Credit report" {
  origin external
  cost 2 per query
  latency slow
  fields { score: number, open_loans: number? }
}
`;

const APPROVE_ALL = `decision offer "Offer" {
  when applicant.age >= 0 => approve
  else => reject "never"
}`;

function build(body: string, overrides?: Partial<Overrides>, options?: PrepareOptions): Evaluator {
  const r = compileText(HEAD + body);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`).join('\n'));
  return prepare(r.graph, overrides, options);
}

/** A rule set `checks` followed by the approve-all decision. */
function rules(ruleText: string, order = 'written', overrides?: Partial<Overrides>, options?: PrepareOptions): Evaluator {
  return build(`ruleset checks "Checks" order ${order} {\n${ruleText}\n}\n${APPROVE_ALL}\nflow { start -> checks -> offer }\n`, overrides, options);
}

const applicant = (over: Record<string, unknown> = {}) => ({
  id: 'A1',
  age: 30,
  income: 10000,
  debt: 2000,
  zhima: 650,
  channel: 'app',
  applied_at: '2026-03-01',
  contacts: [
    { name: '张三', relation: 'friend', in_book: true, amount: '100.10' },
    { name: '李四', relation: 'parent', in_book: true, amount: 200 },
  ],
  ...over,
});

const record = (a: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => ({
  applicant: applicant(a),
  own_list: { listed: false },
  bureau: { listed: false },
  report: { score: 700 },
  ...rest,
});

const ruleTraces = (r: DecisionResult): RuleTrace[] =>
  (r.trace?.nodes ?? []).flatMap((n: NodeTrace) => (n.kind === 'ruleset' ? n.rules : []));
const stateOf = (r: DecisionResult, rule: string) => ruleTraces(r).find((t) => t.rule === rule)?.state;

describe('rule outcomes', () => {
  const ev = rules(`
  rule young "Young" { when applicant.age < 21 then reject "too young" }
  rule low_income { when applicant.income < 3000 then review "low income" }
  rule h5 { when applicant.channel == "h5" then flag "h5 channel" }
  rule old { when applicant.age > 60 then reject "too old" }`);

  it('the first reject stops the evaluation: later rules are not_run', () => {
    const r = ev.decide(record({ age: 19, channel: 'h5' }), { trace: true });
    expect(r.decision).toBe('reject');
    expect(r.reasons).toEqual(['too young']);
    expect(r.hits.map((h) => h.rule)).toEqual(['young']);
    expect(ruleTraces(r).map((t) => [t.rule, t.state])).toEqual([
      ['young', 'hit'],
      ['low_income', 'not_run'],
      ['h5', 'not_run'],
      ['old', 'not_run'],
    ]);
    expect(r.trace!.path).toEqual(['start', 'checks']);
    expect(r.terms).toBeUndefined();
  });

  it('a review hit caps an approve at review', () => {
    const r = ev.decide(record({ income: 2500 }));
    expect(r.decision).toBe('review');
    expect(r.reasons).toEqual(['low income']);
    expect(r.hits).toEqual([{ rule: 'low_income', node: 'checks', outcome: 'review', reason: 'low income' }]);
  });

  it('a flag is recorded only', () => {
    const r = ev.decide(record({ channel: 'h5' }));
    expect(r.decision).toBe('approve');
    expect(r.reasons).toEqual([]);
    expect(r.hits).toEqual([{ rule: 'h5', node: 'checks', outcome: 'flag', reason: 'h5 channel' }]);
  });

  it('a rule without a reason is reported by its id', () => {
    const r = rules(`rule plain { when applicant.age < 21 then reject }`).decide(record({ age: 19 }));
    expect(r.reasons).toEqual(['plain']);
  });

  it('a reject ends the whole flow, not just the rule set', () => {
    const two = build(`
ruleset first { rule young { when applicant.age < 21 then reject "young" } }
ruleset second { rule paid { when report.score < 500 then reject "score" } }
${APPROVE_ALL}
flow { start -> first -> second -> offer }`);
    const r = two.decide(record({ age: 19 }), { trace: true });
    expect(r.decision).toBe('reject');
    expect(r.trace!.path).toEqual(['start', 'first']);
    expect(r.sourcesCalled).toEqual([]);
    expect(r.cost.total).toBe('0');
  });
});

describe('switches', () => {
  it('a shadow rule runs and is recorded with no effect on the decision', () => {
    const ev = rules(`
  rule trial "Trial" shadow { when applicant.age < 40 then reject "trial" }
  rule after { when applicant.age > 0 then flag "ran" }`);
    const r = ev.decide(record(), { trace: true });
    expect(r.decision).toBe('approve');
    expect(r.reasons).toEqual([]);
    expect(r.hits).toEqual([
      { rule: 'trial', node: 'checks', outcome: 'reject', reason: 'trial', shadow: true },
      { rule: 'after', node: 'checks', outcome: 'flag', reason: 'ran' },
    ]);
    expect(ruleTraces(r)[0]).toMatchObject({ rule: 'trial', state: 'shadow_hit', shadow: true });
    const quiet = ev.decide(record({ age: 50 }), { trace: true });
    expect(ruleTraces(quiet)[0]).toMatchObject({ rule: 'trial', state: 'pass', shadow: true });
  });

  it('an off rule is kept but not run: its sources are not called', () => {
    const ev = rules(`
  rule paid "Paid" off { when report.score < 800 then reject "low score" }`);
    const r = ev.decide(record(), { trace: true });
    expect(r.decision).toBe('approve');
    expect(stateOf(r, 'paid')).toBe('off');
    expect(ruleTraces(r)[0].reads).toEqual({});
    expect(r.sourcesCalled).toEqual([]);
  });

  it('overrides switch rules on and off at prepare time', () => {
    const text = `
  rule paid off { when report.score < 800 then reject "low score" }
  rule young { when applicant.age < 40 then review "young" }`;
    expect(rules(text, 'written', { switches: { paid: 'on' } }).decide(record()).decision).toBe('reject');
    const r = rules(text, 'written', { switches: { young: 'shadow' } }).decide(record());
    expect(r.decision).toBe('approve');
    expect(r.hits).toEqual([{ rule: 'young', node: 'checks', outcome: 'review', reason: 'young', shadow: true }]);
    expect(rules(text, 'written', { switches: { young: 'off' } }).decide(record()).decision).toBe('approve');
  });

  it('overrides set params', () => {
    const ev = build(`param min_age = 18
ruleset checks { rule young { when applicant.age < min_age then reject "young" } }
${APPROVE_ALL}
flow { start -> checks -> offer }`, { params: { min_age: { decimal: '31' } } });
    const r = ev.decide(record(), { trace: true });
    expect(r.decision).toBe('reject');
    expect(ruleTraces(r)[0].reads).toEqual({ 'applicant.age': '30', min_age: '31' });
  });
});

describe('rule order', () => {
  const body = `
  rule paid "Paid report" { when report.score < 800 then reject "low score" }
  rule bureau_hit "Bureau" { when bureau.listed then reject "blacklisted" }
  rule own_hit "Own list" { when own_list.listed then reject "own list" }
  rule young "Age" { when applicant.age < 40 then reject "young" }`;

  it('order cost runs the graph order: own and free first, per-query last', () => {
    const r = rules(body, 'cost').decide(record(), { trace: true });
    expect(ruleTraces(r).map((t) => t.rule)).toEqual(['young', 'own_hit', 'bureau_hit', 'paid']);
    expect(r.reasons).toEqual(['young']);
    expect(r.sourcesCalled).toEqual([]);
    expect(r.cost).toEqual({ total: '0', bySource: {} });
  });

  it('order written runs rules as written, paying for the report first', () => {
    const r = rules(body, 'written').decide(record(), { trace: true });
    expect(ruleTraces(r).map((t) => t.rule)).toEqual(['paid', 'bureau_hit', 'own_hit', 'young']);
    expect(r.reasons).toEqual(['low score']);
    expect(r.sourcesCalled).toEqual(['report']);
    expect(r.cost).toEqual({ total: '2', bySource: { report: '2' } });
  });
});

describe('missing values', () => {
  it('a comparison with missing is false and the rule state is missing', () => {
    const ev = rules(`rule low_zhima { when applicant.zhima < 600 then reject "low zhima" }`);
    const r = ev.decide(record({ zhima: null }), { trace: true });
    expect(r.decision).toBe('approve');
    expect(stateOf(r, 'low_zhima')).toBe('missing');
    expect(ruleTraces(r)[0].reads).toEqual({ 'applicant.zhima': null });
    expect(stateOf(ev.decide(record({ zhima: 700 }), { trace: true }), 'low_zhima')).toBe('pass');
  });

  it('arithmetic with missing is missing', () => {
    const ev = rules(`rule sum_low { when applicant.zhima + 100 < 10000 then reject "low" }
  rule neq { when applicant.zhima != 1 then flag "neq" }`);
    const r = ev.decide(record({ zhima: undefined }), { trace: true });
    expect(r.decision).toBe('approve');
    expect(stateOf(r, 'sum_low')).toBe('missing');
    expect(stateOf(r, 'neq')).toBe('missing');
  });

  it('`not` of a comparison with missing is true: the comparison itself is false', () => {
    const ev = rules(`rule not_high { when not (applicant.zhima >= 600) then review "not high" }
  rule neg { when -applicant.zhima < 0 then flag "neg" }`);
    const r = ev.decide(record({ zhima: null }), { trace: true });
    expect(r.hits.map((h) => h.rule)).toEqual(['not_high']);
    expect(stateOf(r, 'neg')).toBe('missing');
  });

  it('is missing / is present test for it', () => {
    const ev = rules(`rule none { when applicant.zhima is missing then review "no zhima" }
  rule some { when applicant.zhima is present then flag "has zhima" }`);
    expect(ev.decide(record({ zhima: null })).hits.map((h) => h.rule)).toEqual(['none']);
    expect(ev.decide(record()).hits.map((h) => h.rule)).toEqual(['some']);
  });

  it('a missing bool fails `and` only when nothing else decides it', () => {
    const ev = rules(`rule both { when bureau.listed and applicant.age > 18 then reject "both" }
  rule either { when bureau.listed or applicant.age > 18 then flag "either" }`);
    const r = ev.decide(record({}, { bureau: null }), { trace: true });
    expect(stateOf(r, 'both')).toBe('missing');
    expect(stateOf(r, 'either')).toBe('hit');
  });

  it('an absent source leaves its fields missing, not an error', () => {
    const ev = rules(`rule listed { when bureau.listed then reject "listed" }`);
    const r = ev.decide(record({}, { bureau: undefined }), { trace: true });
    expect(r.decision).toBe('approve');
    expect(stateOf(r, 'listed')).toBe('missing');
    // Read means called: the policy would have queried it, and a per-hit charge needs a hit.
    expect(r.sourcesCalled).toEqual(['bureau']);
    expect(r.cost.total).toBe('0');
  });
});

describe('lets', () => {
  it('a let is computed lazily, at most once per decision', () => {
    const seen: string[] = [];
    const ev = build(`let dti = applicant.debt / applicant.income
let unused_ratio = applicant.income / applicant.debt
ruleset checks {
  rule a { when dti > 0.9 then reject "a" }
  rule b { when dti > 0.8 then review "b" }
  rule c { when dti >= 0.2 then flag "c" }
}
scorecard s { dti { < 0.5 => 10  else => 0 } }
decision offer { when s > 5 and dti < 1 => approve else => reject }
flow { start -> checks -> s -> offer }`, undefined, { onLet: (id) => seen.push(id) });
    const r = ev.decide(record(), { trace: true });
    expect(r.decision).toBe('approve');
    expect(seen).toEqual(['dti']);
    expect(r.trace!.lets).toEqual([{ id: 'dti', value: '0.2' }]);
    expect(ruleTraces(r)[2].reads).toEqual({ dti: '0.2' });
    ev.decide(record());
    expect(seen).toEqual(['dti', 'dti']);
  });

  it('a let never read is never computed (no division by zero)', () => {
    const ev = build(`let ratio = applicant.income / applicant.debt
ruleset checks { rule a { when applicant.age < 18 or ratio < 1 then reject "a" } }
${APPROVE_ALL}
flow { start -> checks -> offer }`);
    expect(ev.decide(record({ age: 17, debt: 0 })).decision).toBe('reject');
    const r = ev.decide(record({ age: 30, debt: 0 }));
    expect(r.decision).toBe('error');
    // The fault names the let it happened in, after the rule that read it.
    expect(r.reasons).toEqual(['rule a: let ratio: division by zero']);
  });

  it('a fault in a let read by another let names the innermost one, traced or not', () => {
    const ev = build(`let ratio = applicant.income / applicant.debt
let doubled = ratio * 2
ruleset checks { rule a { when doubled < 1 then reject "a" } }
${APPROVE_ALL}
flow { start -> checks -> offer }`);
    for (const trace of [false, true]) expect(ev.decide(record({ age: 30, debt: 0 }), { trace }).reasons).toEqual(['rule a: let ratio: division by zero']);
  });
});

describe('exact numbers', () => {
  it('0.1 + 0.2 == 0.3', () => {
    const ev = build(`param a = 0.1
param b = 0.2
ruleset checks { rule exact { when a + b == 0.3 then flag "exact" } }
${APPROVE_ALL}
flow { start -> checks -> offer }`);
    expect(ev.decide(record()).hits.map((h) => h.rule)).toEqual(['exact']);
  });

  it('a debt of exactly 6 × income is not above it', () => {
    const ev = rules(`rule over { when applicant.debt > applicant.income * 6 then reject "over" }
  rule ratio { when applicant.debt / applicant.income > 6 then reject "ratio" }`);
    const at = ev.decide(record({ income: '1234.57', debt: '7407.42' }), { trace: true });
    expect(at.decision).toBe('approve');
    expect(ruleTraces(at).map((t) => t.state)).toEqual(['pass', 'pass']);
    expect(ev.decide(record({ income: '1234.57', debt: '7407.43' })).decision).toBe('reject');
  });

  it('decimal strings in records are exact', () => {
    const ev = rules(`rule big { when applicant.income > 12345678901234567.89 then flag "big" }`);
    expect(ev.decide(record({ income: '12345678901234567.90' })).hits).toHaveLength(1);
    expect(ev.decide(record({ income: '12345678901234567.89' })).hits).toHaveLength(0);
  });
});

describe('record errors', () => {
  const ev = rules(`rule young { when applicant.age < 21 then reject "young" }`);

  it('an absent required field makes that record an error naming the field', () => {
    const r = ev.decide(record({ age: undefined }), { index: 7 });
    expect(r).toMatchObject({ id: 'A1', decision: 'error', reasons: ['applicant.age: required field is missing'], error: { field: 'applicant.age' } });
    expect(ev.decide(record({ age: null })).reasons).toEqual(['applicant.age: required field is missing']);
  });

  it('a 400-digit number, NaN and Infinity are errors', () => {
    expect(ev.decide(record({ age: '9'.repeat(400) })).decision).toBe('error');
    expect(ev.decide(record({ age: Number('9'.repeat(400)) })).decision).toBe('error');
    expect(ev.decide(record({ age: NaN })).error?.field).toBe('applicant.age');
    expect(ev.decide(record({ age: 'NaN' })).decision).toBe('error');
    expect(ev.decide(record({ age: Infinity })).decision).toBe('error');
    expect(ev.decide(record({ age: 'Infinity' })).decision).toBe('error');
    expect(ev.decide(record({ age: 'thirty' })).reasons[0]).toMatch(/^applicant\.age: not a number/);
  });

  it('an enum value must be one of its values', () => {
    const r = ev.decide(record({ channel: 'web' }));
    expect(r.decision).toBe('error');
    expect(r.reasons[0]).toBe('applicant.channel: "web" is not one of "app", "h5", "partner"');
  });

  it('bools are strict, dates are dates, lists are validated per element', () => {
    expect(ev.decide(record({}, { bureau: { listed: 1 } })).reasons[0]).toMatch(/^bureau\.listed: expected true or false/);
    expect(ev.decide(record({}, { bureau: { listed: 'true' } })).decision).toBe('approve');
    expect(ev.decide(record({ applied_at: '2026-02-30' })).error?.field).toBe('applicant.applied_at');
    expect(ev.decide(record({ applied_at: '2026-03-01T10:00:00+08:00' })).decision).toBe('approve');
    const bad = ev.decide(record({ contacts: [{ name: 'a', relation: 'b', in_book: true }, { name: 'c', in_book: false }] }));
    expect(bad.reasons).toEqual(['applicant.contacts[1].relation: required field is missing']);
    expect(ev.decide(record({}, { report: { open_loans: 1 } })).reasons).toEqual(['report.score: required field is missing']);
  });

  it('an absent input, a non-object record and garbage never throw', () => {
    expect(ev.decide({}).reasons).toEqual(['applicant: the input is missing']);
    expect(ev.decide(null, { index: 3 })).toMatchObject({ id: 3, decision: 'error' });
    expect(ev.decide('nope').decision).toBe('error');
    expect(ev.decide([1, 2]).decision).toBe('error');
    expect(ev.decide(record({ contacts: 'not json' })).error?.field).toBe('applicant.contacts');
  });

  it('a caller object whose reads throw is an error result, traced or not, never a throw', () => {
    // What an embedding service may hand over instead of parsed JSON: a proxy, a revoked one, a
    // getter that throws a value which cannot even be printed.
    const proxy = new Proxy(record(), {
      get() {
        throw new Error('proxy read');
      },
    });
    const { proxy: revoked, revoke } = Proxy.revocable(record(), {});
    revoke();
    const unprintable = record();
    Object.defineProperty(unprintable.applicant, 'age', {
      enumerable: true,
      get() {
        throw { toString: () => { throw new Error('no'); } };
      },
    });
    for (const [raw, id] of [[proxy, 9], [revoked, 9], [unprintable, 'A1']] as const)
      for (const trace of [false, true]) {
        const r = ev.decide(raw, { index: 9, trace });
        expect(r).toMatchObject({ id, decision: 'error' });
        expect(r.reasons[0]).toMatch(/^internal: /);
        expect(() => JSON.stringify(r)).not.toThrow();
      }
    expect(ev.decide(record()).decision).toBe('approve');
  });

  it('unknown keys are ignored, JSON text lists are accepted (CSV cells)', () => {
    const r = ev.decide(record({ extra: 1, contacts: JSON.stringify([{ name: 'x', relation: 'y', in_book: true }]) }, { unknown_source: { a: 1 } }));
    expect(r.decision).toBe('approve');
  });

  it('__proto__, constructor and prototype keys are data: Object.prototype stays clean', () => {
    const raw = JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "applicant": {"__proto__": {"age": 5, "polluted": true}, "id": "P", "age": 30, "income": 1, "debt": 0, "channel": "app", "applied_at": "2026-03-01", "contacts": [{"__proto__": {"x": 1}, "name": "a", "relation": "b", "in_book": true}]}}',
    );
    const r = ev.decide(raw, { trace: true });
    expect(r.decision).toBe('approve');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // A record lacking a field does not find it on the prototype chain either.
    const noAge = JSON.parse('{"applicant": {"id": "Q", "income": 1, "debt": 0, "channel": "app", "applied_at": "2026-03-01"}}');
    expect(ev.decide(noAge).reasons).toEqual(['applicant.age: required field is missing']);
  });

  it('names a record by its id field, else by its position', () => {
    expect(ev.decide(record(), { index: 4 }).id).toBe('A1');
    const noId = build(`ruleset checks { rule r { when x.v > 1 then flag "f" } }\n${APPROVE_ALL}\nflow { start -> checks -> offer }`.replace('x.v', 'applicant.age'));
    expect(noId.decide(record({ id: undefined }), { index: 4 }).id).toBe(4);
  });
});

describe('list functions', () => {
  const ev = rules(`
  rule strangers { when count(applicant.contacts, not it.in_book) >= 1 then flag "stranger" }
  rule no_parent { when not any(applicant.contacts, it.relation == "parent") then flag "no parent" }
  rule all_known { when all(applicant.contacts, it.in_book) then flag "all known" }
  rule owed { when sum(applicant.contacts, it.amount) > 300 then flag "owed" }
  rule mean { when avg(applicant.contacts, it.amount) == 150.05 then flag "mean" }
  rule many { when count(applicant.contacts) > 2 then flag "many" }
  rule named { when any(applicant.contacts, len(it.name) == 2 and starts_with(it.name, "张")) then flag "zhang" }`);

  const fired = (r: DecisionResult) => r.hits.map((h) => h.rule);

  it('count, any, all, sum, avg with `it`', () => {
    expect(fired(ev.decide(record()))).toEqual(['all_known', 'owed', 'mean', 'named']);
    const r = ev.decide(record({ contacts: [{ name: 'x', relation: 'friend', in_book: false, amount: 1 }] }));
    expect(fired(r)).toEqual(['strangers', 'no_parent']);
  });

  it('an empty list: count 0, any false, all true, sum 0, avg missing', () => {
    const r = ev.decide(record({ contacts: [] }), { trace: true });
    expect(fired(r)).toEqual(['no_parent', 'all_known']);
    expect(stateOf(r, 'mean')).toBe('missing');
  });

  it('a missing list makes them missing; a missing element value makes sum missing', () => {
    const r = ev.decide(record({ contacts: null }), { trace: true });
    expect(fired(r)).toEqual([]);
    expect(stateOf(r, 'strangers')).toBe('missing');
    const partial = ev.decide(record({ contacts: [{ name: 'x', relation: 'parent', in_book: true }] }), { trace: true });
    expect(stateOf(partial, 'owed')).toBe('missing');
  });
});

describe('dates', () => {
  const ev = rules(`rule recent { when days_since(applicant.applied_at) < 30 then flag "recent" }
  rule months { when months_since(applicant.applied_at) >= 12 then flag "old" }`);

  it('are relative to the record as_of, never the wall clock', () => {
    expect(ev.decide(record({}, { as_of: '2026-03-10' })).hits.map((h) => h.rule)).toEqual(['recent']);
    expect(ev.decide(record({}, { as_of: '2027-03-01' })).hits.map((h) => h.rule)).toEqual(['months']);
    expect(ev.decide(record({}, { as_of: '2027-02-28' })).hits.map((h) => h.rule)).toEqual([]);
  });

  it("default to the first input's applied_at", () => {
    const r = ev.decide(record(), { trace: true });
    expect(r.trace!.asOf).toBe('2026-03-01');
    expect(r.hits.map((h) => h.rule)).toEqual(['recent']);
  });

  it('a bad as_of is an error of the record', () => {
    expect(ev.decide(record({}, { as_of: 'yesterday' })).error?.field).toBe('as_of');
  });
});

describe('sources and cost', () => {
  const ev = rules(`
  rule listed { when bureau.listed then review "listed" }
  rule weak { when report.score < 600 then review "weak" }
  rule loans { when report.open_loans > 3 then review "loans" }`);

  it('a per-hit source costs only when its hit field is true; a per-query source once', () => {
    const clean = ev.decide(record());
    expect(clean.sourcesCalled).toEqual(['bureau', 'report']);
    expect(clean.cost).toEqual({ total: '2', bySource: { bureau: '0', report: '2' } });
    const hit = ev.decide(record({}, { bureau: { listed: true } }));
    expect(hit.cost).toEqual({ total: '2.5', bySource: { bureau: '0.5', report: '2' } });
  });

  it('a source read in a scorecard or decision counts too', () => {
    const sc = build(`scorecard s { report.score { >= 600 => 10  else => 0 } }
decision offer { when s >= 10 => approve else => reject }
flow { start -> s -> offer }`);
    const r = sc.decide(record(), { trace: true });
    expect(r.sourcesCalled).toEqual(['report']);
    expect(r.trace!.sources).toEqual([{ id: 'report', charge: '2' }]);
  });
});

describe('scorecards, branches, decisions', () => {
  const ev = build(`param approve_score = 540
param review_score = 500
let dti = applicant.debt / applicant.income
branch route "Route" {
  when applicant.channel == "partner" -> partner_checks
  else -> app_score
}
ruleset partner_checks { rule p { when applicant.age < 25 then review "young partner" } }
scorecard app_score "Score" {
  base 500
  applicant.age {
    [18, 25) => 5
    [25, 40) => 20
    [40, 61) => 10
  }
  applicant.zhima {
    >= 700 => 30
    [600, 700) => 10
    missing => -5
    else => 0
  }
  dti {
    < 0.3 => 25
    else => -10
  }
}
decision offer "Offer" {
  when app_score >= approve_score => approve {
    line revolving
    limit min(applicant.income * 3, floor(applicant.income * 2.5, 1000))
    apr 18%
    term 12
    valid 365
  }
  when app_score >= review_score => review "grey zone" {
    limit 1000
  }
  else => reject "score too low"
}
flow {
  start -> route
  partner_checks -> app_score -> offer
}`);

  it('scores every characteristic and offers the terms of the clause taken', () => {
    const r = ev.decide(record({ income: '8500.50' }), { trace: true });
    expect(r.decision).toBe('approve');
    expect(r.scores).toEqual({ app_score: '555' });
    expect(r.terms).toEqual({ line: 'revolving', limit: '21000', apr: '0.18', term: '12', valid: '365' });
    const sc = r.trace!.nodes.find((n) => n.kind === 'scorecard');
    expect(sc).toMatchObject({
      base: '500',
      score: '555',
      characteristics: [
        { label: 'applicant.age', value: '30', bin: '[25, 40)', points: '20' },
        { label: 'applicant.zhima', value: '650', bin: '[600, 700)', points: '10' },
        { label: 'dti', bin: '< 0.3', points: '25' },
      ],
    });
    expect(r.trace!.path).toEqual(['start', 'route', 'app_score', 'offer']);
    expect(r.trace!.nodes[1]).toMatchObject({ kind: 'branch', arm: 'else', target: 'app_score', reads: { 'applicant.channel': 'app' } });
    expect(r.trace!.nodes[3]).toMatchObject({ kind: 'decision', clause: 0, outcome: 'approve', reads: { app_score: '555', approve_score: '540' } });
    // The values behind the terms: the limit is min(income × 3, floor(income × 2.5, 1000)).
    expect((r.trace!.nodes[3] as Extract<NodeTrace, { kind: 'decision' }>).termReads).toEqual({ 'applicant.income': '8500.5' });
    // Untraced, the same terms.
    expect(ev.decide(record({ income: '8500.50' })).terms).toEqual(r.terms);
  });

  it('a characteristic with no matching bin scores 0 and says so', () => {
    const r = ev.decide(record({ age: 70 }), { trace: true });
    const sc = r.trace!.nodes.find((n) => n.kind === 'scorecard') as Extract<NodeTrace, { kind: 'scorecard' }>;
    expect(sc.characteristics[0]).toEqual({ label: 'applicant.age', value: '70', bin: 'no match', points: '0' });
    expect(sc.characteristics[1]).toMatchObject({ bin: '[600, 700)' });
    expect(r.scores.app_score).toBe('535');
    expect(r.decision).toBe('review');
    expect(r.reasons).toEqual(['grey zone']);
    expect(r.terms).toEqual({ limit: '1000' });
  });

  it('a branch arm leads to its target, and the else clause decides', () => {
    const r = ev.decide(record({ channel: 'partner', age: 22, zhima: null, debt: 9000 }), { trace: true });
    expect(r.trace!.path).toEqual(['start', 'route', 'partner_checks', 'app_score', 'offer']);
    expect(r.trace!.nodes[1]).toMatchObject({ kind: 'branch', arm: 0, target: 'partner_checks' });
    expect(r.scores.app_score).toBe('490');
    expect(r.decision).toBe('reject');
    expect(r.reasons).toEqual(['score too low']);
    expect(r.hits.map((h) => h.rule)).toEqual(['p']);
    expect(r.terms).toBeUndefined();
  });

  it('review hits cap an approve and keep its terms as a proposal', () => {
    const r = ev.decide(record({ channel: 'partner', age: 24, zhima: 720 }));
    expect(r.scores.app_score).toBe('560');
    expect(r.decision).toBe('review');
    expect(r.reasons).toEqual(['young partner']);
    expect(r.terms?.limit).toBe('25000');
  });
});

describe('APR cap at run time', () => {
  const ev = build(`param base_apr = 0.3
ruleset checks { rule young { when applicant.age < 25 then review "young" } }
decision offer {
  when applicant.age >= 18 => approve {
    limit 1000
    apr base_apr + applicant.age / 1000
  }
  else => reject
}
flow { start -> checks -> offer }`);

  it('a computed APR above 36% turns approve into review with apr_cap', () => {
    const r = ev.decide(record({ age: 61 }));
    expect(r.decision).toBe('review');
    expect(r.reasons).toEqual(['apr_cap']);
    expect(r.terms).toEqual({ limit: '1000', apr: '0.361' });
  });

  it('exactly 36% is allowed', () => {
    const r = ev.decide(record({ age: 60 }));
    expect(r.decision).toBe('approve');
    expect(r.terms?.apr).toBe('0.36');
  });

  it('with review hits too, both reasons are given', () => {
    const capped = build(`ruleset checks { rule young { when applicant.age < 25 then review "young" } }
decision offer { when applicant.age >= 18 => approve { apr applicant.zhima / 1000 - 0.3 } else => reject }
flow { start -> checks -> offer }`).decide(record({ age: 20, zhima: 700 }));
    expect(capped.terms).toEqual({ apr: '0.4' });
    expect(capped.decision).toBe('review');
    expect(capped.reasons).toEqual(['young', 'apr_cap']);
  });

  it('a review clause whose proposed APR is above 36% carries apr_cap too; within the cap it does not', () => {
    const e = build(`decision offer {
  when applicant.age < 30 => review "young" { limit 1000 apr applicant.age / 50 }
  else => approve { limit 1000 apr 20% }
}
flow { start -> offer }`);
    expect(e.decide(record({ age: 25 }))).toMatchObject({ decision: 'review', reasons: ['young', 'apr_cap'], terms: { apr: '0.5' } });
    expect(e.decide(record({ age: 10 }))).toMatchObject({ decision: 'review', reasons: ['young'], terms: { apr: '0.2' } });
    expect(e.decide(record({ age: 40 }))).toMatchObject({ decision: 'approve', reasons: [] });
  });
});

describe('traces', () => {
  it('give every rule its state: the rules of rule sets the flow did not reach are listed as not_run, or off', () => {
    const e = build(`ruleset first { rule minor { when applicant.age < 18 then reject "minor" }  rule late { when applicant.age > 90 then reject } }
ruleset second { rule low { when applicant.zhima < 500 then reject }  rule trial "T" off { when applicant.zhima < 600 then reject } }
${APPROVE_ALL}
flow { start -> first -> second -> offer }`);
    const rejected = e.decide(record({ age: 16, zhima: 700 }), { trace: true }).trace!;
    expect(rejected.nodes.find((n) => n.id === 'first')).toMatchObject({ rules: [{ rule: 'minor', state: 'hit' }, { rule: 'late', state: 'not_run' }] });
    expect(rejected.notReached).toEqual([
      { node: 'second', rule: 'low', state: 'not_run' },
      { node: 'second', rule: 'trial', state: 'off' },
    ]);
    expect(e.decide(record({ age: 30, zhima: 700 }), { trace: true }).trace!.notReached).toEqual([]);
  });

  it('record every read value, fired or not', () => {
    const e = build(`param min_age = 18
ruleset checks { rule young { when applicant.age < min_age or applicant.zhima < 600 then reject "young" } }
${APPROVE_ALL}
flow { start -> checks -> offer }`);
    const r = e.decide(record({ age: 30, zhima: 650 }), { trace: true });
    expect(ruleTraces(r)).toEqual([
      { rule: 'young', state: 'pass', outcome: 'reject', reads: { 'applicant.age': '30', min_age: '18', 'applicant.zhima': '650' } },
    ]);
  });

  it('are absent unless asked for', () => {
    const r = rules(`rule a { when applicant.age < 18 then reject }`).decide(record());
    expect(r.trace).toBeUndefined();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('standalone rules', () => {
  const ev = rules(`
  rule young { when applicant.age < 21 then reject "young" }
  rule zh off { when applicant.zhima < 600 then review "zhima" }
  rule ratio { when applicant.debt / applicant.income > 0.5 then review "ratio" }`);

  it('evaluates one rule on its own, whatever its switch and the rules before it', () => {
    expect(ev.evalRule('young', record({ age: 19 }))).toBe('hit');
    expect(ev.evalRule('zh', record({ age: 19, zhima: 500 }))).toBe('hit');
    expect(ev.evalRule('zh', record({ zhima: null }))).toBe('missing');
    expect(ev.evalRule('zh', record())).toBe('pass');
    expect(ev.evalRule('ratio', record({ income: 0 }))).toBe('error');
    expect(ev.evalRule('young', { applicant: {} })).toBe('error');
    expect(ev.evalRules(record({ age: 19, zhima: 500 }))).toEqual({ young: 'hit', zh: 'hit', ratio: 'pass' });
    expect(() => ev.evalRule('nope', record())).toThrow(/unknown rule/);
  });

  it('a let that faults for one rule faults for the next too (no stale value)', () => {
    const e = build(`let ratio = applicant.debt / applicant.income
ruleset checks {
  rule r1 { when ratio > 0.5 then review "r1" }
  rule r2 { when ratio <= 0.5 then flag "r2" }
}
${APPROVE_ALL}
flow { start -> checks -> offer }`);
    expect(e.evalRules(record({ income: 1000, debt: 100 }))).toEqual({ r1: 'pass', r2: 'hit' });
    expect(e.evalRules(record({ income: 0, debt: 100 }))).toEqual({ r1: 'error', r2: 'error' });
  });

  it('lists the rules with their node and effective switch', () => {
    expect(ev.rules.map((r) => [r.id, r.node, r.switch])).toEqual([
      ['young', 'checks', 'on'],
      ['zh', 'checks', 'off'],
      ['ratio', 'checks', 'on'],
    ]);
  });
});

describe('faults', () => {
  it('division by zero makes the decision an error naming the rule, with a trace', () => {
    const ev = rules(`rule a { when applicant.age < 18 then flag "a" }
  rule ratio { when applicant.debt / applicant.income > 0.5 then review "ratio" }
  rule c { when applicant.age < 18 then flag "c" }`);
    const r = ev.decide(record({ income: 0 }), { trace: true });
    expect(r.decision).toBe('error');
    expect(r.reasons).toEqual(['rule ratio: division by zero']);
    expect(ruleTraces(r).map((t) => t.state)).toEqual(['pass', 'error', 'not_run']);
    // The evaluator is reusable after a fault.
    expect(ev.decide(record()).decision).toBe('approve');
  });

  it('a date function without an as-of date is an error of the record', () => {
    const ev = rules(`rule recent { when days_since(applicant.applied_at) < 30 then flag "recent" }`);
    const r = ev.decide({ applicant: applicant({ applied_at: undefined }) });
    expect(r.decision).toBe('error');
    expect(r.reasons[0]).toMatch(/^applicant\.applied_at: required field is missing/);
  });
});
