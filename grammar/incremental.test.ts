// The incremental parse must be indistinguishable from a whole parse: on thousands of random edits
// of the samples and of a 500-rule policy, every spliced result is compared with `parse()` of the
// same text (AST, diagnostics, tokens), and the splice must actually happen on the edits an author
// makes most (inside a declaration), or the speed it exists for is gone.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { generatePolicy } from '../bench/gen-policy.js';
import { mulberry32, type Rng } from '../runtime/data/random.js';
import { changedSpan, IncrementalParser, reparse } from './incremental.js';
import { parse, type ParseResult } from './index.js';

const samplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.policy'))
  .sort()
  .map((f) => ({ name: f, text: readFileSync(join(samplesDir, f), 'utf8') }));
const big = generatePolicy({ rules: 500 });
/**
 * The first sample with its params and lets run together on a few lines (a line break between
 * declarations means nothing): positions after an edit then move across on the edit's own line.
 */
const crowded = samples[0].text.replace(/\n(param|let) /g, ' $1 ');

const tokenSummary = (ts: readonly IToken[]) => ts.map((t) => [t.image, t.tokenType.name, t.startOffset, t.endOffset, t.startLine, t.endLine, t.startColumn, t.endColumn].join(' '));

/** Throws with a readable diff when the two parses differ. */
function expectSame(inc: ParseResult, full: ParseResult, what: string): void {
  // JSON first (fast); the structural comparison only to explain a difference.
  if (JSON.stringify(inc.ast) !== JSON.stringify(full.ast)) expect(inc.ast, what).toEqual(full.ast);
  expect(inc.diagnostics, what).toEqual(full.diagnostics);
  const a = tokenSummary(inc.tokens);
  const b = tokenSummary(full.tokens);
  if (a.join('\n') !== b.join('\n')) expect(a, what).toEqual(b);
}

const SNIPPETS = [
  '7', '0', '_', 'x', ' ', '\n', '\t', '{', '}', '(', ')', '"', '/', '*', ',', '.', ':', '-', '>', '=', '%', '[', ']',
  '// note\n', '/* c */', '/*', ' and true', ' or x > 1', '"text"', 'rule r_new reject when true\n', 'param extra = 3\n',
  'ruleset', 'rule', 'when', '->', '\r\n', '\r', 'é',
];

/** A random edit: an insertion, a deletion or a replacement, at a random place (often inside a number). */
function randomEdit(text: string, rng: Rng): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  let at = Math.floor(rng() * (text.length + 1));
  if (rng() < 0.35) {
    // An author's most common edit: a digit in a condition or a value.
    const digits = [...text.matchAll(/\d/g)];
    if (digits.length) at = pick(digits).index! + (rng() < 0.5 ? 1 : 0);
  }
  const r = rng();
  if (r < 0.45) return text.slice(0, at) + pick(SNIPPETS) + text.slice(at);
  const len = 1 + Math.floor(rng() * 8);
  if (r < 0.8) return text.slice(0, at) + text.slice(at + len);
  return text.slice(0, at) + pick(SNIPPETS) + text.slice(at + len);
}

describe('changedSpan', () => {
  it('finds the replaced span between a common prefix and suffix', () => {
    expect(changedSpan('abcdef', 'abXYef')).toEqual({ start: 2, oldEnd: 4, newEnd: 4 });
    expect(changedSpan('aaa', 'aaaa')).toEqual({ start: 3, oldEnd: 3, newEnd: 4 });
    expect(changedSpan('abc', 'abc')).toEqual({ start: 3, oldEnd: 3, newEnd: 3 });
    expect(changedSpan('abc', '')).toEqual({ start: 0, oldEnd: 3, newEnd: 0 });
  });
});

