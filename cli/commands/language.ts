// `verdict check | compile | fmt`: the language's commands, for authors and for CI.

import { relative } from 'node:path';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../../grammar/diagnostics.js';
import { format } from '../../grammar/format.js';
import { compileText } from '../../runtime/compile.js';
import { list, str, UsageError, type CommandSpec, type Io } from '../args.js';
import { readPolicyFile, tryReadPolicyFile, writeOutputFile } from '../files.js';

function display(io: Io, file: string): string {
  const rel = relative(io.cwd, file);
  return rel.startsWith('..') ? file : rel;
}

function diagnosticJson(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    ...(d.fix ? { fix: { message: d.fix.message, replacement: d.fix.replacement } } : {}),
  };
}

function summary(errors: number, warnings: number, files: number): string {
  const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${n(errors, 'error')}, ${n(warnings, 'warning')} in ${n(files, 'file')}`;
}

export const check: CommandSpec = {
  name: 'check',
  usage: 'verdict check FILE... [--json]',
  summary: 'Parse and check policy files; print every problem as file:line:col: severity code: message.',
  details:
    'Every file is checked even when another cannot be read. Exits 1 when any file has an error\n(warnings alone exit 0), 2 when a file cannot be read (with --json, its entry has an "error").',
  options: {
    json: { type: 'boolean', help: 'Print the diagnostics as JSON on stdout' },
    quiet: { type: 'boolean', short: 'q', help: 'Print errors only, no warnings' },
  },
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError('check needs at least one FILE. Run `verdict check --help` for usage.');
    const report: { file: string; error?: string; diagnostics: ReturnType<typeof diagnosticJson>[] }[] = [];
    let errors = 0;
    let warnings = 0;
    let unreadable = 0;
    for (const file of args.positionals) {
      const read = await tryReadPolicyFile(file);
      if ('error' in read) {
        unreadable++;
        io.stderr(`verdict check: ${read.error}\n`);
        if (args.values.json) report.push({ file: display(io, file), error: read.error, diagnostics: [] });
        continue;
      }
      const { diagnostics } = compileText(read.text);
      const shown = args.values.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
      errors += diagnostics.filter((d) => d.severity === 'error').length;
      warnings += diagnostics.filter((d) => d.severity === 'warning').length;
      if (args.values.json) report.push({ file: display(io, file), diagnostics: shown.map(diagnosticJson) });
      else for (const d of shown) io.stdout(`${formatDiagnostic(display(io, file), d)}\n`);
    }
    const checked = args.positionals.length - unreadable;
    if (args.values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (checked > 0) io.stderr(`${summary(errors, warnings, checked)}${unreadable ? `; ${unreadable} file${unreadable === 1 ? '' : 's'} could not be read` : ''}\n`);
    return unreadable > 0 ? 2 : errors > 0 ? 1 : 0;
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
    for (const d of diagnostics) io.stderr(`${formatDiagnostic(display(io, file), d)}\n`);
    if (!graph || hasErrors(diagnostics)) return 1;
    const json = `${JSON.stringify(graph, null, args.values.compact ? undefined : 2)}\n`;
    const out = str(args.values.out);
    if (out) {
      await writeOutputFile(out, json);
      io.stderr(`wrote ${display(io, out)}\n`);
    } else io.stdout(json);
    return 0;
  },
};

export const fmt: CommandSpec = {
  name: 'fmt',
  usage: 'verdict fmt [--check] FILE...',
  summary: 'Rewrite policy files in the canonical layout, keeping every comment.',
  details:
    'With --check, changes nothing: lists the files that are not formatted and exits 1 if any.\nA file with syntax errors is left untouched and reported. A file that cannot be read (or written)\nis reported and the others are still done; the exit status is then 2.',
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
        for (const d of broken) io.stderr(`${formatDiagnostic(display(io, file), d)}\n`);
        status = Math.max(status, 1);
        continue;
      }
      if (args.values.stdout) io.stdout(result.text);
      else if (args.values.check) {
        if (result.changed) {
          io.stdout(`${display(io, file)}\n`);
          status = Math.max(status, 1);
        }
      } else if (result.changed) {
        try {
          await writeOutputFile(file, result.text);
        } catch (e) {
          if (!(e instanceof UsageError)) throw e;
          fail(e.message);
          continue;
        }
        io.stderr(`formatted ${display(io, file)}\n`);
      }
    }
    return status;
  },
};
