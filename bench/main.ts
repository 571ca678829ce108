// The benchmark proper (run.ts bundles and starts it): runs the sections and prints one table.
// A section is a module under bench/ exporting a `Section`; add it to SECTIONS to include it
// (backtest rows come that way). Language runs first so that its "first run" figure is cold.

import { backtestSection } from './backtest.js';
import { languageSection } from './language.js';
import { formatTable, machineLoad, passes, type Row, type Section } from './measure.js';
import { runtimeSection } from './runtime.js';
import { studioSection } from './studio.js';

const SECTIONS: Section[] = [languageSection, runtimeSection, backtestSection, studioSection];

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.id === w));
  if (unknown.length) {
    console.error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.id).join(', ')}`);
    return 2;
  }
  const chosen = SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.id));
  const log = (line: string) => console.error(line);
  log(`node ${process.version}, load average ${machineLoad()}${quick ? ', quick run (not a measurement)' : ''}`);
  const results: { title: string; rows: Row[] }[] = [];
  const failed: string[] = [];
  for (const s of chosen) {
    // A section that breaks must not take the others' figures with it.
    try {
      results.push({ title: s.title, rows: await s.run({ quick, log }) });
    } catch (e) {
      log(`${s.id}: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      failed.push(s.id);
    }
  }
  log(`load average at the end ${machineLoad()}`);
  console.log(formatTable(results));
  const missed = results.flatMap((r) => r.rows.filter((row) => passes(row) === false).map((row) => row.name.trim()));
  console.log(missed.length ? `\n${missed.length} target(s) missed: ${missed.join('; ')}` : '\nevery target met');
  if (failed.length) console.log(`section(s) that failed to run: ${failed.join(', ')} (see the log above)`);
  return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
