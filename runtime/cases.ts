// A policy's test cases (`POLICY.cases.json`, beside it): stored records, each with the result it
// must give. One reading and one comparison for `verdict test` (a risk team's CI) and the samples'
// own tests, so that a case passes or fails the same way in both.
//
// The file is a JSON array of `{"name", "record", "expected"}`; `expected` holds the decision and,
// when given, the reasons, the rules that fired and counted (shadow hits aside, in evaluation
// order) and the offer's terms as exact decimal strings. What `expected` leaves out is not checked.

import type { Evaluator } from './evaluate.js';
import { parseJson } from './json.js';
import type { DecisionResult } from './result.js';

export const CASE_DECISIONS = ['approve', 'review', 'reject', 'error'] as const;

export interface PolicyCase {
  name: string;
  record: unknown;
  expected: {
    decision: (typeof CASE_DECISIONS)[number];
    reasons?: string[];
    /** Ids of the rules that fired and counted, in evaluation order (shadow hits are not counted). */
    hits?: string[];
    terms?: Record<string, unknown>;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * The cases of a cases file's text, or what is wrong with it (`case 3 ("name"): expected.decision
 * must be …`). Numbers are read exactly (`parseJson`), as records are everywhere else.
 */
export function readCases(text: string): { cases: PolicyCase[] } | { error: string } {
  let value: unknown;
  try {
    value = parseJson(text.replace(/^\ufeff/, ''));
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(value)) return { error: 'expected a JSON array of cases ({"name", "record", "expected"})' };
  const names = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const c: unknown = value[i];
    const at = `case ${i + 1}${isObject(c) && typeof c.name === 'string' ? ` (${JSON.stringify(c.name)})` : ''}`;
    if (!isObject(c)) return { error: `${at}: expected an object with "name", "record" and "expected"` };
    if (typeof c.name !== 'string' || c.name === '') return { error: `${at}: "name" must be a text` };
    if (names.has(c.name)) return { error: `${at}: a second case of that name` };
    names.add(c.name);
    if (!('record' in c)) return { error: `${at}: "record" is missing` };
    const x = c.expected;
    if (!isObject(x)) return { error: `${at}: "expected" must be an object` };
    if (!CASE_DECISIONS.includes(x.decision as PolicyCase['expected']['decision'])) return { error: `${at}: expected.decision must be ${CASE_DECISIONS.join(', ')}, not ${JSON.stringify(x.decision)}` };
    for (const k of ['reasons', 'hits'] as const) if (k in x && !isStrings(x[k])) return { error: `${at}: expected.${k} must be a list of texts` };
    if ('terms' in x && !isObject(x.terms)) return { error: `${at}: expected.terms must be an object` };
  }
  return { cases: value as PolicyCase[] };
}

const show = (v: unknown): string => JSON.stringify(v);

/** How `result` differs from what the case expects, one line each; empty when the case passes. */
export function caseMismatches(c: PolicyCase, result: DecisionResult): string[] {
  const want = c.expected;
  const out: string[] = [];
  if (result.decision !== want.decision) {
    // An unexpected error says why, or the line is no use to the author.
    const why = result.decision === 'error' && result.reasons.length ? ` (${result.reasons.join('; ')})` : '';
    out.push(`decision: expected ${want.decision}, got ${result.decision}${why}`);
  }
  if (want.reasons && show(result.reasons) !== show(want.reasons)) out.push(`reasons: expected ${show(want.reasons)}, got ${show(result.reasons)}`);
  if (want.hits) {
    const hits = result.hits.filter((h) => !h.shadow).map((h) => h.rule);
    if (show(hits) !== show(want.hits)) out.push(`hits: expected ${show(want.hits)}, got ${show(hits)}`);
  }
  if (want.terms && !sameJson(result.terms ?? null, want.terms)) out.push(`terms: expected ${show(want.terms)}, got ${show(result.terms ?? null)}`);
  return out;
}

/** Decides a case with `evaluator`: its mismatches. */
export function checkCase(evaluator: Evaluator, c: PolicyCase): string[] {
  return caseMismatches(c, evaluator.decide(c.record));
}

/** The same JSON value, key order aside. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson(a[k], b[k]));
  }
  return a === b;
}
