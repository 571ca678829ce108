import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Expr, Policy } from './ast.js';
import { commentText, format, FormatError, print, shapeOf } from './format.js';
import { parse } from './index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Formats text that must parse cleanly. */
function fmt(text: string): string {
  const r = format(text);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.text;
}

describe('print: the canonical layout', () => {
  it('lays out every kind of declaration', () => {
    const input = String.raw`// Header comment.

policy   demo "Demo \u{61}" version 2
input applicant { id: text, age: number
  zhima: number?   // optional
  education: enum("bachelor","master")
  contacts: list of {name: text, relation: text}
  history: list of { month: date, call_minutes: number, sms_count: number, amount: money, note: text? }
}
source bureau "Bureau" { origin external cost 0.50 per hit when listed latency slow fields { listed: bool, reason: text? } }
source own { cost free }
source q { cost 2 per query }
param min_age=18 "Minimum age"
param rate = 36%
param big = 1_000_000
let a = applicant.age+1
let b = (a - (a - 1)) * 2
ruleset identity "Identity checks" order cost {
  rule underage "Under age" required { when applicant.age < min_age then reject "under age" }
  rule z off { when not (applicant.age > 1 and applicant.age < 2) then review }
  rule s shadow {when applicant.education in ["master", "doctor"] or applicant.zhima is missing then flag "x"}
}
ruleset empty order written {}
scorecard sc "Score" { base 500
  applicant.age { [18, 25) => 5 (25, 40] => -5 missing => 0 else => -10 }
  applicant.education { in ["master", "doctor"] => 30 "bachelor" => 20 }
  a { < 0.3 => 25 >= -1 => 1 }
}
branch route { when applicant.age not in [1, 2] -> identity else -> sc }
decision offer "Offer" {
  when sc >= 600 => approve { line revolving limit min(applicant.age, floor(a * 3, 100)) apr 18% }
  when sc >= 500 => review "grey zone"
  else => reject "score too low"
}
flow { start -> identity -> route
  sc -> offer }
// The end.
`;
    expect(fmt(input)).toBe(`// Header comment.

policy demo "Demo a" version 2

input applicant {
  id: text
  age: number
  zhima: number? // optional
  education: enum("bachelor", "master")
  contacts: list of { name: text, relation: text }
  history: list of {
    month: date
    call_minutes: number
    sms_count: number
    amount: money
    note: text?
  }
}

source bureau "Bureau" {
  origin external
  cost 0.50 per hit when listed
  latency slow
  fields { listed: bool, reason: text? }
}

source own {
  cost free
}

source q {
  cost 2 per query
}

param min_age = 18 "Minimum age"
param rate = 36%
param big = 1_000_000

let a = applicant.age + 1
let b = (a - (a - 1)) * 2

ruleset identity "Identity checks" order cost {
  rule underage "Under age" required {
    when applicant.age < min_age
    then reject "under age"
  }
  rule z off {
    when not (applicant.age > 1 and applicant.age < 2)
    then review
  }
  rule s shadow {
    when applicant.education in ["master", "doctor"] or applicant.zhima is missing
    then flag "x"
  }
}

ruleset empty order written {}

scorecard sc "Score" {
  base 500
  applicant.age {
    [18, 25) => 5
    (25, 40] => -5
    missing => 0
    else => -10
  }
  applicant.education {
    in ["master", "doctor"] => 30
    "bachelor" => 20
  }
  a {
    < 0.3 => 25
    >= -1 => 1
  }
}

branch route {
  when applicant.age not in [1, 2] -> identity
  else -> sc
}

decision offer "Offer" {
  when sc >= 600 => approve {
    line revolving
    limit min(applicant.age, floor(a * 3, 100))
    apr 18%
  }
  when sc >= 500 => review "grey zone"
  else => reject "score too low"
}

flow {
  start -> identity -> route
  sc -> offer
}
// The end.
`);
  });

  it('keeps parentheses and numbers as written and re-escapes strings', () => {
    const input = String.raw`policy p
let a = ((x))  -  ( y-z )
let b = - - x * -(y + 1)
let c = not not (a and b) or x is present and y not in [1_000, 0.50, 7%]
let d = "tab\there \"q\" back\\slash \u{4e2d}\u{7}\u{1F600}\nline"
let e = f( ).g . h + g(1,[ ] , "")
`;
    expect(fmt(input)).toBe(String.raw`policy p

let a = ((x)) - (y - z)
let b = - -x * -(y + 1)
let c = not not (a and b) or x is present and y not in [1_000, 0.50, 7%]
let d = "tab\there \"q\" back\\slash 中\u{7}😀\nline"
let e = f().g.h + g(1, [], "")
`);
  });

  it('keeps params together and lets together, and separates the groups', () => {
    expect(fmt('policy p param a = 1 param b = [1, 2] "doc" let x = a let y = b param c = true')).toBe(
      'policy p\n\nparam a = 1\nparam b = [1, 2] "doc"\n\nlet x = a\nlet y = b\n\nparam c = true\n',
    );
  });

  it('prints `order written` only where it was written, and switches only when not on', () => {
    const out = fmt('policy p ruleset a { rule r { when x then flag } } ruleset b order written { rule s required { when x then flag } }');
    expect(out).toContain('ruleset a {\n  rule r {\n');
    expect(out).toContain('ruleset b order written {\n  rule s required {\n');
  });

  it('keeps a list of fields on one line up to 80 columns, and breaks it after', () => {
    // `  <name>: list of { a: text, b: text }` is 32 columns plus the name.
    const at = (width: number) => `policy p\n\ninput i {\n  ${'f'.repeat(width - 32)}: list of { a: text, b: text }\n}\n`;
    expect(at(80).split('\n')[3]).toHaveLength(80);
    expect(fmt(at(80))).toBe(at(80));
    expect(fmt(at(81))).toBe(`policy p\n\ninput i {\n  ${'f'.repeat(49)}: list of {\n    a: text\n    b: text\n  }\n}\n`);
    const longSource = 'policy p source s { fields { aaaaaaaaaaaaaaaaaaaa: text, bbbbbbbbbbbbbbbbbbbb: text, cccccccccccccccccc: text } }';
    expect(fmt(longSource)).toBe(
      'policy p\n\nsource s {\n  fields {\n    aaaaaaaaaaaaaaaaaaaa: text\n    bbbbbbbbbbbbbbbbbbbb: text\n    cccccccccccccccccc: text\n  }\n}\n',
    );
  });

  it('prints empty blocks as {} and an optional list type with its ?', () => {
    expect(fmt('policy p input i { l: list of { }? e: enum( ) } source s { } flow { }')).toBe(
      'policy p\n\ninput i {\n  l: list of {}?\n  e: enum()\n}\n\nsource s {}\n\nflow {}\n',
    );
  });

  it('adds the parentheses that a tree built by code needs to keep its meaning', () => {
    const r = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
    const name = (n: string): Expr => ({ kind: 'Name', name: n, range: r });
    const bin = (op: '-' | 'and' | 'or' | '==' | '*', left: Expr, right: Expr): Expr => ({ kind: 'Binary', op, left, right, range: r });
    const lets: [string, Expr][] = [
      ['a', bin('-', name('a'), bin('-', name('b'), name('c')))],
      ['b', { kind: 'Unary', op: 'not', operand: bin('and', name('a'), name('b')), range: r }],
      ['c', bin('*', bin('-', name('a'), name('b')), { kind: 'Unary', op: '-', operand: bin('*', name('c'), name('d')), range: r })],
      ['d', bin('==', bin('==', name('a'), name('b')), { kind: 'Unary', op: 'not', operand: name('c'), range: r })],
      ['e', bin('and', bin('or', name('a'), name('b')), { kind: 'MissingTest', negated: false, operand: bin('or', name('c'), name('d')), range: r })],
    ];
    const ast: Policy = {
      kind: 'Policy',
      header: { id: { kind: 'Ident', name: 'p', range: r }, range: r },
      declarations: lets.map(([id, expr]) => ({ kind: 'Let', id: { kind: 'Ident', name: id, range: r }, expr, range: r })),
      comments: [],
      range: r,
    };
    expect(print(ast)).toBe(
      'policy p\n\nlet a = a - (b - c)\nlet b = not (a and b)\nlet c = (a - b) * -(c * d)\nlet d = (a == b) == (not c)\nlet e = (a or b) and (c or d) is missing\n',
    );
  });

  it('refuses to print an expression the parser could not read', () => {
    const { ast } = parse('policy p\nlet x = \nlet y = 1\n');
    expect(() => print(ast)).toThrow(FormatError);
  });
});

