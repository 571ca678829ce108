import { describe, expect, it } from 'vitest';
import { clampSplit, DEFAULT_SPLIT, parseSplit } from './split-state.js';

describe('the editor/graph divider as remembered', () => {
  it('reads back a share it wrote, and the default for nothing, a damaged entry or a share out of range', () => {
    expect(parseSplit('0.613')).toBe(0.613);
    expect(parseSplit('0.200')).toBe(0.2);
    expect(parseSplit(null)).toBe(DEFAULT_SPLIT);
    expect(parseSplit(undefined)).toBe(DEFAULT_SPLIT);
    for (const bad of ['', 'half', '0.', '1', '0.95', '0.1', '-0.5', '0.5e1', ' 0.5']) expect(parseSplit(bad), bad).toBe(DEFAULT_SPLIT);
  });

  it('keeps a fifth of the width on each side', () => {
    expect(clampSplit(0.05)).toBe(0.2);
    expect(clampSplit(0.95)).toBe(0.8);
    expect(clampSplit(0.5)).toBe(0.5);
  });
});
