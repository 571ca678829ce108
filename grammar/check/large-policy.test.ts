import { describe, expect, it } from 'vitest';
import { compile } from '../../runtime/compile.js';
import { parse } from '../index.js';
import { largePolicy } from './generate-fixture.js';
import { check } from './index.js';

// The benchmark's large policies (bench/language.ts times them; `npm run bench`) must stay valid:
// a timing over a policy that fails to check would measure the wrong thing.
describe('the benchmark policies', () => {
  it('a generated 5,000-rule policy parses, checks and compiles clean', () => {
    const text = largePolicy(5000);
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const { diagnostics: checked, analysis } = check(ast);
    expect(checked).toEqual([]);
    const graph = compile(ast, analysis, text);
    expect(graph.nodes.flatMap((n) => (n.kind === 'ruleset' ? n.rules : []))).toHaveLength(5000);
  });
});
