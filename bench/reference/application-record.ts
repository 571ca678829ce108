// The boundary of the hand-written reference (application.ts): a stored record checked against
// the input and sources samples/application.policy declares, into the plain object its rules
// read. Malformed data throws `BadRecord` naming the first faulty field, in the order the fields
// are declared, so that an erroneous record names the same field as Verdict does.

export interface Contact {
  relation: string;
  inBook: boolean;
  remarkMatches: boolean | undefined;
}

export interface Application {
  name: string;
  idNumber: string;
  age: number;
  income: string | number;
  debt: string | number;
  requested: string | number;
  education: string;
  channel: string;
  zhima: number | undefined;
  contacts: Contact[];
  asOf: number;
  ownListed: boolean | undefined;
  bureauListed: boolean | undefined;
  fraudA: boolean | undefined;
  fraudB: boolean | undefined;
  realnameMatched: boolean | undefined;
  face: { ocrName: string; ocrIdNumber: string; liveness: boolean; similarity: number } | undefined;
  bankCardConsistent: boolean | undefined;
  carrier: { prepaid: boolean; tenure: number } | undefined;
  bills: { callMinutes: number[]; topupDays: number[] } | undefined;
  credit: { maxDpd: number; overdueAccounts: number; inquiries: number } | undefined;
}

export class BadRecord extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export type Obj = Record<string, unknown>;
const hasOwn = Object.prototype.hasOwnProperty;
export const get = (o: Obj, k: string): unknown => (hasOwn.call(o, k) ? o[k] : undefined);
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function need(o: Obj, k: string, path: string): unknown {
  const v = get(o, k);
  if (absent(v)) throw new BadRecord(`${path}.${k}`, 'required field is missing');
  return v;
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new BadRecord(field, 'expected a text');
  return v;
}

function num(v: unknown, field: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && DECIMAL.test(v)) return Number(v);
  throw new BadRecord(field, 'expected a number');
}

/** Money stays as stored (text or JSON number) until the math needs it exactly. */
function money(v: unknown, field: string): string | number {
  if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && DECIMAL.test(v))) return v;
  throw new BadRecord(field, 'expected an amount');
}

function bool(v: unknown, field: string): boolean {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  throw new BadRecord(field, 'expected true or false');
}

function oneOf(v: unknown, allowed: ReadonlySet<string>, field: string): string {
  if (typeof v !== 'string' || !allowed.has(v)) throw new BadRecord(field, 'unknown value');
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days since 1970-01-01. */
function day(v: unknown, field: string): number {
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (m) {
    const y = +m[1];
    const mo = +m[2];
    const d = +m[3];
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1])) return Date.UTC(y, mo - 1, d) / 86_400_000;
  }
  throw new BadRecord(field, 'expected a date YYYY-MM-DD');
}

function list(v: unknown, field: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // falls through to the error below
    }
  }
  throw new BadRecord(field, 'expected a list');
}

function item(v: unknown, field: string): Obj {
  if (!isObj(v)) throw new BadRecord(field, 'expected an object');
  return v;
}

const EDUCATION = new Set(['primary', 'high_school', 'college', 'bachelor', 'master', 'doctor']);
const MARITAL = new Set(['single', 'married', 'divorced', 'widowed']);
const CHANNEL = new Set(['app', 'h5', 'partner']);
const RELATION = new Set(['parent', 'spouse', 'sibling', 'child', 'friend', 'colleague']);
export const FAMILY = new Set(['parent', 'spouse', 'sibling', 'child']);
const PLAN = new Set(['prepaid', 'postpaid']);

/** A source snapshot: undefined when the record does not carry it. */
function source(r: Obj, id: string): Obj | undefined {
  const s = get(r, id);
  if (absent(s)) return undefined;
  if (!isObj(s)) throw new BadRecord(id, 'expected an object');
  return s;
}

function optionalText(o: Obj, k: string, path: string): void {
  const v = get(o, k);
  if (!absent(v)) text(v, `${path}.${k}`);
}

