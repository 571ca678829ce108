// Differential test: Verdict running samples/application.policy against a hand-written
// TypeScript implementation of the same policy (bench/reference/application.ts), on generated
// applicants, on applicants pushed onto every threshold of the policy, and on the committed CSV.
// Decisions, reasons, hit rules, terms, score, cost and the sources called must agree exactly;
// a disagreement prints the record.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideApplication, type ReferenceResult } from '../bench/reference/application.js';
import { compileText } from './compile.js';
import { generateApplicants, type JsonRecord } from './data/generate.js';
import { readRecords } from './data/records.js';
import { Draw, mulberry32 } from './data/random.js';
import { prepare } from './evaluate.js';
import type { DecisionResult } from './result.js';

const text = readFileSync(new URL('../samples/application.policy', import.meta.url), 'utf8');
const compiled = compileText(text);
const graph = compiled.graph!;
const verdict = prepare(graph);

/** The comparable part of a result; an error's message is free text, its field is compared. */
function comparable(r: DecisionResult | ReferenceResult) {
  const score = 'scores' in r ? r.scores.app_score : r.score === undefined ? undefined : String(r.score);
  return JSON.parse(
    JSON.stringify({
      id: r.id,
      decision: r.decision,
      reasons: r.decision === 'error' ? undefined : r.reasons,
      errorField: r.error?.field?.replace(/\[.*$/, '') || undefined,
      hits: r.hits.map((h) => (h.shadow ? `${h.rule} (shadow)` : h.rule)),
      terms: r.terms,
      score,
      cost: r.cost.total,
      sourcesCalled: r.sourcesCalled,
    }),
  );
}

function disagreements(records: Iterable<unknown>): { count: number; report: string[] } {
  const report: string[] = [];
  let count = 0;
  let i = 0;
  for (const record of records) {
    const v = comparable(verdict.decide(record, { index: i }));
    const r = comparable(decideApplication(record, i));
    // Tracing must not change a decision; every third record is enough to see it.
    const vt = i % 3 === 0 ? comparable(verdict.decide(record, { index: i, trace: true })) : v;
    if (JSON.stringify(v) !== JSON.stringify(r) || JSON.stringify(v) !== JSON.stringify(vt)) {
      count++;
      if (report.length < 5) report.push(`record ${JSON.stringify(record)}\n  verdict:   ${JSON.stringify(v)}\n  traced:    ${JSON.stringify(vt)}\n  reference: ${JSON.stringify(r)}`);
    }
    i++;
  }
  return { count, report };
}

const clone = <T>(x: T): T => structuredClone(x);

describe('Verdict and the hand-written reference agree', () => {
  it('compiles the sample policy', () => {
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('on generated applicants', () => {
    const records = [...generateApplicants({ seed: 2025, count: 6000 })];
    const { count, report } = disagreements(records);
    expect(count, report.join('\n\n')).toBe(0);
    // The comparison must see every kind of outcome to mean anything.
    const seen = new Set(records.map((r) => verdict.decide(r).decision));
    expect([...seen].sort()).toEqual(['approve', 'error', 'reject', 'review']);
  });

  it('on applicants pushed onto the thresholds', () => {
    const { count, report } = disagreements(thresholdRecords(4000));
    expect(count, report.join('\n\n')).toBe(0);
  });

  it('on hand-picked edge cases', () => {
    const { count, report } = disagreements(edgeCases());
    expect(count, report.join('\n\n')).toBe(0);
  });

  it('on the sample cases of the policy', () => {
    const cases = JSON.parse(readFileSync(new URL('../samples/application.cases.json', import.meta.url), 'utf8')) as { record: unknown }[];
    const { count, report } = disagreements(cases.map((c) => c.record));
    expect(count, report.join('\n\n')).toBe(0);
  });

  it('on the committed CSV sample, read as the CLI reads it', async () => {
    const records: unknown[] = [];
    for await (const item of readRecords(new URL('../samples/data/applicants.csv', import.meta.url).pathname, 'csv', graph)) {
      if ('record' in item) records.push(item.record);
    }
    expect(records.length).toBeGreaterThanOrEqual(2000);
    const { count, report } = disagreements(records);
    expect(count, report.join('\n\n')).toBe(0);
  });

  it('notices a disagreement', () => {
    // Guard against a comparison that cannot fail: a one-day shift of the top-up window must show.
    const r = cleanApplicant();
    r.carrier_profile.plan = 'prepaid';
    r.carrier_bills.topups = [{ at: shiftDays(r.as_of, -180), amount: '50' }];
    expect(comparable(verdict.decide(r)).hits).toEqual([]);
    const changed = prepare(compileText(text.replace('days_since(it.at) <= 180', 'days_since(it.at) < 180')).graph!);
    const a = comparable(changed.decide(r));
    expect(a.hits.includes('prepaid_no_topup')).not.toBe(comparable(decideApplication(r)).hits.includes('prepaid_no_topup'));
  });
});

// ---------------------------------------------------------------------------------------------
// Records on the thresholds

/** `days` after `date`; a date that does not read (a mutated `as_of`) counts from mid-2025. */
function shiftDays(date: unknown, days: number): string {
  const t = typeof date === 'string' ? Date.parse(`${date.slice(0, 10)}T00:00:00Z`) : NaN;
  return new Date((Number.isNaN(t) ? Date.UTC(2025, 5, 30) : t) + days * 86_400_000).toISOString().slice(0, 10);
}

type Mutation = (r: any, d: Draw) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Each mutation puts one value at, or one step either side of, a threshold the policy tests. */
const MUTATIONS: Mutation[] = [
  (r, d) => (r.applicant.age = d.pick([17, 18, 24, 25, 39, 40, 60, 61, '18', 17.9])),
  (r, d) => {
    // Debt-to-income exactly at 0.3, 0.5, 0.6, 0.7 with cents, and a cent either side.
    const income = d.pick(['6333.30', '8000', '12345.60', 7777.7]);
    const ratio = d.pick(['0.3', '0.5', '0.6', '0.7']);
    const exact = Math.round(Number(income) * Number(ratio) * 100);
    r.applicant.monthly_income = income;
    r.applicant.existing_debt = ((exact + d.pick([-1, 0, 0, 1])) / 100).toFixed(2);
  },
  (r, d) => (r.applicant.zhima_score = d.pick([499, 500, 599, 600, 699, 700, null, '650'])),
  (r, d) => (r.applicant.education = d.pick(['primary', 'college', 'bachelor', 'master', 'doctor'])),
  (r, d) => (r.applicant.channel = d.pick(['partner', 'partner', 'app', 'h5'])),
  (r, d) => {
    if (r.carrier_profile) r.carrier_profile.tenure_months = d.pick([5, 6, 11, 12, 35, 36, '6']);
  },
  (r, d) => {
    if (r.carrier_profile) r.carrier_profile.plan = d.pick(['prepaid', 'postpaid']);
    if (r.carrier_bills) r.carrier_bills.topups = [{ at: shiftDays(r.as_of, -d.pick([179, 180, 181, 400])), amount: '50' }];
  },
  (r, d) => {
    if (r.carrier_bills) r.carrier_bills.bills = d.pick([[29, 30, 31], [29, 30, 30], [90], [], [0, 0, 89]]).map((m: number, i: number) => ({ month: shiftDays(r.as_of, -31 * (i + 1)), call_minutes: m, sms_count: 3, amount: '58.00' }));
  },
  (r, d) => {
    if (r.face_check) r.face_check.similarity = d.pick([0.7, 0.69, 0.699, '0.70', 0.701]);
  },
  (r, d) => {
    if (r.face_check) r.face_check[d.pick(['ocr_name', 'ocr_id_number'])] = d.pick(['王伟', '110101199003074518']);
  },
  (r, d) => {
    if (r.credit_report) {
      r.credit_report.max_dpd_24m = d.pick([0, 89, 90]);
      r.credit_report.overdue_accounts_24m = d.pick([0, 2, 3]);
      r.credit_report.inquiries_3m = d.pick([2, 3, 5, 6, 7]);
    }
  },
  (r, d) => delete r[d.pick(['credit_report', 'carrier_profile', 'carrier_bills', 'realname', 'face_check', 'bank_card_4f', 'own_blacklist', 'fraud_vendor_a'])],
  (r, d) => (r[d.pick(['own_blacklist', 'bureau_blacklist'])] = { listed: d.chance(0.5) }),
  (r, d) => (r[d.pick(['fraud_vendor_a', 'fraud_vendor_b'])] = { hit: d.chance(0.5) }),
  (r, d) => {
    const c = d.pick(r.applicant.contacts) as Record<string, unknown>;
    if (c && typeof c === 'object') {
      c.relation = d.pick(['friend', 'colleague', 'parent']);
      c.in_address_book = d.pick([true, true, false]);
      c.remark_matches = d.pick([true, false, null]);
    }
  },
  (r, d) => (r.applicant.requested_amount = d.pick(['18900', '18900.00', 50000, '1000', 18899.99])),
  (r, d) => {
    r.applicant.monthly_income = d.pick(['0', '0.00', 0, '1', '6333.33']);
  },
  (r, d) => {
    if (d.chance(0.5)) delete r.as_of;
    else r.as_of = d.pick(['2025-02-29', '2025-13-01', '2025-06-30T23:59:59+08:00', 20250101]);
  },
  (r, d) => {
    r.realname = { matched: d.pick([true, false, null, 'true']) };
    r.bank_card_4f = { consistent: d.pick([true, false, null]) };
  },
];

function* thresholdRecords(count: number): Generator<JsonRecord> {
  const d = new Draw(mulberry32(99));
  for (const base of generateApplicants({ seed: 77, count })) {
    const r = clone(base);
    // Mostly clean applicants, so that a mutation reaches the later rules and the scorecard.
    if ((r.applicant as JsonRecord).age === undefined) continue;
    for (let k = d.int(1, 3); k > 0; k--) d.pick(MUTATIONS)(r, d);
    yield r;
  }
}

/** An applicant every rule passes, approved with the prime offer. */
function cleanApplicant(): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const [base] = generateApplicants({ seed: 3, count: 1 });
  const clean = clone(base) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  Object.assign(clean.applicant, { age: 30, monthly_income: '10000.00', existing_debt: '0', requested_amount: '50000', education: 'master', channel: 'app', zhima_score: 720 });
  clean.applicant.contacts = [{ name: '李娜', phone: '13900139000', relation: 'spouse', in_address_book: true, remark_matches: true }, { name: '张三', phone: '13700137000', relation: 'friend', in_address_book: true }];
  Object.assign(clean, { own_blacklist: { listed: false }, bureau_blacklist: { listed: false }, fraud_vendor_a: { hit: false }, fraud_vendor_b: { hit: false }, realname: { matched: true }, bank_card_4f: { consistent: true } });
  clean.face_check = { ocr_name: clean.applicant.name, ocr_id_number: clean.applicant.id_number, liveness_passed: true, similarity: 0.95 };
  clean.carrier_profile = { plan: 'postpaid', tenure_months: 48 };
  clean.carrier_bills = { bills: [{ month: shiftDays(clean.as_of, -40), call_minutes: 200, sms_count: 5, amount: '58.00' }], topups: [] };
  clean.credit_report = { max_dpd_24m: 0, overdue_accounts_24m: 0, inquiries_3m: 1 };
  return clean;
}

function edgeCases(): unknown[] {
  const clean = cleanApplicant();
  const variant = (f: (r: any) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const r = clone(clean);
    f(r);
    return r;
  };
  return [
    clean,
    variant((r) => (r.applicant.monthly_income = '9999.99')), // prime limit floors to 49,900 → capped by max_limit below
    variant((r) => (r.applicant.monthly_income = 10020)), // income × 5 = 50,100: max_limit 50,000 wins
    variant((r) => (r.applicant.zhima_score = 600)), // 680 exactly: prime
    variant((r) => (r.applicant.zhima_score = 599)), // 660: standard
    variant((r) => Object.assign(r.applicant, { zhima_score: 599, monthly_income: '20000.00', requested_amount: '60000.00' })), // standard, income × 3 = 60,000: max_limit 50,000 wins
    variant((r) => Object.assign(r.applicant, { zhima_score: 420, education: 'primary' })), // 580: grey zone
    variant((r) => Object.assign(r.applicant, { zhima_score: 420, education: 'primary', age: 22 })), // 555: reject by score
    variant((r) => (r.applicant.contacts[0].remark_matches = false)), // review with the prime terms kept
    variant((r) => Object.assign(r.applicant.contacts[0], { in_address_book: false, remark_matches: null })),
    variant((r) => (r.applicant.contacts = [])), // no contacts: no family, review
    variant((r) => (r.credit_report = null)), // JSON null: the source is absent
    variant((r) => (r.credit_report = { max_dpd_24m: 0, overdue_accounts_24m: 0 })), // present without a required field: error
    variant((r) => (r.carrier_bills = { bills: [], topups: [] })),
    variant((r) => (r.carrier_bills = { bills: '[{"month":"2025-01-01","call_minutes":10,"sms_count":1,"amount":"1"}]', topups: '[]' })), // CSV-style list text
    variant((r) => (r.fraud_vendor_b = { hit: true })), // shadow hit, still approved
    variant((r) => Object.assign(r, { fraud_vendor_b: { hit: true }, fraud_vendor_a: { hit: true } })),
    variant((r) => (r.applicant.monthly_income = '0')), // division by zero: error
    variant((r) => Object.assign(r.applicant, { monthly_income: '0', age: 16 })), // rejected before the division
    variant((r) => delete r.applicant),
    variant((r) => (r.applicant.contacts = 'none')),
    variant((r) => (r.applicant.id = 12345)),
    'not a record',
    null,
  ];
}
