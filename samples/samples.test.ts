// The sample policies are what a new user copies first, so they must compile clean and decide
// their hand-computed cases exactly; the language guide must document exactly the diagnostic codes
// the tools can emit.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from '../grammar/codes.js';
import { format } from '../grammar/format.js';
import { compileText } from '../runtime/compile.js';
import { prepare } from '../runtime/evaluate.js';
import { parseOverrides } from '../runtime/overrides.js';

const here = dirname(fileURLToPath(import.meta.url));
const read = (path: string) => readFileSync(join(here, path), 'utf8');
const policies = readdirSync(here)
  .filter((f) => f.endsWith('.policy'))
  .sort();

interface Case {
  name: string;
  record: unknown;
  expected: {
    decision: 'approve' | 'review' | 'reject' | 'error';
    reasons?: string[];
    /** Ids of the rules that fired and counted, in evaluation order (shadow hits are not counted). */
    hits?: string[];
    terms?: Record<string, string>;
  };
}

describe('sample policies', () => {
  it('are the three the guide describes', () => {
    expect(policies).toEqual(['application.policy', 'drawdown.policy', 'preapproval.policy']);
  });

  describe.each(policies)('%s', (file) => {
    const compiled = compileText(read(file));
    const cases = JSON.parse(read(file.replace(/\.policy$/, '.cases.json'))) as Case[];

    it('compiles with no error and no warning', () => {
      const shown = compiled.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}: ${d.message}`);
      expect(shown).toEqual([]);
      expect(compiled.graph).toBeDefined();
    });

    it('is in the canonical layout (`verdict fmt --check` passes)', () => {
      const formatted = format(read(file));
      expect(formatted.diagnostics).toEqual([]);
      expect(formatted.text).toBe(read(file));
    });

    it('has enough cases, with distinct names, reaching every decision kind it can produce', () => {
      expect(cases.length).toBeGreaterThanOrEqual(file === 'application.policy' ? 8 : 4);
      expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
      const kinds = new Set(cases.map((c) => c.expected.decision));
      for (const k of ['approve', 'reject', 'error'] as const) expect(kinds).toContain(k);
    });

    it.each(cases.map((c) => [c.name, c] as const))('decides: %s', (_name, c) => {
      const result = prepare(compiled.graph!).decide(c.record);
      const want = c.expected;
      expect(result.decision).toBe(want.decision);
      if (want.reasons) expect(result.reasons).toEqual(want.reasons);
      if (want.hits) expect(result.hits.filter((h) => !h.shadow).map((h) => h.rule)).toEqual(want.hits);
      if (want.terms) expect(result.terms).toEqual(want.terms);
      else if (want.decision === 'approve') throw new Error('an approve case must state its terms');
    });
  });

  it('run a shadow rule without letting it decide (application: vendor B on trial)', () => {
    const graph = compileText(read('application.policy')).graph!;
    const cases = JSON.parse(read('application.cases.json')) as Case[];
    const trial = cases.find((c) => c.name.startsWith('vendor B hit'))!;
    const result = prepare(graph).decide(trial.record);
    expect(result.decision).toBe('approve');
    expect(result.hits).toEqual([expect.objectContaining({ rule: 'fraud_b_trial', shadow: true })]);
  });

  it('honour a tuned param: the phone-tenure reject passes at 3 months (--set min_phone_tenure=3)', () => {
    const graph = compileText(read('application.policy')).graph!;
    const cases = JSON.parse(read('application.cases.json')) as Case[];
    const short = cases.find((c) => c.expected.hits?.includes('phone_tenure_short'))!;
    const { overrides, errors } = parseOverrides(graph, { set: ['min_phone_tenure=3'] });
    expect(errors).toEqual([]);
    const result = prepare(graph, overrides).decide(short.record);
    expect(result.hits.map((h) => h.rule)).not.toContain('phone_tenure_short');
    expect(result.decision).toBe('approve');
  });

  it('honour a switch: the zhima floor, off by default, rejects once switched on', () => {
    const graph = compileText(read('application.policy')).graph!;
    const cases = JSON.parse(read('application.cases.json')) as Case[];
    const low = cases.find((c) => c.name.startsWith('zhima score 420'))!;
    expect(prepare(graph).decide(low.record).decision).toBe('approve');
    const { overrides, errors } = parseOverrides(graph, { switch: ['zhima_low=on'] });
    expect(errors).toEqual([]);
    const result = prepare(graph, overrides).decide(low.record);
    expect(result.decision).toBe('reject');
    expect(result.reasons).toEqual(['芝麻分低于500']);
  });

  it('refuse to switch off an essential rule (bank-card 4-factor is required)', () => {
    const graph = compileText(read('application.policy')).graph!;
    expect(parseOverrides(graph, { switch: ['bank_card_mismatch=off'] }).errors).not.toEqual([]);
  });
});

describe('docs/language.md', () => {
  const guide = readFileSync(join(here, '..', 'docs', 'language.md'), 'utf8');
  const diagnosticsSection = guide.slice(guide.indexOf('\n## 6. Diagnostics'));
  const documented = [...diagnosticsSection.matchAll(/^#{3,4} `([a-z-]+)` — (error|warning|info)\s*$/gm)];

  it('has a diagnostics section', () => {
    expect(guide).toContain('\n## 6. Diagnostics');
    expect(documented.length).toBeGreaterThan(0);
  });

  it('documents every code in grammar/codes.ts, once, with its severity', () => {
    const names = documented.map((m) => m[1]);
    expect([...names].sort()).toEqual(Object.keys(CODES).sort());
    expect(new Set(names).size).toBe(names.length);
    for (const [, code, severity] of documented) expect(severity).toBe(CODES[code as keyof typeof CODES].severity);
  });

  it('names no unknown code anywhere', () => {
    // A backticked kebab-case word in the diagnostics section is a code reference.
    const mentioned = new Set([...diagnosticsSection.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g)].map((m) => m[1]));
    const unknown = [...mentioned].filter((c) => !(c in CODES));
    expect(unknown).toEqual([]);
  });

  it('gives a tutorial policy that compiles as printed', () => {
    const tutorial = guide.slice(guide.indexOf('\n## 1. Tutorial'), guide.indexOf('\n## 2. Reference'));
    const blocks = [...tutorial.matchAll(/```\n(policy [\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const text of blocks) expect(compileText(text).diagnostics).toEqual([]);
  });
});
