// samples/application.policy as a GoRules JDM decision graph, run by `@gorules/zen-engine` (the
// Rust engine behind the GoRules editor), built the way that editor builds one: an expression
// node for the derived features, one decision table per rule set (one row per rule, hit policy
// `collect`), a switch after each table that leaves for the `rejected` node when a reject fired,
// a switch for the channel branch, one `first`-hit table per scorecard characteristic, and a
// decision table for the offer tiers followed by an expression node for the limit.
//
// Faithfulness, and where the engine forces an approximation:
// - Order and stop: rows keep the policy's run order (with `order cost` already applied), and the
//   switch after each table stops at the end of the rule set whose reject fired. Within that
//   table the rows after the reject are still evaluated (a `collect` table evaluates every row);
//   the wrapper drops their hits, as the policy would never have run them.
// - Missing values: ZEN errors on comparing null with a number, so comparisons on optional or
//   absent data carry an explicit `!= null` guard; `!= true` expresses "missing or false".
// - Money: ZEN numbers are decimals, so debt-to-income and the limit are exact, as in Verdict.
// - Not done: record validation (a malformed record is not an error here) and cost accounting.

import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import { combine, type CompetitorHit, type CompetitorResult, type Tier } from './outcome.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface TableRule {
  id: string;
  outcome: 'reject' | 'review' | 'flag' | 'shadow';
  when: string;
}

const RULE_SETS: { id: string; rules: TableRule[] }[] = [
  {
    id: 'prescreen',
    rules: [
      { id: 'underage', outcome: 'reject', when: 'applicant.age < 18' },
      { id: 'overage', outcome: 'reject', when: 'applicant.age > 60' },
      { id: 'dti_too_high', outcome: 'reject', when: 'debt_to_income > 0.7' },
      { id: 'contact_not_in_book', outcome: 'reject', when: 'contacts_outside_book > 0' },
      { id: 'contact_relation_mismatch', outcome: 'review', when: 'remark_mismatch' },
      { id: 'no_family_contact', outcome: 'review', when: 'family_contacts == 0' },
      { id: 'own_blacklisted', outcome: 'reject', when: 'own_blacklist.listed == true' },
    ],
  },
  {
    id: 'verification',
    rules: [
      { id: 'fraud_b_trial', outcome: 'shadow', when: 'fraud_vendor_b.hit == true' },
      { id: 'fraud_a_hit', outcome: 'reject', when: 'fraud_vendor_a.hit == true' },
      { id: 'bureau_blacklisted', outcome: 'reject', when: 'bureau_blacklist.listed == true' },
      { id: 'realname_mismatch', outcome: 'reject', when: 'realname.matched != true' },
      { id: 'liveness_failed', outcome: 'reject', when: 'face_check.liveness_passed != true' },
      { id: 'face_mismatch', outcome: 'reject', when: 'face_check.similarity != null and face_check.similarity < 0.7' },
      { id: 'ocr_mismatch', outcome: 'reject', when: 'face_check != null and (face_check.ocr_id_number != applicant.id_number or face_check.ocr_name != applicant.name)' },
      { id: 'bank_card_mismatch', outcome: 'reject', when: 'bank_card_4f.consistent != true' },
    ],
  },
  {
    id: 'partner_checks',
    rules: [
      { id: 'partner_high_dti', outcome: 'reject', when: 'debt_to_income > 0.5' },
      { id: 'partner_new_phone', outcome: 'review', when: 'carrier_profile.tenure_months != null and carrier_profile.tenure_months < 12' },
    ],
  },
  {
    id: 'carrier_checks',
    rules: [
      { id: 'phone_tenure_short', outcome: 'reject', when: 'carrier_profile.tenure_months != null and carrier_profile.tenure_months < 6' },
      { id: 'prepaid_no_topup', outcome: 'flag', when: 'carrier_profile.plan == "prepaid" and topups_6m == 0' },
      { id: 'low_call_activity', outcome: 'reject', when: 'avg_call_minutes != null and avg_call_minutes < 30' },
    ],
  },
  {
    id: 'credit',
    rules: [
      { id: 'credit_severe_overdue', outcome: 'reject', when: 'credit_report.max_dpd_24m != null and credit_report.max_dpd_24m >= 90' },
      { id: 'credit_overdue_accounts', outcome: 'reject', when: 'credit_report.overdue_accounts_24m != null and credit_report.overdue_accounts_24m >= 3' },
      { id: 'credit_many_inquiries', outcome: 'review', when: 'credit_report.inquiries_3m != null and credit_report.inquiries_3m > 6' },
      { id: 'credit_report_missing', outcome: 'review', when: 'credit_report.max_dpd_24m == null' },
    ],
  },
];

