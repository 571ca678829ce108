// `verdict backtest FILE@N`: a version saved by the studio as a backtest input.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TINY_POLICY, tinyJsonl } from '../runtime/replay/test-fixture.js';
import type { BacktestReport } from '../runtime/replay/report.js';
import { VersionStore } from '../studio/server/versions.js';
import { sha256 } from '../studio/server/workspace.js';
import { runVerdict } from './testing.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const V2 = TINY_POLICY.replace('param min_age = 18', 'param min_age = 21').replace('version 1', 'version 2');

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-saved-')));
  temps.push(dir);
  return dir;
}

/** A workspace whose `rules/tiny.policy` has versions 1 (as on disk) and 2 (min_age 21). */
async function workspace(): Promise<string> {
  const dir = tempDir();
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules/tiny.policy'), TINY_POLICY);
  writeFileSync(join(dir, 'data.jsonl'), tinyJsonl());
  const store = await VersionStore.open(dir);
  await store.save('rules/tiny.policy', TINY_POLICY, 'first');
  await store.save('rules/tiny.policy', V2, 'min age 21');
  await store.close();
  return dir;
}

describe('verdict backtest FILE@N', () => {
  it('replays saved versions, named in the report as written, with the same figures as the files', async () => {
    const dir = await workspace();
    const policy = join(dir, 'rules/tiny.policy');
    const { code, out, err } = await runVerdict(['backtest', `${policy}@1`, `${policy}@2`, '--data', join(dir, 'data.jsonl'), '--json', join(dir, 'r.json'), '--workers', '0']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('approve → reject: 2 because rule underage fired in candidate');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as BacktestReport;
    expect(report.inputs.base).toMatchObject({ file: `${policy}@1`, sha256: sha256(TINY_POLICY) });
    expect(report.inputs.candidate).toMatchObject({ file: `${policy}@2`, sha256: sha256(V2), version: '2' });

    // The same comparison from files gives the same report, names aside.
    writeFileSync(join(dir, 'v2.policy'), V2);
    await runVerdict(['backtest', policy, join(dir, 'v2.policy'), '--data', join(dir, 'data.jsonl'), '--json', join(dir, 'f.json'), '--workers', '0']);
    const files = JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8')) as BacktestReport;
    const names = (r: BacktestReport) => ({ ...r, inputs: { ...r.inputs, base: { ...r.inputs.base, file: '' }, candidate: { ...r.inputs.candidate, file: '' } } });
    expect(names(report)).toEqual(names(files));

    // One saved version with candidate overrides.
    const one = await runVerdict(['backtest', `${policy}@2`, '--data', join(dir, 'data.jsonl'), '--candidate-set', 'min_age=18', '--workers', '0']);
    expect(one.code).toBe(0);
    expect(one.out).toContain('reject → approve: 2 because rule underage fired in base');
  });

  it('says clearly when there is no such version, no saved versions, or no workspace', async () => {
    const dir = await workspace();
    const data = join(dir, 'data.jsonl');
    const missing = await runVerdict(['backtest', `${join(dir, 'rules/tiny.policy')}@3`, '--data', data, '--candidate-set', 'min_age=21']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`rules/tiny.policy has no saved version 3 in ${join(dir, '.verdict', 'studio.duckdb')} (its saved versions are 1 to 2)`);
    writeFileSync(join(dir, 'other.policy'), TINY_POLICY);
    expect((await runVerdict(['backtest', `${join(dir, 'other.policy')}@1`, '--data', data, '--candidate-set', 'min_age=21'])).err).toContain('other.policy has no saved version 1 in');
    expect((await runVerdict(['backtest', `${join(dir, 'other.policy')}@0`, '--data', data, '--candidate-set', 'min_age=21'])).err).toContain('saved versions are numbered from 1');
    const bare = tempDir();
    writeFileSync(join(bare, 'tiny.policy'), TINY_POLICY);
    const none = await runVerdict(['backtest', `${join(bare, 'tiny.policy')}@1`, '--data', data, '--candidate-set', 'min_age=21']);
    expect(none.code).toBe(2);
    // The temp folder's own ancestors may hold a workspace of someone else's: then that one is named.
    const above = ancestors(bare).find((d) => existsSync(join(d, '.verdict')));
    if (above === undefined) expect(none.err).toMatch(/no saved versions: no folder above .* has a \.verdict\//);
    else expect(none.err).toContain(`has no saved version 1 in ${join(above, '.verdict', 'studio.duckdb')}`);
    // A file really named so is a file.
    writeFileSync(join(bare, 'odd.policy@2'), TINY_POLICY);
    expect((await runVerdict(['backtest', join(bare, 'odd.policy@2'), '--data', data, '--candidate-set', 'min_age=21', '--workers', '0'])).code).toBe(0);
  });

  it('reads a version saved by a studio that is still running (its database locked, the version in its log)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tiny.policy'), TINY_POLICY);
    writeFileSync(join(dir, 'data.jsonl'), tinyJsonl());
    const script = join(dir, 'holder.mts');
    writeFileSync(
      script,
      `import { VersionStore } from ${JSON.stringify(join(REPO, 'studio/server/versions.ts'))};\n` +
        `const store = await VersionStore.open(${JSON.stringify(dir)});\n` +
        `await store.save('tiny.policy', ${JSON.stringify(V2)}, 'held');\n` +
        `console.log('held');\nsetInterval(() => {}, 1000);\n`,
    );
    const holder = spawn(process.execPath, ['--import', 'tsx', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', () => resolve());
        holder.on('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
      });
      const { code, err } = await runVerdict(['backtest', join(dir, 'tiny.policy'), `${join(dir, 'tiny.policy')}@1`, '--data', join(dir, 'data.jsonl'), '--json', join(dir, 'r.json'), '--workers', '0']);
      expect(err).toBe('');
      expect(code).toBe(0);
      expect((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as BacktestReport).inputs.candidate.sha256).toBe(sha256(V2));
    } finally {
      holder.kill();
    }
  });
});

/** A folder's ancestors, nearest first, up to the root. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    out.push(d);
    if (dirname(d) === d) return out;
  }
}
