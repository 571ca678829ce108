// Synthetic stored applicants for samples/application.policy: what a lender's application store
// holds after the regular-approval flow (the applicant's answers, then every data source's raw
// snapshot), plus the 30-day delinquency label a backtest needs.
//
// One latent risk score per applicant drives every risky signal (low zhima, high debt-to-income,
// a short phone tenure, thin call activity, bureau and fraud hits, overdue credit) and the label,
// so the rules have something true to find and a backtest has a signal to measure. A second
// latent, fraud propensity, is correlated with risk and shared by the two anti-fraud vendors:
// they agree often but not always, as two real vendors do.
//
// Stored data is not clean: money arrives as decimal strings with cents in some records and as
// JSON numbers in others, optional answers are absent, sources are missing from some records, and
// about 0.5% of records are broken (wrong type, unknown enum value, missing required field) so
// that error accounting is exercised downstream.

import { Draw, clamp, sigmoid, streamFor } from './random.js';
import { civilFromDays, daysFromCivil, formatDate } from '../values.js';

export type JsonRecord = { [key: string]: unknown };

export interface GenerateOptions {
  seed: number;
  count: number;
  /** Index of the first record (0-based); record i is the same whatever slice produced it. */
  start?: number;
}

/** Share of records deliberately broken; see `corrupt`. */
export const BAD_RECORD_RATE = 0.005;

const YEAR_START = daysFromCivil(2025, 1, 1);
const YEAR_DAYS = 365;

export function* generateApplicants({ seed, count, start = 0 }: GenerateOptions): Generator<JsonRecord> {
  for (let i = start; i < start + count; i++) yield generateApplicant(seed, i);
}