/** Scorecard characteristics: field and `first`-hit bins (unary tests on the field). */
const SCORECARD: { id: string; field: string; bins: [string, number][] }[] = [
  { id: 'age', field: 'applicant.age', bins: [['[18..25)', 5], ['[25..40)', 30], ['[40..61)', 20], ['', 0]] },
  { id: 'education', field: 'applicant.education', bins: [['"master", "doctor"', 40], ['"bachelor"', 30], ['"college"', 15], ['', 0]] },
  { id: 'dti', field: 'debt_to_income', bins: [['< 0.3', 40], ['[0.3..0.6)', 10], ['', -30]] },
  { id: 'tenure', field: 'carrier_profile.tenure_months', bins: [['$ == null', 0], ['< 12', 0], ['[12..36)', 20], ['>= 36', 40]] },
  { id: 'zhima', field: 'applicant.zhima_score', bins: [['$ == null', 0], ['>= 700', 40], ['[600..700)', 20], ['[500..600)', 0], ['< 500', -20]] },
  { id: 'inquiries', field: 'credit_report.inquiries_3m', bins: [['$ == null', 0], ['<= 2', 30], ['(2..5]', 10], ['> 5', -20]] },
];

const HIT_KEYS = RULE_SETS.map((s) => s.id);

/** The JDM document (what the GoRules editor saves). */
export function applicationJdm(): Obj {
  const nodes: Obj[] = [];
  const edges: Obj[] = [];
  const edge = (sourceId: string, targetId: string, sourceHandle?: string) =>
    edges.push({ id: `e${edges.length}`, sourceId, targetId, type: 'edge', ...(sourceHandle ? { sourceHandle } : {}) });
  const expression = (id: string, exprs: [string, string][], passThrough = true) =>
    nodes.push({ id, name: id, type: 'expressionNode', content: { expressions: exprs.map(([key, value], i) => ({ id: `${id}-${i}`, key, value })), passThrough, inputField: null, outputPath: null, executionMode: 'single' } });
  const table = (id: string, hitPolicy: 'first' | 'collect', inputs: Obj[], outputs: Obj[], rules: Obj[], outputPath: string | null) =>
    nodes.push({ id, name: id, type: 'decisionTableNode', content: { hitPolicy, inputs, outputs, rules, passThrough: true, inputField: null, outputPath, executionMode: 'single' } });
  const gate = (id: string, ruleSet: string) =>
    nodes.push({ id, name: id, type: 'switchNode', content: { hitPolicy: 'first', statements: [{ id: `${id}-stop`, condition: `some(${ruleSet}, #.outcome == "reject")`, isDefault: false }, { id: `${id}-go`, condition: '', isDefault: true }] } });

  nodes.push({ id: 'input', name: 'record', type: 'inputNode', content: {} });
  nodes.push({ id: 'output', name: 'result', type: 'outputNode', content: {} });
  expression('features', [
    ['debt_to_income', 'number(applicant.existing_debt) / number(applicant.monthly_income)'],
    ['contacts_outside_book', 'count(applicant.contacts, not #.in_address_book)'],
    ['family_contacts', 'count(applicant.contacts, #.relation in ["parent", "spouse", "sibling", "child"])'],
    ['remark_mismatch', 'some(applicant.contacts, #.in_address_book and #.remark_matches == false)'],
  ]);
  // The heavy aggregates over crawled bills, computed only on the path that needs them.
  expression('bill_features', [
    ['avg_call_minutes', 'carrier_bills != null and len(carrier_bills.bills) > 0 ? avg(map(carrier_bills.bills, #.call_minutes)) : null'],
    ['topups_6m', 'carrier_bills != null ? count(carrier_bills.topups, d(as_of ?? applicant.applied_at).diff(d(#.at), "day") <= 180) : null'],
  ]);
  for (const set of RULE_SETS) {
    table(
      set.id,
      'collect',
      [{ id: `${set.id}-when`, name: 'Condition' }],
      [{ id: `${set.id}-rule`, name: 'Rule', field: 'rule' }, { id: `${set.id}-outcome`, name: 'Outcome', field: 'outcome' }],
      set.rules.map((r) => ({ _id: r.id, [`${set.id}-when`]: r.when, [`${set.id}-rule`]: JSON.stringify(r.id), [`${set.id}-outcome`]: JSON.stringify(r.outcome) })),
      set.id,
    );
    gate(`${set.id}_gate`, set.id);
  }
  nodes.push({ id: 'route', name: 'route', type: 'switchNode', content: { hitPolicy: 'first', statements: [{ id: 'route-partner', condition: 'applicant.channel == "partner"', isDefault: false }, { id: 'route-else', condition: '', isDefault: true }] } });
  for (const c of SCORECARD) {
    table(
      `score_${c.id}`,
      'first',
      [{ id: `${c.id}-in`, name: c.id, field: c.field }],
      [{ id: `${c.id}-points`, name: 'Points', field: `points_${c.id}` }],
      c.bins.map(([test, points], i) => ({ _id: `${c.id}-${i}`, [`${c.id}-in`]: test, [`${c.id}-points`]: String(points) })),
      null,
    );
  }
  expression('score', [['app_score', `500 + ${SCORECARD.map((c) => `points_${c.id}`).join(' + ')}`]]);
  table(
    'offer',
    'first',
    [{ id: 'offer-score', name: 'Score', field: 'app_score' }],
    [{ id: 'offer-tier', name: 'Tier', field: 'tier' }],
    [['>= 680', 'prime'], ['>= 620', 'standard'], ['>= 560', 'grey'], ['', 'low']].map(([test, tier]) => ({ _id: tier, 'offer-score': test, 'offer-tier': JSON.stringify(tier) })),
    null,
  );
  const hits = HIT_KEYS.map((k): [string, string] => [`hits_${k}`, k]);
  expression('result', [
    ['tier', 'tier'],
    ['limit', 'tier == "prime" ? min([number(applicant.requested_amount), 50000, floor(number(applicant.monthly_income) * 5 / 100) * 100]) : tier == "standard" ? min([number(applicant.requested_amount), floor(number(applicant.monthly_income) * 3 / 100) * 100]) : null'],
    ...hits,
  ], false);
  expression('rejected', [['tier', 'null'], ...hits], false);

  edge('input', 'features');
  edge('features', 'prescreen');
  edge('prescreen', 'prescreen_gate');
  edge('prescreen_gate', 'verification', 'prescreen_gate-go');
  edge('verification', 'verification_gate');
  edge('verification_gate', 'route', 'verification_gate-go');
  edge('route', 'partner_checks', 'route-partner');
  edge('partner_checks', 'partner_checks_gate');
  edge('partner_checks_gate', 'bill_features', 'partner_checks_gate-go');
  edge('route', 'bill_features', 'route-else');
  edge('bill_features', 'carrier_checks');
  edge('carrier_checks', 'carrier_checks_gate');
  edge('carrier_checks_gate', 'credit', 'carrier_checks_gate-go');
  edge('credit', 'credit_gate');
  edge('credit_gate', `score_${SCORECARD[0].id}`, 'credit_gate-go');
  for (let i = 1; i < SCORECARD.length; i++) edge(`score_${SCORECARD[i - 1].id}`, `score_${SCORECARD[i].id}`);
  edge(`score_${SCORECARD[SCORECARD.length - 1].id}`, 'score');
  edge('score', 'offer');
  edge('offer', 'result');
  edge('result', 'output');
  for (const set of RULE_SETS) edge(`${set.id}_gate`, 'rejected', `${set.id}_gate-stop`);
  edge('rejected', 'output');
  return { nodes, edges };
}

const ORDER = new Map(RULE_SETS.flatMap((s) => s.rules.map((r) => [r.id, r.outcome])));

/** The wrapper an integrator writes: ZEN's output → the policy's result. */
function toResult(out: Obj): CompetitorResult {
  const hits: CompetitorHit[] = [];
  for (const key of HIT_KEYS) {
    const rows = out[`hits_${key}`] as { rule: string; outcome: string }[] | null | undefined;
    if (!rows) continue;
    for (const row of rows) {
      const outcome = ORDER.get(row.rule)!;
      hits.push(outcome === 'shadow' ? { rule: row.rule, outcome: 'reject', shadow: true } : { rule: row.rule, outcome });
    }
  }
  return combine(hits, (out.tier ?? undefined) as Tier | undefined, () => String(out.limit));
}

export function createZen(): { decision: ZenDecision; decide(record: Obj): Promise<CompetitorResult>; dispose(): void } {
  const engine = new ZenEngine();
  const decision = engine.createDecision(applicationJdm());
  return {
    decision,
    async decide(record) {
      const response = await decision.evaluate(record);
      return toResult(response.result);
    },
    dispose: () => engine.dispose(),
  };
}
