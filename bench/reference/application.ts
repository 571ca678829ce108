// samples/application.policy written by hand, the way an engineer would ship it without Verdict:
// validate the stored record at the boundary, then one function with the rules inline, in the
// order the policy runs them. Plain JS numbers for ages, scores, counts and vendor figures (all
// small or 2–3 decimal values where a double compares exactly enough); decimal.js for the money
// math the decision depends on (debt-to-income at its thresholds, the credit limit).
//
// It serves twice: as the oracle of the differential test (runtime/differential.test.ts) and as
// the speed baseline of the runtime benchmark. Parameters are the policy's defaults, fixed.

import Decimal from 'decimal.js';
import { BadRecord, FAMILY, get, isObj, validate, type Application } from './application-record.js';

export type Outcome = 'reject' | 'review' | 'flag';

export interface ReferenceHit {
  rule: string;
  outcome: Outcome;
  shadow?: true;
}

export interface ReferenceTerms {
  line: 'revolving';
  limit: string;
  apr: string;
  term: string;
  valid: string;
}

export interface ReferenceResult {
  id: string | number;
  decision: 'approve' | 'review' | 'reject' | 'error';
  reasons: string[];
  hits: ReferenceHit[];
  terms?: ReferenceTerms;
  /** The application score, when the scorecard ran. */
  score?: number;
  cost: { total: string; bySource: Record<string, string> };
  sourcesCalled: string[];
  error?: { field: string; message: string };
}

// ---------------------------------------------------------------------------------------------
// The policy

/** Per-query price, or per-hit price, in cents; the text is how results print it. */
const SOURCES = {
  own_blacklist: { cents: 0, perHit: false, text: '0' },
  bureau_blacklist: { cents: 50, perHit: true, text: '0.5' },
  fraud_vendor_a: { cents: 80, perHit: true, text: '0.8' },
  fraud_vendor_b: { cents: 100, perHit: true, text: '1' },
  realname: { cents: 10, perHit: false, text: '0.1' },
  face_check: { cents: 30, perHit: false, text: '0.3' },
  bank_card_4f: { cents: 15, perHit: false, text: '0.15' },
  carrier_profile: { cents: 20, perHit: false, text: '0.2' },
  carrier_bills: { cents: 20, perHit: false, text: '0.2' },
  credit_report: { cents: 200, perHit: false, text: '2' },
} as const;
type SourceId = keyof typeof SOURCES;

const D = Decimal.clone({ precision: 34 });
const DTI_MAX = new D('0.7');
const PARTNER_DTI_MAX = new D('0.5');
const DTI_GOOD = new D('0.3');
const DTI_FAIR = new D('0.6');
const MAX_LIMIT = new D(50000);

/** One decision in progress: hits, review reasons and sources called, in order. */
class Run {
  readonly hits: ReferenceHit[] = [];
  readonly reviews: string[] = [];
  readonly called: SourceId[] = [];
  private readonly hitFlags: (boolean | undefined)[] = [];
  private dti: Decimal | undefined;

  constructor(
    readonly id: string | number,
    readonly app: Application | undefined,
  ) {}

  call(s: SourceId, hit?: boolean): void {
    if (!this.called.includes(s)) {
      this.called.push(s);
      this.hitFlags.push(hit);
    }
  }

  /** Records a reject hit and returns its reason (the caller returns it: nothing runs after a reject). */
  reject(rule: string, reason: string): string {
    this.hits.push({ rule, outcome: 'reject' });
    return reason;
  }

  review(rule: string, reason: string): void {
    this.hits.push({ rule, outcome: 'review' });
    this.reviews.push(reason);
  }

  /** Computed once, when a rule first needs it; undefined when the income is zero. */
  debtToIncome(): Decimal | undefined {
    if (this.dti === undefined) {
      const income = new D(this.app!.income);
      if (!income.isZero()) this.dti = new D(this.app!.debt).div(income);
    }
    return this.dti;
  }

