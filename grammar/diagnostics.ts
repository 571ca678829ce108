import type { Range } from './ast.js';
import type { Code } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

/** A text replacement that fixes (part of) a problem: the studio offers it as a quick fix. */
export interface Fix {
  message: string;
  range: Range;
  replacement: string;
}

/**
 * Every problem Verdict finds in a policy: lexer, parser and checker alike. `code` is stable
 * kebab-case (documented in docs/language.md), so that CI scripts and tests can rely on it.
 */
export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  range: Range;
  /** "did you mean `min_age`?" and similar; the fix applies it. */
  fix?: Fix;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

/** Orders diagnostics by position, then severity, so that output is stable. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return ds.sort(
    (a, b) => a.range.start.offset - b.range.start.offset || rank[a.severity] - rank[b.severity] || a.code.localeCompare(b.code),
  );
}

/**
 * The parser's and the checker's diagnostics of one text, sorted, less the checker's findings
 * about what a syntax error cut short: a finding whose range ends where a parser error starts
 * (white space between) judged the part the parser kept (`when applicant.age = 17` reads as
 * `when applicant.age`, "not a condition"), and would stand first, above the error that explains it.
 */
export function mergeDiagnostics(text: string, parsed: readonly Diagnostic[], checked: readonly Diagnostic[]): Diagnostic[] {
  const cuts = new Set<number>();
  for (const d of parsed) {
    if (d.code !== 'expected-token' && d.code !== 'unexpected-token') continue;
    let i = d.range.start.offset;
    while (i > 0 && SPACE.test(text[i - 1])) i--;
    cuts.add(i);
  }
  const kept = cuts.size === 0 ? checked : checked.filter((d) => !cuts.has(d.range.end.offset));
  return sortDiagnostics([...parsed, ...kept]);
}

/** The characters the lexer skips as white space (tokens.ts: `WhiteSpace` is a run of them). */
export const WHITE_SPACE = '[ \\t\\r\\n\\f\\v\\u00a0\\ufeff\\u2028\\u2029]';
const SPACE = new RegExp(`^${WHITE_SPACE}$`);

/** `file:line:col: severity code: message`, the format every compiler user's tools understand. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const fix = d.fix ? ` (${d.fix.message})` : '';
  return `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code}: ${d.message}${fix}`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate within a distance that still reads as a typo, or undefined. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
