import { describe, expect, it } from 'vitest';
import type { Expr, LetDecl, ParamDecl, RuleSetDecl, ScorecardDecl, DecisionDecl, SourceDecl, InputDecl } from './ast.js';
import { parse } from './index.js';
import { normaliseDecimal } from './build-ast.js';

const HEAD = 'policy p "P" version 1\n';

/** Prints an expression with full parentheses, to make precedence visible. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'String':
      return JSON.stringify(e.value);
    case 'Bool':
      return String(e.value);
    case 'List':
      return `[${e.items.map(show).join(', ')}]`;
    case 'Name':
      return e.name;
    case 'Member':
      return `${show(e.object)}.${e.property.name}`;
    case 'Call':
      return `${e.callee.name}(${e.args.map(show).join(', ')})`;
    case 'Unary':
      return `(${e.op}${e.op === 'not' ? ' ' : ''}${show(e.operand)})`;
    case 'Binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'In':
      return `(${show(e.value)} ${e.negated ? 'not in' : 'in'} ${show(e.list)})`;
    case 'MissingTest':
      return `(${show(e.operand)} is ${e.negated ? 'present' : 'missing'})`;
    case 'Paren':
      return `{${show(e.inner)}}`;
    case 'Error':
      return '<error>';
  }
}

function letExpr(src: string): Expr {
  const r = parse(`${HEAD}let x = ${src}\n`);
  expect(r.diagnostics).toEqual([]);
  return (r.ast.declarations[0] as LetDecl).expr;
}

function diag(src: string) {
  return parse(src).diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column }));
}

describe('expressions', () => {
  it.each([
    ['1 + 2 * 3', '(1 + (2 * 3))'],
    ['1 - 2 - 3', '((1 - 2) - 3)'],
    ['a - (b - c)', '(a - {(b - c)})'],
    ['-a * b', '((-a) * b)'],
    ['- - a', '(-(-a))'],
    ['a or b and c', '(a or (b and c))'],
    ['not a and b', '((not a) and b)'],
    ['not a == b', '(not (a == b))'],
    ['a + 1 < b * 2', '((a + 1) < (b * 2))'],
    ['x in ["a", "b"] or y not in list_param', '((x in ["a", "b"]) or (y not in list_param))'],
    ['applicant.zhima_score is missing and b is present', '((applicant.zhima_score is missing) and (b is present))'],
    ['min(a, floor(b * 3, 100))', 'min(a, floor((b * 3), 100))'],
    ['count(applicant.contacts, not it.in_address_book) > 2', '(count(applicant.contacts, (not it.in_address_book)) > 2)'],
    ['a.order + a.line + a.cost + a.in + a.not + a.source', '(((((a.order + a.line) + a.cost) + a.in) + a.not) + a.source)'],
    ['order + cost + base + missing', '(((order + cost) + base) + missing)'],
    ['36% + 1_000_000 + 0.75', '((0.36 + 1000000) + 0.75)'],
    ['true != false', '(true != false)'],
    ['a * b + c * d - e / f', '(((a * b) + (c * d)) - (e / f))'],
    ['a or b or c and d', '((a or b) or (c and d))'],
    ['not a < 1 or b', '((not (a < 1)) or b)'],
    ['a and not b + 1 > 2 and c', '((a and (not ((b + 1) > 2))) and c)'],
    ['x + 1 in lst', '((x + 1) in lst)'],
    ['x in lst and y', '((x in lst) and y)'],
    ['a.b.c', 'a.b.c'],
    ['f(x).y * -g().z', '(f(x).y * (-g().z))'],
  ])('%s', (src, expected) => {
    expect(show(letExpr(src))).toBe(expected);
  });

  it('records exact ranges', () => {
    const e = letExpr('applicant.age < min_age');
    expect(e.range.start).toEqual({ offset: 31, line: 2, column: 9 });
    expect(e.range.end).toEqual({ offset: 54, line: 2, column: 32 });
    if (e.kind !== 'Binary') throw new Error('expected binary');
    expect(e.right.range.start.column).toBe(25);
  });
});

describe('literals', () => {
  it.each([
    ['36%', '0.36'],
    ['5%', '0.05'],
    ['0.5%', '0.005'],
    ['100%', '1'],
    ['1_000_000', '1000000'],
    ['0.70', '0.7'],
    ['007', '7'],
    ['12.500%', '0.125'],
  ])('normalises %s to %s', (raw, value) => {
    expect(normaliseDecimal(raw)).toBe(value);
  });

  it('keeps the raw number text for the formatter', () => {
    const e = letExpr('1_000');
    expect(e).toMatchObject({ kind: 'Number', value: '1000', raw: '1_000' });
  });

  it('decodes escapes and any unicode', () => {
    const e = letExpr('"年龄 \\"a\\" \\\\ \\n\\t\\u{1F600}"');
    expect(e).toMatchObject({ kind: 'String', value: '年龄 "a" \\ \n\t😀' });
  });

  it.each([
    [`${HEAD}let x = 1__0`, { code: 'invalid-number', line: 2, column: 9 }],
    [`${HEAD}let x = 1_`, { code: 'invalid-number', line: 2, column: 9 }],
    [`${HEAD}let x = "a\\qb"`, { code: 'invalid-escape', line: 2, column: 11 }],
    [`${HEAD}let x = "\\u{110000}"`, { code: 'invalid-escape', line: 2, column: 10 }],
    [`${HEAD}let x = "open\nlet y = 1`, { code: 'unterminated-string', line: 2, column: 9 }],
    [`${HEAD}let x = 1 /* open`, { code: 'unterminated-comment', line: 2, column: 11 }],
    [`${HEAD}let x = 1 # 2`, { code: 'unexpected-character', line: 2, column: 11 }],
    [`${HEAD}let x = 5.`, { code: 'invalid-number', line: 2, column: 9 }],
    [`${HEAD}let x = 5. + 1`, { code: 'invalid-number', line: 2, column: 9 }],
    [`${HEAD}let x = 5.%`, { code: 'invalid-number', line: 2, column: 9 }],
  ])('reports %j', (src, expected) => {
    expect(diag(src)).toContainEqual(expected);
  });

  it('reads a number followed directly by a dot and no digit as one malformed number', () => {
    const r = parse(`${HEAD}ruleset r {\n  rule a { when applicant.age >= 5. then reject }\n}\n`);
    expect(r.diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column, message: d.message }))).toEqual([
      { code: 'invalid-number', line: 3, column: 34, message: 'invalid number `5.`: underscores go between digits, and a decimal point needs digits on both sides' },
    ]);
  });

  const BOUND = 'at most 34 significant digits, magnitude below 10^21, no digit below 10^-34';
  it.each([
    ['99999999999999999999999999999999999999999999999999', '9999999999999999999999999999999999999...'],
    ['0.00000000000000000000000000000000000000000000001', '0.00000000000000000000000000000000000...'],
    ['1_000_000_000_000_000_000_000', '1_000_000_000_000_000_000_000'],
    ['1000000000000000000000', '1000000000000000000000'],
    ['0.00000000000000000000000000000000001', '0.00000000000000000000000000000000001'],
    ['12345678901234567.890123456789012345', '12345678901234567.890123456789012345'],
    ['100000000000000000000000%', '100000000000000000000000%'],
  ])('reports the number %s, beyond the range the runtime holds, as invalid-number at the literal', (lit, shown) => {
    const src = `${HEAD}let x = ${lit}\nlet y = -${lit}\n`;
    expect(parse(src).diagnostics.map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column, message: d.message }))).toEqual([
      { code: 'invalid-number', line: 2, column: 9, message: `number \`${shown}\` is beyond the supported range (${BOUND})` },
      { code: 'invalid-number', line: 3, column: 10, message: `number \`${shown}\` is beyond the supported range (${BOUND})` },
    ]);
  });

  it.each([
    '999999999999999999999',
    '999_999_999_999_999_999_999.99',
    '0.0000000000000000000000000000000001',
    '1234567890123456789.123456789012345',
    '99999999999999999999999%',
    '0.000000000000000000000000000000000000',
    '00000000000000000000000000000000000000000000007',
  ])('accepts the number %s, within the range', (lit) => {
    expect(diag(`${HEAD}let x = ${lit}\nlet y = -${lit}\n`)).toEqual([]);
  });
});

describe('a byte-order mark at the start of the file', () => {
  const BOM = '\ufeff';
  const positions = (src: string) => {
    const r = parse(src);
    return {
      diagnostics: r.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} ${d.code}`),
      header: r.ast.header && [r.ast.header.range, r.ast.header.id.range].map((x) => `${x.start.line}:${x.start.column}-${x.end.line}:${x.end.column}`),
      declarations: r.ast.declarations.map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column}`),
      comments: r.ast.comments.map((c) => `${c.range.start.line}:${c.range.start.column}-${c.range.end.line}:${c.range.end.column}`),
      tokens: r.tokens.map((t) => `${t.image} ${t.startLine}:${t.startColumn}-${t.endLine}:${t.endColumn}`),
    };
  };

  it('does not move the columns of line 1', () => {
    expect(diag(`${BOM}policy p "t" version 1 @\n`)).toEqual([{ code: 'unexpected-character', line: 1, column: 24 }]);
    expect(diag(`${BOM}policy p "t" version 1 param x = 1__0\n`)).toEqual([{ code: 'invalid-number', line: 1, column: 34 }]);
    expect(diag(`${BOM}policy p "t" version 1 param x = \n`)).toEqual(diag('policy p "t" version 1 param x = \n'));
    expect(diag(`${BOM}/* open`)).toEqual(diag('/* open'));
    expect(diag(BOM)).toEqual(diag(''));
  });

  it('gives every range and token the line and column it has without the mark', () => {
    const text = 'policy p "t" version 1 /* c */ param  x = 1 // y\nlet z = x+1 param w = "a\\q"\n';
    expect(positions(BOM + text)).toEqual(positions(text));
  });

  it('keeps offsets as indexes into the text as given', () => {
    const text = `${BOM}policy p "t" version 1 param x = 1\n`;
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const id = r.ast.declarations[0].kind === 'Param' ? r.ast.declarations[0].id : undefined;
    expect(id?.range.start).toEqual({ offset: text.indexOf('x = 1'), line: 1, column: text.indexOf('x = 1') });
    expect(r.tokens[0]).toMatchObject({ image: 'policy', startOffset: 1, startColumn: 1 });
  });
});

