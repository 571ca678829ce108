import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../index.js';
import { check } from './index.js';
import { dedent, spots } from './test-kit.js';

const samplesDir = fileURLToPath(new URL('../../samples/', import.meta.url));
const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.policy'));

describe('check()', () => {
  it('reports nothing on the sample policies', () => {
    expect(samples.length).toBeGreaterThan(0);
    for (const f of samples) {
      const { ast, diagnostics } = parse(readFileSync(samplesDir + f, 'utf8'));
      expect(diagnostics, f).toEqual([]);
      expect(check(ast).diagnostics.map((d) => `${f}:${d.range.start.line} ${d.code} ${d.message}`)).toEqual([]);
    }
  });

  it('returns diagnostics sorted by position, with the default severity of each code', () => {
    const src = dedent(`
      policy t "T" version 1
      param unused_one = 1
      let x = nope + 1
      decision d "D" { when y => approve }
      flow { start -> d }
    `);
    expect(spots(src)).toEqual([
      { code: 'unused-declaration', line: 2, column: 7 },
      { code: 'unknown-name', line: 3, column: 9 },
      { code: 'unused-declaration', line: 3, column: 5 },
      { code: 'else-required', line: 4, column: 10 },
      { code: 'unknown-name', line: 4, column: 23 },
    ].sort((a, b) => a.line - b.line || a.column - b.column || 0));
  });

  it('never throws on broken text (every cut and every dropped character of the samples)', () => {
    for (const f of samples) {
      const text = readFileSync(samplesDir + f, 'utf8');
      // Cut the file at many places and drop a character at others: every prefix and mutation must check.
      for (let cut = 0; cut < text.length; cut += Math.max(1, Math.floor(text.length / 40))) {
        for (const broken of [text.slice(0, cut), text.slice(0, cut) + text.slice(cut + 1)]) {
          const { ast } = parse(broken);
          expect(() => check(ast), `${f} cut at ${cut}`).not.toThrow();
        }
      }
    }
  });

  it('does not report names left empty by a parse error', () => {
    const text = 'policy t "T" version 1\nparam = 3\nlet y = \ndecision d "D" { else => approve }\nflow { start -> d }\n';
    const { ast, diagnostics } = parse(text);
    expect(diagnostics.length).toBeGreaterThan(0);
    const codes = check(ast).diagnostics.map((d) => d.code);
    expect(codes).not.toContain('unknown-name');
    expect(codes).not.toContain('param-not-literal');
  });
});