  result(rest: Omit<ReferenceResult, 'id' | 'hits' | 'cost' | 'sourcesCalled'>): ReferenceResult {
    let cents = 0;
    const bySource: Record<string, string> = {};
    for (let i = 0; i < this.called.length; i++) {
      const spec = SOURCES[this.called[i]];
      const charged = spec.cents > 0 && (!spec.perHit || this.hitFlags[i] === true);
      if (charged) cents += spec.cents;
      bySource[this.called[i]] = charged ? spec.text : '0';
    }
    return { id: this.id, hits: this.hits, cost: { total: String(cents / 100), bySource }, sourcesCalled: this.called, ...rest };
  }
}

const DIVISION_BY_ZERO = Symbol('division by zero');

/** The rule sets in run order; returns the reason of the reject that ends the decision, if any. */
function runRules(run: Run, app: Application): string | typeof DIVISION_BY_ZERO | undefined {
  // Pre-screen: the applicant's own answers, then our own blacklist.
  if (app.age < 18) return run.reject('underage', '未满18周岁');
  if (app.age > 60) return run.reject('overage', '超过最高申请年龄');
  const dti = run.debtToIncome();
  if (dti === undefined) return DIVISION_BY_ZERO;
  if (dti.gt(DTI_MAX)) return run.reject('dti_too_high', '负债收入比过高');
  let outside = 0;
  let family = 0;
  let remarkMismatch = false;
  for (const c of app.contacts) {
    if (!c.inBook) outside++;
    else if (c.remarkMatches === false) remarkMismatch = true;
    if (FAMILY.has(c.relation)) family++;
  }
  if (outside > 0) return run.reject('contact_not_in_book', '紧急联系人不在通讯录中');
  if (remarkMismatch) run.review('contact_relation_mismatch', '联系人备注与关系不符');
  if (family === 0) run.review('no_family_contact', '紧急联系人中无直系亲属');
  run.call('own_blacklist');
  if (app.ownListed === true) return run.reject('own_blacklisted', '命中自有黑名单');

  // Verification, per-hit lists before per-query checks. Vendor B is on trial: recorded only.
  run.call('fraud_vendor_b', app.fraudB);
  if (app.fraudB === true) run.hits.push({ rule: 'fraud_b_trial', outcome: 'reject', shadow: true });
  run.call('fraud_vendor_a', app.fraudA);
  if (app.fraudA === true) return run.reject('fraud_a_hit', '反欺诈A命中');
  run.call('bureau_blacklist', app.bureauListed);
  if (app.bureauListed === true) return run.reject('bureau_blacklisted', '命中外部黑名单');
  run.call('realname');
  if (app.realnameMatched !== true) return run.reject('realname_mismatch', '实名认证未通过');
  run.call('face_check');
  const face = app.face;
  if (face?.liveness !== true) return run.reject('liveness_failed', '活体检测未通过');
  if (face.similarity < 0.7) return run.reject('face_mismatch', '人脸与公安照片比对不一致');
  if (face.ocrIdNumber !== app.idNumber || face.ocrName !== app.name) return run.reject('ocr_mismatch', '身份证信息与填写不符');
  run.call('bank_card_4f');
  if (app.bankCardConsistent !== true) return run.reject('bank_card_mismatch', '银行卡四要素验证不一致');

  if (app.channel === 'partner') {
    if (dti.gt(PARTNER_DTI_MAX)) return run.reject('partner_high_dti', '合作渠道：负债收入比过高');
    run.call('carrier_profile');
    if (app.carrier && app.carrier.tenure < 12) run.review('partner_new_phone', '合作渠道：手机号在网不足12个月');
  }

  // Light before heavy: the profile's tenure, then aggregates over the crawled bills.
  run.call('carrier_profile');
  const carrier = app.carrier;
  if (carrier && carrier.tenure < 6) return run.reject('phone_tenure_short', '手机号在网时长不足');
  if (carrier?.prepaid) {
    run.call('carrier_bills');
    if (app.bills && !app.bills.topupDays.some((d) => app.asOf - d <= 180)) run.hits.push({ rule: 'prepaid_no_topup', outcome: 'flag' });
  }
  run.call('carrier_bills');
  const minutes = app.bills?.callMinutes;
  if (minutes && minutes.length > 0) {
    let sum = 0;
    for (const m of minutes) sum += m;
    if (sum / minutes.length < 30) return run.reject('low_call_activity', '月均通话时长过低');
  }

  run.call('credit_report');
  const credit = app.credit;
  if (credit && credit.maxDpd >= 90) return run.reject('credit_severe_overdue', '征信：近24个月有90天以上逾期');
  if (credit && credit.overdueAccounts >= 3) return run.reject('credit_overdue_accounts', '征信：逾期账户过多');
  if (credit && credit.inquiries > 6) run.review('credit_many_inquiries', '近3个月征信查询过多');
  if (!credit) run.review('credit_report_missing', '无征信报告，转人工审核');
  return undefined;
}

