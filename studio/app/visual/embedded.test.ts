import { describe, expect, it } from 'vitest';
import type { Range } from '../../../grammar/ast.js';
import type { AnalysisResult } from '../language/protocol.js';
import { POLICY } from '../testing/policy.js';
import { EmbeddedAnalyzer, embeddedAnalyzer, positionIn, type EngineLike } from './embedded.js';

/** The sample policy around `underage`'s condition. */
const COND = 'applicant.age < min_age';
const AT = POLICY.indexOf(COND);
const REGION = { before: POLICY.slice(0, AT), after: POLICY.slice(AT + COND.length) };

const range = (text: string, start: number, end: number): Range => ({ start: positionIn(text, start), end: positionIn(text, end) });

/** An engine double that records what it is sent and answers what the test says. */
function fakeEngine(answers: Partial<Record<string, unknown>> = {}) {
  const sent: { version: number; text: string }[] = [];
  const asked: { method: string; params: unknown }[] = [];
  const engine: EngineLike = {
    update: (version, text) => void sent.push({ version, text }),
    request: async (method, params) => {
      asked.push({ method, params });
      return answers[method] as never;
    },
  };
  return { engine, sent, asked };
}

const result = (version: number, diagnostics: AnalysisResult['diagnostics']): AnalysisResult => ({
  version,
  diagnostics,
  outline: [],
  timing: { parse: 0, check: 0, compile: 0, layout: 0, total: 0 },
});

