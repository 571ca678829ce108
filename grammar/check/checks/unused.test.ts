import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['unused-declaration'] as const;

describe('unused', () => {
  it('is quiet when params, lets and sources are read, in rules, lets and terms', () => {
    const src = policyWith(
      `
      param m = 3
      param cap = 20%
      let income3 = applicant.income * m
      ruleset r "R" {
        rule a "A" { when bureau.listed then reject }
      }
      decision offer "O" {
        when applicant.age > 1 => approve { limit income3  apr cap }
        else => reject
      }
      `,
      'start -> r -> offer',
    );
    expect(spots(src, CODES)).toEqual([]);
  });

  it('warns about a param, a let and a source nothing reads; a self-read does not count', () => {
    const src = policyWith('param p = 1\nlet l = l + 1\n');
    expect(spots(src, CODES)).toEqual([
      { code: 'unused-declaration', ...at(src, 'bureau') },
      { code: 'unused-declaration', ...at(src, 'p = 1') },
      { code: 'unused-declaration', ...at(src, 'l = l') },
    ]);
    expect(diagnosticsOf(src, CODES).map((d) => d.message)).toEqual(['source `bureau` is never read', 'param `p` is never read', 'let `l` is never read']);
  });
});
