import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INTERRUPTED, RunStore, type Run } from './runs-store.js';
import { VersionStore } from './versions.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-runs-')));
  temps.push(dir);
  return dir;
}

const run = (id: string, policy: string, createdAt: string): Run => ({
  id,
  policy,
  status: 'running',
  createdAt,
  inputs: {
    policy,
    base: { version: 1, set: [], switch: [], label: `${policy}@1`, sha256: 'a'.repeat(64) },
    candidate: { draft: 'policy p "P" version 2\n', set: ['min_age=21'], switch: [], label: policy, sha256: 'b'.repeat(64) },
    dataset: 'data/x.jsonl',
    datasetFormat: 'jsonl',
    datasetBytes: 10,
  },
  progress: { records: 0, bytes: 0, totalBytes: 10 },
});

describe('RunStore', () => {
  it('keeps runs with their end and report, lists them newest first, and marks the ones a crash left running as failed', async () => {
    const root = workspace();
    const versions = await VersionStore.open(root);
    const store = await RunStore.open(versions.db);
    await store.insert(run('20250101-000000-aaaaaa', 'a.policy', '2025-01-01T00:00:00.000Z'));
    await store.insert(run('20250102-000000-bbbbbb', 'a.policy', '2025-01-02T00:00:00.000Z'));
    await store.insert(run('20250103-000000-cccccc', 'b.policy', '2025-01-03T00:00:00.000Z'));
    await store.finish('20250101-000000-aaaaaa', {
      status: 'done',
      progress: { records: 3, bytes: 10, totalBytes: 10 },
      inputs: { ...run('x', 'a.policy', '2025-01-01T00:00:00.000Z').inputs, datasetSha256: 'c'.repeat(64) },
      headline: { records: 3, flipped: 1, flippedRate: '0.333333', approvalRate: { base: '1', candidate: '0.5' }, costPerApplicant: { base: '1', candidate: '1' }, badRateApproved: null },
      report: '{"schema":"verdict.backtest/1"}',
    });
    expect(await store.report('20250101-000000-aaaaaa')).toBe('{"schema":"verdict.backtest/1"}');
    expect(await store.report('20250102-000000-bbbbbb')).toBeUndefined();
    expect((await store.list('a.policy')).map((r) => r.id)).toEqual(['20250102-000000-bbbbbb', '20250101-000000-aaaaaa']);
    expect((await store.list(undefined)).map((r) => r.id)).toEqual(['20250103-000000-cccccc', '20250102-000000-bbbbbb', '20250101-000000-aaaaaa']);
    // The process dies here: nothing stores the end of the two runs still running.
    await versions.close();

    const reopened = await VersionStore.open(root);
    try {
      const again = await RunStore.open(reopened.db);
      const done = await again.get('20250101-000000-aaaaaa');
      expect(done).toMatchObject({ status: 'done', progress: { records: 3 }, headline: { flipped: 1 }, inputs: { datasetSha256: 'c'.repeat(64), candidate: { draft: 'policy p "P" version 2\n' } } });
      expect(done!.finishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      const cut = await again.get('20250102-000000-bbbbbb');
      expect(cut).toMatchObject({ status: 'failed', error: INTERRUPTED, createdAt: '2025-01-02T00:00:00.000Z' });
      expect(cut!.finishedAt).toBeDefined();
      expect((await again.get('20250103-000000-cccccc'))!.status).toBe('failed');
      expect(await again.get('20250104-000000-dddddd')).toBeUndefined();
    } finally {
      await reopened.close();
    }
  });
});