export function validate(raw: unknown): Application {
  if (!isObj(raw)) throw new BadRecord('record', 'expected a JSON object');
  const a = get(raw, 'applicant');
  if (absent(a)) throw new BadRecord('applicant', 'the input is missing');
  if (!isObj(a)) throw new BadRecord('applicant', 'expected an object');
  const P = 'applicant';
  text(need(a, 'id', P), 'applicant.id');
  const name = text(need(a, 'name', P), 'applicant.name');
  const idNumber = text(need(a, 'id_number', P), 'applicant.id_number');
  const age = num(need(a, 'age', P), 'applicant.age');
  text(need(a, 'phone', P), 'applicant.phone');
  const income = money(need(a, 'monthly_income', P), 'applicant.monthly_income');
  const debt = money(need(a, 'existing_debt', P), 'applicant.existing_debt');
  const requested = money(need(a, 'requested_amount', P), 'applicant.requested_amount');
  const education = oneOf(need(a, 'education', P), EDUCATION, 'applicant.education');
  const marital = get(a, 'marital_status');
  if (!absent(marital)) oneOf(marital, MARITAL, 'applicant.marital_status');
  const channel = oneOf(need(a, 'channel', P), CHANNEL, 'applicant.channel');
  const zhimaRaw = get(a, 'zhima_score');
  const zhima = absent(zhimaRaw) ? undefined : num(zhimaRaw, 'applicant.zhima_score');
  const appliedAt = day(need(a, 'applied_at', P), 'applicant.applied_at');
  const contacts = list(need(a, 'contacts', P), 'applicant.contacts').map((c, i) => {
    const at = `applicant.contacts[${i}]`;
    const o = item(c, at);
    const inBook = bool(need(o, 'in_address_book', at), `${at}.in_address_book`);
    text(need(o, 'name', at), `${at}.name`);
    text(need(o, 'phone', at), `${at}.phone`);
    const relation = oneOf(need(o, 'relation', at), RELATION, `${at}.relation`);
    const rm = get(o, 'remark_matches');
    return { relation, inBook, remarkMatches: absent(rm) ? undefined : bool(rm, `${at}.remark_matches`) };
  });

  const listed = (id: string, field: string): boolean | undefined => {
    const s = source(raw, id);
    if (!s) return undefined;
    const v = bool(need(s, field, id), `${id}.${field}`);
    optionalText(s, field === 'listed' ? 'reason' : id === 'fraud_vendor_a' ? 'risk_level' : 'tags', id);
    return v;
  };
  const ownListed = listed('own_blacklist', 'listed');
  const bureauListed = listed('bureau_blacklist', 'listed');
  const fraudA = listed('fraud_vendor_a', 'hit');
  const fraudB = listed('fraud_vendor_b', 'hit');
  const rn = source(raw, 'realname');
  const realnameMatched = rn && bool(need(rn, 'matched', 'realname'), 'realname.matched');
  const fc = source(raw, 'face_check');
  const face = fc && {
    ocrName: text(need(fc, 'ocr_name', 'face_check'), 'face_check.ocr_name'),
    ocrIdNumber: text(need(fc, 'ocr_id_number', 'face_check'), 'face_check.ocr_id_number'),
    liveness: bool(need(fc, 'liveness_passed', 'face_check'), 'face_check.liveness_passed'),
    similarity: num(need(fc, 'similarity', 'face_check'), 'face_check.similarity'),
  };
  const bc = source(raw, 'bank_card_4f');
  const bankCardConsistent = bc && bool(need(bc, 'consistent', 'bank_card_4f'), 'bank_card_4f.consistent');
  const cp = source(raw, 'carrier_profile');
  const carrier = cp && {
    prepaid: oneOf(need(cp, 'plan', 'carrier_profile'), PLAN, 'carrier_profile.plan') === 'prepaid',
    tenure: num(need(cp, 'tenure_months', 'carrier_profile'), 'carrier_profile.tenure_months'),
  };
  const cb = source(raw, 'carrier_bills');
  const bills = cb && {
    callMinutes: list(need(cb, 'bills', 'carrier_bills'), 'carrier_bills.bills').map((b, i) => {
      const at = `carrier_bills.bills[${i}]`;
      const o = item(b, at);
      money(need(o, 'amount', at), `${at}.amount`);
      const minutes = num(need(o, 'call_minutes', at), `${at}.call_minutes`);
      day(need(o, 'month', at), `${at}.month`);
      num(need(o, 'sms_count', at), `${at}.sms_count`);
      return minutes;
    }),
    topupDays: list(need(cb, 'topups', 'carrier_bills'), 'carrier_bills.topups').map((t, i) => {
      const at = `carrier_bills.topups[${i}]`;
      const o = item(t, at);
      money(need(o, 'amount', at), `${at}.amount`);
      return day(need(o, 'at', at), `${at}.at`);
    }),
  };
  const cr = source(raw, 'credit_report');
  const credit = cr && {
    maxDpd: num(need(cr, 'max_dpd_24m', 'credit_report'), 'credit_report.max_dpd_24m'),
    overdueAccounts: num(need(cr, 'overdue_accounts_24m', 'credit_report'), 'credit_report.overdue_accounts_24m'),
    inquiries: num(need(cr, 'inquiries_3m', 'credit_report'), 'credit_report.inquiries_3m'),
  };
  if (cr) {
    const od = get(cr, 'outstanding_debt');
    if (!absent(od)) money(od, 'credit_report.outstanding_debt');
  }
  const asOfRaw = get(raw, 'as_of');
  const asOf = absent(asOfRaw) ? appliedAt : day(asOfRaw, 'as_of');
  return {
    name, idNumber, age, income, debt, requested, education, channel, zhima, contacts, asOf,
    ownListed, bureauListed, fraudA, fraudB, realnameMatched, face, bankCardConsistent, carrier, bills, credit,
  };
}
