// Command definitions and argument parsing on node:util's parseArgs (no dependency, fast start).

import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in help: `--set P=V`. */
  value?: string;
  /** A repeatable `NAME=VALUE` option where each NAME may be given once (`--set`, `--switch`). */
  keyed?: boolean;
  help: string;
}

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  /** Longer help text after the options. */
  details?: string;
  options: Record<string, OptionSpec>;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Io {
  stdout: (s: string) => void;
  /** Bulk output that respects back-pressure (a pipe to a slow reader). */
  write: (s: string) => Promise<void>;
  stderr: (s: string) => void;
  /** True when stderr is a terminal (progress bars, colour). */
  isTTY: boolean;
  /** The width of stdout when it is a terminal (long lines of a summary are wrapped to it). */
  stdoutColumns?: number;
  cwd: string;
}

/** A mistake in how the command was called, or in its input: printed as `verdict: message`, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  // Every string option is parsed as repeatable so that a single-valued one given twice is refused
  // below, instead of node:util keeping the last value silently.
  for (const [k, o] of Object.entries(spec.options)) {
    options[k] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple || o.type === 'string' ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional.*$/, '')}\nRun \`verdict ${spec.name} --help\` for usage.`);
  }
  const values = { ...parsed.values } as ParsedArgs['values'];
  for (const [k, o] of Object.entries(spec.options)) {
    const v = values[k];
    if (!Array.isArray(v)) continue;
    if (!o.multiple) {
      if (v.length > 1) throw new UsageError(`--${k} takes one value, but was given ${v.length}: ${v.join(', ')}\nRun \`verdict ${spec.name} --help\` for usage.`);
      values[k] = v[0];
    } else if (o.keyed) {
      const seen = new Map<string, string>();
      for (const item of v) {
        const eq = item.indexOf('=');
        if (eq < 0) continue; // the option's own parser says what is wrong with it
        const name = item.slice(0, eq).trim();
        const first = seen.get(name);
        if (first !== undefined) throw new UsageError(`--${k} names \`${name}\` twice (${first}, then ${item}): give each once`);
        seen.set(name, item);
      }
    }
  }
  return { values, positionals: parsed.positionals };
}

export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([k, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${k}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(30)} ${o.help}${o.multiple ? ' (repeatable)' : ''}`;
  });
  rows.push(`  ${'-h, --help'.padEnd(30)} Show this help`);
  return `Usage: ${spec.usage}\n\n${spec.summary}\n\nOptions:\n${rows.join('\n')}\n${spec.details ? `\n${spec.details}\n` : ''}`;
}

export const str = (v: ParsedArgs['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);
export const list = (v: ParsedArgs['values'][string]): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []);
