// Generated stored applicants for samples/application.policy, and their files: JSONL or CSV written
// one record at a time, so that a million records take the memory of one write buffer. The
// records themselves come from applicants.ts, which does no I/O; `verdict gen` calls `runGen`.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { generateApplicants, type JsonRecord } from './applicants.js';

export { generateApplicant, generateApplicants, BAD_RECORD_RATE, CORRUPTIONS, type GenerateOptions, type JsonRecord } from './applicants.js';

export type DatasetFormat = 'jsonl' | 'csv';

/**
 * CSV columns, dotted paths in record order. Fixed in advance because a streamed file needs its
 * header before the first row; `flattenRecord` throws if a record ever holds a path not listed,
 * so a generator change cannot silently drop data from the CSV.
 */
export const CSV_COLUMNS: readonly string[] = [
  ...['id', 'name', 'id_number', 'age', 'phone', 'monthly_income', 'existing_debt', 'requested_amount', 'education', 'marital_status',
    'channel', 'zhima_score', 'applied_at', 'contacts', 'gender', 'city'].map((f) => `applicant.${f}`),
  'own_blacklist.listed', 'own_blacklist.reason',
  'bureau_blacklist.listed', 'bureau_blacklist.reason',
  'fraud_vendor_a.hit', 'fraud_vendor_a.risk_level',
  'fraud_vendor_b.hit', 'fraud_vendor_b.tags',
  'realname.matched',
  'face_check.ocr_name', 'face_check.ocr_id_number', 'face_check.liveness_passed', 'face_check.similarity',
  'bank_card_4f.consistent',
  'carrier_profile.plan', 'carrier_profile.tenure_months', 'carrier_profile.carrier',
  'carrier_bills.bills', 'carrier_bills.topups',
  'credit_report.max_dpd_24m', 'credit_report.overdue_accounts_24m', 'credit_report.inquiries_3m', 'credit_report.outstanding_debt', 'credit_report.report_id',
  'device.os', 'device.ip_city',
  'as_of',
  'outcome.bad_30dpd',
];

const COLUMN_INDEX = new Map(CSV_COLUMNS.map((c, i) => [c, i]));

/** One CSV row's cells: a nested object descends, a list is a JSON cell, absent is empty. */
export function flattenRecord(record: JsonRecord): string[] {
  const cells: string[] = new Array(CSV_COLUMNS.length).fill('');
  const walk = (obj: JsonRecord, prefix: string) => {
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      const path = prefix + key;
      if (v === undefined || v === null) continue;
      if (typeof v === 'object' && !Array.isArray(v)) {
        walk(v as JsonRecord, `${path}.`);
        continue;
      }
      const at = COLUMN_INDEX.get(path);
      if (at === undefined) throw new Error(`generated record holds ${path}, which has no CSV column`);
      cells[at] = Array.isArray(v) ? JSON.stringify(v) : String(v);
    }
  };
  walk(record, '');
  return cells;
}

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvHeader = (): string => CSV_COLUMNS.map(csvCell).join(',');
export const csvRow = (record: JsonRecord): string => flattenRecord(record).map(csvCell).join(',');
export const jsonlRow = (record: JsonRecord): string => JSON.stringify(record);

export interface WriteOptions {
  seed: number;
  count: number;
  format: DatasetFormat;
}

/** Streams `count` generated records to `path`; resolves with the bytes written once the file is closed. */
/** A dataset's text (a CSV header first), in pieces of about 64 KiB: what `writeDataset` writes, for any sink. */
export function* datasetText({ seed, count, format }: WriteOptions): Generator<string> {
  const row = format === 'csv' ? csvRow : jsonlRow;
  let buffer = format === 'csv' ? `${csvHeader()}\n` : '';
  for (const record of generateApplicants({ seed, count })) {
    buffer += `${row(record)}\n`;
    if (buffer.length >= 1 << 16) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

export async function writeDataset(path: string, options: WriteOptions): Promise<{ count: number; bytes: number }> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  // Raced at every write; marked handled so that an error between two writes is not "unhandled".
  failed.catch(() => {});
  for (const piece of datasetText(options)) if (!out.write(piece)) await Promise.race([once(out, 'drain'), failed]);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return { count: options.count, bytes: out.bytesWritten };
}

export interface GenOptions {
  count: number;
  seed?: number;
  /** Taken from the file extension when absent (`.csv` → csv, else jsonl). */
  format?: DatasetFormat;
  path: string;
}

/** What `verdict gen` runs (the command parses and checks its own arguments). */
export async function runGen(options: GenOptions): Promise<{ count: number; path: string; bytes: number }> {
  const format = options.format ?? (options.path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  const { count, bytes } = await writeDataset(options.path, { seed: options.seed ?? 42, count: options.count, format });
  return { count, path: options.path, bytes };
}
