import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { generatePolicy } from '../../../bench/gen-policy.js';
import { viewOf } from '../graph/view.js';
import { POLICY } from '../testing/policy.js';
import { AnalysisDecoder, AnalysisEncoder, sameAfterShift, shiftBetween, shifted, type AnalysisWire } from './delta.js';
import { AnalysisEngine } from './engine.js';
import { outlineOf } from './outline.js';
import type { AnalysisResult } from './protocol.js';
import { analyzeText } from './service.js';

const big = generatePolicy({ rules: 500 });
const timing = { parse: 0, check: 0, compile: 0, layout: 0, total: 0 };

/** What the worker posts for a text, analysed from scratch. */
function resultOf(text: string, version: number): AnalysisResult {
  const snap = analyzeText(text);
  return { version, diagnostics: snap.diagnostics, graph: snap.graph && viewOf(snap.graph), outline: outlineOf(snap.ast), timing };
}

/** Through postMessage's structured clone, as the page receives it. */
const wire = (w: AnalysisWire): AnalysisWire => structuredClone(w);

/** Digits typed and removed at the end of conditions, a rule title changed, a line added. */
function edits(text: string): string[] {
  const out: string[] = [];
  const conds = [...text.matchAll(/^\s+when .*> \d+$/gm)];
  for (const m of conds.slice(0, 3)) {
    const at = m.index + m[0].length;
    out.push(text.slice(0, at) + '7' + text.slice(at));
  }
  out.push(text.replace('"Rule 3"', '"Rule three"'));
  const first = text.indexOf('\nruleset ');
  out.push(`${text.slice(0, first)}\nparam added = 5\n${text.slice(first)}`);
  return out;
}

describe('shift', () => {
  it('moves the positions at or after the edit, and columns on its last line only', () => {
    const s = shiftBetween('ab\ncd ef\ngh', 'ab\ncXXd ef\ngh');
    expect(s).toMatchObject({ oldEnd: 4, delta: 2, dLine: 0, lastLine: 2, dColumn: 2 });
    const before = { at: { offset: 1, line: 1, column: 2 }, same: { offset: 6, line: 2, column: 4 }, below: { offset: 9, line: 3, column: 1 } };
    const after = shifted(before, s);
    expect(after).toEqual({ at: before.at, same: { offset: 8, line: 2, column: 6 }, below: { offset: 11, line: 3, column: 1 } });
    // Untouched parts are the same objects.
    expect(after.at).toBe(before.at);
    expect(sameAfterShift(before, after, s)).toBe(true);
    expect(sameAfterShift(before, { ...after, same: { offset: 7, line: 2, column: 5 } }, s)).toBe(false);
  });
});

describe('AnalysisEncoder / AnalysisDecoder', () => {
  it('gives the page exactly the worker result, edit after edit, with most of the graph left out of the message', () => {
    for (const start of [big, POLICY]) {
      const enc = new AnalysisEncoder();
      const dec = new AnalysisDecoder();
      let version = 1;
      const first = resultOf(start, version);
      expect(dec.decode(wire(enc.encode(first, start)))).toEqual(first);
      for (const text of edits(start)) {
        // Each edit against the text before it, and back.
        for (const t of [text, start]) {
          const r = resultOf(t, ++version);
          const w = enc.encode(r, t);
          const got = dec.decode(wire(w));
          expect(got.graph).toEqual(r.graph);
          expect(got.outline).toEqual(r.outline);
          expect(got.diagnostics).toEqual(r.diagnostics);
          if (start === big && t !== start && w.graph && 'delta' in w.graph) {
            expect(JSON.stringify(w.graph).length).toBeLessThan(JSON.stringify(r.graph).length / 4);
          }
        }
      }
    }
  });

  it('refuses a delta it has no base for (the client then asks for the result whole), and a reset encoder sends it whole', () => {
    const enc = new AnalysisEncoder();
    const a = resultOf(POLICY, 1);
    enc.encode(a, POLICY);
    const edited = POLICY.replace('min_age = 18', 'min_age = 19');
    const b = resultOf(edited, 2);
    expect(() => new AnalysisDecoder().decode(wire(enc.encode(b, edited)))).toThrow(/nothing to apply it to/);
    enc.reset();
    const w = enc.encode(b, edited);
    expect(w.graph && 'full' in w.graph).toBe(true);
    expect(new AnalysisDecoder().decode(wire(w)).graph).toEqual(b.graph);
  });

  it('keeps its base through a text with errors (no graph) and a relayout', () => {
    const enc = new AnalysisEncoder();
    const dec = new AnalysisDecoder();
    const a = resultOf(POLICY, 1);
    dec.decode(wire(enc.encode(a, POLICY)));
    const broken = POLICY.replace('when applicant.age < min_age', 'when applicant.age < ');
    const b = resultOf(broken, 2);
    expect(b.graph).toBeUndefined();
    expect(dec.decode(wire(enc.encode(b, broken))).outline).toEqual(b.outline);
    dec.decode(wire(enc.encode({ version: 2, relayout: true, diagnostics: [], outline: [], timing, layout: { key: 'k', nodes: {}, edges: {}, width: 0, height: 0 } }, broken)));
    const fixed = POLICY.replace('min_age = 18', 'min_age = 21');
    const c = resultOf(fixed, 3);
    const got = dec.decode(wire(enc.encode(c, fixed)));
    expect(got.graph).toEqual(c.graph);
    expect(got.outline).toEqual(c.outline);
  });
});

describe('AnalysisEngine with the incremental parser and the view cache', () => {
  it('publishes, keystroke after keystroke, what a whole analysis of each text gives', async () => {
    const dec = new AnalysisDecoder();
    let enc: AnalysisEncoder | undefined;
    const got: AnalysisResult[] = [];
    const sizes: number[] = [];
    const elk = new ELK();
    const e = new AnalysisEngine(async () => elk, (r, text) => {
      const w = enc!.encode(r, text);
      sizes.push(JSON.stringify(w).length);
      got.push(dec.decode(wire(w)));
    }, { layoutWait: 60_000 });
    // Each edit, then back to the start: one change at a time, as typing makes them.
    // Wired as in the worker: the encoder trusts the view cache's record of what it moved.
    enc = new AnalysisEncoder(e.views.reused);
    const texts = [big, ...edits(big).flatMap((t) => [t, big])];
    for (let v = 0; v < texts.length; v++) {
      e.update(v + 1, texts[v]);
      // A question between texts: the snapshot it parses must not disturb the results published.
      await e.request('hover', { offset: 100 });
      await e.idle();
    }
    expect(got.map((r) => r.version)).toEqual(texts.map((_, i) => i + 1));
    // A digit typed: the message holds the rule set it is in, not the graph (the published graph
    // must not share positions with the AST that the next parse moves, or nothing would match).
    for (const i of [1, 2, 3, 4, 5, 6]) expect(sizes[i], `text ${i}`).toBeLessThan(sizes[0] / 5);
    // The same shape: the page keeps the layout it has, the same object (React skips what uses it).
    for (const r of got) expect(r.layout).toBe(got[0].layout);
    got.forEach((r, i) => {
      const whole = resultOf(texts[i], i + 1);
      expect(r.graph, `text ${i}`).toEqual(whole.graph);
      expect(r.outline, `text ${i}`).toEqual(whole.outline);
      expect(r.diagnostics, `text ${i}`).toEqual(whole.diagnostics);
      expect(r.timing.incremental, `text ${i}`).toBe(i > 0);
    });
  }, 120_000);
});
