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
import { checkCase, readCases, type PolicyCase } from '../runtime/cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const read = (path: string) => readFileSync(join(here, path), 'utf8');
const policies = readdirSync(here)
  .filter((f) => f.endsWith('.policy'))
  .sort();

type Case = PolicyCase;

describe('sample policies', () => {
  it('are the three the guide describes', () => {
    expect(policies).toEqual(['application.policy', 'drawdown.policy', 'preapproval.policy']);
  });

  describe.each(policies)('%s', (file) => {
    const compiled = compileText(read(file));
    const read_ = readCases(read(file.replace(/\.policy$/, '.cases.json')));
    if ('error' in read_) throw new Error(read_.error);
    const cases = read_.cases;

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
      // The comparison `verdict test` makes (runtime/cases.ts).
      expect(checkCase(prepare(compiled.graph!), c)).toEqual([]);
      if (!c.expected.terms && c.expected.decision === 'approve') throw new Error('an approve case must state its terms');
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

  it('gives, for every diagnostic, an example that produces that code (and no other)', () => {
    // Each example is placed where it belongs in a small policy that is otherwise clean: the
    // guide says "the surrounding policy is assumed to be otherwise correct". One line of a
    // multi-line example is one example (`invalid-number`, `apr-cap`), except where the lines
    // belong together (a rule, a flow, a scorecard characteristic).
    const examples = new Map<string, string>();
    for (const m of diagnosticsSection.matchAll(/^#### `([a-z-]+)` — \w+\n[\s\S]*?(?=^#{3,4} |(?![\s\S]))/gm)) {
      const block = /^```\n([\s\S]*?)```/m.exec(m[0]);
      if (block) examples.set(m[1], block[1].trimEnd());
    }
    const INPUT = 'input applicant {\n  id: text\n  age: number\n  monthly_income: money\n  channel: enum("app", "h5", "partner")\n  applied_at: date\n}\n';
    const HEAD = 'policy t "T" version 1\n';
    const BASIC = 'ruleset basic { rule r0 { when applicant.age < 18 then reject } }\n';
    const OFFER = 'decision offer { when applicant.age > 30 => approve { limit 1000  apr 20% } else => reject }\n';
    const SCORE = 'scorecard app_score { applicant.age { else => 1 } }\n';
    const EXTRA = 'ruleset extra { rule r9 { when applicant.age < 17 then reject } }\n';
    const FLOW = 'flow { start -> basic -> offer }\n';
    const policy = (decls: string, flow = FLOW, input = INPUT) => HEAD + input + decls + flow;
    const inRule = (x: string) => policy(`ruleset basic {\n  rule r1 {\n${x}\n  then reject }\n}\n` + OFFER);
    const inRuleBody = (x: string) => policy(`ruleset basic {\n  rule r1 {\n    when applicant.age < 18\n${x}\n  }\n}\n` + OFFER);
    const inRuleSet = (x: string) => policy(`ruleset basic {\n${x}\n}\n` + OFFER);
    const inDecision = (x: string) => policy(BASIC + `decision offer {\n  when applicant.age > 30 => ${x}\n  else => reject\n}\n`);
    const inTerms = (x: string) => inDecision(`approve {\n${x}\n  apr 20% }`);
    const inScorecard = (x: string) => policy(BASIC + `scorecard app_score {\n${x}\n}\n` + OFFER, 'flow { start -> basic -> app_score -> offer }\n');
    const deep = (x: string) => x.replace(/\(+ … (\d+) brackets … (.*?) \)+/, (_, n, inner) => '('.repeat(+n) + inner + ')'.repeat(+n)).replace(/((?: \+ 1)+) … (\d+) times …/, (_, __, n) => ' + 1'.repeat(+n));
    const each = (wrap: (x: string) => string) => (x: string) => x.split('\n').map(wrap);
    const one = (wrap: (x: string) => string) => (x: string) => [wrap(x)];
    const placed: Record<string, (x: string) => string[]> = {
      'unexpected-character': one(inRuleBody),
      'unterminated-string': one(inRule),
      'unterminated-comment': one((x) => policy(BASIC + OFFER) + x + '\n'),
      'invalid-escape': one(inRuleBody),
      'invalid-number': each((x) => inRule(x)),
      'expected-token': one(inRuleSet),
      'unexpected-token': (x) => [policy(x.split('\n')[0] + '\n' + BASIC + OFFER), policy(BASIC + `decision offer {\n${x.split('\n')[1]}\n  else => reject\n}\n`)],
      'too-deep': each((x) => inRule(deep(x))),
      'missing-header': one((x) => x + '\n' + BASIC.replace(/applicant\.age/g, '1') + OFFER.replace(/applicant\.age/g, '40') + FLOW),
      'duplicate-id': one(inRuleSet),
      'duplicate-field': one((x) => policy(BASIC.replace(/applicant\.age/g, '1') + OFFER.replace(/applicant\.age/g, '40'), FLOW, x + '\n')),
      'duplicate-header': one((x) => x + '\n' + INPUT + BASIC + OFFER + FLOW),
      // The param nothing reads any more is reported too: the tutorial's Step 6 says so.
      'unknown-name': one((x) => inRule(x).replace('ruleset basic', 'param min_age = 18\nruleset basic')),
      'unknown-field': one(inRule),
      'unknown-node': one((x) => policy(BASIC + OFFER, x + '\n')),
      'unknown-type': one((x) => policy(BASIC.replace(/applicant\.age/g, '1') + OFFER.replace(/applicant\.age/g, '40'), FLOW, x + '\n')),
      'empty-enum': one((x) => policy(BASIC.replace(/applicant\.age/g, '1') + OFFER.replace(/applicant\.age/g, '40'), FLOW, x + '\n')),
      'unknown-function': one(inRule),
      'unknown-term': one(inDecision),
      'unused-declaration': one((x) => policy(x + '\n' + BASIC + OFFER)),
      'type-mismatch': one(inRule),
      'condition-not-bool': one(inRule),
      'invalid-enum-value': one(inRule),
      'wrong-arity': one(inRule),
      'invalid-argument': one(inTerms),
      'it-outside-list': one(inRule),
      'param-not-literal': one((x) => policy(x + '\n' + BASIC.replace('18', 'min_age') + OFFER)),
      'let-cycle': one((x) => policy(x + '\n' + BASIC.replace('18', 'cap_a') + OFFER)),
      'invalid-hit-field': one((x) => policy(x + '\n' + BASIC.replace('applicant.age < 18', 'bureau_blacklist.listed') + OFFER)),
      'invalid-term-value': each(inDecision),
      'score-not-computed': one((x) => policy(SCORE + x + '\n' + OFFER.replace('applicant.age > 30', 'app_score > 0') + BASIC, 'flow { start -> basic -> route\n  app_score -> offer }\n')),
      'flow-no-start': one((x) => policy(BASIC + OFFER, x + '\n')),
      'flow-successor-count': one((x) => policy(BASIC + EXTRA + OFFER, x + '\n')),
      'flow-successor-not-allowed': one((x) => policy(BASIC + 'branch route { when applicant.age > 40 -> offer  else -> offer }\n' + OFFER, x + '\n')),
      'flow-cycle': one((x) => policy(BASIC + EXTRA.replace('extra', 'recheck') + 'branch route { when applicant.age > 40 -> recheck  else -> offer }\n' + OFFER, x + '\n')),
      'flow-unreachable': one((x) => policy(BASIC + EXTRA + OFFER, x + '\n')),
      'flow-dead-end': one((x) => policy(BASIC + OFFER + x + '\n', '')),
      'bin-overlap': one(inScorecard),
      'bin-empty': one(inScorecard),
      'bin-gap': one(inScorecard),
      'bin-type': one(inScorecard),
      'empty-scorecard': one((x) => policy(BASIC + x + '\n' + OFFER, 'flow { start -> basic -> app_score -> offer }\n')),
      'else-required': one((x) => policy(BASIC + SCORE + x + '\n', 'flow { start -> basic -> app_score -> offer }\n')),
      'apr-cap': each(inDecision),
      'cost-order': one((x) => policy('source credit_report { origin external  cost 2 per query  latency slow  fields { max_dpd_24m: number } }\n' + x + '\n' + OFFER, 'flow { start -> credit -> offer }\n')),
      'empty-ruleset': one((x) => policy(x + '\n' + OFFER)),
    };
    // What a correct example brings with it: the param that the typo leaves unread (as the
    // tutorial's Step 6 shows), and one `let-cycle` for each let of the circle.
    const alongside: Partial<Record<string, string[]>> = { 'unknown-name': ['unused-declaration'], 'let-cycle': ['let-cycle'] };
    expect([...examples.keys()].filter((c) => !(c in placed)), 'a documented example with no placement here').toEqual([]);
    const wrong: string[] = [];
    for (const [code, text] of examples) {
      for (const policyText of placed[code](text)) {
        const got = compileText(policyText).diagnostics.map((d) => d.code).sort();
        const want = [code, ...(alongside[code] ?? [])].sort();
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${code}: got ${got.join(', ') || 'nothing'} from\n${policyText}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives a tutorial policy that compiles as printed', () => {
    const tutorial = guide.slice(guide.indexOf('\n## 1. Tutorial'), guide.indexOf('\n## 2. Reference'));
    const blocks = [...tutorial.matchAll(/```\n(policy [\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const text of blocks) expect(compileText(text).diagnostics).toEqual([]);
  });
});
