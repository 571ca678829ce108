import { describe, expect, it } from 'vitest';
import { at, diagnosticsOf, policyWith, spots } from '../test-kit.js';

const CODES = ['invalid-enum-value'] as const;
const inRule = (cond: string, decls = '') => policyWith(`${decls}\nruleset r "R" {\n  rule a "A" { when ${cond} then review }\n}`, 'start -> r -> done');

describe('enum-values', () => {
  it('accepts the enum’s own values on either side, in lists and in coalesce', () => {
    const src = inRule('applicant.channel == "app" or "h5" != applicant.channel or applicant.channel in ["app", "partner"] or coalesce(applicant.channel, "app") == "h5"');
    expect(spots(src, CODES)).toEqual([]);
  });

  it('reports a misspelt value with a quoted fix', () => {
    const src = inRule('applicant.channel == "partnr"');
    expect(spots(src, CODES)).toEqual([{ code: 'invalid-enum-value', ...at(src, '"partnr"') }]);
    const [d] = diagnosticsOf(src, CODES);
    expect(d.message).toBe('"partnr" is not a value of `applicant.channel`: enum("app", "h5", "partner")');
    expect(d.fix).toMatchObject({ replacement: '"partner"', message: 'did you mean "partner"?' });
  });

  it('checks the literal on the left and the items of an `in` list', () => {
    const src = inRule('"ap" == applicant.channel or applicant.channel not in ["app", "web"]');
    expect(spots(src, CODES)).toEqual([
      { code: 'invalid-enum-value', ...at(src, '"ap"') },
      { code: 'invalid-enum-value', ...at(src, '"web"') },
    ]);
  });

  it('checks a list param used with `in` where it is used', () => {
    const src = inRule('applicant.channel in channels', 'param channels = ["app", "mobile"]');
    expect(spots(src, CODES)).toEqual([{ code: 'invalid-enum-value', ...at(src, 'channels', 2) }]);
    expect(diagnosticsOf(src, CODES)[0].message).toContain('(in param `channels`)');
  });

  it('checks a text param compared with an enum where it is used', () => {
    const src = inRule(
      'applicant.channel == review_channel or ok_channel != applicant.channel or applicant.channel in ["app", review_channel]',
      'param review_channel = "parter"\nparam ok_channel = "h5"',
    );
    expect(spots(src, CODES)).toEqual([
      { code: 'invalid-enum-value', ...at(src, 'review_channel', 2) },
      { code: 'invalid-enum-value', ...at(src, 'review_channel', 3) },
    ]);
    expect(diagnosticsOf(src, CODES)[0].message).toBe('"parter" (in param `review_channel`) is not a value of `applicant.channel`: enum("app", "h5", "partner")');
  });
});