describe('declarations', () => {
  it('parses the header', () => {
    const { ast, diagnostics } = parse('policy cash_loan "现金贷 申请" version 3\n');
    expect(diagnostics).toEqual([]);
    expect(ast.header?.id.name).toBe('cash_loan');
    expect(ast.header?.title?.value).toBe('现金贷 申请');
    expect(ast.header?.version?.value).toBe('3');
  });

  it('parses inputs with every type, commas or newlines, optional marks', () => {
    const { ast, diagnostics } = parse(`${HEAD}input applicant {
  id: text, age: number
  income: money
  vip: bool
  applied_at: date
  channel: enum("app", "h5")
  zhima_score: number?
  contacts: list of { name: text, in_address_book: bool }
  order: text
}`);
    expect(diagnostics).toEqual([]);
    const input = ast.declarations[0] as InputDecl;
    expect(input.fields.map((f) => `${f.name.name}:${f.type.kind === 'PrimitiveType' ? f.type.name : f.type.kind}${f.optional ? '?' : ''}`)).toEqual([
      'id:text',
      'age:number',
      'income:money',
      'vip:bool',
      'applied_at:date',
      'channel:EnumType',
      'zhima_score:number?',
      'contacts:ListType',
      'order:text',
    ]);
  });

  it('keeps an unknown type for the checker', () => {
    const input = parse(`${HEAD}input a { x: integer }`).ast.declarations[0] as InputDecl;
    expect(input.fields[0].type).toMatchObject({ kind: 'UnknownType', name: 'integer' });
  });

  it('parses sources with every cost form', () => {
    const { ast, diagnostics } = parse(`${HEAD}
source a { origin external cost 0.50 per hit when listed latency slow fields { listed: bool, reason: text? } }
source b { cost 2 per query }
source c { cost free origin own }
source d { fields { x: number } }`);
    expect(diagnostics).toEqual([]);
    const [a, b, c, d] = ast.declarations as SourceDecl[];
    expect(a.origin?.value).toBe('external');
    expect(a.latency?.value).toBe('slow');
    expect(a.cost).toMatchObject({ kind: 'per_hit', amount: { value: '0.5' }, when: { name: 'listed' } });
    expect(a.fields.map((f) => f.name.name)).toEqual(['listed', 'reason']);
    expect(b.cost).toMatchObject({ kind: 'per_query', amount: { value: '2' } });
    expect(c.cost?.kind).toBe('free');
    expect(c.origin?.value).toBe('own');
    expect(d.cost).toBeUndefined();
    expect(d.origin).toBeUndefined();
  });

  it('parses params with docs and literal lists', () => {
    const { ast, diagnostics } = parse(`${HEAD}param min_age = 18 "Minimum age"\nparam channels = ["app", "h5"]\nparam on = true`);
    expect(diagnostics).toEqual([]);
    const [a, b, c] = ast.declarations as ParamDecl[];
    expect(a.doc?.value).toBe('Minimum age');
    expect(b.value.kind).toBe('List');
    expect(c.value).toMatchObject({ kind: 'Bool', value: true });
  });

  it('parses rule sets, switches and outcomes', () => {
    const { ast, diagnostics } = parse(`${HEAD}ruleset identity "Identity" order cost {
  rule a "A" required { when x < 1 then reject "under age" }
  rule b off { when x < 2 then review }
  rule c shadow { when x < 3 then flag "f" }
  rule d { when x < 4 then reject }
}
ruleset plain { }`);
    expect(diagnostics).toEqual([]);
    const [rs, plain] = ast.declarations as RuleSetDecl[];
    expect(rs.order).toBe('cost');
    expect(rs.orderRange).toBeDefined();
    expect(plain.order).toBe('written');
    expect(plain.orderRange).toBeUndefined();
    expect(rs.rules.map((r) => [r.id.name, r.switch, r.outcome.kind, r.outcome.reason?.value ?? null])).toEqual([
      ['a', 'required', 'reject', 'under age'],
      ['b', 'off', 'review', null],
      ['c', 'shadow', 'flag', 'f'],
      ['d', 'on', 'reject', null],
    ]);
  });

  it('parses every bin kind', () => {
    const { ast, diagnostics } = parse(`${HEAD}scorecard s "S" {
  base 500
  applicant.age { [18, 25) => 5  (25, 40] => 20  [40, 61] => 10  (61, 99) => 1  missing => 0 }
  applicant.education { in ["master", "doctor"] => 30  "bachelor" => 20  else => -5 }
  dti { < 0.3 => 25  <= 0.5 => 10  > 0.9 => -20  >= 0.7 => -10 }
  flagged { true => -50  false => 0 }
  base_rate { -1 => 3 }
}`);
    expect(diagnostics).toEqual([]);
    const sc = ast.declarations[0] as ScorecardDecl;
    expect(sc.base?.value).toBe('500');
    expect(sc.characteristics.map((c) => c.bins.map((b) => b.kind))).toEqual([
      ['Interval', 'Interval', 'Interval', 'Interval', 'MissingBin'],
      ['InList', 'Equals', 'ElseBin'],
      ['Compare', 'Compare', 'Compare', 'Compare'],
      ['Equals', 'Equals'],
      ['Equals'],
    ]);
    expect(sc.characteristics[0].bins[1]).toMatchObject({ lowerInclusive: false, upperInclusive: true, lower: { value: '25' }, upper: { value: '40' } });
    expect(sc.characteristics[1].bins[2]).toMatchObject({ kind: 'ElseBin', points: { value: '-5', raw: '-5' } });
    expect(sc.characteristics[4].bins[0]).toMatchObject({ value: { kind: 'Number', value: '-1' } });
  });

  it('parses branches, decisions with terms and the flow', () => {
    const { ast, diagnostics } = parse(`${HEAD}branch route { when applicant.channel == "partner" -> partner else -> score }
decision offer "Offer" {
  when s >= 560 => approve {
    line revolving
    limit min(a, floor(b * 3, 100))
    apr 18%
    term 12
    valid 365
  }
  when s >= 520 => review "grey zone"
  else => reject "score too low"
}
flow {
  start -> identity -> route
  partner -> score -> offer
}`);
    expect(diagnostics).toEqual([]);
    const [branch, decision, flow] = ast.declarations;
    expect(branch).toMatchObject({ kind: 'Branch', arms: [{ target: { name: 'partner' } }], else: { target: { name: 'score' } } });
    const d = decision as DecisionDecl;
    expect(d.clauses[0].outcome.terms?.map((t) => t.key.name)).toEqual(['line', 'limit', 'apr', 'term', 'valid']);
    expect(d.clauses[1].outcome).toMatchObject({ decision: 'review', reason: { value: 'grey zone' } });
    expect(d.else).toMatchObject({ decision: 'reject', reason: { value: 'score too low' } });
    expect(flow).toMatchObject({ kind: 'Flow' });
    if (flow.kind !== 'Flow') throw new Error('flow');
    expect(flow.chains.map((c) => c.nodes.map((n) => n.name))).toEqual([
      ['start', 'identity', 'route'],
      ['partner', 'score', 'offer'],
    ]);
  });

  it('collects comments of both kinds in order', () => {
    const { ast } = parse(`// lead\n${HEAD}/* block\n spans */ param a = 1 // trailing\n`);
    expect(ast.comments.map((c) => [c.text, c.block, c.range.start.line])).toEqual([
      ['// lead', false, 1],
      ['/* block\n spans */', true, 3],
      ['// trailing', false, 4],
    ]);
  });
});

