import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerdict } from '../testing.js';
import { TINY_POLICY, tinyCsv, tinyJsonl } from '../../runtime/replay/test-fixture.js';
import type { BacktestReport } from '../../runtime/replay/report.js';

const verdict = (...argv: string[]) => runVerdict(argv);

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-backtest-'));
  writeFileSync(join(dir, 'tiny.policy'), TINY_POLICY);
  writeFileSync(join(dir, 'v2.policy'), TINY_POLICY.replace('param min_age = 18', 'param min_age = 21').replace('version 1', 'version 2'));
  writeFileSync(join(dir, 'data.jsonl'), tinyJsonl());
  writeFileSync(join(dir, 'data.csv'), tinyCsv());
  return dir;
}

describe('verdict backtest', () => {
  it('compares a file with its overrides, prints the summary and writes the JSON report and swaps', async () => {
    const dir = workspace();
    const { code, out, err } = await verdict(
      'backtest',
      join(dir, 'tiny.policy'),
      '--data',
      join(dir, 'data.jsonl'),
      '--candidate-set',
      'min_age=21',
      '--candidate-switch',
      'vendor_b=on',
      '--sweep',
      'min_age=18..21:1',
      '--json',
      join(dir, 'report.json'),
      '--swaps',
      join(dir, 'swaps.jsonl'),
      '--html',
      join(dir, 'report.html'),
      '--workers',
      '0',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Backtest of 14 records');
    expect(out).toMatch(/approve\s+4\s+28\.57%\s+1\s+7\.14%\s+-3/);
    expect(out).toContain('approve → reject: 2 because rule underage fired in candidate (e.g. A1, A12)');
    expect(out).toContain('Cost per applicant: base 1.3571, candidate 0.7857 (total 19.00 → 11.00)');
    expect(out).toContain('underage → listed → vendor_b → vendor_a');
    expect(out).toContain('Bad records: 2');
    // Named by line and id (the JSON's 0-based positions stay out of the terminal).
    expect(out).toMatch(/^ {2}line \d+( \S+)?: /m);
    expect(out).not.toMatch(/^ {2}#\d+/m);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as BacktestReport;
    expect(report.schema).toBe('verdict.backtest/1');
    expect(report.inputs.candidate.set).toEqual(['min_age=21']);
    expect(report.inputs.candidate.overrides.switches).toEqual({ vendor_b: 'on' });
    expect(report.sweep!.points.map((p) => p.approved)).toEqual([3, 3, 2, 1]);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('vendor_b');
    const swaps = readFileSync(join(dir, 'swaps.jsonl'), 'utf8').trimEnd().split('\n');
    expect(swaps.map((l) => JSON.parse(l).id)).toEqual(['A1', 'A5', 'A12', 'A13']);
  });

  it('compares two policy files, from CSV', async () => {
    const dir = workspace();
    const { code, out } = await verdict('backtest', join(dir, 'tiny.policy'), join(dir, 'v2.policy'), '--data', join(dir, 'data.csv'), '--workers', '0');
    expect(code).toBe(0);
    expect(out).toContain('(tiny v2)');
    expect(out).toContain('approve → reject: 2 because rule underage fired in candidate');
  });

  it('refuses what it cannot do, with a usage error', async () => {
    const dir = workspace();
    const p = join(dir, 'tiny.policy');
    const d = join(dir, 'data.jsonl');
    expect((await verdict('backtest', p)).err).toContain('needs --data');
    expect((await verdict('backtest', p, '--data', d)).err).toContain('nothing to compare');
    expect((await verdict('backtest', p, '--data', join(dir, 'nope.jsonl'), '--candidate-set', 'min_age=21')).err).toContain('no such file');
    expect((await verdict('backtest', p, '--data', d, '--candidate-set', 'min_agee=21')).err).toContain('--candidate-set min_agee=21: unknown param `min_agee` (did you mean `min_age`?)');
    expect((await verdict('backtest', p, '--data', d, '--candidate-set', 'min_age=21', '--workers', 'many')).err).toContain('--workers takes a whole number');
    expect((await verdict('backtest', p, '--data', d, '--sweep', 'min_age=1..2')).err).toContain('PARAM=FROM..TO:STEP');
    const { code } = await verdict('backtest', p, '--data', d);
    expect(code).toBe(2);
  });

  it('refuses an option given twice, and a param or rule given twice in one set', async () => {
    const dir = workspace();
    const p = join(dir, 'tiny.policy');
    const d = join(dir, 'data.jsonl');
    const cases: [string[], string][] = [
      [['--sweep', 'min_age=18..21:1', '--sweep', 'min_score=500..600:50'], '--sweep takes one value, but was given 2'],
      [['--data', d, '--candidate-set', 'min_age=21'], '--data takes one value, but was given 2'],
      [['--candidate-set', 'min_age=21', '--candidate-set', 'min_age=30'], '--candidate-set names `min_age` twice (min_age=21, then min_age=30)'],
      [['--base-set', 'min_age=16', '--base-set', 'min_age=17', '--candidate-set', 'min_age=21'], '--base-set names `min_age` twice'],
      [['--candidate-switch', 'vendor_b=on', '--candidate-switch', 'vendor_b=off'], '--candidate-switch names `vendor_b` twice'],
      [['--base-switch', 'vendor_b=on', '--base-switch', 'vendor_b=shadow', '--candidate-set', 'min_age=21'], '--base-switch names `vendor_b` twice'],
    ];
    for (const [more, message] of cases) {
      const r = await verdict('backtest', p, '--data', d, ...more, '--workers', '0');
      expect(r.err).toContain(message);
      expect(r.code).toBe(2);
    }
    // Different params in one set, and the same param in the base and the candidate, are fine.
    expect((await verdict('backtest', p, '--data', d, '--base-set', 'min_age=21', '--candidate-set', 'min_age=21', '--candidate-set', 'min_score=500', '--workers', '0')).code).toBe(0);
  });

  it('warns when no record carries the --label outcome, and still exits 0', async () => {
    const dir = workspace();
    const args = ['backtest', join(dir, 'tiny.policy'), '--data', join(dir, 'data.jsonl'), '--candidate-set', 'min_age=21', '--workers', '0'];
    const labelled = await verdict(...args);
    expect(labelled.err).toBe('');
    expect(labelled.out).toContain('Bad rate');
    const r = await verdict(...args, '--label', 'nosuch');
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('Bad rate');
    expect(r.err).toBe('verdict backtest: warning: no record has the outcome label `outcome.nosuch`: bad rates are not computed\n');
  });

  it('a --swaps file that cannot be written is a usage error naming it', async () => {
    const dir = workspace();
    const args = ['backtest', join(dir, 'tiny.policy'), '--data', join(dir, 'data.jsonl'), '--candidate-set', 'min_age=21'];
    const missing = await verdict(...args, '--swaps', join(dir, 'no', 'swaps.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`verdict backtest: cannot write ${join(dir, 'no', 'swaps.jsonl')}: no such directory ${join(dir, 'no')}\n`);
    if (!existsSync('/dev/full')) return;
    // On worker threads too: cli/cli.test.ts (the real binary).
    const full = await verdict(...args, '--swaps', '/dev/full', '--workers', '0');
    expect(full.err).toBe('verdict backtest: cannot write /dev/full: no space left on device\n');
    expect(full.code).toBe(2);
  });
});
