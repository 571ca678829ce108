import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLines, parseCsv, parseJsonl, readRecords, splitCsv, utf8Lines, type CsvLine, type RecordItem } from './records.js';
import type { DecisionGraph } from '../graph.js';
import { csvChunks } from '../replay/chunks.js';

async function collect(it: AsyncIterable<RecordItem>): Promise<RecordItem[]> {
  const out: RecordItem[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('splitCsv', () => {
  it('handles quotes, escaped quotes and commas inside quotes', () => {
    expect(splitCsv('a,"b,c","d ""e""",')).toEqual(['a', 'b,c', 'd "e"', '']);
  });
  it('says when a quoted cell is still open', () => {
    expect(splitCsv('a,"b')).toBeUndefined();
  });
});

describe('parseJsonl', () => {
  it('keeps positions, skips blank lines, and turns a bad line into an unreadable item', async () => {
    const items = await collect(parseJsonl(['{"a":1}', '', '{oops', '{"a":2}']));
    expect(items.map((i) => ('record' in i ? ['ok', i.index, i.line] : ['bad', i.index, i.line]))).toEqual([
      ['ok', 0, 1],
      ['bad', 1, 3],
      ['ok', 2, 4],
    ]);
    expect((items[1] as { unreadable: string }).unreadable).toMatch(/^line 3: invalid JSON/);
  });

  it('keeps __proto__ as data', async () => {
    const [item] = await collect(parseJsonl(['{"applicant":{"__proto__":{"polluted":true}}}']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys((item as { record: { applicant: object } }).record.applicant)).toEqual(['__proto__']);
  });
});

describe('parseCsv', () => {
  const graph = {
    inputs: [{ id: 'applicant', fields: { age: { type: { kind: 'number' } }, vip: { type: { kind: 'bool' } }, name: { type: { kind: 'text' } }, contacts: { type: { kind: 'list' } } } }],
    sources: [{ id: 'bureau', fields: { listed: { type: { kind: 'bool' } } } }],
  } as unknown as DecisionGraph;

  it('nests dotted columns, types bool and list cells, and leaves empty cells absent', async () => {
    const items = await collect(
      parseCsv(['applicant.age,applicant.vip,applicant.name,applicant.contacts,bureau.listed,as_of', '31,true,"true","[{""n"":1}]",,2026-01-02'], graph),
    );
    expect(plain((items[0] as { record: unknown }).record)).toEqual({
      applicant: { age: '31', vip: true, name: 'true', contacts: [{ n: 1 }] },
      as_of: '2026-01-02',
    });
  });

  it('reads a quoted cell over several lines', async () => {
    const items = await collect(parseCsv(['applicant.name,applicant.age', '"two', 'lines",3', 'x,4'], graph));
    expect(items.map((i) => ('record' in i ? [i.index, i.line, plain(i.record).applicant.name] : 'bad'))).toEqual([
      [0, 2, 'two\nlines'],
      [1, 4, 'x'],
    ]);
  });

  it('reports a row with the wrong number of cells and goes on', async () => {
    const items = await collect(parseCsv(['applicant.age,applicant.name', '1', '2,b'], graph));
    expect(items[0]).toMatchObject({ index: 0, line: 2, unreadable: 'line 2: 1 cell where the header has 2' });
    expect(items[1]).toMatchObject({ index: 1, line: 3 });
  });

  it('names the lines a quote left open took in, and the line to look at', async () => {
    const items = await collect(parseCsv(['applicant.name,applicant.age', 'a,1', '"open,2', 'b,3', 'c,"4"', 'd,5'], graph));
    expect(items.map((i) => ('record' in i ? plain(i.record).applicant.name : i.unreadable))).toEqual([
      'a',
      'lines 3-5: 1 cell where the header has 2 (a quoted cell opened on line 3 closes on line 5: is a closing quote missing on line 3?)',
      'd',
    ]);
  });

  it('reports a list cell that is not JSON', async () => {
    const items = await collect(parseCsv(['applicant.contacts', 'not json'], graph));
    expect(items[0]).toMatchObject({ unreadable: 'line 2: column applicant.contacts: a list cell must hold JSON' });
  });

  it('keeps __proto__ columns as data', async () => {
    const items = await collect(parseCsv(['applicant.__proto__.x,constructor.prototype', '1,2'], graph));
    const rec = (items[0] as { record: Record<string, Record<string, unknown>> }).record;
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.keys(rec.applicant)).toEqual(['__proto__']);
    expect(plain(rec.constructor)).toEqual({ prototype: '2' });
  });
});

describe('readRecords', () => {
  it('reads the same records from JSONL, CSV and JSON files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-records-'));
    writeFileSync(join(dir, 'a.jsonl'), '{"applicant":{"name":"x","age":"3"}}\n{"applicant":{"name":"y","age":"4"}}\n');
    writeFileSync(join(dir, 'a.csv'), 'applicant.name,applicant.age\r\nx,3\r\ny,4\r\n');
    writeFileSync(join(dir, 'a.json'), '[{"applicant":{"name":"x","age":"3"}},{"applicant":{"name":"y","age":"4"}}]');
    const read = async (f: string) => (await collect(readRecords(join(dir, f)))).map((i) => plain((i as { record: unknown }).record));
    const jsonl = await read('a.jsonl');
    expect(await read('a.csv')).toEqual(jsonl);
    expect(await read('a.json')).toEqual(jsonl);
  });

  it('reads a JSON file with a byte-order mark as JSON Lines and CSV are read, refuses bytes that are not UTF-8, and a file it cannot open is the file\'s error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-records-'));
    writeFileSync(join(dir, 'bom.json'), '\ufeff{"applicant":{"name":"x"}}');
    expect(plain(await collect(readRecords(join(dir, 'bom.json'))))).toEqual([{ index: 0, line: 1, record: { applicant: { name: 'x' } } }]);
    writeFileSync(join(dir, 'latin1.json'), Buffer.concat([Buffer.from('{"applicant":\n{"name":"'), Buffer.from([0xe9]), Buffer.from('"}}')]));
    expect(await collect(readRecords(join(dir, 'latin1.json')))).toEqual([{ index: 0, line: 1, unreadable: 'line 2: not valid UTF-8 (a text in another encoding?)' }]);
    await expect(collect(readRecords(join(dir, 'none.json')))).rejects.toMatchObject({ code: 'data-file', message: `cannot read ${join(dir, 'none.json')}: ENOENT` });
  });
});

