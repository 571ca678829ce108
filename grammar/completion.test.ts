import { describe, expect, it } from 'vitest';
import { completionsAt } from './completion.js';

/** Runs completion at the `<|>` marker and returns the labels of the given kinds. */
function complete(src: string, ...kinds: string[]): string[] {
  const offset = src.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> marker');
  const text = src.slice(0, offset) + src.slice(offset + 3);
  return completionsAt(text, offset)
    .filter((i) => kinds.length === 0 || kinds.includes(i.kind))
    .map((i) => i.label)
    .sort();
}

const POLICY = `policy p "P" version 1
input applicant {
  id: text
  age: number
  zhima_score: number?
  contacts: list of { name: text, relation: text, in_address_book: bool }
}
source bureau "Bureau" { origin external cost 0.5 per hit when listed fields { listed: bool, reason: text? } }
param min_age = 18 "Minimum age"
param zhima_min = 500
let dti = applicant.age / 2
scorecard app_score { base 1 applicant.age { else => 0 } }
`;

describe('completionsAt', () => {
  it('offers params, lets, scorecards, inputs, sources and functions in a condition', () => {
    const labels = complete(`${POLICY}ruleset r { rule a { when <|> } }`, 'param', 'let', 'scorecard', 'input', 'source');
    expect(labels).toEqual(['app_score', 'applicant', 'bureau', 'dti', 'min_age', 'zhima_min']);
    expect(complete(`${POLICY}ruleset r { rule a { when <|> } }`, 'function')).toContain('days_since');
  });

  it('filters by the word being typed', () => {
    expect(complete(`${POLICY}ruleset r { rule a { when applicant.age < mi<|> } }`)).toEqual(['min', 'min_age']);
  });

  it('offers the fields of an input after its dot', () => {
    expect(complete(`${POLICY}ruleset r { rule a { when applicant.<|> } }`)).toEqual(['age', 'contacts', 'id', 'zhima_score']);
    expect(complete(`${POLICY}ruleset r { rule a { when applicant.zh<|> } }`)).toEqual(['zhima_score']);
  });

  it('offers the fields of a source after its dot', () => {
    expect(complete(`${POLICY}let x = bureau.<|>`)).toEqual(['listed', 'reason']);
  });

  it('offers list element fields after `it.` inside a list function', () => {
    expect(complete(`${POLICY}let n = count(applicant.contacts, not it.<|>)`)).toEqual(['in_address_book', 'name', 'relation']);
  });

  it('offers `it` only inside a list function', () => {
    expect(complete(`${POLICY}let n = count(applicant.contacts, <|>)`, 'value')).toEqual(['it']);
    expect(complete(`${POLICY}let n = <|>`, 'value')).toEqual([]);
  });

  it('offers node names after an arrow', () => {
    const src = `${POLICY}ruleset identity { }\ndecision offer { else => reject }\nflow { start -> <|> }`;
    expect(complete(src)).toEqual(['app_score', 'identity', 'offer']);
  });

  it('offers node names as branch targets', () => {
    const src = `${POLICY}decision offer { else => reject }\nbranch b { when true -> <|> }`;
    expect(complete(src, 'node')).toEqual(['app_score', 'offer']);
  });

  it('offers declaration keywords at the top level', () => {
    const labels = complete(`${POLICY}<|>`, 'keyword');
    expect(labels).toEqual(expect.arrayContaining(['branch', 'decision', 'flow', 'input', 'let', 'param', 'ruleset', 'scorecard', 'source']));
  });

  it('offers switch states and `{` words after a rule title', () => {
    expect(complete(`${POLICY}ruleset r { rule a "A" <|> }`, 'keyword')).toEqual(['off', 'required', 'shadow']);
  });

  it('offers outcomes after `then`', () => {
    expect(complete(`${POLICY}ruleset r { rule a { when true then <|> } }`, 'keyword')).toEqual(['flag', 'reject', 'review']);
  });

  it('offers decisions after `=>` and term keys inside an offer', () => {
    expect(complete(`${POLICY}decision d { when true => <|> }`, 'keyword')).toEqual(['approve', 'reject', 'review']);
    expect(complete(`${POLICY}decision d { when true => approve { <|> } }`, 'term')).toEqual(['apr', 'limit', 'line', 'method', 'monthly_fee', 'rate', 'term', 'upfront_fee', 'valid']);
  });

  it('offers types in a field declaration', () => {
    expect(complete(`policy p\ninput a { x: <|> }`, 'type')).toEqual(['bool', 'date', 'enum', 'list', 'money', 'number', 'text']);
  });

  it('offers the bool fields of a source after `per hit when`', () => {
    expect(complete(`policy p\nsource s { fields { listed: bool, n: number } cost 1 per hit when <|> }`, 'field')).toEqual(['listed']);
  });

  const ENUMS = `policy p "P" version 1
input applicant {
  channel: enum("app", "h5", "partner")
  age: number
}
`;

  it('offers the values of an enum field after `==`, `!=` and in `in [...]`, first', () => {
    expect(completionsAt(`${ENUMS}let x = applicant.channel == `, ENUMS.length + 29).slice(0, 3).map((i) => i.label)).toEqual(['"app"', '"h5"', '"partner"']);
    expect(complete(`${ENUMS}ruleset r { rule a { when applicant.channel != <|> } }`, 'value')).toEqual(['"app"', '"h5"', '"partner"']);
    expect(complete(`${ENUMS}let x = applicant.channel not in ["app", <|>`, 'value')).toEqual(['"app"', '"h5"', '"partner"']);
    expect(complete(`${ENUMS}let x = applicant.age == <|>`, 'value')).toEqual([]);
  });

  it('inside a string, offers only enum values, replacing the whole string', () => {
    const src = `${ENUMS}branch b { when applicant.channel == "h<|>" -> x else -> x }`;
    const offset = src.indexOf('<|>');
    const items = completionsAt(src.replace('<|>', ''), offset);
    expect(items.map((i) => i.label)).toEqual(['"app"', '"h5"', '"partner"']);
    expect(items[0].replace).toEqual({ start: offset - 2, end: offset + 1 });
    // An unterminated one too; a title or a reason gets nothing.
    expect(complete(`${ENUMS}let x = applicant.channel == "<|>`)).toEqual(['"app"', '"h5"', '"partner"']);
    expect(complete(`${ENUMS}ruleset r { rule a "Ti<|>" { when true then reject "x" } }`)).toEqual([]);
    expect(complete(`${ENUMS}ruleset r { rule a { when true then reject "<|>" } }`)).toEqual([]);
  });

  it('offers enum values at the start of a bin of a characteristic on an enum field', () => {
    const card = (bins: string) => `${ENUMS}scorecard s { base 500\n applicant.channel {\n${bins}\n}\n}`;
    expect(complete(card('<|>'), 'value')).toEqual(['"app"', '"h5"', '"partner"']);
    expect(complete(card('"app" => 5\n<|>'), 'value')).toEqual(['"app"', '"h5"', '"partner"']);
    expect(complete(card('"app" => -5\nin [<|>'), 'value')).toEqual(['"app"', '"h5"', '"partner"']);
    expect(complete(`${ENUMS}scorecard s { base 500\n applicant.age {\n<|>\n}\n}`, 'value')).toEqual([]);
  });

  it('offers the words of a term with a fixed set (`line`, `method`), not expressions', () => {
    expect(complete(`${POLICY}decision d { when true => approve { line <|> } else => reject }`)).toEqual(['revolving', 'single']);
    expect(complete(`${POLICY}decision d { when true => approve { limit 100\n method <|> } else => reject }`)).toEqual(['equal_installments', 'equal_principal', 'interest_first']);
  });

  it('offers only literals for a param value, and never a let or a scorecard to itself', () => {
    expect(complete(`${POLICY}param x = <|>`)).toEqual(['false', 'true']);
    expect(complete(`${POLICY}let y = <|>`, 'let')).toEqual(['dti']);
    expect(complete(`${POLICY}scorecard s2 { base 1\n <|>`, 'scorecard')).toEqual(['app_score']);
  });

  it('offers nothing where a new name is being declared', () => {
    expect(complete(`${POLICY}param <|>`)).toEqual([]);
  });
});
