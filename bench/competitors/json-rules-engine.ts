// samples/application.policy for json-rules-engine (npm `json-rules-engine`), written the way its
// documentation teaches: the record's blocks are runtime facts read through JSONPath, derived
// features (debt-to-income, contact counts, call-minute average, top-ups, the score) are dynamic
// facts computed on first use and cached per run, each policy rule is an engine rule with an event.
//
// Faithfulness, and where the engine forces an approximation:
// - Order: every rule has its own priority, descending in the policy's run order (with `order
//   cost` already applied to the verification set), so the engine evaluates one rule at a time in
//   exactly that order.
// - Stop at the first reject: a `success` listener calls `engine.stop()` on a reject event; with
//   one rule per priority level no later rule is evaluated. Shadow and flag rules only record.
// - The branch: the partner rules carry an extra `channel == "partner"` condition (the engine has
//   no flow); evaluated in the same position, they fire on the same applicants.
// - Missing values: numeric operators are false on a missing value (the engine's own number
//   validator), `notEqual true` expresses "missing or false", and the two `is missing` / presence
//   tests are custom operators.
// - The scorecard and the offer tiers: a dynamic fact computes the score (the engine has no scoring
//   construct) and four priority-ordered rules pick the tier; terms are computed after the run.
// - Not done: record validation (a malformed record is not an error here) and cost accounting.

