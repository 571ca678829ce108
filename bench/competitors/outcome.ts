// What the competing engines are asked to produce, and the policy's arithmetic they share: a
// decision, the rules that fired in evaluation order, and the offer terms. Both engines end in
// the same tiers (prime, standard, grey zone, score too low); the terms of a tier are assembled
// here, the way an integrator writes them next to the engine call.

import Decimal from 'decimal.js';

export interface CompetitorHit {
  rule: string;
  outcome: 'reject' | 'review' | 'flag';
  shadow?: boolean;
}

export interface CompetitorResult {
  decision: 'approve' | 'review' | 'reject';
  hits: string[];
  terms?: { line: string; limit: string; apr: string; term: string; valid: string };
}

export type Tier = 'prime' | 'standard' | 'grey' | 'low';

const D = Decimal.clone({ precision: 34 });

/** Money as stored (decimal text or JSON number) → exact. */
export const exact = (v: unknown): Decimal => new D(v as Decimal.Value);

/** `applicant.existing_debt / applicant.monthly_income` as a double, from the exact quotient. */
export function debtToIncome(applicant: { existing_debt: unknown; monthly_income: unknown }): number {
  return exact(applicant.existing_debt).div(exact(applicant.monthly_income)).toNumber();
}

/** The limit of a tier: the request, capped at a multiple of monthly income floored to 100 (and at 50,000 for prime). */
export function tierLimit(applicant: Record<string, unknown>, tier: 'prime' | 'standard'): string {
  let cap = exact(applicant.monthly_income).times(tier === 'prime' ? 5 : 3).div(100).floor().times(100);
  if (tier === 'prime') cap = D.min(50000, cap);
  return D.min(exact(applicant.requested_amount), cap).toFixed();
}

/**
 * The policy's combination rule over hits in evaluation order: the first non-shadow reject ends
 * the decision (later hits are dropped: the engine may have evaluated them, the policy would not
 * have); a review caps an approve at review; the tier decides otherwise.
 */
export function combine(hits: CompetitorHit[], tier: Tier | undefined, limit: () => string): CompetitorResult {
  const ids: string[] = [];
  let review = false;
  for (const h of hits) {
    ids.push(h.shadow ? `${h.rule} (shadow)` : h.rule);
    if (h.shadow) continue;
    if (h.outcome === 'reject') return { decision: 'reject', hits: ids };
    if (h.outcome === 'review') review = true;
  }
  if (tier === undefined || tier === 'low') return { decision: 'reject', hits: ids };
  if (tier === 'grey') return { decision: 'review', hits: ids };
  return { decision: review ? 'review' : 'approve', hits: ids, terms: { line: 'revolving', limit: limit(), apr: tier === 'prime' ? '0.15' : '0.24', term: '12', valid: '365' } };
}
