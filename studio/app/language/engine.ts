// The analysis worker's state machine, kept apart from the worker glue so that it runs in tests:
// the latest text wins (texts that arrive while one is being analysed are skipped, not queued, so
// fast typing never builds a backlog), the snapshot answers the editor's questions, and the layout
// is recomputed only when the graph's shape changed. While elk is still loading (a page just
// opened), a graph is published at once with a quick layout, and again with elk's when it comes.

import { completionsAt } from '../../../grammar/completion.js';
import { format } from '../../../grammar/format.js';
import { IncrementalParser } from '../../../grammar/incremental.js';
import { computeLayout, layoutInput, quickLayout, readLayout, type ElkLike, type Layout, type LayoutInput } from '../graph/layout.js';
import { viewOf } from '../graph/view.js';
import type { AnalysisResult, CompileResult, Method, Methods } from './protocol.js';
import { ViewCache } from './view-cache.js';
import { warmUpPolicy } from './warm-up.js';
import { analyzeText, definitionAt, hoverAt, outlineOf, prepareRename, referencesAt, renameAt, semanticTokens, type Snapshot } from './service.js';

export interface EngineOptions {
  now?: () => number;
  /** Lets the texts queued behind the current task arrive before the next analysis. */
  defer?: (fn: () => void) => void;
  /** elk has laid a graph out already (a cold elk takes half a second). */
  elkWarm?: () => boolean;
  /**
   * How long (ms) a graph with no layout to start from (a file just opened) waits for elk before
   * it is published with the quick layout, elk's to follow. A graph whose previous layout placed
   * most of its nodes waits for elk instead: a shape change while typing must not flash.
   */
  layoutWait?: number;
}

/** The layout had boxes for most of the graph's nodes: a change of shape, not another graph. */
function placesMost(layout: Layout | undefined, input: LayoutInput): boolean {
  const ids = (input.graph.children ?? []).map((c) => c.id);
  return !!layout && ids.filter((id) => layout.nodes[id]).length * 2 > ids.length;
}