describe('print: comments', () => {
  it('keeps leading, trailing, in-block and end-of-file comments where they were', () => {
    const input = `policy c "Comments" // trailing on header
// before the input, no blank line above

input i { // after the brace
  // leading a
  a: number /* trailing block */ // and a line comment


  // after two blank lines: one kept
  b: text
  // last in block
}
param p = 1
// between params, no blank
param q = 2

// a run

// with a blank inside it

param r = 3
ruleset rs {
  /* first */
  rule r1 { when x > 1 then reject }

  // between rules, after a blank
  rule r2 { when x > 2 then reject } // after r2
  /* at the end
     of the rule set */
}
scorecard sc {
  x {
    < 1 => 1 // low
    // the rest
    else => 0
  }
}
decision d {
  // approve branch
  when x > 1 => approve { apr 18% // the rate
    // limit next
    limit 100 }
  else => reject
  // nothing after else
}
flow {
  // entry
  start -> rs -> sc -> d // done
}

/* trailing
   block */
// last line
`;
    expect(fmt(input)).toBe(`policy c "Comments" // trailing on header

// before the input, no blank line above

input i { // after the brace
  // leading a
  a: number /* trailing block */ // and a line comment

  // after two blank lines: one kept
  b: text
  // last in block
}

param p = 1
// between params, no blank
param q = 2

// a run

// with a blank inside it

param r = 3

ruleset rs {
  /* first */
  rule r1 {
    when x > 1
    then reject
  }

  // between rules, after a blank
  rule r2 {
    when x > 2
    then reject
  } // after r2
  /* at the end
     of the rule set */
}

scorecard sc {
  x {
    < 1 => 1 // low
    // the rest
    else => 0
  }
}

decision d {
  // approve branch
  when x > 1 => approve {
    apr 18% // the rate
    // limit next
    limit 100
  }
  else => reject
  // nothing after else
}

flow {
  // entry
  start -> rs -> sc -> d // done
}

/* trailing
   block */
// last line
`);
  });

  it('moves a comment from inside a one-line construct above that line', () => {
    const input = `policy p
let x = 1 + /* inside */ 2
let y = f(1, // inside a call
  2)
ruleset rs { rule r { when x /* mid */ > 2 then reject } }
input i { e: enum("a", /* b? */ "b") }
`;
    expect(fmt(input)).toBe(`policy p

/* inside */
let x = 1 + 2
// inside a call
let y = f(1, 2)

ruleset rs {
  rule r {
    /* mid */
    when x > 2
    then reject
  }
}

input i {
  /* b? */
  e: enum("a", "b")
}
`);
  });

  it('prints a short field list that holds a comment one field per line', () => {
    const input = 'policy p\nsource s { fields { a: bool, /* why b */ b: text } }\nsource t { fields { a: bool, b: list of { c: text, /* c? */ d: text } } }\n';
    expect(fmt(input)).toBe(`policy p

source s {
  fields {
    a: bool /* why b */
    b: text
  }
}

source t {
  fields {
    a: bool
    b: list of {
      c: text /* c? */
      d: text
    }
  }
}
`);
  });

  it('prints block comments verbatim and trims the trailing spaces of line comments', () => {
    const out = fmt('policy p /* a\n      b  */\nparam x = 1 //   spaced   \n');
    expect(out).toBe('policy p /* a\n      b  */\n\nparam x = 1 //   spaced\n');
  });
});

