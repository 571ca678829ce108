// `verdict check | compile | fmt`: the language's commands, for authors and for CI.

import { formatDiagnostic, hasErrors, type Diagnostic } from '../../grammar/diagnostics.js';
import { format } from '../../grammar/format.js';
import { compileText } from '../../runtime/compile.js';
import { list, str, UsageError, type CommandSpec } from '../args.js';
import { readPolicyFile, replaceFile, tryReadPolicyFile, writeOutputFile } from '../files.js';

function diagnosticJson(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    // The range that the replacement replaces (not always the problem's own): a tool applying the
    // fix needs it.
    ...(d.fix
      ? {
          fix: {
            message: d.fix.message,
            replacement: d.fix.replacement,
            line: d.fix.range.start.line,
            column: d.fix.range.start.column,
            endLine: d.fix.range.end.line,
            endColumn: d.fix.range.end.column,
          },
        }
      : {}),
  };
}

function summary(errors: number, warnings: number, files: number): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(errors, 'error')}, ${n(warnings, 'warning')} in ${n(files, 'file')}`;
}

export const check: CommandSpec = {
  name: 'check',
  usage: 'verdict check FILE... [--json] [-q | --strict]',
  summary: 'Parse and check policy files; print every problem as file:line:col: severity code: message.',
  details: [
    'Every file is checked even when another cannot be read. Paths are printed as given.',
    'Exit status: 0 when no file has an error (warnings alone exit 0, unless --strict), 1 when a file',
    'has an error (or, with --strict, a warning), 2 when a file cannot be read or for a usage error.',
    '',
    'With --json, stdout holds one array with an entry per FILE, in the order given:',
    '  {"file": F, "diagnostics": [{"code", "severity", "message", "line", "column", "endLine",',
    '   "endColumn", "fix"?: {"message", "replacement", "line", "column", "endLine", "endColumn"}}]}',
    'or, for a file that cannot be read, {"file": F, "error": "cannot read F: ...", "diagnostics": []}.',
    'Lines and columns count from 1; columns in UTF-16 code units, as editors count them.',
  ].join('\n'),
  options: {
    json: { type: 'boolean', help: 'Print the diagnostics as JSON on stdout' },
    quiet: { type: 'boolean', short: 'q', help: 'Print errors only, no warnings' },
    strict: { type: 'boolean', help: 'Fail on warnings too: exit 1 when any file has a warning' },
  },
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('check needs at least one FILE. Run `verdict check --help` for usage.');
    // A build failed by warnings that --quiet hid would say nothing of why.
    if (args.values.quiet && args.values.strict) throw new UsageError('--quiet and --strict do not go together: --strict fails on warnings, which --quiet would hide');
    const report: { file: string; error?: string; diagnostics: ReturnType<typeof diagnosticJson>[] }[] = [];
    let errors = 0;
    let warnings = 0;
    let unreadable = 0;
    for (const file of args.positionals) {
      const read = await tryReadPolicyFile(file);
      if ('error' in read) {
        unreadable++;
        io.stderr(`verdict check: ${read.error}\n`);
        if (args.values.json) report.push({ file, error: read.error, diagnostics: [] });
        continue;
      }
      const { diagnostics } = compileText(read.text);
      const shown = args.values.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
      errors += diagnostics.filter((d) => d.severity === 'error').length;
      warnings += diagnostics.filter((d) => d.severity === 'warning').length;
      if (args.values.json) report.push({ file, diagnostics: shown.map(diagnosticJson) });
      else for (const d of shown) io.stdout(`${formatDiagnostic(file, d)}\n`);
    }
    const checked = args.positionals.length - unreadable;
    if (args.values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (checked > 0) io.stderr(`${summary(errors, warnings, checked)}${unreadable ? `; ${unreadable} file${unreadable === 1 ? '' : 's'} could not be read` : ''}\n`);
    return unreadable > 0 ? 2 : errors > 0 || (args.values.strict && warnings > 0) ? 1 : 0;
  },
};

export const compile: CommandSpec = {
  name: 'compile',
  usage: 'verdict compile FILE [-o OUT.json]',
  summary: 'Compile a policy to its decision graph (JSON, schema verdict.graph/1).',
  details: 'Diagnostics go to stderr. Exits 1 (and writes nothing) when the policy has errors.',
  options: {
    out: { type: 'string', short: 'o', value: 'OUT.json', help: 'Write the graph here instead of stdout' },
    compact: { type: 'boolean', help: 'One-line JSON' },
  },
  async run(args, io) {
    const [file, ...rest] = args.positionals;
    if (!file || rest.length) throw new UsageError('compile takes exactly one FILE. Run `verdict compile --help` for usage.');
    const text = await readPolicyFile(file);
    const { diagnostics, graph } = compileText(text);
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(file, d)}\n`);
    if (!graph || hasErrors(diagnostics)) return 1;
    const json = `${JSON.stringify(graph, null, args.values.compact ? undefined : 2)}\n`;
    const out = str(args.values.out);
    if (out) {
      await writeOutputFile(out, json);
      io.stderr(`wrote ${out}\n`);
    } else io.stdout(json);
    return 0;
  },
};

