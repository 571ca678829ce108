import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES, type Code } from '../codes.js';
import { CHECKS } from './registry.js';

/** Codes that the lexer and the parser emit; every other code belongs to a check. */
const FRONT_END: Code[] = ['unexpected-character', 'unterminated-string', 'unterminated-comment', 'invalid-escape', 'invalid-number', 'expected-token', 'unexpected-token', 'missing-header', 'duplicate-header', 'too-deep'];

describe('check registry', () => {
  it('covers every checker code of grammar/codes.ts', () => {
    const covered = new Set(CHECKS.flatMap((c) => c.codes));
    const missing = (Object.keys(CODES) as Code[]).filter((c) => !FRONT_END.includes(c) && !covered.has(c));
    expect(missing).toEqual([]);
  });

  it('registers every module of checks/ once, under its file name', () => {
    const dir = fileURLToPath(new URL('./checks/', import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'issues.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(CHECKS.map((c) => c.name).sort()).toEqual(files);
  });

  it('gives every check its own test file', () => {
    const dir = fileURLToPath(new URL('./checks/', import.meta.url));
    const tests = new Set(readdirSync(dir).filter((f) => f.endsWith('.test.ts')));
    expect(CHECKS.filter((c) => !tests.has(`${c.name}.test.ts`)).map((c) => c.name)).toEqual([]);
  });
});
