import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileText } from '../compile.js';
import { VerdictError } from '../errors.js';
import type { DecisionGraph } from '../graph.js';
import { convertJsonlToParquet, countParquetRows, dataFormatOf, readData, readerFor, readRecordsDuckdb } from './duckdb.js';
import { runGen } from './generate.js';
import { readRecords, type RecordItem } from './records.js';

const dir = mkdtempSync(join(tmpdir(), 'verdict-duckdb-'));
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

async function collect(it: AsyncIterable<RecordItem>): Promise<RecordItem[]> {
  const out: RecordItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Items as comparable JSON: position, line, and the record or the reason. */
const comparable = (items: RecordItem[], withLine = true) =>
  items.map((i) => ({ index: i.index, ...(withLine ? { line: i.line } : {}), ...('record' in i ? { record: plain(i.record) } : { unreadable: i.unreadable }) }));

async function sql(text: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(text);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const q = (path: string) => `'${path.replace(/'/g, "''")}'`;

let graph: DecisionGraph;
let sampleCsv: string;
let sampleJsonl: string;

beforeAll(async () => {
  const compiled = compileText(readFileSync(new URL('../../samples/application.policy', import.meta.url), 'utf8'));
  graph = compiled.graph as DecisionGraph;
  // The shipped sample when it is there, else a small generated pair (same seed, same records).
  const shipped = fileURLToPath(new URL('../../samples/data/applicants.csv', import.meta.url));
  if (existsSync(shipped) && existsSync(shipped.replace(/\.csv$/, '.jsonl'))) {
    sampleCsv = shipped;
    sampleJsonl = shipped.replace(/\.csv$/, '.jsonl');
  } else {
    sampleCsv = join(dir, 'gen.csv');
    sampleJsonl = join(dir, 'gen.jsonl');
    await runGen({ count: 2000, seed: 7, path: sampleCsv });
    await runGen({ count: 2000, seed: 7, path: sampleJsonl });
  }
});

describe('choosing a reader', () => {
  it('knows Parquet besides the built-in formats, and reads only Parquet through DuckDB', () => {
    expect(dataFormatOf('a/b.PARQUET')).toBe('parquet');
    expect(dataFormatOf('x.pq')).toBe('parquet');
    expect(dataFormatOf('x.csv')).toBe('csv');
    expect(dataFormatOf('x.jsonl')).toBe('jsonl');
    expect(dataFormatOf('x.txt')).toBeUndefined();
    expect(readerFor('parquet')).toBe('duckdb');
    expect(readerFor('csv')).toBe('builtin');
    expect(readerFor('jsonl')).toBe('builtin');
  });
});

describe('readRecordsDuckdb on the sample applicants', () => {
  it('reads the CSV exactly as the built-in reader does, with and without a graph', async () => {
    for (const g of [graph, undefined]) {
      const builtin = comparable(await collect(readRecords(sampleCsv, 'csv', g)));
      const duck = comparable(await collect(readRecordsDuckdb(sampleCsv, 'csv', g)));
      expect(duck.length).toBeGreaterThan(100);
      expect(duck).toEqual(builtin);
    }
  });

  it('reads JSONL converted to Parquet as the same records as the CSV of the same data', async () => {
    const parquet = join(dir, 'sample.parquet');
    const { rows, columns } = await convertJsonlToParquet(sampleJsonl, parquet);
    const csv = comparable(await collect(readRecords(sampleCsv, 'csv', graph)), false);
    expect(rows).toBe(csv.length);
    expect(columns).toContain('applicant.monthly_income');
    expect(columns).toContain('fraud_vendor_b.tags');
    const items = await collect(readRecordsDuckdb(parquet, 'parquet', graph));
    expect(comparable(items, false)).toEqual(csv);
    expect(items.map((i) => i.line)).toEqual(items.map((i) => i.index + 1));
    // Money keeps its text, a list is parsed, nested objects have no prototype.
    const first = (items[0] as { record: Record<string, Record<string, unknown>> }).record;
    expect(Object.getPrototypeOf(first)).toBeNull();
    expect(Object.getPrototypeOf(first.applicant)).toBeNull();
    expect(Array.isArray(first.applicant.contacts)).toBe(true);
  });
});

describe('readRecordsDuckdb on typed Parquet', () => {
  const file = join(dir, 'typed.parquet');
  beforeAll(async () => {
    await sql(`COPY (
      SELECT * FROM (VALUES
        ('A1', 8500.10::DECIMAL(12,2), 59000.0::DOUBLE, 0.1::DOUBLE, 31::BIGINT, DATE '2025-01-02', TIMESTAMP '2025-03-04 10:11:12', true,
         ['x', 'y'], {'listed': true, 'reason': 'fraud ring'}, 'true', '[{"n":1}]', NULL, '', 'p'),
        ('A2', NULL, 1.5e300::DOUBLE, -2.25::DOUBLE, NULL, NULL, NULL, false,
         [], {'listed': NULL, 'reason': '<b>'}, 'false', 'not json', 'kept', 'x', NULL)
      ) AS t("applicant.id", "applicant.monthly_income", "applicant.requested_amount", "applicant.ratio", "applicant.age",
             "applicant.applied_at", "device.seen_at", "realname.matched", "applicant.tags", "bureau_blacklist", "applicant.name",
             "applicant.contacts", "extra.note", "extra.empty", "applicant.__proto__")
    ) TO ${q(file)} (FORMAT parquet)`);
  });

  const typedGraph = {
    inputs: [{ id: 'applicant', fields: { name: { type: { kind: 'text' } }, contacts: { type: { kind: 'list' } }, applied_at: { type: { kind: 'date' } } } }],
    sources: [{ id: 'device', fields: { seen_at: { type: { kind: 'date' } } } }],
  } as unknown as DecisionGraph;

  it('keeps numbers as exact decimal text, dates as YYYY-MM-DD, bools as booleans, nests structs', async () => {
    const items = await collect(readRecordsDuckdb(file, 'parquet', typedGraph));
    expect(items).toHaveLength(2);
    expect(plain((items[0] as { record: unknown }).record)).toEqual({
      applicant: {
        id: 'A1', monthly_income: '8500.10', requested_amount: '59000', ratio: '0.1', age: '31', applied_at: '2025-01-02',
        tags: ['x', 'y'], name: 'true', contacts: [{ n: 1 }], ['__proto__']: 'p',
      },
      device: { seen_at: '2025-03-04' },
      realname: { matched: true },
      bureau_blacklist: { listed: true, reason: 'fraud ring' },
    });
    // `__proto__` is data: an own key, and no prototype was touched.
    const rec = (items[0] as { record: Record<string, Record<string, unknown>> }).record;
    expect(Object.keys(rec.applicant)).toContain('__proto__');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    // A list field whose cell is not JSON makes the record unreadable, with its row.
    expect(items[1]).toEqual({ index: 1, line: 2, unreadable: 'row 2: column applicant.contacts: a list cell must hold JSON' });
  });

  it('reads cells by the CSV rules when no graph says otherwise', async () => {
    const [first, second] = await collect(readRecordsDuckdb(file, 'parquet'));
    const a = plain((first as { record: unknown }).record);
    expect(a.applicant.name).toBe(true); // an unknown field's `true` is a bool, as in CSV
    expect(a.device.seen_at).toBe('2025-03-04 10:11:12');
    const b = plain((second as { record: unknown }).record);
    expect(b.applicant).toEqual({ id: 'A2', requested_amount: '1.5e+300', ratio: '-2.25', tags: [], name: false, contacts: 'not json' });
    expect(b.bureau_blacklist).toEqual({ reason: '<b>' });
    expect(b.extra).toEqual({ note: 'kept', empty: 'x' });
    expect(b.realname).toEqual({ matched: false });
  });

  it('reads a row whose cell holds the unit separator cell by cell', async () => {
    const odd = join(dir, 'separator.parquet');
    await sql(`COPY (SELECT * FROM (VALUES ('a' || chr(31) || 'b', 'c', 1), ('d', 'e' || chr(31), 2), ('f', 'g', 3)) AS t("r.x", "r.y", "r.n")) TO ${q(odd)} (FORMAT parquet)`);
    const items = await collect(readRecordsDuckdb(odd, 'parquet'));
    expect(items.map((i) => plain((i as { record: unknown }).record).r)).toEqual([
      { x: 'a\u001fb', y: 'c', n: '1' },
      { x: 'd', y: 'e\u001f', n: '2' },
      { x: 'f', y: 'g', n: '3' },
    ]);
  });
});

describe('streaming', () => {
  const big = join(dir, 'big.parquet');
  const rows = 1_000_000;
  beforeAll(async () => {
    await sql(`COPY (SELECT 'A' || i AS "applicant.id", (i % 997)::DECIMAL(10,2) AS "applicant.income", repeat('x', 200) AS "applicant.note" FROM range(${rows}) t(i)) TO ${q(big)} (FORMAT parquet)`);
  }, 60_000);

  it('streams a million-row Parquet with bounded memory, in file order', async () => {
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let inOrder = true;
    for await (const item of readRecordsDuckdb(big, 'parquet')) {
      if (item.index !== count || (item as { record: { applicant: { id: string } } }).record.applicant.id !== `A${count}`) inOrder = false;
      count++;
      if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(count).toBe(rows);
    expect(inOrder).toBe(true);
    // Materialised, a million 200-character rows would take well over 300 MB of heap.
    expect(peak).toBeLessThan(150 * 1024 * 1024);
  }, 120_000);

  it('stops cleanly when the consumer stops early', async () => {
    const started = Date.now();
    const firsts: RecordItem[] = [];
    for await (const item of readRecordsDuckdb(big, 'parquet')) {
      firsts.push(item);
      if (firsts.length === 3) break;
    }
    expect(firsts.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('row ranges', () => {
  const file = join(dir, 'ranges.parquet');
  beforeAll(async () => {
    // Small row groups, so that the ranges start and end inside and across them; one cell holds the separator.
    await sql(`COPY (SELECT 'A' || i AS "a.id", CASE WHEN i = 2500 THEN 'x' || chr(31) || 'y' ELSE 'v' || (i % 7) END AS "a.v" FROM range(5000) t(i)) TO ${q(file)} (FORMAT parquet, ROW_GROUP_SIZE 1000)`);
  });

  it('counts the rows from the footer', async () => {
    expect(await countParquetRows(file)).toBe(5000);
  });

  it('reads ranges that put together give the whole file, with their positions in it', async () => {
    const whole = comparable(await collect(readRecordsDuckdb(file, 'parquet')));
    const parts = [];
    for (const [start, end] of [[0, 1234], [1234, 2500], [2500, 2501], [2501, 4999], [4999, 9000]]) parts.push(...(await collect(readRecordsDuckdb(file, 'parquet', undefined, { start, end }))));
    expect(comparable(parts)).toEqual(whole);
    expect(whole[2500]).toMatchObject({ index: 2500, line: 2501, record: { a: { id: 'A2500', v: 'x\u001fy' } } });
  });

  it('reads a range of a CSV file too', async () => {
    const items = await collect(readRecordsDuckdb(sampleCsv, 'csv', graph, { start: 10, end: 13 }));
    const builtin = (await collect(readRecords(sampleCsv, 'csv', graph))).slice(10, 13);
    expect(comparable(items)).toEqual(comparable(builtin));
  });
});

describe('file names DuckDB would read as a glob', () => {
  // `read_parquet('e*.parquet')` is a glob to DuckDB: it read `ex.parquet` (a symlink out of the
  // studio's workspace, say) along with the file named.
  const folder = join(dir, 'glob *');
  const own = join(folder, 'e*.parquet');
  const other = join(folder, 'ex.parquet');
  beforeAll(async () => {
    mkdirSync(folder, { recursive: true });
    const plainFile = join(dir, 'glob-own.parquet');
    await sql(`COPY (SELECT 'OWN' || i AS "a.id" FROM range(2) t(i)) TO ${q(plainFile)} (FORMAT parquet)`);
    copyFileSync(plainFile, own);
    copyFileSync(plainFile, join(folder, 'q?.parquet'));
    await sql(`COPY (SELECT 'OTHER' AS "a.id") TO ${q(other)} (FORMAT parquet)`);
    copyFileSync(other, join(folder, 'qx.parquet'));
    // A sibling folder the folder's own `*` would take in.
    mkdirSync(join(dir, 'glob x'), { recursive: true });
    copyFileSync(other, join(dir, 'glob x', 'e*.parquet'));
    writeFileSync(join(folder, 'c*.csv'), 'a.id\nOWN0\n');
    writeFileSync(join(folder, 'cx.csv'), 'a.id\nOTHER\n');
  });
  const ids = (items: RecordItem[]) => items.map((i) => ('record' in i ? (i.record as { a: { id: string } }).a.id : i.unreadable));

  it('reads only the file named, whatever * ? [ its path holds', async () => {
    expect(ids(await collect(readRecordsDuckdb(own, 'parquet')))).toEqual(['OWN0', 'OWN1']);
    expect(ids(await collect(readRecordsDuckdb(own, 'parquet', undefined, { start: 1, end: 5 })))).toEqual(['OWN1']);
    expect(ids(await collect(readRecordsDuckdb(join(folder, 'q?.parquet'), 'parquet')))).toEqual(['OWN0', 'OWN1']);
    expect(await countParquetRows(own)).toBe(2);
    expect(ids(await collect(readRecordsDuckdb(join(folder, 'c*.csv'), 'csv')))).toEqual(['OWN0']);
  });

  it('converts only the JSONL file named', async () => {
    writeFileSync(join(folder, 'j*.jsonl'), '{"a":{"id":"OWN0"}}\n');
    writeFileSync(join(folder, 'jx.jsonl'), '{"a":{"id":"OTHER"}}\n');
    const out = join(dir, 'glob-converted.parquet');
    expect((await convertJsonlToParquet(join(folder, 'j*.jsonl'), out)).rows).toBe(1);
    expect(ids(await collect(readRecordsDuckdb(out, 'parquet')))).toEqual(['OWN0']);
  });

  it.skipIf(process.platform === 'win32')('refuses, in a sentence, a POSIX path holding a backslash and a glob character', async () => {
    const odd = join(folder, 'b\\*.parquet');
    copyFileSync(own, odd);
    await expect(collect(readRecordsDuckdb(odd, 'parquet'))).rejects.toThrow(`cannot read ${odd}: a path holding both a backslash and one of * ? [ cannot be read through DuckDB`);
  });
});

describe('errors', () => {
  const message = async (path: string, format: 'csv' | 'parquet') => {
    try {
      await collect(readRecordsDuckdb(path, format));
    } catch (e) {
      expect(e).toBeInstanceOf(VerdictError);
      return (e as Error).message;
    }
    throw new Error('expected an error');
  };

  it('says a file is missing', async () => {
    expect(await message(join(dir, 'nope.parquet'), 'parquet')).toBe(`cannot read ${join(dir, 'nope.parquet')}: no such file`);
  });

  it('says a file is not Parquet, in one line', async () => {
    const bad = join(dir, 'bad.parquet');
    writeFileSync(bad, 'applicant.id\nA1\n');
    const m = await message(bad, 'parquet');
    expect(m).toBe(`cannot read ${bad} as Parquet: not a Parquet file (it has no Parquet footer); is it truncated or another format?`);
  });

  it('says a truncated Parquet file is broken, in one line', async () => {
    const whole = join(dir, 'whole.parquet');
    await sql(`COPY (SELECT i AS "a.n" FROM range(1000) t(i)) TO ${q(whole)} (FORMAT parquet)`);
    const bytes = readFileSync(whole);
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 40));
    const m = await message(cut, 'parquet');
    expect(m).toMatch(new RegExp(`^cannot read ${cut.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} as Parquet: `));
    expect(m).not.toContain('\n');
  });

  it('says a directory is not a data file', async () => {
    expect(await message(dir, 'csv')).toBe(`cannot read ${dir}: it is a directory`);
  });
});

describe('convertJsonlToParquet', () => {
  it('types columns by what the records hold and keeps absent values absent', async () => {
    const src = join(dir, 'kinds.jsonl');
    writeFileSync(src, [
      '{"a":{"flag":true,"n":1,"x":1.5,"mixed":"7","list":[1,{"k":"v"}],"gone":null},"as_of":"2025-01-01"}',
      '',
      '{"a":{"flag":false,"n":2,"x":2,"mixed":8,"list":null}}',
      '{"a":{"mixed":true}}',
    ].join('\n'));
    const out = join(dir, 'kinds.parquet');
    expect(await convertJsonlToParquet(src, out)).toEqual({ rows: 3, columns: ['a.flag', 'a.n', 'a.x', 'a.mixed', 'a.list', 'as_of'] });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${q(out)})`)).getRowsJS().map((r) => `${r[0]} ${r[1]}`);
    connection.closeSync();
    instance.closeSync();
    expect(described).toEqual(['a.flag BOOLEAN', 'a.n BIGINT', 'a.x DOUBLE', 'a.mixed VARCHAR', 'a.list VARCHAR', 'as_of VARCHAR']);
    const records = (await collect(readRecordsDuckdb(out, 'parquet'))).map((i) => plain((i as { record: unknown }).record));
    expect(records).toEqual([
      { a: { flag: true, n: '1', x: '1.5', mixed: '7', list: [1, { k: 'v' }] }, as_of: '2025-01-01' },
      { a: { flag: false, n: '2', x: '2', mixed: '8' } },
      { a: { mixed: true } },
    ]);
  });

  it('names the line of invalid JSON', async () => {
    const src = join(dir, 'broken.jsonl');
    writeFileSync(src, '{"a":1}\n{oops\n');
    await expect(convertJsonlToParquet(src, join(dir, 'broken.parquet'))).rejects.toThrow(/^.*broken\.jsonl: line 2: invalid JSON/);
  });

  it('refuses a path that is an object in one record and a value in another', async () => {
    const src = join(dir, 'clash.jsonl');
    writeFileSync(src, '{"a":{"b":1}}\n{"a":{"b":{"c":2}}}\n');
    await expect(convertJsonlToParquet(src, join(dir, 'clash.parquet'))).rejects.toThrow('a.b holds an object in some records and a value in others');
  });
});

describe('readData', () => {
  it('reads each format through its reader', async () => {
    const jsonl = join(dir, 'r.jsonl');
    writeFileSync(jsonl, '{"applicant":{"id":"A1","age":"30"}}\n{"applicant":{"id":"A2"}}\n');
    const parquet = join(dir, 'r.parquet');
    await convertJsonlToParquet(jsonl, parquet);
    const fromJsonl = comparable(await collect(readData(jsonl, 'jsonl')));
    const fromParquet = comparable(await collect(readData(parquet, 'parquet')));
    expect(fromParquet).toEqual(fromJsonl);
  });
});
