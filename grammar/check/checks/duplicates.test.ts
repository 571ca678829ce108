import { describe, expect, it } from 'vitest';
import { at, dedent, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['duplicate-id', 'duplicate-field'] as const;

describe('duplicates', () => {
  it('reports a second declaration of a top-level id, whatever its kind', () => {
    const src = policyWith('param limit = 1\nlet limit = 2\nscorecard applicant "S" { base 1 }\n');
    expect(spots(src, CODES)).toEqual([
      { code: 'duplicate-id', ...at(src, 'limit', 2) },
      { code: 'duplicate-id', ...at(src, 'applicant', 2) },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('`limit` is already declared as a param on line 18');
  });

  it('reports rule ids repeated anywhere in the policy', () => {
    const src = policyWith(
      `
      ruleset a "A" {
        rule young "Y" { when applicant.age < 18 then reject }
      }
      ruleset b "B" {
        rule young "Y" { when applicant.age < 20 then review }
      }
      `,
      'start -> a -> b -> done',
    );
    expect(spots(src, CODES)).toEqual([{ code: 'duplicate-id', ...at(src, 'young', 2) }]);
  });

  it('reserves `start` and `it`', () => {
    const src = policyWith('param start = 1\nlet it = 2\n');
    expect(spots(src, CODES)).toEqual([
      { code: 'duplicate-id', ...at(src, 'start = 1') },
      { code: 'duplicate-id', ...at(src, 'it = 2') },
    ]);
  });

  it('reports fields declared twice in an input, a source and a list type', () => {
    const src = dedent(`
      policy t "T" version 1
      input a { x: number, x: text, l: list of { y: bool, y: bool } }
      source s { fields { f: bool, f: bool } }
      decision done "D" { else => approve }
      flow { start -> done }
    `);
    expect(spots(src, CODES)).toEqual([
      { code: 'duplicate-field', line: 2, column: 22 },
      { code: 'duplicate-field', line: 2, column: 53 },
      { code: 'duplicate-field', line: 3, column: 30 },
    ]);
  });

  it('reports a value listed twice in an enum, at the second', () => {
    const src = dedent(`
      policy t "T" version 1
      input a { c: enum("x", "y", "x"), l: list of { k: enum("p", "p") } }
      decision done "D" { else => approve }
      flow { start -> done }
    `);
    expect(spots(src, CODES)).toEqual([
      { code: 'duplicate-field', line: 2, column: 29 },
      { code: 'duplicate-field', line: 2, column: 61 },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('the enum of `c` lists "x" twice (first at column 19); list each value once');
  });
});