describe('errors and recovery', () => {
  it.each([
    ['input a { b: number }', { code: 'missing-header', line: 1, column: 1 }],
    [`${HEAD}ruleset r { rule a { when x < then reject } }`, { code: 'unexpected-token', line: 2, column: 31 }],
    [`${HEAD}ruleset r { rule a { when x < 1 reject } }`, { code: 'expected-token', line: 2, column: 33 }],
    [`${HEAD}param a 1`, { code: 'expected-token', line: 2, column: 9 }],
    [`${HEAD}decision d { when x => approve { limit 1 } else => reject\nflow { start -> d }`, { code: 'expected-token', line: 3, column: 1 }],
    [`${HEAD}banana split`, { code: 'unexpected-token', line: 2, column: 1 }],
    [`${HEAD}input a { b: number `, { code: 'expected-token', line: 2, column: 20 }],
  ])('%s', (src, expected) => {
    expect(diag(src)).toContainEqual(expected);
  });

  it.each([
    [`${HEAD}let x = a < b < c`, { code: 'unexpected-token', line: 2, column: 15 }],
    [`${HEAD}let x = a is missing == true`, { code: 'unexpected-token', line: 2, column: 22 }],
    [`${HEAD}let x = a == not b`, { code: 'unexpected-token', line: 2, column: 14 }],
    [`${HEAD}let x = a + not b`, { code: 'unexpected-token', line: 2, column: 13 }],
    [`${HEAD}let x = - not b`, { code: 'unexpected-token', line: 2, column: 11 }],
  ])('keeps the language of nested precedence: %s', (src, expected) => {
    expect(diag(src)).toContainEqual(expected);
  });

  it('accepts what the precedence levels allow', () => {
    for (const src of ['a and not b', '(a < b) < c', 'not not a', 'a == (not b)', 'not -a < 0', 'x in [1] and y is present']) {
      expect(diag(`${HEAD}let x = ${src}`)).toEqual([]);
    }
  });

  it('reports a second header', () => {
    expect(diag(`${HEAD}policy q "Q" version 2`)).toContainEqual({ code: 'duplicate-header', line: 2, column: 1 });
  });

  it('reports a header after a declaration once, as missing at the start', () => {
    const { diagnostics } = parse(`param a = 1\n${HEAD}policy q "Q" version 2\n`);
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message])).toEqual([
      ['missing-header', 1, 1, 'a policy file starts with its `policy` header: move the header on line 2 above the first declaration'],
      ['duplicate-header', 3, 1, 'a policy file has one `policy` header; this one is a second'],
    ]);
  });

  it('reports a source clause or a scorecard base given twice, at the second', () => {
    const src = `${HEAD}source b { origin external cost 0.5 per query cost 2 per query latency fast latency slow origin own fields { v: number } }
scorecard s { base 500 base -600 applicant.age { else => 0 } }`;
    expect(diag(src)).toEqual([
      { code: 'duplicate-field', line: 2, column: 47 },
      { code: 'duplicate-field', line: 2, column: 77 },
      { code: 'duplicate-field', line: 2, column: 90 },
      { code: 'duplicate-field', line: 3, column: 24 },
    ]);
    expect(parse(src).diagnostics[3].message).toBe('scorecard `s` gives `base` twice (first on line 3); give it once');
  });

  it('still builds the AST of what parsed around an error', () => {
    const { ast, diagnostics } = parse(`${HEAD}param a = 1
ruleset r {
  rule broken { when a < then reject }
  rule fine { when a > 1 then reject "x" }
}
decision d { when a > 1 => approve else => reject
flow { start -> r -> d }`);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(ast.declarations.map((d) => d.kind)).toEqual(['Param', 'RuleSet', 'Decision', 'Flow']);
    const rs = ast.declarations[1] as RuleSetDecl;
    expect(rs.rules.map((r) => r.id.name)).toContain('fine');
  });

  it('never throws on arbitrary text', () => {
    const samples = ['', '{', '}}}', 'policy', 'policy "x"', '"', '/*', 'ruleset { rule', 'flow { -> -> }', '\u0000\uffff', 'let = = =', 'scorecard s { a { [1, => 2 } }'];
    for (const s of samples) expect(() => parse(s)).not.toThrow();
  });

  it('anchors every diagnostic at a real position', () => {
    for (const src of ['policy p "P" version 1\nruleset r { rule a { when', 'policy p\ndecision d { when x => ', 'policy p\nflow { start ->']) {
      for (const d of parse(src).diagnostics) {
        expect(Number.isFinite(d.range.start.offset)).toBe(true);
        expect(d.range.start.line).toBeGreaterThanOrEqual(1);
      }
    }
  });
});

