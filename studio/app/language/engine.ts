// The analysis worker's state machine, kept apart from the worker glue so that it runs in tests:
// the latest text wins (texts that arrive while one is being analysed are skipped, not queued, so
// fast typing never builds a backlog), the snapshot answers the editor's questions, and the layout
// is recomputed only when the graph's shape changed.

import { completionsAt } from '../../../grammar/completion.js';
import { format } from '../../../grammar/format.js';
import { computeLayout, type ElkLike, type Layout } from '../graph/layout.js';
import { viewOf } from '../graph/view.js';
import type { AnalysisResult, CompileResult, Method, Methods } from './protocol.js';
import { analyzeText, definitionAt, hoverAt, outlineOf, prepareRename, referencesAt, renameAt, semanticTokens, type Snapshot } from './service.js';

export class AnalysisEngine {
  private text = '';
  private version = -1;
  private snapshot?: Snapshot;
  private snapshotVersion = -1;
  private layout?: Layout;
  /** The last version whose analysis was published. */
  private published = -1;
  private running = false;

  constructor(
    private readonly elk: () => Promise<ElkLike>,
    private readonly publish: (r: AnalysisResult) => void,
    private readonly now: () => number = () => performance.now(),
    /** Lets the texts queued behind the current task arrive before the next analysis. */
    private readonly defer: (fn: () => void) => void = (fn) => setTimeout(fn, 0),
  ) {}

  /**
   * A new text. When idle, it is analysed at once (no debounce delay on a single keystroke); texts
   * that arrive while an analysis runs only replace the pending text, and the latest is analysed
   * when the run ends.
   */
  update(version: number, text: string): void {
    if (version <= this.version) return;
    this.version = version;
    this.text = text;
    if (!this.running) this.run();
  }

  private run(): void {
    this.running = true;
    void this.analyzeLatest()
      .catch((e: unknown) => console.error('analysis failed', e))
      .finally(() =>
        this.defer(() => {
          this.running = false;
          if (this.version !== this.published) this.run();
        }),
      );
  }

  /** Resolves once every text received so far has been analysed (or skipped for a newer one). */
  async idle(): Promise<void> {
    while (this.running || (this.version >= 0 && this.version !== this.published)) await new Promise<void>((resolve) => this.defer(resolve));
  }

  private current(): Snapshot {
    if (!this.snapshot || this.snapshotVersion !== this.version) {
      this.snapshot = analyzeText(this.text, this.now);
      this.snapshotVersion = this.version;
    }
    return this.snapshot;
  }

  private async analyzeLatest(): Promise<void> {
    if (this.version === this.published) return;
    const t0 = this.now();
    const version = this.version;
    this.published = version;
    const snap = this.current();
    const t1 = this.now();
    const graph = snap.graph && viewOf(snap.graph);
    let layout: Layout | undefined;
    if (graph) {
      try {
        layout = this.layout = await computeLayout(await this.elk(), { graph, text: snap.text }, this.layout);
      } catch {
        // The graph still shows, in the fallback placement.
        layout = undefined;
      }
    }
    const t2 = this.now();
    this.publish({
      version,
      diagnostics: snap.diagnostics,
      graph,
      layout,
      outline: outlineOf(snap.ast),
      ...(snap.compileError ? { compileError: snap.compileError } : {}),
      timing: { ...snap.timing, layout: t2 - t1, total: t2 - t0 },
    });
  }

  async request<M extends Method>(method: M, params: Methods[M][0]): Promise<Methods[M][1]> {
    const p = params as Record<string, never> & { offset: number; newName: string; text: string };
    const answer = async (): Promise<unknown> => {
      switch (method) {
        case 'complete':
          // The snapshot of this text is shared with the analysis: one parse per version, not per request.
          return completionsAt(this.text, p.offset, this.current());
        case 'hover':
          return hoverAt(this.current(), p.offset) ?? null;
        case 'definition':
          return definitionAt(this.current(), p.offset) ?? null;
        case 'references':
          return referencesAt(this.current(), p.offset);
        case 'prepareRename':
          return prepareRename(this.current(), p.offset);
        case 'rename':
          return renameAt(this.current(), p.offset, p.newName);
        case 'format': {
          const r = format(this.text);
          return { text: r.text, changed: r.changed };
        }
        case 'semanticTokens':
          return semanticTokens(this.current());
        case 'compile':
          return this.compileOther(p.text);
      }
    };
    return (await answer()) as Methods[M][1];
  }

  private async compileOther(text: string): Promise<CompileResult> {
    const snap = analyzeText(text, this.now);
    if (!snap.graph) return { diagnostics: snap.diagnostics };
    const layout = await computeLayout(await this.elk(), { graph: snap.graph, text });
    return { diagnostics: snap.diagnostics, graph: snap.graph, layout };
  }
}
