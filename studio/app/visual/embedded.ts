// The language service for a condition edited on its own (the inspector's small editor).
//
// A condition is an expression: alone it does not parse as a policy, and its names (params, lets,
// fields) are declared elsewhere. So the small editor's text is analysed *in place*: embedded in
// the policy around it (the working text with the rule's condition replaced by what is being
// typed), by the same analysis engine as the main editor, and every offset and range is mapped
// between the small model and that composed text. Completion, hover, semantic highlighting and
// diagnostics are then exactly the main editor's, for the condition where it stands.

import type { Range } from '../../../grammar/ast.js';
import type { Diagnostic } from '../../../grammar/diagnostics.js';
import type { Analyzer } from '../language/client.js';
import type { AnalysisResult, Method, Methods } from '../language/protocol.js';

/** The engine's interface (language/engine.ts), run in the page for the embedded text. */
export interface EngineLike {
  update(version: number, text: string): void;
  request<M extends Method>(method: M, params: Methods[M][0]): Promise<Methods[M][1]>;
}

export interface Region {
  /** The policy text before and after the condition. */
  before: string;
  after: string;
}

/** Line/column (1-based) of an offset in a text. */
export function positionIn(text: string, offset: number): Range['start'] {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}

export class EmbeddedAnalyzer implements Analyzer {
  private inner = '';
  private version = 0;
  private readonly listeners = new Set<(r: AnalysisResult) => void>();

  constructor(
    private readonly engine: EngineLike,
    private readonly region: Region,
  ) {}

  /** Wires the engine's results (for the composed text) to this analyzer's listeners. */
  receive(r: AnalysisResult): void {
    if (r.version !== this.version) return;
    const { graph: _g, layout: _l, ...rest } = r;
    const mapped: AnalysisResult = { ...rest, outline: [], diagnostics: this.innerDiagnostics(r.diagnostics) };
    for (const l of this.listeners) l(mapped);
  }

  get text(): string {
    return this.inner;
  }

  /** The small editor's text changed. */
  setText(text: string): void {
    this.inner = text;
    this.update(this.version + 1, text);
  }

  update(version: number, text: string): void {
    this.version = version;
    this.inner = text;
    this.engine.update(version, this.composed());
  }

  composed(): string {
    return this.region.before + this.inner + this.region.after;
  }

  private get start(): number {
    return this.region.before.length;
  }

  /** A range of the composed text as a range of the small text; undefined when outside it. */
  toInner(r: Range): Range | undefined {
    const s = r.start.offset - this.start;
    const e = r.end.offset - this.start;
    if (s < 0 || e > this.inner.length) return undefined;
    return { start: positionIn(this.inner, s), end: positionIn(this.inner, e) };
  }

  private innerDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const d of ds) {
      // A diagnostic that starts in the condition and runs past it (a missing token at its end) is clipped.
      const s = d.range.start.offset - this.start;
      if (s < 0 || s > this.inner.length) continue;
      const range = this.toInner({ start: d.range.start, end: { ...d.range.end, offset: Math.min(d.range.end.offset, this.start + this.inner.length) } });
      if (!range) continue;
      const fix = d.fix && this.toInner(d.fix.range);
      out.push({ ...d, range, ...(d.fix ? (fix ? { fix: { ...d.fix, range: fix } } : { fix: undefined }) : {}) });
    }
    return out;
  }

  async request<M extends Method>(method: M, params: Methods[M][0]): Promise<Methods[M][1]> {
    const shift = (p: Methods[M][0]) => ('offset' in p ? { ...p, offset: (p as { offset: number }).offset + this.start } : p);
    const answer = async (): Promise<unknown> => {
      switch (method) {
        case 'complete':
        case 'compile':
          return this.engine.request(method, shift(params) as never);
        case 'hover': {
          const h = await this.engine.request('hover', shift(params) as Methods['hover'][0]);
          const range = h && this.toInner(h.range);
          return h && range ? { ...h, range } : null;
        }
        case 'definition': {
          const r = await this.engine.request('definition', shift(params) as Methods['definition'][0]);
          return (r && this.toInner(r)) ?? null;
        }
        case 'references': {
          const rs = await this.engine.request('references', shift(params) as Methods['references'][0]);
          return rs.map((r) => this.toInner(r)).filter((r): r is Range => r !== undefined);
        }
        case 'prepareRename':
        case 'rename':
          return { error: 'Rename a name from the main editor: it renames it everywhere in the policy.' };
        case 'format':
          return { text: this.inner, changed: false };
        case 'semanticTokens':
          return this.innerTokens(await this.engine.request('semanticTokens', {}));
      }
    };
    return (await answer()) as Methods[M][1];
  }

  /** The composed text's semantic tokens (relative encoding) that lie in the condition, re-encoded for it. */
  innerTokens(data: readonly number[]): number[] {
    const first = positionIn(this.composed(), this.start);
    const last = positionIn(this.composed(), this.start + this.inner.length);
    const [l0, c0, l1, c1] = [first.line - 1, first.column - 1, last.line - 1, last.column - 1];
    const out: number[] = [];
    let line = 0;
    let col = 0;
    let pl = 0;
    let pc = 0;
    for (let i = 0; i + 4 < data.length; i += 5) {
      line += data[i];
      col = data[i] === 0 ? col + data[i + 1] : data[i + 1];
      const len = data[i + 2];
      const afterStart = line > l0 || (line === l0 && col >= c0);
      const beforeEnd = line < l1 || (line === l1 && col + len <= c1);
      if (!afterStart || !beforeEnd) continue;
      const il = line - l0;
      const ic = line === l0 ? col - c0 : col;
      out.push(il - pl, il === pl ? ic - pc : ic, len, data[i + 3], data[i + 4]);
      pl = il;
      pc = ic;
    }
    return out;
  }

  onAnalysis(listener: (r: AnalysisResult) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
  }
}

/** The embedded text needs no layout: elk is not run for it. */
const NO_LAYOUT = { layout: async <T,>(graph: T): Promise<T> => graph };

/** An embedded analyzer backed by the studio's own analysis engine, run in the page. */
export async function embeddedAnalyzer(region: Region): Promise<EmbeddedAnalyzer> {
  const { AnalysisEngine } = await import('../language/engine.js');
  let target: EmbeddedAnalyzer | undefined;
  const engine = new AnalysisEngine(async () => NO_LAYOUT, (r) => target?.receive(r));
  target = new EmbeddedAnalyzer(engine, region);
  return target;
}
