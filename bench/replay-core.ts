// CPU per record of the replay core on one thread (no workers, no reading thread): where a
// backtest's time goes, by stage. `npx tsx bench/replay-core.ts FILE.jsonl [stage]` after an
// esbuild bundle, or directly under tsx (slower: see run.ts). Stages: `lines` (split only),
// `scan` (lines decoded into slots), `full` (the whole replay).

import { openSync, readSync, fstatSync } from 'node:fs';
import { compilePolicyFile } from '../cli/files.js';
import { parseOverrides } from '../runtime/overrides.js';
import { ReplayCore } from '../runtime/replay/core.js';
import { LineScanner, readSet } from '../runtime/replay/scan.js';
import { buildLayout } from '../runtime/record.js';

const [file, stage = 'full', policy = 'samples/application.policy'] = process.argv.slice(2);
const { graph } = await compilePolicyFile(policy, (s) => process.stderr.write(s));
const base = { graph, overrides: parseOverrides(graph, {}).overrides };
const cand = { graph, overrides: parseOverrides(graph, { set: ['min_phone_tenure=3'] }).overrides };
const core = new ReplayCore({ versions: [base, cand], outcomeLabel: 'bad_30dpd', swaps: false });
const layout = buildLayout(graph);
const scanner = LineScanner.for(layout, 'bad_30dpd', readSet([graph]))!;
const vals = new Array<unknown>(layout.size);

const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
const buf = Buffer.alloc(Math.min(size, 1 << 30));
const n = readSync(fd, buf, 0, buf.length, 0);
const end = buf.lastIndexOf(10, n - 1) + 1;
const t0 = process.cpuUsage();
let records = 0;
let fast = 0;
if (stage === 'full') {
  core.jsonlBytes(buf.subarray(0, end), 0, 1);
  records = core.partial.records;
} else {
  for (let p = 0; p < end; ) {
    const nl = buf.indexOf(10, p);
    if (stage === 'scan' && scanner.scan(buf, p, nl, vals)) fast++;
    records++;
    p = nl + 1;
  }
}
const t = process.cpuUsage(t0);
const us = (t.user + t.system) / records;
console.log(`${stage}: ${records} records${stage === "full" ? ` (${core.partial.twinned} twinned)` : ""}, ${(us).toFixed(2)} µs CPU per record${stage === 'scan' ? `, ${fast} scanned` : ''}`);
