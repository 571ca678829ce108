import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, FLOW_NODES, policyWith, spots } from '../test-kit.js';

const CODES = ['flow-cycle', 'flow-unreachable', 'flow-dead-end'] as const;
const nodes = FLOW_NODES;

describe('flow-paths', () => {
  it('accepts a flow where every path ends in a decision', () => {
    expect(spots(policyWith(nodes, 'start -> br\n r -> q -> done'), CODES)).toEqual([]);
  });

  it('reports a loop at the edge that closes it', () => {
    const src = policyWith(nodes, 'start -> br\n r -> done\n q -> br');
    expect(spots(src, CODES)).toEqual([{ code: 'flow-cycle', ...at(src, 'br }') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('the flow loops back to `br`: br → q → br');
  });

  it('reports a way back to start', () => {
    const src = policyWith(nodes, 'start -> br\n r -> done\n q -> start');
    expect(spots(src, CODES)).toEqual([{ code: 'flow-cycle', ...at(src, 'start }') }]);
  });

  it('reports nodes no path reaches, in the flow or not', () => {
    const src = policyWith(nodes, 'start -> r -> done\n q -> done');
    expect(spots(src, CODES)).toEqual([
      { code: 'flow-unreachable', ...at(src, 'q "Q"') },
      { code: 'flow-unreachable', ...at(src, 'br "Br"') },
    ]);
    const ds = diagnosticsOf(src, CODES);
    expect(ds[0].message).toBe('rule set `q` never runs: no path from `start` leads to it');
    expect(ds[1].message).toBe('branch `br` never runs: it does not appear in the flow');
  });

  it('reports a path that stops at a rule set, with the path', () => {
    const src = policyWith(nodes, 'start -> br\n r -> done\n q');
    expect(spots(src, CODES)).toEqual([{ code: 'flow-dead-end', ...at(src, 'q }') }]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe(
      'the path start → br → q stops at rule set `q`; every path must end in a decision (add `q -> <next node>` to the flow)',
    );
  });

  it('stays quiet about reachability when the flow has no start (flow-no-start says it)', () => {
    expect(spots(policyWith(nodes, 'r -> done'), CODES)).toEqual([]);
  });
});