describe('positions in a text', () => {
  it('counts lines and columns from 1, a newline ending its line', () => {
    expect(positionIn('ab\ncd', 0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(positionIn('ab\ncd', 2)).toEqual({ offset: 2, line: 1, column: 3 });
    expect(positionIn('ab\ncd', 3)).toEqual({ offset: 3, line: 2, column: 1 });
    expect(positionIn('ab\ncd', 5)).toEqual({ offset: 5, line: 2, column: 3 });
    expect(positionIn('a\n\nb', 3)).toEqual({ offset: 3, line: 3, column: 1 });
  });
});

describe('a condition analysed in the policy around it', () => {
  it('sends the engine the policy with the condition as typed in its place', () => {
    const { engine, sent } = fakeEngine();
    const a = new EmbeddedAnalyzer(engine, REGION);
    a.setText('applicant.age < 21');
    expect(sent).toEqual([{ version: 1, text: POLICY.replace(COND, 'applicant.age < 21') }]);
    a.setText(COND);
    expect(sent[1]).toEqual({ version: 2, text: POLICY });
    expect(a.text).toBe(COND);
  });

  it('maps ranges of the policy into the condition, and leaves out those outside it', () => {
    const a = new EmbeddedAnalyzer(fakeEngine().engine, REGION);
    a.setText(COND);
    const minAge = AT + COND.indexOf('min_age');
    expect(a.toInner(range(POLICY, minAge, minAge + 7))).toEqual({ start: { offset: 16, line: 1, column: 17 }, end: { offset: 23, line: 1, column: 24 } });
    expect(a.toInner(range(POLICY, AT - 5, AT + 3))).toBeUndefined();
    expect(a.toInner(range(POLICY, AT + 20, AT + COND.length + 1))).toBeUndefined();
    // A condition over two lines: lines and columns of its own.
    a.setText('applicant.age < min_age\n  or applicant.age > 70');
    const or = AT + a.text.indexOf('or');
    expect(a.toInner(range(a.composed(), or, or + 2))).toEqual({ start: { offset: 26, line: 2, column: 3 }, end: { offset: 28, line: 2, column: 5 } });
  });

  it('passes on the diagnostics in the condition, clipped to it, and drops the rest and stale ones', () => {
    const { engine } = fakeEngine();
    const a = new EmbeddedAnalyzer(engine, REGION);
    const seen: AnalysisResult[] = [];
    a.onAnalysis((r) => seen.push(r));
    a.setText('applicant.agee < min_age');
    const text = a.composed();
    const name = AT;
    const diag = (start: number, end: number, message: string) => ({ code: 'unknown-name', severity: 'error' as const, message, range: range(text, start, end) });
    a.receive(
      result(1, [
        { ...diag(name, name + 14, 'no field agee'), fix: { title: 'age', range: range(text, name + 10, name + 14), text: 'age' } },
        diag(name + 17, name + 40, 'runs past the condition'),
        diag(3, 8, 'elsewhere in the policy'),
      ] as AnalysisResult['diagnostics']),
    );
    expect(seen).toHaveLength(1);
    const [d1, d2] = seen[0].diagnostics;
    expect(seen[0].diagnostics).toHaveLength(2);
    expect(d1.message).toBe('no field agee');
    expect(d1.range).toEqual({ start: { offset: 0, line: 1, column: 1 }, end: { offset: 14, line: 1, column: 15 } });
    expect(d1.fix?.range).toEqual({ start: { offset: 10, line: 1, column: 11 }, end: { offset: 14, line: 1, column: 15 } });
    expect(d2.range.end.offset).toBe('applicant.agee < min_age'.length);
    expect(seen[0].outline).toEqual([]);

    // An answer for a text since replaced is dropped.
    a.setText(COND);
    a.receive(result(1, []));
    expect(seen).toHaveLength(1);
  });

  it('asks the engine at the condition’s offsets in the policy, and answers in the condition’s', async () => {
    const a0 = new EmbeddedAnalyzer(fakeEngine().engine, REGION);
    a0.setText(COND);
    const text = a0.composed();
    const minAge = AT + COND.indexOf('min_age');
    const hover = { range: range(text, minAge, minAge + 7), contents: ['param min_age'] };
    const { engine, asked } = fakeEngine({
      hover,
      definition: range(text, POLICY.indexOf('min_age'), POLICY.indexOf('min_age') + 7),
      references: [range(text, POLICY.indexOf('min_age'), POLICY.indexOf('min_age') + 7), range(text, minAge, minAge + 7)],
      complete: [{ label: 'min_age' }],
    });
    const a = new EmbeddedAnalyzer(engine, REGION);
    a.setText(COND);
    expect(await a.request('hover', { offset: 18 })).toEqual({ ...hover, range: { start: positionIn(COND, 16), end: positionIn(COND, 23) } });
    expect(asked[0]).toEqual({ method: 'hover', params: { offset: AT + 18 } });
    // The declaration is outside the condition: no place to go to in the small editor.
    expect(await a.request('definition', { offset: 18 })).toBeNull();
    expect(await a.request('references', { offset: 18 })).toEqual([{ start: positionIn(COND, 16), end: positionIn(COND, 23) }]);
    expect(await a.request('complete', { offset: 23 })).toEqual([{ label: 'min_age' }]);
    expect(asked.at(-1)).toEqual({ method: 'complete', params: { offset: AT + 23 } });
    // Renaming and formatting are the main editor's.
    expect(await a.request('rename', { offset: 18, newName: 'x' })).toEqual({ error: expect.stringMatching(/main editor/) });
    expect(await a.request('format', {})).toEqual({ text: COND, changed: false });
  });

  it('keeps the semantic tokens inside the condition, re-encoded from its start', () => {
    const a = new EmbeddedAnalyzer(fakeEngine().engine, { before: 'ab\n  when ', after: ' then\nx' });
    a.setText('p > q\n and r');
    // Composed: line 1 `  when p > q`, line 2 ` and r then`. Tokens (relative): `ab`, `p`, `q`, `r`, `then`, `x`.
    const tokens = [0, 0, 2, 1, 0, 1, 7, 1, 2, 0, 0, 4, 1, 2, 0, 1, 5, 1, 2, 0, 0, 2, 4, 3, 0, 1, 0, 1, 1, 0];
    expect(a.innerTokens(tokens)).toEqual([0, 0, 1, 2, 0, 0, 4, 1, 2, 0, 1, 5, 1, 2, 0]);
  });
});

describe('the embedded analyzer on the studio’s own engine', () => {
  it('reports an unknown name where it is in the condition, and completes the policy’s params there', async () => {
    const a = await embeddedAnalyzer(REGION);
    const got = new Promise<AnalysisResult>((resolve) => a.onAnalysis((r) => r.diagnostics.length && resolve(r)));
    a.setText('applicant.age < min_agee');
    const r = await got;
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.message).toMatch(/min_agee/);
    expect('applicant.age < min_agee'.slice(d.range.start.offset, d.range.end.offset)).toBe('min_agee');
    expect(d.range.start).toEqual({ offset: 16, line: 1, column: 17 });

    a.setText('applicant.age < m');
    const items = await a.request('complete', { offset: 17 });
    expect(items.map((i) => i.label)).toContain('min_age');
    a.dispose();
  });
});
