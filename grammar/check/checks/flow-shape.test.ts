import { describe, expect, it } from 'vitest';
import { at, dedent, diagnosticsOf, FLOW_NODES, policyWith, spots } from '../test-kit.js';

const CODES = ['flow-missing', 'flow-no-start', 'flow-successor-count', 'flow-successor-not-allowed', 'unknown-node'] as const;
const nodes = FLOW_NODES;

describe('flow-shape', () => {
  it('accepts a well-formed flow split over several chains', () => {
    expect(spots(policyWith(nodes, 'start -> br\n r -> done\n q -> done'), CODES)).toEqual([]);
  });

  it('reports a policy without a flow at its header', () => {
    const src = dedent(`
      policy t "T" version 1
      decision done "D" { else => approve }
    `);
    expect(spots(src, CODES)).toEqual([{ code: 'flow-missing', line: 1, column: 8 }]);
  });

  it('reports a flow that does not begin at start', () => {
    const src = policyWith(nodes, 'r -> done\n q -> done\n br');
    expect(spots(src, CODES)).toEqual([{ code: 'flow-no-start', ...at(src, 'flow {') }]);
  });

  it('reports unknown nodes in the flow and in branch targets, with a fix or what the name is', () => {
    const src = policyWith(
      nodes.replace('else -> q', 'else -> qq'),
      'start -> br\n r -> donee\n q -> applicant',
    );
    const ds = diagnosticsOf(src, CODES);
    expect(ds.map((d) => ({ code: d.code, line: d.range.start.line, column: d.range.start.column }))).toEqual([
      { code: 'unknown-node', ...at(src, 'qq') },
      { code: 'unknown-node', ...at(src, 'donee') },
      { code: 'unknown-node', ...at(src, 'applicant }') },
    ]);
    expect(ds.map((d) => d.fix?.replacement)).toEqual(['q', 'done', undefined]);
    expect(ds[2].message).toContain('is an input, not a node');
  });

  it('reports a rule set, a scorecard and start with two successors', () => {
    const src = policyWith(nodes, 'start -> r -> done\n start -> q\n r -> q -> done\n br');
    expect(spots(src, CODES)).toEqual([
      { code: 'flow-successor-count', line: at(src, 'start -> q').line, column: at(src, 'start -> q').column + 9 },
      { code: 'flow-successor-count', ...at(src, 'q -> done') },
    ]);
    expect(diagnosticsOf(src, CODES)[1].message).toBe(
      `rule set \`r\` already leads to \`done\` (line ${at(src, 'start -> r').line}) and cannot also lead to \`q\`; use a branch to choose between paths`,
    );
  });

  it('reports successors given to a branch or a decision', () => {
    const src = policyWith(nodes, 'start -> br -> r\n r -> done -> q\n q -> done');
    expect(spots(src, CODES)).toEqual([
      { code: 'flow-successor-not-allowed', ...at(src, 'br -> r') },
      { code: 'flow-successor-not-allowed', ...at(src, 'done -> q') },
    ]);
  });
});
