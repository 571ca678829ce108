import { describe, expect, it } from 'vitest';
import { APPLICATION, caseRecord, decideWith } from '../testing/replay-fixture.js';
import { ruleKey, traceChanges } from './trace-diff.js';

describe('what changed between the two decisions of a swapped record', () => {
  it('names the rule that stopped rejecting with the threshold it read, and the rules the candidate reached that the base never did', () => {
    const record = caseRecord('phone in use 4 months');
    const base = decideWith(APPLICATION, record);
    const candidate = decideWith(APPLICATION, record, ['min_phone_tenure=3']);
    expect([base.decision, candidate.decision]).toEqual(['reject', expect.not.stringMatching(/^reject$/)]);
    const changes = traceChanges(base, candidate);
    const tenure = changes.find((c) => c.rule === 'phone_tenure_short')!;
    expect(tenure).toEqual({ node: 'carrier_checks', rule: 'phone_tenure_short', base: 'hit', candidate: 'pass', reads: [{ key: 'min_phone_tenure', base: '6', candidate: '3' }] });
    // The rule after it ran only in the candidate; the credit checks were never reached by the base.
    expect(changes.find((c) => c.rule === 'low_call_activity')).toMatchObject({ base: 'not_run', reads: [] });
    expect(changes.find((c) => c.node === 'credit')).toMatchObject({ base: undefined });
    // Rules that did the same on both sides are not listed.
    expect(changes.some((c) => c.rule === 'underage')).toBe(false);
    expect(changes[0].rule).toBe('phone_tenure_short');
    expect(ruleKey('carrier_checks', 'phone_tenure_short')).toBe('carrier_checks/phone_tenure_short');
  });

  it('finds nothing between a decision and itself', () => {
    const r = decideWith(APPLICATION, caseRecord('prime applicant'));
    expect(traceChanges(r, r)).toEqual([]);
  });
});
