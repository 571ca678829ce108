import { describe, expect, it } from 'vitest';
import { compileText } from './compile.js';
import { prepare } from './evaluate.js';
import { checkOverrides, parseOverrides } from './overrides.js';

const TEXT = `policy p "Overrides" version 1
input applicant { id: text, age: number, channel: enum("app", "h5"), phone_months: number }
param min_age = 18
param face_threshold = 0.70
param strict = false
param region = "north"
param channels = ["app", "h5"]
param limits = [1000, 2000]
ruleset checks {
  rule underage "Under age" required { when applicant.age < min_age then reject "under age" }
  rule phone_new "New phone" { when applicant.phone_months < 6 * face_threshold then review "new phone" }
  rule zhima_low "Zhima" off { when strict and region == "south" then review "strict" }
  rule chan { when applicant.channel not in channels or applicant.age in limits then flag "channel" }
}
decision offer { when applicant.age > 0 => approve else => reject }
flow { start -> checks -> offer }
`;

const graph = (() => {
  const r = compileText(TEXT);
  if (!r.graph) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.graph;
})();

describe('parseOverrides', () => {
  it('type-checks param values: exact numbers, percents, bools, texts, lists', () => {
    const { overrides, errors } = parseOverrides(graph, {
      set: ['min_age=20', 'face_threshold=65%', 'strict=true', 'region=south', 'channels=["app"]', 'limits=[1500, "2500.50"]'],
    });
    expect(errors).toEqual([]);
    expect(overrides.params).toEqual({
      min_age: { decimal: '20' },
      face_threshold: { decimal: '0.65' },
      strict: true,
      region: 'south',
      channels: ['app'],
      limits: [{ decimal: '1500' }, { decimal: '2500.5' }],
    });
  });

  it('takes values of the right type for a param written as an empty list', () => {
    // `[]` alone has no item type: the param takes that of what it is tested against.
    const r = compileText(`policy p "Empty"
input applicant { id: text, age: number, channel: enum("app", "h5") }
param blocked_ages = []
param blocked_channels = []
ruleset checks { rule blocked { when applicant.age in blocked_ages or applicant.channel in blocked_channels then reject "blocked" } }
decision offer { when applicant.age > 0 => approve else => reject }
flow { start -> checks -> offer }
`);
    const g = r.graph!;
    const { overrides, errors } = parseOverrides(g, { set: ['blocked_ages=[17, 18]', 'blocked_channels=["h5"]'] });
    expect(errors).toEqual([]);
    expect(parseOverrides(g, { set: ['blocked_ages=["x"]'] }).errors).toHaveLength(1);
    const decide = (age: number, channel: string) => prepare(g, overrides).decide({ applicant: { id: 'A', age, channel } }).decision;
    expect([decide(18, 'app'), decide(30, 'h5'), decide(30, 'app')]).toEqual(['reject', 'reject', 'approve']);
  });

  it('reports bad values, unknown names with a suggestion, and required rules switched off', () => {
    const { errors } = parseOverrides(graph, {
      set: ['min_age=abc', 'min_ag=20', 'strict=yes', 'channels=app', 'nothing'],
      switch: ['underage=off', 'zhima_lo=on', 'phone_new=maybe', 'underage=on'],
    });
    expect(errors).toEqual([
      '--set min_age=abc: expected a number (such as 0.75 or 30%), not `abc`',
      '--set min_ag=20: unknown param `min_ag` (did you mean `min_age`?)',
      '--set strict=yes: expected true or false, not `yes`',
      '--set channels=app: expected a JSON list such as ["a", "b"], not `app`',
      '--set nothing: expected name=value',
      '--switch underage=off: rule `underage` is required and cannot be switched off',
      '--switch zhima_lo=on: unknown rule `zhima_lo` (did you mean `zhima_low`?)',
      '--switch phone_new=maybe: the state must be on, off or shadow, not `maybe`',
    ]);
  });

  it('rejects numbers beyond the supported bound', () => {
    expect(parseOverrides(graph, { set: [`min_age=${'9'.repeat(400)}`] }).errors[0]).toMatch(/beyond the supported range/);
  });
});

describe('a param read as a fee amount', () => {
  const text = `policy f "F" version 1
input a { id: text  x: number }
param p_fee = 5
param other = 5
ruleset s { rule r { when a.x < 0 then reject "n" } }
decision offer {
  else => approve {
    limit 1000
    term 12
    rate 10%
    monthly_fee p_fee
    upfront_fee other + 0
  }
}
flow { start -> s -> offer }
`;
  const graph = compileText(text).graph!;

  it('refuses a percent override, as the checker refuses a percent default (it would be read as an amount)', () => {
    const { errors } = parseOverrides(graph, { set: ['p_fee=1%'] });
    expect(errors).toEqual(['--set p_fee=1%: `p_fee` is read as the amount of `monthly_fee`, and a percent would be read as that amount (1% as 0.01), not a share of `limit`: give an amount, or write the percent in the offer']);
    expect(parseOverrides(graph, { set: ['p_fee=7.5'] }).errors).toEqual([]);
    // Only a fee given by the param's name alone is read that way.
    expect(parseOverrides(graph, { set: ['other=1%'] }).errors).toEqual([]);
  });
});

describe('overrides at prepare time', () => {
  const rec = { applicant: { id: 'a', age: 19, channel: 'app', phone_months: 4 } };

  it('change params and switches without editing the policy', () => {
    expect(prepare(graph).decide(rec).decision).toBe('review');
    const { overrides } = parseOverrides(graph, { set: ['min_age=20'] });
    expect(prepare(graph, overrides).decide(rec)).toMatchObject({ decision: 'reject', reasons: ['under age'] });
    const relaxed = parseOverrides(graph, { set: ['face_threshold=50%'], switch: ['zhima_low=on'] }).overrides;
    expect(prepare(graph, relaxed).decide(rec).decision).toBe('approve');
    const southern = parseOverrides(graph, { set: ['strict=true', 'region=south'], switch: ['zhima_low=on'] }).overrides;
    expect(prepare(graph, southern).decide({ applicant: { ...rec.applicant, phone_months: 12 } })).toMatchObject({ decision: 'review', reasons: ['strict'] });
  });

  it('list params drive `in`', () => {
    const { overrides } = parseOverrides(graph, { set: ['channels=["h5"]', 'limits=[19]'] });
    const r = prepare(graph, overrides).decide({ applicant: { ...rec.applicant, phone_months: 12 } });
    expect(r.hits.map((h) => h.rule)).toEqual(['chan']);
  });

  it('overrides built by hand are checked, and invalid ones refuse to prepare', () => {
    expect(checkOverrides(graph, { params: { min_age: 'x' as never }, switches: { underage: 'off' } })).toEqual([
      'param `min_age`: expected a number ({ decimal: "..." })',
      'rule `underage` is required and cannot be switched off',
    ]);
    expect(() => prepare(graph, { switches: { underage: 'off' } })).toThrow(/required/);
  });
});