export function decideApplication(record: unknown, index = 0): ReferenceResult {
  const applicantRaw = isObj(record) ? get(record, 'applicant') : undefined;
  const idRaw = isObj(applicantRaw) ? get(applicantRaw, 'id') : undefined;
  const id = typeof idRaw === 'string' ? idRaw : typeof idRaw === 'number' && Number.isFinite(idRaw) ? String(idRaw) : index;

  let app: Application;
  try {
    app = validate(record);
  } catch (e) {
    if (!(e instanceof BadRecord)) throw e;
    return new Run(id, undefined).result({ decision: 'error', reasons: [`${e.field}: ${e.message}`], error: { field: e.field, message: e.message } });
  }

  const run = new Run(id, app);
  const rejected = runRules(run, app);
  if (rejected === DIVISION_BY_ZERO) return run.result({ decision: 'error', reasons: ['division by zero'], error: { field: '', message: 'division by zero' } });
  if (rejected !== undefined) return run.result({ decision: 'reject', reasons: [rejected] });

  const score = applicationScore(app, run.debtToIncome()!);
  const reasons = run.reviews;
  if (score < 560) return run.result({ decision: 'reject', reasons: ['评分过低'], score });
  if (score < 620) {
    reasons.push('评分灰区，转人工审核');
    return run.result({ decision: 'review', reasons, score });
  }
  const terms = score >= 680 ? offer(app, 5, '0.15') : offer(app, 3, '0.24');
  // No line is granted with a limit of zero or less (an income under 34 floors it to 0): a person looks.
  if (!new D(terms.limit).gt(0)) reasons.push('invalid_limit');
  return run.result({ decision: reasons.length > 0 ? 'review' : 'approve', reasons, terms, score });
}

function applicationScore(app: Application, dti: Decimal): number {
  let score = 500;
  const age = app.age;
  score += age >= 18 && age < 25 ? 5 : age >= 25 && age < 40 ? 30 : age >= 40 && age < 61 ? 20 : 0;
  const edu = app.education;
  score += edu === 'master' || edu === 'doctor' ? 40 : edu === 'bachelor' ? 30 : edu === 'college' ? 15 : 0;
  score += dti.lt(DTI_GOOD) ? 40 : dti.lt(DTI_FAIR) ? 10 : -30;
  const tenure = app.carrier?.tenure;
  if (tenure !== undefined) score += tenure < 12 ? 0 : tenure < 36 ? 20 : 40;
  const zhima = app.zhima;
  if (zhima !== undefined) score += zhima >= 700 ? 40 : zhima >= 600 ? 20 : zhima >= 500 ? 0 : -20;
  const inquiries = app.credit?.inquiries;
  if (inquiries !== undefined) score += inquiries <= 2 ? 30 : inquiries <= 5 ? 10 : -20;
  return score;
}

/** Limit: the request, capped at a multiple of monthly income floored to 100 and at 50,000 (every tier). */
function offer(app: Application, multiple: number, apr: string): ReferenceTerms {
  const cap = D.min(MAX_LIMIT, new D(app.income).times(multiple).div(100).floor().times(100));
  const limit = D.min(new D(app.requested), cap);
  return { line: 'revolving', limit: limit.toFixed(), apr, term: '12', valid: '365' };
}
