import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['cost-order'] as const;
const SOURCES = `
  source own_list "Own" { fields { listed: bool } }
  source report "Report" {
    origin external
    cost 2 per query
    latency slow
    fields { dpd: number }
  }
  let late = report.dpd > 30
`;
const set = (order: string, rules: string) => policyWith(`${SOURCES}\nruleset r "R" ${order} {\n${rules}\n}\n`, 'start -> r -> done');

describe('cost-order', () => {
  it('accepts cheap before expensive, and any order under `order cost`', () => {
    const cheapFirst = `
      rule young "Y" { when applicant.age < 18 then reject }
      rule listed "L" { when own_list.listed then reject }
      rule late_pay "P" { when report.dpd > 30 then reject }
    `;
    expect(spots(set('order written', cheapFirst), CODES)).toEqual([]);
    const expensiveFirst = `
      rule late_pay "P" { when report.dpd > 30 then reject }
      rule young "Y" { when applicant.age < 18 then reject }
    `;
    expect(spots(set('order cost', expensiveFirst), CODES)).toEqual([]);
  });

  it('warns when a cheaper rule that can reject follows a more expensive one, through lets too', () => {
    const src = set(
      '',
      `
      rule late_pay "P" { when late then review }
      rule young "Y" { when applicant.age < 18 then reject }
      rule listed "L" required { when own_list.listed then reject }
      `,
    );
    expect(spots(src, CODES)).toEqual([
      { code: 'cost-order', ...at(src, 'young') },
      { code: 'cost-order', ...at(src, 'listed "L"') },
    ]);
    const ds = diagnosticsOf(src, CODES);
    expect(ds[0].message).toBe(
      'rule `young` (reads no source) can reject but stands after the more expensive rule `late_pay` (external · per-query · slow, via `report`); move it up, or use `order cost`',
    );
    expect(ds[1].message).toContain('rule `listed` (own · free · fast, via `own_list`)');
    expect(ds[0].severity).toBe('warning');
  });

  it('ignores rules that cannot reject, and expensive rules that are off', () => {
    const src = set(
      '',
      `
      rule late_pay "P" off { when report.dpd > 30 then reject }
      rule young "Y" { when applicant.age < 18 then reject }
      rule late_flag "F" { when report.dpd > 60 then flag }
      rule young_review "R" { when applicant.age < 20 then review }
      rule young_shadow "S" shadow { when applicant.age < 21 then reject }
      `,
    );
    expect(spots(src, CODES)).toEqual([]);
  });
});