/** The applicant at position `index` (id `A` + index + 1, zero-padded to 6 digits). */
export function generateApplicant(seed: number, index: number): JsonRecord {
  const d = new Draw(streamFor(seed, index));
  const risk = d.normal();
  const fraud = 0.6 * risk + 0.8 * d.normal();
  const asOf = YEAR_START + d.int(0, YEAR_DAYS - 1);
  const asOfText = formatDate(asOf);
  const moneyStyle = d.weighted<MoneyStyle>([['cents_text', 45], ['round_number', 30], ['whole_text', 15], ['cents_number', 10]]);

  const age = d.chance(0.004) ? d.int(16, 17) : Math.round(clamp(d.normal(34, 10), 18, 65));
  const gender = d.chance(0.5) ? 'M' : 'F';
  const name = personName(d, gender);
  const idNumber = chineseIdNumber(d, asOf, age, gender);
  const phone = mobileNumber(d);

  const income = Math.exp(Math.log(7000) - 0.15 * risk + d.normal(0, 0.45));
  const dti = d.chance(0.12) ? 0 : Math.exp(Math.log(0.22) + 0.45 * risk + d.normal(0, 0.55));
  const requested = clamp(Math.round((income * d.uniform(1.5, 7)) / 1000) * 1000, 1000, 80000);
  const channel = d.weighted([['app', 60], ['h5', 25], ['partner', 15]] as const);
  const eduShift = clamp(Math.round(-0.6 * risk + d.normal(0, 1)), -2, 2);
  const education = EDUCATION[clamp(2 + eduShift + (d.chance(0.3) ? 1 : 0), 0, EDUCATION.length - 1)];
  const zhima = d.chance(0.3) ? undefined : Math.round(clamp(d.normal(655 - 45 * risk, 45), 350, 950));

  const applicant: JsonRecord = {
    id: `A${String(index + 1).padStart(6, '0')}`,
    name,
    id_number: idNumber,
    age,
    phone,
    monthly_income: money(incomeValue(income, moneyStyle), moneyStyle),
    existing_debt: money(roundLike(income * dti, moneyStyle), moneyStyle),
    requested_amount: money(requested, moneyStyle === 'cents_text' ? 'cents_text' : 'round_number'),
    education,
  };
  if (!d.chance(0.08)) applicant.marital_status = d.weighted([['single', 38], ['married', 52], ['divorced', 8], ['widowed', 2]] as const);
  applicant.channel = channel;
  if (zhima !== undefined) applicant.zhima_score = zhima;
  applicant.applied_at = asOfText;
  applicant.contacts = contacts(d, risk);
  // Stored alongside, read by no rule: a policy reads only part of what the store keeps.
  applicant.gender = gender;
  applicant.city = d.pick(CITIES);

  const record: JsonRecord = { applicant };
  record.own_blacklist = listing(d.chance(sigmoid(-3.2 + 0.9 * risk)), d, ['历史欺诈', '催收失联', '内部风控拒绝']);
  record.bureau_blacklist = listing(d.chance(sigmoid(-3.1 + 1.0 * risk)), d, ['法院失信', '多头逾期', '欺诈团伙关联']);
  const hitA = fraud + 0.55 * d.normal() > 1.75;
  const hitB = fraud + 0.55 * d.normal() > 1.6;
  record.fraud_vendor_a = hitA ? { hit: true, risk_level: d.pick(['medium', 'high']) } : { hit: false, risk_level: 'low' };
  record.fraud_vendor_b = hitB ? { hit: true, tags: d.pick(['device_farm', 'gang', 'id_theft', 'proxy_ip']) } : { hit: false };
  if (!d.chance(0.004)) record.realname = { matched: !d.chance(sigmoid(-5 + 0.6 * risk)) };
  record.face_check = faceCheck(d, name, idNumber, risk);
  if (!d.chance(0.003)) record.bank_card_4f = { consistent: !d.chance(sigmoid(-4.6 + 0.6 * risk)) };

  const prepaid = d.chance(sigmoid(-0.7 + 0.5 * risk));
  const tenure = Math.max(0, Math.round(Math.exp(3.25 - 0.35 * risk + d.normal(0, 0.9))));
  if (!d.chance(0.005)) record.carrier_profile = { plan: prepaid ? 'prepaid' : 'postpaid', tenure_months: tenure, carrier: d.pick(CARRIERS) };
  if (!d.chance(0.01)) record.carrier_bills = carrierBills(d, asOf, risk, prepaid, tenure);
  if (!d.chance(0.03)) record.credit_report = creditReport(d, risk, index, moneyStyle);
  record.device = { os: d.weighted([['android', 70], ['ios', 30]] as const), ip_city: d.pick(CITIES) };

  record.as_of = asOfText;
  const badProbability = sigmoid(-3.1 + 1.05 * risk + (hitA || hitB ? 0.7 : 0));
  record.outcome = { bad_30dpd: d.chance(badProbability) };

  if (d.chance(BAD_RECORD_RATE)) corrupt(d, record);
  return record;
}

// ---------------------------------------------------------------------------------------------
// Money: the same amount as a stored system might hold it

type MoneyStyle = 'cents_text' | 'round_number' | 'whole_text' | 'cents_number';

function incomeValue(income: number, style: MoneyStyle): number {
  return style === 'cents_text' || style === 'cents_number' ? Math.round(income * 100) / 100 : Math.max(100, Math.round(income / 100) * 100);
}

function roundLike(value: number, style: MoneyStyle): number {
  return style === 'cents_text' || style === 'cents_number' ? Math.round(value * 100) / 100 : Math.round(value / 100) * 100;
}

function money(value: number, style: MoneyStyle): string | number {
  switch (style) {
    case 'cents_text':
      return value.toFixed(2);
    case 'whole_text':
      return String(Math.round(value));
    case 'round_number':
      return Math.round(value);
    case 'cents_number':
      return Math.round(value * 100) / 100;
  }
}

// ---------------------------------------------------------------------------------------------
// Applicant details

