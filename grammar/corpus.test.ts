// The malformed-policy corpus: every file in grammar/corpus/ holds one mistake and says, on its
// first line, the diagnostic it must produce and where (`// expect: <code> <line>:<col>`). The
// position is part of the contract: an editor underlines it, so a diagnostic that drifts to the
// wrong token is a regression even when the code is right.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from './check/index.js';
import { CODES, type Code } from './codes.js';
import { parse } from './index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'corpus');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.policy'))
  .sort();

interface Expectation {
  code: string;
  line: number;
  column: number;
}

function expectationOf(text: string): Expectation | undefined {
  const m = /^\/\/ expect: ([a-z-]+) (\d+):(\d+)\s*$/m.exec(text.split('\n')[0] ?? '');
  return m ? { code: m[1], line: Number(m[2]), column: Number(m[3]) } : undefined;
}

function diagnose(text: string) {
  const parsed = parse(text);
  return [...parsed.diagnostics, ...check(parsed.ast).diagnostics];
}

describe('malformed-policy corpus', () => {
  it('has at least 45 files, named NNN-what.policy with distinct numbers', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    for (const f of files) expect(f).toMatch(/^\d{3}-[a-z0-9-]+\.policy$/);
    const numbers = files.map((f) => f.slice(0, 3));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('covers every diagnostic code in codes.ts', () => {
    const covered = new Set(files.map((f) => expectationOf(readFileSync(join(dir, f), 'utf8'))?.code));
    const missing = Object.keys(CODES).filter((c) => !covered.has(c));
    expect(missing).toEqual([]);
  });

  describe.each(files)('%s', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const want = expectationOf(text);

    it('declares a known code and a position', () => {
      expect(want, 'first line must be `// expect: <code> <line>:<col>`').toBeDefined();
      expect(Object.keys(CODES)).toContain(want!.code);
    });

    it('reports the expected code at the expected line:col, with the code\'s severity', () => {
      const diagnostics = diagnose(text);
      const at = diagnostics.filter((d) => d.range.start.line === want!.line && d.range.start.column === want!.column);
      const found = at.find((d) => d.code === want!.code);
      const seen = diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.column}`);
      expect(found, `expected ${want!.code}@${want!.line}:${want!.column}, got ${seen.join(', ') || 'nothing'}`).toBeDefined();
      expect(found!.severity).toBe(CODES[want!.code as Code].severity);
      expect(found!.message.length).toBeGreaterThan(0);
    });

    it('never throws on the broken text, even cut short', () => {
      // Recovery must hold at any truncation point: a file being typed is a broken file.
      for (const cut of [0.25, 0.5, 0.75]) expect(() => diagnose(text.slice(0, Math.floor(text.length * cut)))).not.toThrow();
    });
  });
});