describe('splitCsv against the character-by-character reading it replaced', () => {
  /** The reference: one character at a time, as the reader first did it. */
  function reference(text: string): string[] | undefined {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i++;
          } else quoted = false;
        } else cell += c;
      } else if (c === '"' && cell === '') quoted = true;
      else if (c === ',') {
        cells.push(cell);
        cell = '';
      } else if (c === '\r' && i === text.length - 1) {
        // tolerate CRLF left by a reader
      } else cell += c;
    }
    if (quoted) return undefined;
    cells.push(cell);
    return cells;
  }

  it('splits every short text over a CSV-heavy alphabet alike', () => {
    const alphabet = ['"', ',', 'a', '\r', '\n', '""', ' '];
    let seed = 1;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let k = 0; k < 20000; k++) {
      let t = '';
      for (let n = Math.floor(rnd() * 9); n > 0; n--) t += alphabet[Math.floor(rnd() * alphabet.length)];
      expect([t, splitCsv(t)]).toEqual([t, reference(t)]);
    }
  });
});

describe('a CSV header that names a column twice', () => {
  const csv = 'applicant.id,applicant.age,x,applicant.age,,\nA,30,1,31,,\n';

  it('is the file\'s error, named with its path and the two columns, whichever reader meets it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-dup-'));
    const path = join(dir, 'dup.csv');
    writeFileSync(path, csv);
    const message = `${path}: the header names the column applicant.age twice (columns 2 and 4)`;
    await expect(collect(readRecords(path, 'csv'))).rejects.toMatchObject({ code: 'data-file', message });
    await expect((async () => {
      for await (const _ of csvChunks(path)) void _;
    })()).rejects.toMatchObject({ code: 'data-file', message });
  });

  it('names another separator, when the header is one column that holds it, whichever reader meets it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-sep-'));
    for (const [sep, word] of [[';', '";"'], ['\t', 'tabs']]) {
      const path = join(dir, 'semi.csv');
      writeFileSync(path, `applicant.id${sep}applicant.age\nA${sep}30\n`);
      const message = `${path}: the header is one column, ${JSON.stringify(`applicant.id${sep}applicant.age`)}: its columns are separated by ${word}, and a CSV file's by commas (save it as "CSV (comma delimited)")`;
      await expect(collect(readRecords(path, 'csv'))).rejects.toMatchObject({ code: 'data-file', message });
      await expect((async () => {
        for await (const _ of csvChunks(path)) void _;
      })()).rejects.toMatchObject({ code: 'data-file', message });
    }
    // One column of any other name is a CSV file of one column.
    expect(await collect(parseCsv(['applicant.id', 'A']))).toEqual([{ index: 0, line: 2, record: { applicant: { id: 'A' } } }]);
  });

  it('leaves columns without a name (trailing commas) be', async () => {
    const items = await collect(parseCsv(['applicant.id,applicant.age,,', 'A,30,,']));
    expect(items).toEqual([{ index: 0, line: 2, record: { applicant: { id: 'A', age: '30' } } }]);
  });
});

