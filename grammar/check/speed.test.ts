import { describe, expect, it } from 'vitest';
import { compile } from '../../runtime/compile.js';
import { parse } from '../index.js';
import { largePolicy } from './generate-fixture.js';
import { check } from './index.js';

/**
 * The best of `runs` timings, in milliseconds of this process's CPU time: wall time would measure
 * the other test files running in parallel as much as the checker.
 */
function best(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    f();
    const { user, system } = process.cpuUsage(t0);
    min = Math.min(min, (user + system) / 1000);
  }
  return min;
}

describe('checker and compiler speed', () => {
  it('checks and compiles a 5,000-rule policy in well under the 1 s budget it shares with parsing', () => {
    const text = largePolicy(5000);
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const first = check(ast);
    expect(first.diagnostics).toEqual([]);
    const graph = compile(ast, first.analysis, text);
    expect(graph.nodes.flatMap((n) => (n.kind === 'ruleset' ? n.rules : []))).toHaveLength(5000);
    const ms = best(3, () => compile(ast, check(ast).analysis, text));
    expect(ms).toBeLessThan(400);
  });

  it('re-checks a 500-rule policy in well under 50 ms', () => {
    const { ast } = parse(largePolicy(500));
    check(ast); // warm-up
    expect(best(10, () => check(ast))).toBeLessThan(50);
  });
});
