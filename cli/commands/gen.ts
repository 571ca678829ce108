// `verdict gen`: seeded stored applicants for the sample application policy.

import { datasetText, runGen } from '../../runtime/data/generate.js';
import { str, UsageError, type CommandSpec } from '../args.js';
import { cannotWrite, isFsError } from '../files.js';

export const gen: CommandSpec = {
  name: 'gen',
  usage: 'verdict gen [--count N] [--seed S] [--format jsonl|csv] -o FILE|-',
  summary: 'Generate stored applicants for samples/application.policy: every source snapshot, missing values, as-of dates, outcome labels.',
  details:
    'The same seed always gives the same bytes. Streams: a million records fit in bounded memory.\n-o - writes to stdout (JSONL unless --format csv).\nExample: verdict gen --count 1000000 --seed 7 -o /tmp/applicants.jsonl',
  options: {
    count: { type: 'string', short: 'n', value: 'N', help: 'How many records (default 5000)' },
    seed: { type: 'string', value: 'S', help: 'Seed of the generator (default 42)' },
    format: { type: 'string', value: 'jsonl|csv', help: 'Output format (default: from the file name, else jsonl)' },
    out: { type: 'string', short: 'o', value: 'FILE', help: 'Where to write (- for stdout)' },
  },
  async run(args, io) {
    const out = str(args.values.out);
    if (!out) throw new UsageError('gen needs -o FILE (or -o - for stdout). Run `verdict gen --help` for usage.');
    const count = Number(str(args.values.count) ?? '5000');
    const seed = Number(str(args.values.seed) ?? '42');
    if (!Number.isSafeInteger(count) || count < 0) throw new UsageError(`--count takes a whole number, not ${str(args.values.count)}`);
    if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed takes a whole number, not ${str(args.values.seed)}`);
    const format = str(args.values.format) ?? (out.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
    if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format takes jsonl or csv, not ${format}`);
    if (out === '-') {
      for (const piece of datasetText({ seed, count, format })) await io.write(piece);
      io.stderr(`wrote ${count} records to stdout\n`);
      return 0;
    }
    let result;
    try {
      result = await runGen({ count, seed, format, path: out });
    } catch (e) {
      if (isFsError(e)) throw cannotWrite(out, e);
      throw e;
    }
    io.stderr(`wrote ${result.count} records to ${result.path}\n`);
    return 0;
  },
};