describe('a JSON line too long to become a text', () => {
  it('is that line\'s error, its bytes let go; the lines around it are read', async () => {
    // A cap of 64 bytes stands for the runtime's longest text (half a gigabyte).
    const path = join(mkdtempSync(join(tmpdir(), 'verdict-long-')), 'r.jsonl');
    const long = `{"a":"${'x'.repeat(200_000)}"}`; // longer than a read chunk too
    writeFileSync(path, `{"a":1}\n${long}\r\n{"a":2}\n${long}`);
    const items = await collect(parseJsonl(utf8Lines(path, 64), 64));
    expect(items).toEqual([
      { index: 0, line: 1, record: { a: 1 } },
      { index: 1, line: 2, unreadable: 'line 2: longer than 64 bytes, more than a text can hold (JSON Lines holds one record per line: is the file one JSON document?)' },
      { index: 2, line: 3, record: { a: 2 } },
      { index: 3, line: 4, unreadable: expect.stringMatching(/^line 4: longer than 64 bytes/) },
    ]);
    // At the cap exactly (its \r aside), a line is read.
    writeFileSync(path, `{"a":"${'y'.repeat(56)}"}\r\n`);
    expect(await collect(parseJsonl(utf8Lines(path, 64), 64))).toEqual([{ index: 0, line: 1, record: { a: 'y'.repeat(56) } }]);
  });
});

describe('CSV bytes that are not UTF-8', () => {
  const file = (bytes: Buffer) => {
    const path = join(mkdtempSync(join(tmpdir(), 'verdict-csv8-')), 'r.csv');
    writeFileSync(path, bytes);
    return path;
  };
  const latin1 = (s: string) => Buffer.from(s, 'latin1');

  it('splits lines where readline does, across read chunks too, and marks the lines that are not UTF-8', async () => {
    // 64 KiB chunks: a \r\n split between two of them is one break.
    const pad = 'x'.repeat(65_535);
    const path = file(Buffer.concat([Buffer.from(`${pad}\r\na\rb\n\nc\r\n`), latin1('Jos\xe9\n'), Buffer.from('end')]));
    const lines: CsvLine[] = [];
    for await (const l of csvLines(path)) lines.push(l);
    expect(lines).toEqual([pad, 'a', 'b', '', 'c', { text: 'Jos\xe9', notUtf8: true }, 'end']);
  });

  it('makes a row that is not UTF-8 that row\'s error, a quoted cell over lines included, whichever reader meets it', async () => {
    const csv = Buffer.concat([
      Buffer.from('applicant.id,applicant.name\nA1,Ann\n'),
      latin1('A2,Jos\xe9\n'),
      Buffer.from('A3,"two\n'),
      latin1('lin\xe9s"\n'),
      Buffer.from('A4,陈平\n'),
    ]);
    const path = file(csv);
    const reason = (line: number) => `line ${line}: not valid UTF-8 (a text in another encoding?): save the file as "CSV UTF-8"`;
    expect(await collect(readRecords(path, 'csv'))).toEqual([
      { index: 0, line: 2, record: { applicant: { id: 'A1', name: 'Ann' } } },
      { index: 1, line: 3, unreadable: reason(3) },
      { index: 2, line: 4, unreadable: reason(4) },
      { index: 3, line: 6, record: { applicant: { id: 'A4', name: '陈平' } } },
    ]);
    // The header: the file's error, in both readers.
    const bad = file(Buffer.concat([latin1('applicant.id,applicant.n\xe4me\n'), Buffer.from('A1,x\n')]));
    const message = `${bad}: the header is not valid UTF-8 (a text in another encoding?): save the file as "CSV UTF-8"`;
    await expect(collect(readRecords(bad, 'csv'))).rejects.toMatchObject({ code: 'data-file', message });
    await expect((async () => {
      for await (const _ of csvChunks(bad)) void _;
    })()).rejects.toMatchObject({ code: 'data-file', message });
  });
});

describe('JSON Lines bytes that are not UTF-8', () => {
  const file = (bytes: Buffer) => {
    const path = join(mkdtempSync(join(tmpdir(), 'verdict-utf8-')), 'r.jsonl');
    writeFileSync(path, bytes);
    return path;
  };

  it('make their line unreadable, named by line, and the batch goes on', async () => {
    const bytes = Buffer.concat([Buffer.from('{"applicant":{"id":"a"}}\r\n{"applicant":{"id":"b'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}\n\n{"applicant":{"id":"陈平"}}')]);
    const items = await collect(readRecords(file(bytes), 'jsonl'));
    expect(items.map((i) => ('record' in i ? [i.index, i.line, (i.record as { applicant: { id: string } }).applicant.id] : [i.index, i.line, i.unreadable]))).toEqual([
      [0, 1, 'a'],
      [1, 2, 'line 2: not valid UTF-8 (a text in another encoding?)'],
      [2, 4, '陈平'],
    ]);
  });

  it('are found in a line longer than a read chunk, whose valid neighbours read whole', async () => {
    const long = `{"applicant":{"id":"${'x'.repeat(200_000)}"}}`;
    const bytes = Buffer.concat([Buffer.from(`${long}\n{"applicant":{"id":"${'y'.repeat(150_000)}`), Buffer.from([0xff]), Buffer.from('"}}\n{"applicant":{"id":"z"}}\n')]);
    const items = await collect(readRecords(file(bytes), 'jsonl'));
    expect(items.map((i) => ('record' in i ? (i.record as { applicant: { id: string } }).applicant.id.length : i.unreadable))).toEqual([200_000, 'line 2: not valid UTF-8 (a text in another encoding?)', 1]);
  });
});
