import { describe, expect, it } from 'vitest';
import { at, policyWith, spots } from '../test-kit.js';

const CODES = ['else-required'] as const;

describe('else-required', () => {
  it('accepts a branch and a decision with their else', () => {
    const src = policyWith(`branch b "B" {\n  when applicant.age > 1 -> done\n  else -> done\n}\n`, 'start -> b');
    expect(spots(src, CODES)).toEqual([]);
  });

  it('reports a branch and a decision without else, at their ids', () => {
    const src = policyWith(
      `
      branch b "B" {
        when applicant.age > 1 -> d
      }
      decision d "D" {
        when applicant.age > 1 => approve
      }
      `,
      'start -> b',
    );
    expect(spots(src, CODES)).toEqual([
      { code: 'else-required', ...at(src, 'b "B"') },
      { code: 'else-required', ...at(src, 'd "D"') },
    ]);
  });
});
