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

  it('offers nothing where a new name is being declared', () => {
    expect(complete(`${POLICY}param <|>`)).toEqual([]);
  });
});
