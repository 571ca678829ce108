// Names that Object.prototype also has are plain names in a policy: they declare and resolve like
// any other, and never pick up a member of Object.prototype (`[object Object]`,
// `function Object() { [native code] }`).

import { describe, expect, it } from 'vitest';
import { parse } from '../index.js';
import { check } from './index.js';
import { at, dedent, diagnosticsOf, policyWith } from './test-kit.js';

const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'toString', 'isPrototypeOf'] as const;

/** Every diagnostic of the text, parse and check, as `line:col code: message`. */
function all(text: string): string[] {
  const parsed = parse(text);
  return [...parsed.diagnostics, ...check(parsed.ast).diagnostics].map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`);
}

/** A policy that declares `n` as every kind of id and reads each one. */
function everywhere(n: string): string {
  return dedent(`
    policy t "T" version 1
    input ${n} { ${n}: number, l: list of { ${n}: number } }
    source s_${n} "S" {
      origin external
      cost 0.5 per hit when ${n}
      fields { ${n}: bool }
    }
    param p_${n} = 18
    let l_${n} = ${n}.${n} + 1
    ruleset r_${n} "R" {
      rule ${n} "A" { when ${n}.${n} < p_${n} and l_${n} > 2 and any(${n}.l, it.${n} > 2) and s_${n}.${n} then reject }
    }
    scorecard c_${n} "C" {
      base 1
      ${n}.${n} {
        [0, 10) => 1
        else => 2
      }
    }
    decision d_${n} "D" { when c_${n} > 1 => approve else => reject }
    flow { start -> r_${n} -> c_${n} -> d_${n} }
  `);
}

describe('names that Object.prototype also has', () => {
  it.each(NAMES)('`%s` declares and resolves as an input, field, source, param, let, rule set, rule, scorecard and decision', (n) => {
    expect(all(everywhere(n))).toEqual([]);
  });

  it.each(NAMES)('`%s` is a plain top-level id of each kind (rule set, scorecard, branch, param, source, let)', (n) => {
    const flowNode = (decl: string, flow: string) => all(policyWith(decl, flow)).filter((d) => !d.includes('source `bureau` is never read'));
    expect(flowNode(`ruleset ${n} "R" {\n  rule a "A" { when applicant.age < 18 then reject }\n}\n`, `start -> ${n} -> done`)).toEqual([]);
    expect(flowNode(`scorecard ${n} "S" {\n  base 1\n  applicant.age {\n    [0, 10) => 1\n    else => 2\n  }\n}\n`, `start -> ${n} -> done`)).toEqual([]);
    expect(flowNode(`branch ${n} "B" {\n  when applicant.age > 30 -> done\n  else -> done\n}\n`, `start -> ${n}`)).toEqual([]);
    expect(flowNode(`param ${n} = 18\nruleset r "R" {\n  rule a "A" { when applicant.age < ${n} then reject }\n}\n`, 'start -> r -> done')).toEqual([]);
    expect(flowNode(`source ${n} "S" {\n  origin own\n  fields { ok: bool }\n}\nruleset r "R" {\n  rule a "A" { when ${n}.ok then reject }\n}\n`, 'start -> r -> done')).toEqual([]);
    expect(flowNode(`let ${n} = applicant.age + 1\nruleset r "R" {\n  rule a "A" { when ${n} < 18 then reject }\n}\n`, 'start -> r -> done')).toEqual([]);
  });

  it.each(NAMES)('a second `%s` is a duplicate of the first, with a message that names it', (n) => {
    const src = policyWith(`param ${n} = 1\nlet ${n} = 2\n`);
    expect(diagnosticsOf(src, ['duplicate-id']).map((d) => ({ message: d.message, line: d.range.start.line, column: d.range.start.column }))).toEqual([
      { message: `\`${n}\` is already declared as a param on line 18`, ...at(src, `${n} = 2`) },
    ]);
  });

  it.each(NAMES)('an undeclared `%s` is an unknown name, field, node and function', (n) => {
    const src = policyWith(`ruleset r "R" {\n  rule a "A" { when ${n} < 18 and applicant.${n} > 1 and ${n}(1) then reject }\n}\n`, `start -> r -> ${n}`);
    expect(all(src).map((d) => d.replace(/^\S+ /, '')).filter((d) => d.startsWith('unknown-'))).toEqual([
      `unknown-name: unknown name \`${n}\``,
      `unknown-field: input \`applicant\` has no field \`${n}\``,
      `unknown-function: unknown function \`${n}\``,
      `unknown-node: unknown node \`${n}\``,
    ]);
  });

  it('still reserves `start` and `it`, with their own messages', () => {
    const src = policyWith('param start = 1\nlet it = 2\n');
    expect(diagnosticsOf(src, ['duplicate-id']).map((d) => d.message)).toEqual([
      '`start` is reserved for the entry of the flow; choose another name',
      '`it` is reserved for the element inside a list function; choose another name',
    ]);
  });
});