describe('reparse', () => {
  /** 300 random edits of `text`: each reparse that splices must equal a whole parse. Returns how many spliced. */
  function spliceRandomEdits(text: string, seed: number): number {
    expect(parse(text).diagnostics).toEqual([]);
    const rng = mulberry32(seed);
    let spliced = 0;
    for (let i = 0; i < 300; i++) {
      const edited = randomEdit(text, rng);
      // A splice takes its base apart: a fresh one each time.
      const inc = reparse({ text, result: parse(text) }, edited);
      if (!inc) continue;
      spliced++;
      const span = changedSpan(text, edited);
      expectSame(inc, parse(edited), `edit ${i}: ${JSON.stringify(span)} ${JSON.stringify(edited.slice(span.start - 10, span.newEnd + 10))}`);
    }
    return spliced;
  }

  it.each(samples)('equals a whole parse on random edits of $name', ({ text }) => {
    // Most random edits break the syntax (then the whole text is parsed); many do not.
    expect(spliceRandomEdits(text, text.length)).toBeGreaterThan(60);
  });

  it('equals a whole parse on random edits of declarations that share lines', () => {
    expect(crowded.split('\n').some((l) => (l.match(/\bparam /g) ?? []).length > 3)).toBe(true);
    expect(spliceRandomEdits(crowded, 42)).toBeGreaterThan(60);
  });

  it('equals a whole parse on random edits of a text that starts with a byte-order mark', () => {
    expect(spliceRandomEdits(`\ufeff${crowded}`, 7)).toBeGreaterThan(60);
    // Line 1 reads as it does without the mark.
    const head = 'policy p "P" version 1 param a = 1 + 2 param b = 3\n';
    const typed = `\ufeff${head.replace('1 + 2', '10 + 2')}`;
    const inc = reparse({ text: `\ufeff${head}`, result: parse(`\ufeff${head}`) }, typed)!;
    expect(inc).toBeDefined();
    expectSame(inc, parse(typed), 'line 1');
    expect(inc.ast.declarations[1].range.start).toEqual({ offset: typed.indexOf('param b'), line: 1, column: typed.indexOf('param b') });
  });

  it('moves the columns of declarations after the edit on its line, and declines a comment that would swallow them', () => {
    const text = 'policy p "P" version 1\n\nparam a = 1 + 2 param b = 3 "doc"\nparam c = 4\n';
    const typed = text.replace('1 + 2', '10 + 2');
    const inc = reparse({ text, result: parse(text) }, typed)!;
    expect(inc).toBeDefined();
    expectSame(inc, parse(typed), 'columns');
    const b = inc.ast.declarations[1];
    expect(b.range.start).toEqual({ offset: typed.indexOf('param b'), line: 3, column: typed.split('\n')[2].indexOf('param b') + 1 });
    // `//` in place of `+`: in the whole text the comment runs on over `param b`, which must go.
    const commented = text.replace('1 + 2', '1 // 2');
    expect(reparse({ text, result: parse(text) }, commented)).toBeUndefined();
    expect(parse(commented).ast.declarations.map((d) => d.kind === 'Param' && d.id.name)).toEqual(['a', 'c']);
  });

  it('equals a whole parse on random edits of a 500-rule policy', () => {
    const rng = mulberry32(500);
    let spliced = 0;
    for (let i = 0; i < 40; i++) {
      const edited = randomEdit(big, rng);
      const inc = reparse({ text: big, result: parse(big) }, edited);
      if (!inc) continue;
      spliced++;
      expectSame(inc, parse(edited), `edit ${i}`);
    }
    expect(spliced).toBeGreaterThan(6);
  });

  it('splices a digit typed inside a rule condition, and the ranges after it move', () => {
    // The end of the first condition that ends in a number (where the studio's benchmark types).
    const m = /^\s+when .*> \d+$/m.exec(big)!;
    const line = m.index + m[0].length;
    const edited = big.slice(0, line) + '7' + big.slice(line);
    const base = { text: big, result: parse(big) };
    const before = [...base.result.ast.declarations];
    const lastStart = before.at(-1)!.range.start.offset;
    const inc = reparse(base, edited);
    expect(inc).toBeDefined();
    const full = parse(edited);
    expectSame(inc!, full, 'digit');
    // Nothing was rebuilt but the declaration edited: the others are the base's own objects, those
    // after the edit moved one character on.
    const touched = before.findIndex((d) => d.range.end.offset >= line);
    expect(inc!.ast.declarations[0]).toBe(before[0]);
    expect(inc!.ast.declarations[touched]).not.toBe(before[touched]);
    expect(inc!.ast.declarations.at(-1)).toBe(before.at(-1));
    expect(inc!.ast.declarations.at(-1)!.range.start.offset).toBe(lastStart + 1);
  });

  it('splices edits that add, remove or rewrite whole declarations', () => {
    const text = samples[0].text;
    const firstLet = text.indexOf('\nlet ') + 1;
    const cases = [
      // A new declaration typed between two others.
      text.slice(0, firstLet) + 'param added = 12\n\n' + text.slice(firstLet),
      // One removed (up to the next line).
      text.slice(0, firstLet) + text.slice(text.indexOf('\n', firstLet) + 1),
      // A new declaration at the end of the file, with a trailing comment.
      `${text}\nparam tail = 1 // the end\n`,
    ];
    for (const edited of cases) {
      const inc = reparse({ text, result: parse(text) }, edited);
      expect(inc, edited.slice(0, 40)).toBeDefined();
      expectSame(inc!, parse(edited), 'declarations');
    }
  });

  it('declines what it cannot splice: the header, a syntax error, a comment left open, a dirty base', () => {
    const text = samples[0].text;
    const base = { text, result: parse(text) };
    const untouched = JSON.stringify(base.result);
    const firstDecl = base.result.ast.declarations[0].range.start.offset;
    expect(text.replace(/^policy (\w+)/m, 'policy $1x')).not.toBe(text);
    expect(reparse(base, text.replace(/^policy (\w+)/m, 'policy $1x'))).toBeUndefined();
    expect(reparse(base, text.slice(0, firstDecl + 30) + ' ) ' + text.slice(firstDecl + 30))).toBeUndefined();
    expect(reparse(base, text.slice(0, firstDecl + 30) + ' /* ' + text.slice(firstDecl + 30))).toBeUndefined();
    // A declined splice leaves its base as it was.
    expect(JSON.stringify(base.result)).toBe(untouched);
    const broken = `${text}\nparam = \n`;
    const dirty = { text: broken, result: parse(broken) };
    expect(dirty.result.diagnostics.length).toBeGreaterThan(0);
    expect(reparse(dirty, `${broken} `)).toBeUndefined();
  });
});

describe('IncrementalParser', () => {
  it('equals a whole parse along random typing sessions, through states with syntax errors', () => {
    for (const { name, text: start } of [...samples, { name: '500 rules', text: big }]) {
      const rng = mulberry32(start.length + 7);
      const p = new IncrementalParser();
      let text = start;
      let clean = start;
      let spliced = 0;
      const steps = name === '500 rules' ? 40 : 200;
      for (let i = 0; i < steps; i++) {
        // Errors come and go as one types: sometimes go back to the last text that parsed.
        text = randomEdit(rng() < 0.4 ? clean : text, rng);
        const got = p.parse(text);
        const full = parse(text);
        if (p.lastWasIncremental) spliced++;
        expectSame(got, full, `${name} step ${i}`);
        if (full.diagnostics.length === 0) clean = text;
      }
      expect(spliced, name).toBeGreaterThan(steps / 20);
    }
  });
});