describe('format', () => {
  it('returns a broken file unchanged, with its diagnostics', () => {
    const broken = 'policy p\nruleset r {\n  rule a { when x > then reject }\n}\n';
    const r = format(broken);
    expect(r.text).toBe(broken);
    expect(r.changed).toBe(false);
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('says whether the text changed', () => {
    const messy = 'policy p   param a=1';
    const once = format(messy);
    expect(once.changed).toBe(true);
    const twice = format(once.text);
    expect(twice.changed).toBe(false);
    expect(twice.text).toBe(once.text);
  });

  it('keeps CRLF line ends (a Windows checkout), gives a mixed file its first kind, and keeps comments', () => {
    const r = format('policy p\r\n// note\r\nparam a = 1 // why\r\n');
    expect(r.text).toBe('policy p\r\n\r\n// note\r\nparam a = 1 // why\r\n');
    expect(format(r.text)).toMatchObject({ text: r.text, changed: false });
    expect(format('policy p\r\nparam a = 1\nparam b = 2\r\n').text).toBe('policy p\r\n\r\nparam a = 1\r\nparam b = 2\r\n');
    expect(format('policy p\nparam a = 1\r\nparam b = 2\r\n').text).toBe('policy p\n\nparam a = 1\nparam b = 2\n');
    expect(format('/* a\r\n   b */\r\npolicy p\r\n').text).not.toContain('\r\r');
  });

  it('keeps a byte-order mark that starts the file, and adds none', () => {
    const once = format('\ufeffpolicy p   param a=1 // why');
    expect(once.text).toBe('\ufeffpolicy p\n\nparam a = 1 // why\n');
    expect(format(once.text)).toMatchObject({ text: once.text, changed: false });
    expect(format('policy p   param a=1').text).toBe('policy p\n\nparam a = 1\n');
  });

  it('keeps a field read on a bare number apart from the number (`5.x` would be the malformed number `5.`)', () => {
    const r = format('policy p\nlet a = 5 .x\nlet b = 5 ._x\nlet c = 1.5 .y');
    expect(r.text).toBe('policy p\n\nlet a = 5 .x\nlet b = 5 ._x\nlet c = 1.5 .y\n');
    expect(format(r.text).changed).toBe(false);
  });
});

// Every policy others keep in the repository: samples and the parser's corpus (globbed now, as
// they are still being written). Files with syntax errors are the corpus's negative cases.
const policyFiles = ['samples', join('grammar', 'corpus')]
  .map((dir) => join(root, dir))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.policy')).map((f) => join(dir, f)));
const cleanFiles = policyFiles.filter((f) => !parse(readFileSync(f, 'utf8')).diagnostics.some((d) => d.severity === 'error'));

describe('format: the repository policies', () => {
  it('finds the samples', () => {
    expect(cleanFiles.some((f) => f.includes(`samples`))).toBe(true);
  });

  it.each(cleanFiles.map((f) => [f.slice(root.length + 1), f]))('%s: idempotent, same tree, every comment kept', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const before = parse(text).ast;
    const once = fmt(text);
    expect(fmt(once)).toBe(once);
    const after = parse(once).ast;
    expect(shapeOf(after)).toEqual(shapeOf(before));
    expect(after.comments.map(commentText)).toEqual(before.comments.map(commentText));
    for (const c of before.comments) expect(once).toContain(commentText(c));
  });
});