import { Engine, type Almanac, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { combine, debtToIncome, tierLimit, type CompetitorHit, type CompetitorResult, type Tier } from './outcome.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FAMILY = ['parent', 'spouse', 'sibling', 'child'];

const fact = (id: string, path: string | undefined, operator: string, value: unknown) => (path ? { fact: id, path, operator, value } : { fact: id, operator, value });

interface PolicyRule {
  id: string;
  outcome: 'reject' | 'review' | 'flag';
  shadow?: boolean;
  conditions: TopLevelCondition;
}

const partner = fact('applicant', '$.channel', 'equal', 'partner');

/** The policy's rules in run order (the `off` zhima rule is not run, so it is not here). */
const POLICY_RULES: PolicyRule[] = [
  { id: 'underage', outcome: 'reject', conditions: { all: [fact('applicant', '$.age', 'lessThan', 18)] } },
  { id: 'overage', outcome: 'reject', conditions: { all: [fact('applicant', '$.age', 'greaterThan', 60)] } },
  { id: 'dti_too_high', outcome: 'reject', conditions: { all: [fact('debt_to_income', undefined, 'greaterThan', 0.7)] } },
  { id: 'contact_not_in_book', outcome: 'reject', conditions: { all: [fact('contacts_outside_book', undefined, 'greaterThan', 0)] } },
  { id: 'contact_relation_mismatch', outcome: 'review', conditions: { all: [fact('remark_mismatch', undefined, 'equal', true)] } },
  { id: 'no_family_contact', outcome: 'review', conditions: { all: [fact('family_contacts', undefined, 'equal', 0)] } },
  { id: 'own_blacklisted', outcome: 'reject', conditions: { all: [fact('own_blacklist', '$.listed', 'equal', true)] } },
  { id: 'fraud_b_trial', outcome: 'reject', shadow: true, conditions: { all: [fact('fraud_vendor_b', '$.hit', 'equal', true)] } },
  { id: 'fraud_a_hit', outcome: 'reject', conditions: { all: [fact('fraud_vendor_a', '$.hit', 'equal', true)] } },
  { id: 'bureau_blacklisted', outcome: 'reject', conditions: { all: [fact('bureau_blacklist', '$.listed', 'equal', true)] } },
  { id: 'realname_mismatch', outcome: 'reject', conditions: { all: [fact('realname', '$.matched', 'notEqual', true)] } },
  { id: 'liveness_failed', outcome: 'reject', conditions: { all: [fact('face_check', '$.liveness_passed', 'notEqual', true)] } },
  { id: 'face_mismatch', outcome: 'reject', conditions: { all: [fact('face_check', '$.similarity', 'lessThan', 0.7)] } },
  {
    id: 'ocr_mismatch',
    outcome: 'reject',
    conditions: {
      all: [
        fact('face_check', undefined, 'present', true),
        {
          any: [
            fact('face_check', '$.ocr_id_number', 'notEqual', { fact: 'applicant', path: '$.id_number' }),
            fact('face_check', '$.ocr_name', 'notEqual', { fact: 'applicant', path: '$.name' }),
          ],
        },
      ],
    },
  },
  { id: 'bank_card_mismatch', outcome: 'reject', conditions: { all: [fact('bank_card_4f', '$.consistent', 'notEqual', true)] } },
  { id: 'partner_high_dti', outcome: 'reject', conditions: { all: [partner, fact('debt_to_income', undefined, 'greaterThan', 0.5)] } },
  { id: 'partner_new_phone', outcome: 'review', conditions: { all: [partner, fact('carrier_profile', '$.tenure_months', 'lessThan', 12)] } },
  { id: 'phone_tenure_short', outcome: 'reject', conditions: { all: [fact('carrier_profile', '$.tenure_months', 'lessThan', 6)] } },
  { id: 'prepaid_no_topup', outcome: 'flag', conditions: { all: [fact('carrier_profile', '$.plan', 'equal', 'prepaid'), fact('topups_6m', undefined, 'equal', 0)] } },
  { id: 'low_call_activity', outcome: 'reject', conditions: { all: [fact('avg_call_minutes', undefined, 'lessThan', 30)] } },
  { id: 'credit_severe_overdue', outcome: 'reject', conditions: { all: [fact('credit_report', '$.max_dpd_24m', 'greaterThanInclusive', 90)] } },
  { id: 'credit_overdue_accounts', outcome: 'reject', conditions: { all: [fact('credit_report', '$.overdue_accounts_24m', 'greaterThanInclusive', 3)] } },
  { id: 'credit_many_inquiries', outcome: 'review', conditions: { all: [fact('credit_report', '$.inquiries_3m', 'greaterThan', 6)] } },
  { id: 'credit_report_missing', outcome: 'review', conditions: { all: [fact('credit_report', '$.max_dpd_24m', 'missing', true)] } },
];

const TIERS: { tier: Tier; conditions: TopLevelCondition }[] = [
  { tier: 'prime', conditions: { all: [fact('app_score', undefined, 'greaterThanInclusive', 680)] } },
  { tier: 'standard', conditions: { all: [fact('app_score', undefined, 'greaterThanInclusive', 620), fact('app_score', undefined, 'lessThan', 680)] } },
  { tier: 'grey', conditions: { all: [fact('app_score', undefined, 'greaterThanInclusive', 560), fact('app_score', undefined, 'lessThan', 620)] } },
  { tier: 'low', conditions: { all: [fact('app_score', undefined, 'lessThan', 560)] } },
];

const daysBetween = (later: string, earlier: string) => (Date.parse(later) - Date.parse(earlier)) / 86_400_000;

async function applicationScore(almanac: Almanac): Promise<number> {
  const a: Obj = await almanac.factValue('applicant');
  const dti: number = await almanac.factValue('debt_to_income');
  const carrier: Obj | undefined = await almanac.factValue('carrier_profile');
  const credit: Obj | undefined = await almanac.factValue('credit_report');
  let score = 500;
  score += a.age >= 18 && a.age < 25 ? 5 : a.age >= 25 && a.age < 40 ? 30 : a.age >= 40 && a.age < 61 ? 20 : 0;
  score += ['master', 'doctor'].includes(a.education) ? 40 : a.education === 'bachelor' ? 30 : a.education === 'college' ? 15 : 0;
  score += dti < 0.3 ? 40 : dti < 0.6 ? 10 : -30;
  const tenure = carrier?.tenure_months;
  if (tenure != null) score += tenure < 12 ? 0 : tenure < 36 ? 20 : 40;
  const zhima = a.zhima_score;
  if (zhima != null) score += zhima >= 700 ? 40 : zhima >= 600 ? 20 : zhima >= 500 ? 0 : -20;
  const inquiries = credit?.inquiries_3m;
  if (inquiries != null) score += inquiries <= 2 ? 30 : inquiries <= 5 ? 10 : -20;
  return score;
}

export function createJsonRulesEngine(): { decide(record: Obj): Promise<CompetitorResult> } {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('missing', (v: unknown) => v === undefined || v === null);
  engine.addOperator('present', (v: unknown) => v !== undefined && v !== null);

  engine.addFact('debt_to_income', async (_p, almanac) => debtToIncome(await almanac.factValue('applicant')));
  engine.addFact('contacts_outside_book', async (_p, almanac) => ((await almanac.factValue('applicant')) as Obj).contacts.filter((c: Obj) => !c.in_address_book).length);
  engine.addFact('family_contacts', async (_p, almanac) => ((await almanac.factValue('applicant')) as Obj).contacts.filter((c: Obj) => FAMILY.includes(c.relation)).length);
  engine.addFact('remark_mismatch', async (_p, almanac) => ((await almanac.factValue('applicant')) as Obj).contacts.some((c: Obj) => c.in_address_book && c.remark_matches === false));
  engine.addFact('avg_call_minutes', async (_p, almanac) => {
    const bills: Obj | undefined = await almanac.factValue('carrier_bills');
    if (!bills || bills.bills.length === 0) return undefined;
    return bills.bills.reduce((s: number, b: Obj) => s + b.call_minutes, 0) / bills.bills.length;
  });
  engine.addFact('topups_6m', async (_p, almanac) => {
    const bills: Obj | undefined = await almanac.factValue('carrier_bills');
    if (!bills) return undefined;
    const asOf: string = (await almanac.factValue('as_of')) ?? ((await almanac.factValue('applicant')) as Obj).applied_at;
    return bills.topups.filter((t: Obj) => daysBetween(asOf, t.at) <= 180).length;
  });
  engine.addFact('app_score', (_p, almanac) => applicationScore(almanac));

  let priority = 1000;
  for (const r of POLICY_RULES) {
    const rule: RuleProperties = { name: r.id, priority: priority--, conditions: r.conditions, event: { type: r.shadow ? 'shadow' : r.outcome, params: { rule: r.id } } };
    engine.addRule(rule);
  }
  for (const t of TIERS) engine.addRule({ name: `tier_${t.tier}`, priority: priority--, conditions: t.conditions, event: { type: 'tier', params: { tier: t.tier } } });
  engine.on('success', (event) => {
    if (event.type === 'reject') engine.stop();
  });

  return {
    async decide(record) {
      const { events } = await engine.run(record);
      const hits: CompetitorHit[] = [];
      let tier: Tier | undefined;
      for (const e of events) {
        if (e.type === 'tier') tier = e.params!.tier as Tier;
        else hits.push({ rule: e.params!.rule as string, outcome: e.type === 'shadow' ? 'reject' : (e.type as CompetitorHit['outcome']), shadow: e.type === 'shadow' });
      }
      return combine(hits, tier, () => tierLimit(record.applicant, tier as 'prime' | 'standard'));
    },
  };
}
