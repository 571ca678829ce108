// The `verdict` command: a thin shell over grammar/ and runtime/. Bundled by scripts/build-cli.mjs.

import { commandHelp, parseCommandArgs, UsageError, type CommandSpec, type Io } from './args.js';
import { backtest } from './commands/backtest.js';
import { gen } from './commands/gen.js';
import { check, compile, fmt } from './commands/language.js';
import { run } from './commands/run.js';
import { scheduleCommand } from './commands/schedule.js';
import { studio } from './commands/studio.js';
import { test } from './commands/test.js';
import { describeFsError } from './files.js';
import { VerdictError } from '../runtime/errors.js';

const COMMANDS: CommandSpec[] = [check, compile, fmt, test, run, backtest, gen, scheduleCommand, studio];
const VERSION = '0.1.0';

function mainHelp(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
  return `Verdict ${VERSION}: credit policies as code, decided exactly.

Usage: verdict COMMAND [OPTIONS]

Commands:
${rows}

Run \`verdict COMMAND --help\` for a command's options.

Exit status, for scripts and CI:
  0   success
  1   the input has problems: a policy with errors (\`check --strict\`: or warnings), a file
      \`fmt --check\` would change, a test case that fails, records decided as errors, an APR
      above the cap (\`schedule\`);
      for \`studio\`, a studio that cannot start
  2   the command cannot do its work: a bad option, a file that cannot be read or written
  70  an internal error in Verdict (please report it)
`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    // `verdict help frobnicate` is the unknown command's mistake, not a request for the overview.
    if (name === 'help' && rest[0] !== undefined && !target) {
      io.stderr(`verdict: unknown command \`${rest[0]}\`. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`);
      return 2;
    }
    io.stdout(target ? commandHelp(target) : mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`verdict: unknown command \`${name}\`. Commands: ${COMMANDS.map((c) => c.name).join(', ')}.\n`);
    return 2;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.stdout(commandHelp(command));
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`verdict ${command.name}: ${e.message}\n`);
      return e.exitCode;
    }
    // A data file no record can be read from (a CSV header naming a column twice): the user's to fix.
    if (e instanceof VerdictError && e.code === 'data-file') {
      io.stderr(`verdict ${command.name}: ${e.message}\n`);
      return 2;
    }
    // A broken invariant in Verdict itself, not the user's mistake: say so, with the detail.
    io.stderr(`verdict ${command.name}: internal error: ${(e as Error).message}\nPlease report this with the command you ran.\n${process.env.VERDICT_DEBUG ? (e as Error).stack : ''}\n`);
    return 70;
  }
}

function stdoutWrite(s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}

/** The process entry, called by cli/bin/verdict.js: real stdio, exit code. */
export function runCli(): void {
  const argv = process.argv.slice(2);
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // A closed pipe (`verdict run ... | head`) is not an error: the reader has what it wanted.
    if (e.code === 'EPIPE') process.exit(0);
    // Any other failure (a full disk: `> /dev/full`) loses output: say so and stop, exit 2 like an
    // output file that cannot be written. Nothing more can reach stdout anyway.
    const command = COMMANDS.find((c) => c.name === argv[0]);
    process.stderr.write(`verdict${command ? ` ${command.name}` : ''}: cannot write to stdout: ${describeFsError(e)}\n`);
    process.exit(2);
  });
  const io: Io = {
    stdout: (s) => void process.stdout.write(s),
    write: stdoutWrite,
    stderr: (s) => void process.stderr.write(s),
    isTTY: !!process.stderr.isTTY,
    ...(process.stdout.isTTY && process.stdout.columns ? { stdoutColumns: process.stdout.columns } : {}),
    cwd: process.cwd(),
  };
  main(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`verdict: internal error: ${(e as Error).message}\n`);
      process.exitCode = 70;
    },
  );
}