export const fmt: CommandSpec = {
  name: 'fmt',
  usage: 'verdict fmt [--check | --stdout] FILE...',
  summary: 'Rewrite policy files in the canonical layout, keeping every comment.',
  details: [
    'With --check, changes nothing: lists the files that are not formatted (on stdout) and exits 1 if any.',
    'A file with syntax errors is left untouched and reported. A file that cannot be read (or written)',
    'is reported and the others are still done; the exit status is then 2. A file is rewritten whole',
    '(the new text takes its name at once), so that a full disk never leaves half a policy.',
  ].join('\n'),
  options: {
    check: { type: 'boolean', help: 'Only report files that would change' },
    stdout: { type: 'boolean', help: 'Print the formatted text instead of rewriting (one FILE; not with --check)' },
  },
  async run(args, io) {
    const files = list(args.positionals);
    if (files.length === 0) throw new UsageError('fmt needs at least one FILE. Run `verdict fmt --help` for usage.');
    if (args.values.stdout && args.values.check)
      throw new UsageError('--check and --stdout do not go together: --check only reports (exit 1 when a file is not formatted), --stdout prints the formatted text');
    if (args.values.stdout && files.length > 1) throw new UsageError(`--stdout takes one FILE, not ${files.length}`);
    let status = 0;
    let unformatted = 0;
    const fail = (message: string) => {
      io.stderr(`verdict fmt: ${message}\n`);
      status = 2;
    };
    for (const file of files) {
      const read = await tryReadPolicyFile(file);
      if ('error' in read) {
        fail(read.error);
        continue;
      }
      const result = format(read.text);
      const broken = result.diagnostics.filter((d) => d.severity === 'error');
      if (broken.length) {
        for (const d of broken) io.stderr(`${formatDiagnostic(file, d)}\n`);
        status = Math.max(status, 1);
        continue;
      }
      if (args.values.stdout) io.stdout(result.text);
      else if (args.values.check) {
        if (result.changed) {
          io.stdout(`${file}\n`);
          unformatted++;
          status = Math.max(status, 1);
        }
      } else if (result.changed) {
        try {
          await replaceFile(file, result.text);
        } catch (e) {
          if (!(e instanceof UsageError)) throw e;
          fail(e.message);
          continue;
        }
        io.stderr(`formatted ${file}\n`);
      }
    }
    // A CI log that shows only file names should still say what failed and how to fix it.
    if (unformatted) io.stderr(`${unformatted} file${unformatted === 1 ? ' is' : 's are'} not formatted: run \`verdict fmt\` on ${unformatted === 1 ? 'it' : 'them'}\n`);
    return status;
  },
};
