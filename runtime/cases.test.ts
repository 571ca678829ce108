// The reading and the comparison of test cases (`verdict test`, the samples' tests): a broken file
// says where, a differing result says what differs, and what a case leaves out is not checked.

import { describe, expect, it } from 'vitest';
import { caseMismatches, readCases, type PolicyCase } from './cases.js';
import type { DecisionResult } from './result.js';

const result = (r: Partial<DecisionResult>): DecisionResult => ({ id: 'a', decision: 'approve', reasons: [], hits: [], ...r }) as DecisionResult;
const one = (expected: PolicyCase['expected']): PolicyCase => ({ name: 'c', record: {}, expected });

describe('readCases', () => {
  it('reads a cases file, numbers exactly, past a byte-order mark', () => {
    const read = readCases('\ufeff[{"name": "a", "record": {"x": 2999.9999999999999999}, "expected": {"decision": "review"}}]');
    expect('cases' in read && JSON.stringify(read.cases[0].record)).toBe('{"x":"2999.9999999999999999"}');
  });

  it('says what is wrong with a broken one, and where', () => {
    const bad = (text: string) => (readCases(text) as { error: string }).error;
    expect(bad('{')).toMatch(/^invalid JSON: /);
    expect(bad('{}')).toBe('expected a JSON array of cases ({"name", "record", "expected"})');
    expect(bad('[{"name": "a", "expected": {"decision": "reject"}}]')).toBe('case 1 ("a"): "record" is missing');
    expect(bad('[{"name": "a", "record": {}, "expected": {"decision": "reject"}}, {"name": "a", "record": {}, "expected": {"decision": "reject"}}]')).toBe('case 2 ("a"): a second case of that name');
    expect(bad('[{"name": "a", "record": {}, "expected": {"decision": "reject", "hits": "underage"}}]')).toBe('case 1 ("a"): expected.hits must be a list of texts');
    expect(bad('[5]')).toBe('case 1: expected an object with "name", "record" and "expected"');
  });
});

describe('caseMismatches', () => {
  it('checks what the case gives, and only that', () => {
    expect(caseMismatches(one({ decision: 'approve' }), result({ reasons: ['x'], hits: [{ rule: 'r' } as never] }))).toEqual([]);
    expect(caseMismatches(one({ decision: 'reject', reasons: ['a'], hits: ['r'] }), result({ decision: 'reject', reasons: ['b'], hits: [{ rule: 's' } as never] }))).toEqual([
      'reasons: expected ["a"], got ["b"]',
      'hits: expected ["r"], got ["s"]',
    ]);
  });

  it('leaves shadow hits out, compares terms whatever their key order, and says why a result is an unexpected error', () => {
    expect(caseMismatches(one({ decision: 'approve', hits: [] }), result({ hits: [{ rule: 'trial', shadow: true } as never] }))).toEqual([]);
    expect(caseMismatches(one({ decision: 'approve', terms: { limit: '1000', apr: '0.18' } }), result({ terms: { apr: '0.18', limit: '1000' } }))).toEqual([]);
    expect(caseMismatches(one({ decision: 'approve', terms: { limit: '1000' } }), result({ terms: { limit: '1000.5' } }))).toEqual(['terms: expected {"limit":"1000"}, got {"limit":"1000.5"}']);
    expect(caseMismatches(one({ decision: 'approve' }), result({ decision: 'error', reasons: ['applicant.age: required field is missing'] }))).toEqual([
      'decision: expected approve, got error (applicant.age: required field is missing)',
    ]);
  });
});
