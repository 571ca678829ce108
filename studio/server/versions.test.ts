import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VersionStore } from './versions.js';
import { sha256 } from './workspace.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-versions-')));
  temps.push(dir);
  return dir;
}

describe('VersionStore', () => {
  it('creates .verdict/ with its database and a .gitignore that ignores everything', async () => {
    const root = workspace();
    const store = await VersionStore.open(root);
    await store.close();
    expect(existsSync(join(root, '.verdict', 'studio.duckdb'))).toBe(true);
    expect(readFileSync(join(root, '.verdict', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('numbers versions per policy from 1, lists them newest first, and returns the text of one', async () => {
    const store = await VersionStore.open(workspace());
    try {
      const before = Date.now();
      const v1 = await store.save('a.policy', 'one', 'first');
      const v2 = await store.save('a.policy', 'two', 'second');
      const b1 = await store.save('b.policy', 'other', '');
      expect(v1).toMatchObject({ policy: 'a.policy', number: 1, hash: sha256('one'), message: 'first' });
      expect(v2.number).toBe(2);
      expect(b1.number).toBe(1);
      expect(Date.parse(v1.createdAt)).toBeGreaterThanOrEqual(before - 1);
      expect(v1.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await store.list('a.policy')).toEqual([v2, v1]);
      expect(await store.list('none.policy')).toEqual([]);
      expect(await store.get('a.policy', 1)).toEqual({ ...v1, text: 'one' });
      expect(await store.get('a.policy', 3)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('never gives two concurrent saves the same number', async () => {
    const store = await VersionStore.open(workspace());
    try {
      const saved = await Promise.all(Array.from({ length: 25 }, (_, i) => store.save('a.policy', `text ${i}`, `m${i}`)));
      expect(saved.map((v) => v.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      for (const v of saved) expect((await store.get('a.policy', v.number))?.text).toBe(`text ${v.message.slice(1)}`);
    } finally {
      await store.close();
    }
  });

  it('keeps versions across a restart, byte for byte (unicode, newlines, long texts)', async () => {
    const root = workspace();
    const text = `policy p "信用 ✓" version 1\r\n${'rule x { when a > 1 then reject "r" }\n'.repeat(2000)}\u0000end`;
    const first = await VersionStore.open(root);
    const saved = await first.save('dir/p.policy', text, 'ünïcode message');
    await first.close();
    const second = await VersionStore.open(root);
    try {
      expect(await second.get('dir/p.policy', 1)).toEqual({ ...saved, text });
      expect((await second.save('dir/p.policy', 'next', '')).number).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('refuses a second store on the same database in one process, and work after close', async () => {
    const root = workspace();
    const store = await VersionStore.open(root);
    await expect(VersionStore.open(root)).rejects.toThrow(/already open/);
    await store.close();
    await store.close();
    await expect(store.list('a.policy')).rejects.toMatchObject({ code: 'closed' });
    const again = await VersionStore.open(root);
    await again.close();
  });

  it('says so when another process holds the database', async () => {
    const root = workspace();
    mkdirSync(join(root, '.verdict'));
    const holder = spawn(
      process.execPath,
      ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(join(root, '.verdict', 'studio.duckdb'))}).then(() => { console.log('held'); setInterval(() => {}, 1000); })`],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', () => resolve());
        holder.on('exit', (code) => reject(new Error(`the holder exited with ${code}`)));
      });
      await expect(VersionStore.open(root)).rejects.toThrow(new RegExp(`in use by another process \\(PID ${holder.pid}\\): is another \`verdict studio\` running on this folder\\?`));
    } finally {
      holder.kill();
    }
  });
});
