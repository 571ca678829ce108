import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { buildLayout, decodeRecord } from '../record.js';
import { DataError } from '../values.js';
import { idCheckDigit } from './applicants.js';
import { CSV_COLUMNS, flattenRecord, generateApplicants, runGen, writeDataset, type JsonRecord } from './generate.js';
import { readRecords } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'verdict-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const graph = compileText(readFileSync(new URL('../../samples/application.policy', import.meta.url), 'utf8')).graph!;

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('determinism', () => {
  it('writes identical bytes for the same seed, in both formats', async () => {
    for (const format of ['jsonl', 'csv'] as const) {
      const a = join(dir, `a.${format}`);
      const b = join(dir, `b.${format}`);
      await writeDataset(a, { seed: 7, count: 300, format });
      await writeDataset(b, { seed: 7, count: 300, format });
      expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    }
  });

  it('gives other records for another seed', () => {
    const a = JSON.stringify([...generateApplicants({ seed: 1, count: 20 })]);
    const b = JSON.stringify([...generateApplicants({ seed: 2, count: 20 })]);
    expect(a).not.toBe(b);
  });

  it('makes record i the same whatever slice produced it', () => {
    const whole = [...generateApplicants({ seed: 42, count: 60 })];
    const tail = [...generateApplicants({ seed: 42, count: 20, start: 40 })];
    expect(tail).toEqual(whole.slice(40));
    expect((tail[0].applicant as JsonRecord).id).toBe('A000041');
  });
});

describe('distribution', () => {
  const N = 20_000;
  const records = [...generateApplicants({ seed: 42, count: N })] as Any[];
  const share = (pred: (r: Any) => boolean, among: Any[] = records) => among.filter(pred).length / among.length;
  const badRate = (among: Any[]) => share((r) => r.outcome.bad_30dpd, among);
  const dti = (r: Any) => Number(r.applicant.existing_debt) / Number(r.applicant.monthly_income);

  it('numbers the applicants and spreads them over 2025', () => {
    expect(records[0].applicant.id).toBe('A000001');
    expect(records[N - 1].applicant.id).toBe('A020000');
    const months = new Set(records.map((r) => r.as_of.slice(0, 7)));
    expect(months.size).toBe(12);
    expect(records.every((r) => r.as_of.startsWith('2025-'))).toBe(true);
    // Only a deliberately broken record carries another applied_at.
    expect(share((r) => r.applicant.applied_at !== r.as_of)).toBeLessThan(0.002);
  });

  it('hits each list and vendor for 5–10% of applicants, the vendors overlapping partially', () => {
    for (const [name, pred] of [
      ['own', (r: Any) => r.own_blacklist.listed],
      ['bureau', (r: Any) => r.bureau_blacklist.listed],
      ['vendor a', (r: Any) => r.fraud_vendor_a.hit],
      ['vendor b', (r: Any) => r.fraud_vendor_b.hit],
    ] as const) {
      const rate = share(pred);
      expect(rate, name).toBeGreaterThan(0.045);
      expect(rate, name).toBeLessThan(0.1);
    }
    const hitA = records.filter((r) => r.fraud_vendor_a.hit);
    const bGivenA = share((r) => r.fraud_vendor_b.hit, hitA);
    expect(bGivenA).toBeGreaterThan(3 * share((r) => r.fraud_vendor_b.hit));
    expect(bGivenA).toBeLessThan(0.85);
  });

  it('leaves optional answers and whole sources absent at stated rates', () => {
    expect(share((r) => r.applicant.zhima_score === undefined)).toBeGreaterThan(0.27);
    expect(share((r) => r.applicant.zhima_score === undefined)).toBeLessThan(0.33);
    expect(share((r) => r.credit_report === undefined)).toBeGreaterThan(0.02);
    expect(share((r) => r.credit_report === undefined)).toBeLessThan(0.04);
    expect(share((r) => r.realname === undefined)).toBeGreaterThan(0);
    expect(share((r) => r.applicant.marital_status === undefined)).toBeGreaterThan(0.05);
  });

  it('keeps ages 18–65 with a few under 18, and 2–5 contacts, some outside the address book', () => {
    const ages = records.map((r) => r.applicant.age).filter((a) => typeof a === 'number');
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(16);
    expect(Math.max(...ages)).toBeLessThanOrEqual(65);
    const minors = ages.filter((a) => a < 18).length / ages.length;
    expect(minors).toBeGreaterThan(0.001);
    expect(minors).toBeLessThan(0.01);
    const lengths = new Set(records.map((r) => r.applicant.contacts.length));
    expect([...lengths].sort()).toEqual([2, 3, 4, 5]);
    const outside = share((r) => r.applicant.contacts.some((c: Any) => c.in_address_book === false));
    expect(outside).toBeGreaterThan(0.01);
    expect(outside).toBeLessThan(0.08);
  });

  it('stores money as decimal strings with cents in some records and JSON numbers in others', () => {
    expect(share((r) => typeof r.applicant.monthly_income === 'string' && /^\d+\.\d\d$/.test(r.applicant.monthly_income))).toBeGreaterThan(0.3);
    expect(share((r) => typeof r.applicant.monthly_income === 'number')).toBeGreaterThan(0.3);
    expect(share((r) => typeof r.applicant.monthly_income === 'number' && !Number.isInteger(r.applicant.monthly_income))).toBeGreaterThan(0.05);
  });

  it('makes the bad label more frequent in risky segments', () => {
    const overall = badRate(records);
    expect(overall).toBeGreaterThan(0.05);
    expect(overall).toBeLessThan(0.12);
    const by = (pred: (r: Any) => boolean) => badRate(records.filter(pred));
    expect(by((r) => r.fraud_vendor_a.hit)).toBeGreaterThan(2 * by((r) => !r.fraud_vendor_a.hit));
    expect(by((r) => r.bureau_blacklist.listed)).toBeGreaterThan(2 * by((r) => !r.bureau_blacklist.listed));
    expect(by((r) => r.applicant.zhima_score < 550)).toBeGreaterThan(2 * by((r) => r.applicant.zhima_score >= 700));
    expect(by((r) => dti(r) > 0.6)).toBeGreaterThan(2 * by((r) => dti(r) < 0.3));
    expect(by((r) => r.carrier_profile?.tenure_months < 6)).toBeGreaterThan(1.5 * by((r) => r.carrier_profile?.tenure_months >= 36));
    expect(by((r) => r.credit_report?.overdue_accounts_24m > 0)).toBeGreaterThan(2 * by((r) => r.credit_report?.overdue_accounts_24m === 0));
  });

  it('breaks about 0.5% of records, each in a way the runtime reports as an error', () => {
    const layout = buildLayout(graph);
    const vals: unknown[] = new Array(layout.size);
    const problems: string[] = [];
    for (const r of records) {
      try {
        decodeRecord(layout, r, vals);
      } catch (e) {
        expect(e).toBeInstanceOf(DataError);
        problems.push((e as DataError).detail);
      }
    }
    expect(problems.length / N).toBeGreaterThan(0.003);
    expect(problems.length / N).toBeLessThan(0.008);
    expect(problems.some((p) => p.includes('required field is missing'))).toBe(true);
    expect(problems.some((p) => p.includes('is not one of'))).toBe(true);
    expect(problems.some((p) => p.includes('expected'))).toBe(true);
  });

  it('writes resident ID numbers with a valid check digit', () => {
    const ids = records.map((r) => r.applicant.id_number).filter((x) => typeof x === 'string');
    expect(ids.every((id) => id.length === 18 && idCheckDigit(id.slice(0, 17)) === id[17])).toBe(true);
    expect(idCheckDigit('11010519491231002')).toBe('X');
  });
});

