import { describe, expect, it } from 'vitest';
import { dedent, diagnosticsOf, spots } from '../test-kit.js';

const CODES = ['unknown-type'] as const;
const wrap = (fields: string) => dedent(`
  policy t "T" version 1
  input a {
    ${fields}
  }
  decision done "D" { else => approve }
  flow { start -> done }
`);

describe('unknown-types', () => {
  it('accepts every type of the language', () => {
    expect(spots(wrap('n: number, m: money, b: bool, t: text, d: date, e: enum("x"), l: list of { z: number? }'), CODES)).toEqual([]);
  });

  it('reports an unknown type with a fix, also inside a list type', () => {
    const src = wrap('n: integer, l: list of { z: nuber }');
    expect(spots(src, CODES)).toEqual([
      { code: 'unknown-type', line: 3, column: 6 },
      { code: 'unknown-type', line: 3, column: 31 },
    ]);
    expect(diagnosticsOf(src, CODES).map((d) => d.fix?.replacement)).toEqual([undefined, 'number']);
  });

  it('suggests `enum` without dropping the values', () => {
    const [d] = diagnosticsOf(wrap('e: enm("a", "b")'), CODES);
    expect(d.code).toBe('unknown-type');
    expect(d.fix).toBeUndefined();
  });

  it('does not cascade: reads of a field of unknown type are not errors', () => {
    const src = dedent(`
      policy t "T" version 1
      input a { n: integer }
      ruleset r "R" {
        rule x "X" { when a.n > 1 then reject }
      }
      decision done "D" { else => approve }
      flow { start -> r -> done }
    `);
    expect(spots(src).filter((s) => s.code !== 'unknown-type')).toEqual([]);
  });

  it('reports an enum with no values, also inside a list type', () => {
    const src = wrap('e: enum(), l: list of { k: enum( ) }');
    expect(spots(src, ['empty-enum'])).toEqual([
      { code: 'empty-enum', line: 3, column: 6 },
      { code: 'empty-enum', line: 3, column: 30 },
    ]);
    expect(diagnosticsOf(src, ['empty-enum'])[0].message).toBe('`enum()` of `e` lists no values, so no value can ever match it: list them, as in enum("a", "b")');
  });
});
