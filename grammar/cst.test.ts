import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cstDtsText } from './cst-dts.js';

describe('generated CST types', () => {
  it('grammar/cst.d.ts matches the grammar (run scripts/gen-cst-dts.ts after editing parser.ts)', () => {
    const committed = readFileSync(new URL('./cst.d.ts', import.meta.url), 'utf8');
    expect(committed).toBe(cstDtsText());
  });
});
