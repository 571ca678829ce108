// `verdict fmt` on a disk that fills up mid-write: the policy must keep its old text, whole. The
// failure is simulated (node:fs/promises' writeFile writes half, then fails as a full disk does).

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MESSY_POLICY, runVerdict } from './testing.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof real.writeFile = async (file, data, options) => {
    if (typeof file === 'string' && file.includes('full-disk') && typeof data === 'string') {
      await real.writeFile(file, data.slice(0, data.length >> 1), options);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    return real.writeFile(file, data, options);
  };
  return { ...real, writeFile, default: { ...real, writeFile } };
});

const MESSY = MESSY_POLICY;

describe('verdict fmt on a full disk', () => {
  it('leaves the policy as it was, says why, exit 2, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-full-disk-'));
    const file = join(dir, 'p.policy');
    writeFileSync(file, MESSY);
    const r = await runVerdict(['fmt', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`verdict fmt: cannot write ${file}: no space left on device\n`);
    expect(readFileSync(file, 'utf8')).toBe(MESSY);
    expect(readdirSync(dir)).toEqual(['p.policy']);
  });
});