describe('csv and jsonl', () => {
  /** What a CSV cell can tell: scalars outside lists become text (a list cell keeps its JSON). */
  const asCsvSees = (v: unknown): unknown => {
    if (Array.isArray(v)) return v;
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asCsvSees(x)]));
    return typeof v === 'number' ? String(v) : v;
  };

  it('carry the same records', async () => {
    const count = 1500;
    await writeDataset(join(dir, 'same.jsonl'), { seed: 42, count, format: 'jsonl' });
    await writeDataset(join(dir, 'same.csv'), { seed: 42, count, format: 'csv' });
    const fromJsonl: unknown[] = [];
    for await (const item of readRecords(join(dir, 'same.jsonl'))) fromJsonl.push('record' in item ? item.record : item);
    const fromCsv: unknown[] = [];
    for await (const item of readRecords(join(dir, 'same.csv'), 'csv', graph)) fromCsv.push('record' in item ? item.record : item);
    expect(fromCsv.length).toBe(count);
    expect(fromJsonl).toEqual([...generateApplicants({ seed: 42, count })]);
    for (let i = 0; i < count; i++) expect(JSON.parse(JSON.stringify(fromCsv[i])), `record ${i}`).toEqual(asCsvSees(fromJsonl[i]));
  });

  it('quotes list cells and leaves absent values empty', () => {
    const [r] = generateApplicants({ seed: 42, count: 1 });
    const cells = flattenRecord({ ...r, credit_report: undefined });
    expect(cells.length).toBe(CSV_COLUMNS.length);
    expect(cells[CSV_COLUMNS.indexOf('credit_report.max_dpd_24m')]).toBe('');
    expect(JSON.parse(cells[CSV_COLUMNS.indexOf('applicant.contacts')])).toEqual((r.applicant as JsonRecord).contacts);
    expect(() => flattenRecord({ surprise: { field: 1 } })).toThrow(/surprise\.field/);
  });
});

describe('runGen', () => {
  it('writes the file at path, in the format of its extension', async () => {
    const path = join(dir, 'cli.csv');
    expect(await runGen({ count: 25, seed: 42, path })).toMatchObject({ count: 25, path });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.length).toBe(26);
  });

  it('rejects when the file cannot be written', async () => {
    await expect(runGen({ count: 10, path: join(dir, 'no/such/dir/x.jsonl') })).rejects.toThrow(/ENOENT/);
  });
});
