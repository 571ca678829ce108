// `verdict test`: decide each policy's test cases (POLICY.cases.json beside it) and report every
// case whose result differs from what it expects, for a risk team's CI.

import { readFile } from 'node:fs/promises';
import { caseMismatches, readCases } from '../../runtime/cases.js';
import { prepare } from '../../runtime/evaluate.js';
import { str, UsageError, type CommandSpec } from '../args.js';
import { compilePolicyText, describeFsError, tryReadPolicyFile } from '../files.js';

/** The cases file of a policy file: `a/b.policy` → `a/b.cases.json`. */
export const casesFileOf = (policy: string): string => `${policy.replace(/\.policy$/, '')}.cases.json`;

export const test: CommandSpec = {
  name: 'test',
  usage: 'verdict test POLICY... [--cases FILE.cases.json]',
  summary: "Decide each policy's test cases (POLICY.cases.json beside it); report every case whose result differs.",
  details: [
    'A cases file is a JSON array of {"name", "record", "expected"}; "expected" holds the decision and,',
    'when given, the reasons, the rules that fired ("hits", shadow hits aside, in order) and the terms',
    '(exact decimal strings). What it leaves out is not checked. See docs/language.md, section 3.',
    'Every differing case is printed as `CASES: "name": what differs`; the count goes to stderr.',
    'Exit status: 0 when every case passes, 1 when one fails or a policy does not compile, 2 when a',
    'policy or cases file cannot be read or is not valid (a policy without a cases file is named and skipped).',
    '',
    'Example:',
    '  verdict test samples/*.policy',
  ].join('\n'),
  options: {
    cases: { type: 'string', value: 'FILE', help: 'The cases file, for one POLICY (default: POLICY.cases.json beside it)' },
  },
  async run(args, io) {
    const files = args.positionals;
    if (files.length === 0) throw new UsageError('test needs at least one POLICY. Run `verdict test --help` for usage.');
    const given = str(args.values.cases);
    if (given && files.length > 1) throw new UsageError(`--cases goes with one POLICY, not ${files.length}`);
    let status = 0;
    let passed = 0;
    let failed = 0;
    let withoutCases = 0;
    const fail = (message: string, code: number) => {
      io.stderr(`verdict test: ${message}\n`);
      status = Math.max(status, code);
    };
    for (const file of files) {
      const read = await tryReadPolicyFile(file);
      if ('error' in read) {
        fail(read.error, 2);
        continue;
      }
      const casesFile = given ?? casesFileOf(file);
      let text: string;
      try {
        text = await readFile(casesFile, 'utf8');
      } catch (e) {
        const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
        if (missing && !given) {
          withoutCases++;
          io.stderr(`${file}: no cases (${casesFile} does not exist)\n`);
        } else fail(`cannot read ${casesFile}: ${describeFsError(e)}`, 2);
        continue;
      }
      const cases = readCases(text);
      if ('error' in cases) {
        fail(`${casesFile}: ${cases.error}`, 2);
        continue;
      }
      let graph;
      try {
        // Its errors printed as `check` prints them; the cases of a policy that does not compile all fail.
        graph = compilePolicyText(file, read.text, io.stderr).graph;
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        fail(`${e.message}: its ${cases.cases.length} case${cases.cases.length === 1 ? '' : 's'} not run`, e.exitCode);
        failed += cases.cases.length;
        continue;
      }
      const evaluator = prepare(graph);
      for (const [i, c] of cases.cases.entries()) {
        const wrong = caseMismatches(c, evaluator.decide(c.record, { index: i }));
        if (wrong.length === 0) {
          passed++;
          continue;
        }
        failed++;
        status = Math.max(status, 1);
        io.stdout(`${casesFile}: ${JSON.stringify(c.name)}: ${wrong.join('; ')}\n`);
      }
    }
    const total = passed + failed;
    io.stderr(`${total} case${total === 1 ? '' : 's'}: ${passed} passed, ${failed} failed${withoutCases ? `; ${withoutCases} polic${withoutCases === 1 ? 'y' : 'ies'} without cases` : ''}\n`);
    return status;
  },
};
