// Language: how long the front end takes on large policies. A 5,000-rule policy from text to
// decision graph (what `verdict check`/`compile` pay once), and re-parse + re-check of a 500-rule
// policy (what the studio pays on every keystroke). Runs first in a fresh process (run.ts), so
// that "first run" is what one CLI invocation pays.

import { check } from '../grammar/check/index.js';
import { hasErrors } from '../grammar/diagnostics.js';
import { parse } from '../grammar/index.js';
import { compile } from '../runtime/compile.js';
import { generatePolicy } from './gen-policy.js';
import { median, now, type BenchOptions, type Row, type Section } from './measure.js';

interface Phases {
  parse: number;
  check: number;
  compile: number;
  total: number;
  /** CPU time of the process over the same span (all threads, GC helpers included). */
  cpu: number;
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

function frontEnd(text: string): Phases {
  const cpu = process.cpuUsage();
  const t0 = now();
  const parsed = parse(text);
  const t1 = now();
  const checked = check(parsed.ast);
  const t2 = now();
  const diagnostics = [...parsed.diagnostics, ...checked.diagnostics];
  if (hasErrors(diagnostics)) {
    const first = diagnostics.find((d) => d.severity === 'error')!;
    throw new Error(`the generated benchmark policy does not check: ${first.code} at ${first.range.start.line}:${first.range.start.column}: ${first.message}`);
  }
  compile(parsed.ast, checked.analysis, text);
  const t3 = now();
  return { parse: t1 - t0, check: t2 - t1, compile: t3 - t2, total: t3 - t0, cpu: cpuMs(cpu) };
}

function reparse(text: string): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const t0 = now();
  check(parse(text).ast);
  return { wall: now() - t0, cpu: cpuMs(cpu) };
}

export const languageSection: Section = {
  id: 'language',
  title: 'Language',
  async run({ quick, log }: BenchOptions): Promise<Row[]> {
    const big = generatePolicy({ rules: 5000 });
    const mid = generatePolicy({ rules: 500 });
    log(`language: 5,000-rule policy of ${(big.length / 1e3).toFixed(0)} kB, 500-rule policy of ${(mid.length / 1e3).toFixed(0)} kB`);
    const cold = frontEnd(big);
    const warm: Phases[] = [];
    for (let i = 0; i < (quick ? 2 : 5); i++) warm.push(frontEnd(big));
    const pick = (k: keyof Phases) => median(warm.map((p) => p[k]));
    for (let i = 0; i < 5; i++) reparse(mid);
    const runs: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 20; i++) runs.push(reparse(mid));
    const keystrokes = runs.map((r) => r.wall);
    // On a shared machine wall time includes waiting for a core; CPU time shows what the work costs.
    const cpuNote = (wall: number, cpu: number) => `CPU time ${cpu.toFixed(0)} ms for ${wall.toFixed(0)} ms wall`;
    return [
      { name: '5,000 rules: parse + check + compile, first run', figure: cold.total, unit: 'ms', target: { kind: 'max', value: 1000 }, note: `cold, the first work of a fresh process: parse ${cold.parse.toFixed(0)} ms, check ${cold.check.toFixed(0)} ms, compile ${cold.compile.toFixed(0)} ms; ${cpuNote(cold.total, cold.cpu)}` },
      { name: '5,000 rules: parse + check + compile, warm', figure: pick('total'), unit: 'ms', target: { kind: 'max', value: 1000 }, note: `median of ${warm.length} runs after the first; ${cpuNote(pick('total'), pick('cpu'))}` },
      { name: '  of which parse', figure: pick('parse'), unit: 'ms' },
      { name: '  of which check', figure: pick('check'), unit: 'ms' },
      { name: '  of which compile', figure: pick('compile'), unit: 'ms' },
      { name: '500 rules: re-parse + re-check', figure: median(keystrokes), unit: 'ms', target: { kind: 'max', value: 50 }, note: `median of 20 after 5 warm-up runs; ${cpuNote(median(keystrokes), median(runs.map((r) => r.cpu)))}` },
      { name: '500 rules: re-parse + re-check, slowest of 20', figure: Math.max(...keystrokes), unit: 'ms' },
    ];
  },
};