const EDUCATION = ['primary', 'high_school', 'college', 'bachelor', 'master', 'doctor'] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗'];
const GIVEN_M = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '刚', '平', '辉', '鹏', '建国', '志强', '浩然', '子豪'];
const GIVEN_F = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀英', '婷', '雪', '琳', '慧', '晶', '欣怡', '雨涵', '梓涵'];
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆', '长沙', '郑州'];
const REGION_CODES = ['110101', '310101', '440106', '440305', '330106', '510107', '420106', '320102', '610113', '500103', '430102', '410105'];
const CARRIERS = ['中国移动', '中国联通', '中国电信'];
const OTHERS = ['friend', 'colleague'] as const;

function personName(d: Draw, gender: string): string {
  return d.pick(SURNAMES) + d.pick(gender === 'M' ? GIVEN_M : GIVEN_F);
}

function mobileNumber(d: Draw): string {
  return `1${d.pick(['3', '5', '7', '8', '9'])}${String(d.int(0, 999_999_999)).padStart(9, '0')}`;
}

/** An 18-digit resident ID (GB 11643): region, birth date matching the age, sequence, check digit. */
function chineseIdNumber(d: Draw, asOf: number, age: number, gender: string): string {
  const birth = asOf - age * 365 - Math.floor(age / 4) - d.int(1, 360);
  const [y, m, day] = civilFromDays(birth);
  let seq = d.int(0, 999);
  if ((seq % 2 === 1) !== (gender === 'M')) seq = (seq + 1) % 1000;
  const body = `${d.pick(REGION_CODES)}${y}${String(m).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return body + idCheckDigit(body);
}

export function idCheckDigit(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * weights[i];
  return '10X98765432'[sum % 11];
}

/**
 * 2–5 emergency contacts, the first usually family. A risky applicant more often types in a
 * number that is not in the address book, or a relation the address-book remark contradicts.
 */
function contacts(d: Draw, risk: number): JsonRecord[] {
  const n = d.weighted([[2, 45], [3, 30], [4, 17], [5, 8]] as const);
  const out: JsonRecord[] = [];
  const outsideP = sigmoid(-4.9 + 0.8 * risk);
  for (let i = 0; i < n; i++) {
    const familyP = i === 0 ? 0.93 : 0.35;
    const relation = d.chance(familyP) ? d.weighted([['parent', 45], ['spouse', 30], ['sibling', 20], ['child', 5]] as const) : d.pick(OTHERS);
    const gender = d.chance(0.5) ? 'M' : 'F';
    const c: JsonRecord = { name: personName(d, gender), phone: mobileNumber(d), relation, in_address_book: !d.chance(outsideP) };
    if (c.in_address_book) {
      if (d.chance(sigmoid(-4.6 + 0.6 * risk))) c.remark_matches = false;
      else if (!d.chance(0.06)) c.remark_matches = true;
    }
    out.push(c);
  }
  return out;
}

function listing(listed: boolean, d: Draw, reasons: readonly string[]): JsonRecord {
  return listed ? { listed: true, reason: d.pick(reasons) } : { listed: false };
}

function faceCheck(d: Draw, name: string, idNumber: string, risk: number): JsonRecord {
  const spoof = d.chance(sigmoid(-5.2 + 0.7 * risk));
  const similarity = spoof || d.chance(0.02) ? d.uniform(0.35, 0.78) : clamp(d.normal(0.88, 0.05), 0.6, 0.995);
  let ocrName = name;
  let ocrId = idNumber;
  if (d.chance(0.006)) ocrName = name.slice(0, 1) + d.pick(GIVEN_M);
  if (d.chance(0.004)) ocrId = idNumber.slice(0, 10) + String((Number(idNumber[10]) + 1) % 10) + idNumber.slice(11);
  return {
    ocr_name: ocrName,
    ocr_id_number: ocrId,
    liveness_passed: !(spoof ? d.chance(0.5) : d.chance(0.01)),
    // Vendors report 2 or 3 decimals; 3 puts values on both sides of a 2-decimal threshold.
    similarity: d.chance(0.7) ? Math.round(similarity * 100) / 100 : Math.round(similarity * 1000) / 1000,
  };
}

/** The three full months before the application (what the crawl keeps), and top-ups over the last year. */
function carrierBills(d: Draw, asOf: number, risk: number, prepaid: boolean, tenure: number): JsonRecord {
  const [y, m] = civilFromDays(asOf);
  const activity = Math.exp(5.0 - 0.3 * risk + d.normal(0, 0.75));
  const months = Math.min(3, Math.max(1, tenure));
  const fee = d.pick([38, 58, 88, 128, 198]);
  const bills: JsonRecord[] = [];
  for (let k = 1; k <= months; k++) {
    const mm = m - k;
    const month = daysFromCivil(mm >= 1 ? y : y - 1, mm >= 1 ? mm : mm + 12, 1);
    const minutes = Math.max(0, Math.round(activity * d.uniform(0.6, 1.4)));
    bills.push({
      month: formatDate(month),
      call_minutes: minutes,
      sms_count: d.poisson(12),
      amount: (fee + Math.round(minutes * d.uniform(0, 0.1) * 100) / 100).toFixed(2),
    });
  }
  const topups: JsonRecord[] = [];
  if (prepaid) {
    // A lapsing number stops being topped up: no top-up in the last 180 days.
    const lapsed = d.chance(sigmoid(-2.2 + 0.6 * risk));
    let at = asOf - (lapsed ? d.int(181, 300) : d.int(3, 60));
    while (at > asOf - 365) {
      topups.push({ at: formatDate(at), amount: String(d.pick([30, 50, 100, 200])) });
      at -= d.int(30, 100);
    }
  }
  return { bills, topups };
}

function creditReport(d: Draw, risk: number, index: number, style: MoneyStyle): JsonRecord {
  const delinquent = d.chance(sigmoid(-1.9 + 1.0 * risk));
  const maxDpd = !delinquent ? 0 : d.weighted([[d.int(1, 29), 50], [d.int(30, 59), 22], [d.int(60, 89), 12], [d.int(90, 360), 16]] as const);
  const report: JsonRecord = {
    max_dpd_24m: maxDpd,
    overdue_accounts_24m: delinquent ? 1 + d.poisson(0.6 * Math.exp(0.6 * risk)) : 0,
    inquiries_3m: d.poisson(1.6 * Math.exp(0.55 * risk)),
  };
  if (!d.chance(0.15)) report.outstanding_debt = money(roundLike(Math.exp(d.normal(9.5 + 0.3 * risk, 1.1)), style), style);
  report.report_id = `R${String(index + 1).padStart(6, '0')}-${d.int(1000, 9999)}`;
  return report;
}

// ---------------------------------------------------------------------------------------------
// Broken records

/** The ways a stored record goes wrong, each one making its decision `error`. */
export const CORRUPTIONS = ['wrong_type', 'unknown_enum', 'missing_required'] as const;

function corrupt(d: Draw, record: JsonRecord): void {
  const applicant = record.applicant as JsonRecord;
  const kind = d.pick(CORRUPTIONS);
  if (kind === 'wrong_type') {
    const variant = d.int(0, 3);
    if (variant === 0) applicant.age = 'thirty';
    else if (variant === 1) applicant.monthly_income = '8,500.00';
    else if (variant === 2) applicant.applied_at = '2025/13/45';
    // A list item of the wrong shape rather than a non-list: a CSV list cell must stay JSON.
    else (applicant.contacts as JsonRecord[])[0].in_address_book = 'yes';
  } else if (kind === 'unknown_enum') {
    if (d.chance(0.5)) applicant.education = 'phd';
    else applicant.channel = 'wechat_mini';
  } else {
    delete applicant[d.pick(['age', 'monthly_income', 'channel', 'id_number'])];
  }
}
