import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { normaliseRelative, resolveInWorkspace } from './paths.js';

const refusal = (f: () => unknown): { status: number; code: string } | undefined => {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return { status: e.status, code: e.code };
    throw e;
  }
  return undefined;
};

describe('normaliseRelative', () => {
  it('normalises harmless spellings of a path', () => {
    expect(normaliseRelative('a.policy')).toBe('a.policy');
    expect(normaliseRelative('./dir//a.policy')).toBe('dir/a.policy');
    expect(normaliseRelative('dir/./a.policy/')).toBe('dir/a.policy');
  });

  it.each(['..', '../a.policy', 'dir/../../a.policy', 'dir/../a.policy', 'a/..'])('refuses the `..` in %s', (path) => {
    expect(refusal(() => normaliseRelative(path))).toEqual({ status: 403, code: 'outside-workspace' });
  });

  it.each(['/etc/passwd', 'C:/x.policy', 'c:x.policy', '..\\a.policy', 'dir\\a.policy'])('refuses the absolute or Windows path %s', (path) => {
    expect(refusal(() => normaliseRelative(path))).toEqual({ status: 403, code: 'outside-workspace' });
  });

  it("refuses the studio's own state folder", () => {
    expect(refusal(() => normaliseRelative('.verdict/studio.duckdb'))).toEqual({ status: 403, code: 'outside-workspace' });
  });

  it('refuses empty paths and NUL bytes as bad paths', () => {
    expect(refusal(() => normaliseRelative(''))).toEqual({ status: 400, code: 'bad-path' });
    expect(refusal(() => normaliseRelative('./'))).toEqual({ status: 400, code: 'bad-path' });
    expect(refusal(() => normaliseRelative('a\0.policy'))).toEqual({ status: 400, code: 'bad-path' });
  });
});

describe('resolveInWorkspace', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'verdict-paths-')));
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'a.policy'), 'a');
  writeFileSync(join(outside, 'secret.policy'), 'secret');
  symlinkSync(join(outside, 'secret.policy'), join(root, 'leak.policy'));
  symlinkSync(outside, join(root, 'out'));
  symlinkSync(join(root, 'a.policy'), join(root, 'sub', 'alias.policy'));
  symlinkSync(join(outside, 'nothing-yet.policy'), join(root, 'dangling.policy'));

  const code = async (path: string) => resolveInWorkspace(root, path).then(() => 'ok', (e: ApiError) => e.code);

  it('resolves existing and new files inside the workspace', async () => {
    expect(await resolveInWorkspace(root, 'a.policy')).toEqual({ rel: 'a.policy', real: join(root, 'a.policy'), exists: true });
    expect(await resolveInWorkspace(root, 'sub/new.policy')).toEqual({ rel: 'sub/new.policy', real: join(root, 'sub', 'new.policy'), exists: false });
    expect(await resolveInWorkspace(root, 'new/deeper/x.policy')).toEqual({ rel: 'new/deeper/x.policy', real: join(root, 'new', 'deeper', 'x.policy'), exists: false });
  });

  it('follows a symlink that stays inside', async () => {
    expect(await resolveInWorkspace(root, 'sub/alias.policy')).toEqual({ rel: 'sub/alias.policy', real: join(root, 'a.policy'), exists: true });
  });

  it('refuses symlinks that lead outside, to a file or through a folder, existing or not', async () => {
    expect(await code('leak.policy')).toBe('outside-workspace');
    expect(await code('out/secret.policy')).toBe('outside-workspace');
    expect(await code('out/new.policy')).toBe('outside-workspace');
  });

  it('treats a dangling symlink as a new file under its real parent, never as its target', async () => {
    const resolved = await resolveInWorkspace(root, 'dangling.policy');
    expect(resolved).toEqual({ rel: 'dangling.policy', real: join(root, 'dangling.policy'), exists: false });
  });
});
