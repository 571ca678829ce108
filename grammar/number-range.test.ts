// A number literal the checker accepts is one the runtime can hold: the checker applies the
// runtime's own rule (runtime/values.ts `parseDecimal`), so that `check` and `compile` never pass
// a policy whose `run` then fails on a number.

import { describe, expect, it } from 'vitest';
import { compileText } from '../runtime/compile.js';
import { prepare } from '../runtime/evaluate.js';

const policy = (lit: string) => `policy p "P" version 1
input a { id: text, n: number }
decision d "D" {
  when a.n >= ${lit} => approve
  else => reject
}
flow { start -> d }
`;

const LITERALS = [
  '99999999999999999999999999999999999999999999999999',
  '0.00000000000000000000000000000000000000000000001',
  '999999999999999999999',
  '1000000000000000000000',
  '999999999999999999999.9',
  '0.0000000000000000000000000000000001',
  '0.00000000000000000000000000000000001',
  '1234567890123456789.123456789012345',
  '1234567890123456789.1234567890123456',
  '99999999999999999999999%',
  '100000000000000000000000%',
  '0.00000000000000000000000000000001%',
  '0.000000000000000000000000000000001%',
  '0.0000000000000000000000000000000001%',
  '-99999999999999999999999999999999999',
];

describe('number literals and the runtime range', () => {
  it.each(LITERALS)('`%s` is either invalid-number at the literal or runs', (lit) => {
    const { graph, diagnostics } = compileText(policy(lit));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) {
      expect(errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`)).toEqual([`4:${lit.startsWith('-') ? 16 : 15} invalid-number`]);
      return;
    }
    const result = prepare(graph!).decide({ a: { id: 'A1', n: '1' } });
    expect(result.decision, JSON.stringify(result.reasons)).not.toBe('error');
  });

  it('reports the literals beyond the range and accepts the others', () => {
    const rejected = LITERALS.filter((lit) => compileText(policy(lit)).diagnostics.some((d) => d.code === 'invalid-number'));
    expect(rejected).toEqual([
      '99999999999999999999999999999999999999999999999999',
      '0.00000000000000000000000000000000000000000000001',
      '1000000000000000000000',
      '0.00000000000000000000000000000000001',
      '1234567890123456789.1234567890123456',
      '100000000000000000000000%',
      '0.000000000000000000000000000000001%',
      '0.0000000000000000000000000000000001%',
      '-99999999999999999999999999999999999',
    ]);
  });
});
