import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiError } from './errors.js';
import { listWorkspace, readWorkspaceFile, sha256, writeWorkspaceFile } from './workspace.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-ws-')));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: ApiError) => ({ status: e.status, code: e.code }));

describe('listWorkspace', () => {
  it('lists policies and datasets at any depth, skipping dot-folders, node_modules and .verdict', async () => {
    const root = workspace({
      'b.policy': 'b',
      'a.policy': 'aa',
      'nested/deep/c.policy': 'c',
      'data/x.jsonl': '{}\n',
      'data/y.csv': 'a\n1\n',
      'data/z.parquet': 'PAR1',
      'data/notes.txt': 'no',
      'a.cases.json': '[]',
      '.verdict/old.policy': 'no',
      '.git/x.policy': 'no',
      'node_modules/pkg/x.policy': 'no',
      'node_modules/pkg/d.csv': 'no',
    });
    const listing = await listWorkspace(root);
    expect(listing.name).toBe(root.split('/').pop());
    expect(listing.policies.map((p) => p.path)).toEqual(['a.policy', 'b.policy', 'nested/deep/c.policy']);
    expect(listing.policies[0]).toMatchObject({ size: 2, mtime: statSync(join(root, 'a.policy')).mtime.toISOString() });
    expect(listing.datasets).toEqual([
      { path: 'data/x.jsonl', size: 3, format: 'jsonl' },
      { path: 'data/y.csv', size: 4, format: 'csv' },
      { path: 'data/z.parquet', size: 4, format: 'parquet' },
    ]);
  });

  it('lists a symlinked file only when it stays inside, and never walks symlinked folders', async () => {
    const outside = workspace({ 'secret.policy': 's', 'more/m.policy': 'm' });
    const root = workspace({ 'a.policy': 'a' });
    symlinkSync(join(outside, 'secret.policy'), join(root, 'leak.policy'));
    symlinkSync(join(outside, 'more'), join(root, 'more'));
    symlinkSync(join(root, 'a.policy'), join(root, 'alias.policy'));
    expect((await listWorkspace(root)).policies.map((p) => p.path)).toEqual(['a.policy', 'alias.policy']);
  });
});

describe('readWorkspaceFile', () => {
  it('returns the text and its sha256', async () => {
    const root = workspace({ 'dir/a.policy': 'policy a "A" version 1\n' });
    expect(await readWorkspaceFile(root, 'dir/a.policy')).toEqual({ path: 'dir/a.policy', text: 'policy a "A" version 1\n', hash: sha256('policy a "A" version 1\n') });
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('says not-found and not-a-file', async () => {
    const root = workspace({ 'dir/a.policy': 'a' });
    expect(await failure(readWorkspaceFile(root, 'missing.policy'))).toEqual({ status: 404, code: 'not-found' });
    expect(await failure(readWorkspaceFile(root, 'dir'))).toEqual({ status: 400, code: 'not-a-file' });
  });
});

describe('writeWorkspaceFile', () => {
  it('writes when the base hash matches, and refuses with a conflict when it does not', async () => {
    const root = workspace({ 'a.policy': 'one' });
    const written = await writeWorkspaceFile(root, 'a.policy', 'two', sha256('one'));
    expect(written).toEqual({ path: 'a.policy', hash: sha256('two') });
    expect(readFileSync(join(root, 'a.policy'), 'utf8')).toBe('two');
    expect(await failure(writeWorkspaceFile(root, 'a.policy', 'three', sha256('one')))).toEqual({ status: 409, code: 'conflict' });
    expect(readFileSync(join(root, 'a.policy'), 'utf8')).toBe('two');
  });

  it('creates a new policy without a base hash, and refuses a base hash for a file that is gone', async () => {
    const root = workspace({ 'sub/keep.policy': '' });
    await writeWorkspaceFile(root, 'sub/new.policy', 'new', undefined);
    expect(readFileSync(join(root, 'sub/new.policy'), 'utf8')).toBe('new');
    expect(await failure(writeWorkspaceFile(root, 'gone.policy', 'x', sha256('old')))).toEqual({ status: 409, code: 'conflict' });
    expect(await failure(writeWorkspaceFile(root, 'nofolder/x.policy', 'x', undefined))).toEqual({ status: 404, code: 'not-found' });
  });

  it('writes only policies and layout sidecars', async () => {
    const root = workspace({ 'a.cases.json': '[]', 'data/x.csv': 'a' });
    await writeWorkspaceFile(root, 'a.layout.json', '{}', undefined);
    expect(await failure(writeWorkspaceFile(root, 'a.cases.json', '[1]', undefined))).toEqual({ status: 403, code: 'read-only' });
    expect(await failure(writeWorkspaceFile(root, 'data/x.csv', 'b', undefined))).toEqual({ status: 403, code: 'read-only' });
    expect(await failure(writeWorkspaceFile(root, 'evil.sh', 'rm -rf', undefined))).toEqual({ status: 403, code: 'read-only' });
    expect(readFileSync(join(root, 'a.cases.json'), 'utf8')).toBe('[]');
  });

  it('replaces a dangling symlink instead of writing through it to the outside', async () => {
    const outside = workspace({});
    const root = workspace({});
    symlinkSync(join(outside, 'target.policy'), join(root, 'dangling.policy'));
    await writeWorkspaceFile(root, 'dangling.policy', 'inside', undefined);
    expect(readdirSync(outside)).toEqual([]);
    expect(readFileSync(join(root, 'dangling.policy'), 'utf8')).toBe('inside');
  });

  it('refuses to create a file under a dangling folder symlink', async () => {
    const outside = workspace({});
    const root = workspace({});
    symlinkSync(join(outside, 'later'), join(root, 'gone'));
    expect(await failure(writeWorkspaceFile(root, 'gone/x.policy', 'x', undefined))).toEqual({ status: 400, code: 'not-a-folder' });
    expect(readdirSync(outside)).toEqual([]);
  });

  it('writes through a symlink that stays inside, keeping the link and the mode, and leaves no temp files', async () => {
    const root = workspace({ 'real.policy': 'one' });
    chmodSync(join(root, 'real.policy'), 0o600);
    symlinkSync(join(root, 'real.policy'), join(root, 'alias.policy'));
    await writeWorkspaceFile(root, 'alias.policy', 'two', sha256('one'));
    expect(readFileSync(join(root, 'real.policy'), 'utf8')).toBe('two');
    expect(statSync(join(root, 'real.policy')).mode & 0o777).toBe(0o600);
    expect(readdirSync(root).sort()).toEqual(['alias.policy', 'real.policy']);
  });

  it('lets exactly one of two concurrent writers from the same base win', async () => {
    const root = workspace({ 'a.policy': 'base' });
    const results = await Promise.allSettled([writeWorkspaceFile(root, 'a.policy', 'left', sha256('base')), writeWorkspaceFile(root, 'a.policy', 'right', sha256('base'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results[0].status === 'fulfilled' ? 'left' : 'right';
    expect(readFileSync(join(root, 'a.policy'), 'utf8')).toBe(winner);
  });
});
