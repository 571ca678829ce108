import { describe, expect, it } from 'vitest';
import { at, dedent, diagnosticsOf, spots } from '../test-kit.js';

const CODES = ['invalid-hit-field'] as const;
const wrap = (source: string) => dedent(`
  policy t "T" version 1
  ${source}
  decision done "D" { else => approve }
  flow { start -> done }
`);

describe('hit-field', () => {
  it('accepts a bool field, optional or not', () => {
    expect(spots(wrap('source s { cost 1 per hit when hit  fields { hit: bool? } }'), CODES)).toEqual([]);
  });

  it('reports a field the source does not have, suggesting a bool field', () => {
    const src = wrap('source s { cost 1 per hit when hitt  fields { hit: bool, n: number } }');
    expect(spots(src, CODES)).toEqual([{ code: 'invalid-hit-field', ...at(src, 'hitt') }]);
    expect(diagnosticsOf(src, CODES)[0].fix?.replacement).toBe('hit');
  });

  it('reports a field that is not a bool', () => {
    const src = wrap('source s { cost 1 per hit when n  fields { hit: bool, n: number } }');
    expect(spots(src, CODES)).toEqual([{ code: 'invalid-hit-field', ...at(src, 'n  fields') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('`per hit when n` needs a bool field, but `n` is number');
  });
});
