import { describe, expect, it } from 'vitest';
import { compile } from '../runtime/compile.js';
import { parse } from '../grammar/index.js';
import { check } from '../grammar/check/index.js';
import { generatePolicy } from './gen-policy.js';

// `npm run bench` times these generated policies: a timing over a policy that fails to check
// would measure the wrong thing, so they must stay valid as the language grows.
describe('the benchmark policies', () => {
  it.each([500, 5000])('a generated %i-rule policy parses, checks and compiles clean', (rules) => {
    const text = generatePolicy({ rules });
    const { ast, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const { diagnostics: checked, analysis } = check(ast);
    expect(checked.filter((d) => d.severity === 'error')).toEqual([]);
    const graph = compile(ast, analysis, text);
    expect(graph.nodes.flatMap((n) => (n.kind === 'ruleset' ? n.rules : []))).toHaveLength(rules);
  });
});