describe('a misspelt switch or order before a `{`', () => {
  const messages = (src: string) => parse(`${HEAD}${src}`).diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`);

  it('names the switches a rule may take, where one may stand', () => {
    expect(messages('ruleset r {\n  rule x "X" on { when 1 > 0 then flag }\n}')).toEqual([
      '3:14 unexpected-token: unexpected `on` in a rule: expected one of `required`, `off`, `shadow`: a rule with none of them is on',
    ]);
    expect(messages('ruleset r {\n  rule x disabled { when 1 > 0 then flag }\n}')).toEqual([
      '3:10 unexpected-token: unexpected `disabled` in a rule: expected one of `required`, `off`, `shadow`: a rule with none of them is on',
    ]);
    // A keyword there (not a word a switch could be misspelt as) gets the brace's message.
    expect(messages('ruleset r {\n  rule x "X" when { when 1 > 0 then flag }\n}')[0]).toContain("the rule's switch: `required`, `off` or `shadow`");
    // After a switch only `{` may follow: a second switch is not offered.
    expect(messages('ruleset r {\n  rule x required shadow { when 1 > 0 then flag }\n}')).toEqual(['3:19 expected-token: expected `{` but found `shadow`']);
  });

  it('says what a name may hold when it is written in another script, and keeps the == hint out of a param', () => {
    expect(messages('param 年龄 = 18')).toEqual([
      '2:7 unexpected-character: unexpected character `年龄`: a name is ASCII letters, digits and `_` (text in other scripts goes in a title, a doc or a string)',
      '2:10 expected-token: expected a name but found `=`',
    ]);
    // A character that is no letter gets the plain message.
    expect(messages('param a = 1 §')[0]).toBe('2:13 unexpected-character: unexpected character `§`');
  });

  it('reports a misspelt order, origin, latency or outcome at the word, and parses the rest of the declaration', () => {
    const src = [
      'source bl { origin third_party latency quick fields { listed: bool } }',
      'ruleset r order costs {',
      '  rule a { when bl.listed then rejectt "a" }',
      '  rule b { when bl.listed then review "b" }',
      '}',
    ].join('\n');
    expect(messages(src)).toEqual([
      '2:20 unexpected-token: unexpected `third_party` in a source: expected one of `own`, `external`',
      '2:40 unexpected-token: unexpected `quick` in a source: expected one of `fast`, `slow`',
      '3:17 unexpected-token: unexpected `costs` in a rule set: expected one of `written`, `cost` (did you mean `cost`?)',
      '4:32 unexpected-token: unexpected `rejectt` in a rule: expected one of `reject`, `review`, `flag` (did you mean `reject`?)',
    ]);
    // Nothing was lost to recovery: the source's field and both rules are there.
    const ast = parse(`policy p "P" version 1\n${src}\n`).ast;
    const decls = ast.declarations as { kind: string; fields?: unknown[]; rules?: { id: { name: string } }[] }[];
    expect(decls.find((d) => d.kind === 'Source')!.fields).toHaveLength(1);
    expect(decls.find((d) => d.kind === 'RuleSet')!.rules!.map((r) => r.id.name)).toEqual(['a', 'b']);
  });

  it('names the orders a rule set may take, where one may stand', () => {
    expect(messages('ruleset r "R" by_cost {\n}')).toEqual(['2:15 expected-token: expected `{` (or, before it, `order written` or `order cost`) but found `by_cost`']);
    expect(messages('ruleset r order cost cheap {\n}')).toEqual(['2:22 expected-token: expected `{` but found `cheap`']);
  });
});

describe('lines', () => {
  it('end at `\\n` only, for the lexer as for the rest: a lone `\\r` is white space, not a line break', () => {
    // An old Mac file: every position is on line 1, the lexer's error and the parser's alike.
    const text = 'policy p "P" version 1\rparam x = @\rparam y = 2 +\nparam z = 3';
    const found = parse(text).diagnostics.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column}`);
    expect(found).toEqual([`unexpected-character 1:${text.indexOf('@') + 1}`, `unexpected-token 1:${text.indexOf('@') + 3}`, 'unexpected-token 2:1']);
    expect(parse('policy p\r\nparam a = @').diagnostics.find((d) => d.code === 'unexpected-character')!.range.start).toMatchObject({ line: 2, column: 11 });
  });
});

describe('a rule that approves', () => {
  it('is told that approving is a decision\'s, once, and the rest of the file parses', () => {
    const found = parse('policy p\nruleset r {\n  rule x { when 1 > 0 then approve }\n  rule y { when 1 > 0 then reject }\n}\nparam a = 1').diagnostics;
    expect(found.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.column}`)).toEqual(['unexpected-token 3:28']);
    expect(found[0].message).toBe(
      "unexpected `approve` in a rule: expected one of `reject`, `review`, `flag`: a rule rejects, sends to review or flags; approving, with the offer's terms, is a decision's (`decision … { when … => approve { … } }`)",
    );
  });
});