/** A clock shared by the page and its workers (each thread's `performance.now()` has its own origin). */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export class AnalysisEngine {
  private text = '';
  private version = -1;
  private snapshot?: Snapshot;
  private snapshotVersion = -1;
  /**
   * Parses each text of the open document by splicing the declarations an edit touched into the
   * previous parse. A splice moves the previous AST's positions, so a snapshot is good until the
   * next text is parsed, and whatever outlives that (a result waiting for elk) is copied first.
   */
  private readonly parser = new IncrementalParser();
  private snapshotIncremental = false;
  private other?: { text: string; snap: Snapshot };
  /** The published graphs' views, each made from the one before (view-cache.ts). */
  readonly views = new ViewCache();
  private layout?: Layout;
  /** elk's layout under way, by layout key: a graph laid out quickly waits for it. */
  private laying?: { key: string; layout: Promise<Layout | undefined> };
  /** The last version whose analysis was published. */
  private published = -1;
  private running = false;
  private receivedAt?: number;

  private readonly now: () => number;
  private readonly defer: (fn: () => void) => void;
  private readonly elkWarm: () => boolean;
  private readonly layoutWait: number;

  constructor(
    private readonly elk: () => Promise<ElkLike>,
    /** `text` is the text analysed; no part of `r` is shared with the AST (or with anything the next parse changes). */
    private readonly publish: (r: AnalysisResult, text: string) => void,
    options: EngineOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.defer = options.defer ?? ((fn) => setTimeout(fn, 0));
    this.elkWarm = options.elkWarm ?? (() => true);
    this.layoutWait = options.layoutWait ?? 40;
  }

  /**
   * Analyses a policy that uses the whole language a few times, a round per task, until the first
   * real text arrives: the parser and the checker are then warm when it does. Never touches the
   * document's state.
   */
  warmUp(rounds = 6): Promise<void> {
    const text = warmUpPolicy();
    const edited = text.replace('min_age = 18', 'min_age = 19');
    return new Promise((resolve) => {
      const round = (left: number) => {
        if (left === 0 || this.version >= 0) return resolve();
        const snap = analyzeText(text);
        if (snap.graph) layoutInput({ graph: viewOf(snap.graph), text });
        outlineOf(snap.ast);
        // The incremental parser's own path (a slice lexed and parsed alone, a splice).
        const p = new IncrementalParser();
        p.parse(text);
        p.parse(edited);
        this.defer(() => round(left - 1));
      };
      this.defer(() => round(rounds));
    });
  }

  /**
   * A new text. When idle, it is analysed at once (no debounce delay on a single keystroke); texts
   * that arrive while an analysis runs only replace the pending text, and the latest is analysed
   * when the run ends.
   */
  update(version: number, text: string): void {
    if (version <= this.version) return;
    this.receivedAt = epochNow();
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

  /** Publishes the analysis of the latest text again (the page lost it). */
  republish(): void {
    if (this.version < 0) return;
    this.published = -1;
    if (!this.running) this.run();
  }

  /** Resolves once every text received so far has been analysed (or skipped for a newer one). */
  async idle(): Promise<void> {
    while (this.running || (this.version >= 0 && this.version !== this.published)) await new Promise<void>((resolve) => this.defer(resolve));
  }

  private current(): Snapshot {
    if (!this.snapshot || this.snapshotVersion !== this.version) {
      this.snapshot = analyzeText(this.text, this.now, (t) => this.parser.parse(t));
      this.snapshotVersion = this.version;
      this.snapshotIncremental = this.parser.lastWasIncremental;
    }
    return this.snapshot;
  }

  private async analyzeLatest(): Promise<void> {
    if (this.version === this.published) return;
    const t0 = this.now();
    const version = this.version;
    const receivedAt = this.receivedAt;
    this.published = version;
    const snap = this.current();
    const incremental = this.snapshotIncremental;
    const t1 = this.now();
    const graph = snap.graph && this.views.viewOf(snap.graph, snap.text);
    const result: Omit<AnalysisResult, 'timing'> = {
      version,
      diagnostics: snap.diagnostics,
      graph,
      outline: outlineOf(snap.ast),
      ...(snap.compileError ? { compileError: snap.compileError } : {}),
    };
    if (graph) {
      const input = layoutInput({ graph, text: snap.text });
      if (this.layout?.key === input.key) {
        // The usual keystroke: same shape, same layout, nothing to wait for.
        result.layout = this.layout;
      } else {
        const laying = this.elkLayout(input);
        // A request may parse a newer text while elk works, and that moves the AST's positions
        // (grammar/incremental.ts), which the diagnostics share: keep a copy. The view and the
        // outline have positions of their own.
        const keep = () => (result.diagnostics = structuredClone(result.diagnostics));
        let laid: Layout | undefined | 'late';
        if (!this.elkWarm()) laid = 'late';
        else if (placesMost(this.layout, input)) laid = (keep(), await laying);
        else {
          keep();
          laid = await Promise.race([laying, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), this.layoutWait))]);
        }
        if (laid !== 'late') result.layout = laid;
        else {
          result.layout = quickLayout(input);
          void laying.then((layout) => {
            // Unless a newer analysis has been published since, which has a layout of its own.
            if (layout && this.published === version) this.publish({ version, relayout: true, layout, diagnostics: [], outline: [], timing: { ...timing(), layout: this.now() - t1 } }, snap.text);
          });
        }
      }
    }
    const t2 = this.now();
    const timing = () => ({ ...snap.timing, incremental, layout: t2 - t1, total: t2 - t0, receivedAt, postedAt: epochNow() });
    this.publish({ ...result, timing: timing() }, snap.text);
  }

  /** elk's layout of a graph, asked once per shape; undefined when elk fails (the graph keeps its placement). */
  private elkLayout(input: LayoutInput): Promise<Layout | undefined> {
    if (this.laying?.key !== input.key) {
      const layout = this.elk()
        .then((elk) => elk.layout(input.graph))
        .then(
          (laid) => (this.layout = readLayout(input.key, laid)),
          () => undefined,
        );
      this.laying = { key: input.key, layout };
    }
    return this.laying.layout;
  }

  async request<M extends Method>(method: M, params: Methods[M][0]): Promise<Methods[M][1]> {
    const p = params as Record<string, never> & { offset: number; newName: string; text: string };
    // Questions about a saved version carry its text; the others are about the open document.
    const about = (): Snapshot => (p.text === undefined ? this.current() : this.snapshotOf(p.text));
    const answer = async (): Promise<unknown> => {
      switch (method) {
        case 'complete':
          // The snapshot of this text is shared with the analysis: one parse per version, not per request.
          return completionsAt(this.text, p.offset, this.current());
        case 'hover':
          return hoverAt(about(), p.offset) ?? null;
        case 'definition':
          return definitionAt(about(), p.offset) ?? null;
        case 'references':
          return referencesAt(about(), p.offset);
        case 'prepareRename':
          return prepareRename(this.current(), p.offset);
        case 'rename':
          return renameAt(this.current(), p.offset, p.newName);
        case 'format': {
          const r = format(this.text);
          return { text: r.text, changed: r.changed };
        }
        case 'semanticTokens':
          return semanticTokens(about());
        case 'compile':
          return this.compileOther(p.text);
      }
    };
    return (await answer()) as Methods[M][1];
  }

  /** The snapshot of a text other than the open document (the saved version on screen), kept while it is asked about. */
  private snapshotOf(text: string): Snapshot {
    if (this.other?.text !== text) this.other = { text, snap: analyzeText(text, this.now) };
    return this.other.snap;
  }

  private async compileOther(text: string): Promise<CompileResult> {
    const snap = analyzeText(text, this.now);
    if (!snap.graph) return { diagnostics: snap.diagnostics };
    const layout = await computeLayout(await this.elk(), { graph: snap.graph, text });
    return { diagnostics: snap.diagnostics, graph: snap.graph, layout };
  }
}
