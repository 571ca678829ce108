// `verdict run`: decide records with a policy, one JSON result per line, in input order.

import { prepare } from '../../runtime/evaluate.js';
import { parseOverrides } from '../../runtime/overrides.js';
import { readRecords, formatOf, type DataFormat } from '../../runtime/data/records.js';
import { list, str, UsageError, type CommandSpec } from '../args.js';
import { compilePolicyFile, ensureReadable } from '../files.js';
import { unreadableResult } from '../../runtime/result.js';
import { parseDay } from '../../runtime/values.js';

export const run: CommandSpec = {
  name: 'run',
  usage: 'verdict run POLICY (--record FILE.json | --records FILE.jsonl|FILE.csv) [--format F] [--trace] [--as-of DATE] [--set P=V]... [--switch RULE=STATE]...',
  summary: 'Decide records with a policy: one JSON result per line on stdout, in input order; a summary on stderr.',
  details: [
    'A bad record (wrong type, missing required field, invalid JSON line) gives that record a result',
    'with "decision": "error" and a reason naming the field; the batch goes on.',
    'Exit status: 0 when every record was decided, 1 when some records are errors, 2 for a usage error.',
    '',
    'Examples:',
    '  verdict run samples/application.policy --records samples/data/applicants.jsonl --set min_phone_tenure=3',
    '  verdict run samples/application.policy --record one.json --trace --switch zhima_low=on',
    '  verdict run samples/drawdown.policy --records requests.jsonl --as-of 2026-03-01',
  ].join('\n'),
  options: {
    record: { type: 'string', value: 'FILE.json', help: 'One record (a JSON object), or a JSON array of records' },
    records: { type: 'string', value: 'FILE', help: 'Records as JSONL or CSV (dotted column paths), streamed' },
    trace: { type: 'boolean', help: 'Include the full trace in every result' },
    set: { type: 'string', multiple: true, keyed: true, value: 'P=V', help: 'Override a param (type-checked)' },
    switch: { type: 'string', multiple: true, keyed: true, value: 'RULE=STATE', help: 'Switch a rule on, off or shadow' },
    format: { type: 'string', value: 'jsonl|csv|json', help: 'Data format when the file name does not say' },
    'as-of': { type: 'string', value: 'DATE', help: "Decide every record as of this date (YYYY-MM-DD), not its own as_of" },
  },
  async run(args, io) {
    const [policyFile, ...rest] = args.positionals;
    if (!policyFile || rest.length) throw new UsageError('run takes exactly one POLICY file. Run `verdict run --help` for usage.');
    const one = str(args.values.record);
    const many = str(args.values.records);
    if (!!one === !!many) throw new UsageError('give exactly one of --record FILE.json or --records FILE.jsonl|FILE.csv');
    const dataFile = (one ?? many) as string;
    // The policy first, as it is named first.
    await ensureReadable(policyFile);
    // --record and --records alike: a missing file or a directory is a usage error, not an error record.
    await ensureReadable(dataFile);
    const given = str(args.values.format);
    // A --format the user gave is what is wrong, not the file's name.
    if (given !== undefined && !['jsonl', 'csv', 'json'].includes(given)) throw new UsageError(`--format must be jsonl, csv or json, not \`${given}\``);
    const format = (given as DataFormat | undefined) ?? (one ? 'json' : formatOf(dataFile));
    if (!format || !['jsonl', 'csv', 'json'].includes(format)) throw new UsageError(`cannot tell the format of ${dataFile}: name it .jsonl, .csv or .json, or pass --format`);

    const { graph } = await compilePolicyFile(policyFile, io.stderr);
    const { overrides, errors } = parseOverrides(graph, { set: list(args.values.set), switch: list(args.values.switch) });
    if (errors.length) throw new UsageError(errors.join('\n'));
    const evaluator = prepare(graph, overrides);
    const trace = !!args.values.trace;
    const asOf = str(args.values['as-of']);
    // Checked once, before any record: a wrong date is the command's mistake, not every record's.
    if (asOf !== undefined && parseDay(asOf) === undefined) throw new UsageError(`--as-of must be a date YYYY-MM-DD, not \`${asOf}\``);

    const counts = { approve: 0, review: 0, reject: 0, error: 0 };
    let total = 0;
    let buffer = '';
    for await (const item of readRecords(dataFile, format, graph)) {
      const result = 'record' in item ? evaluator.decide(item.record, { trace, index: item.index, ...(asOf !== undefined ? { asOf } : {}) }) : unreadableResult(item.index, item.unreadable);
      counts[result.decision]++;
      total++;
      buffer += `${JSON.stringify(result)}\n`;
      if (buffer.length > 1 << 16) {
        await io.write(buffer);
        buffer = '';
      }
    }
    if (buffer) await io.write(buffer);
    io.stderr(`${total} record${total === 1 ? '' : 's'}: ${counts.approve} approve, ${counts.review} review, ${counts.reject} reject, ${counts.error} error\n`);
    return counts.error > 0 ? 1 : 0;
  },
};
