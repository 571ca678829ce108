// The open policy: its text (the one copy of the truth), what the worker said about it, and the
// last graph that compiled. Every text change gets a version; results for older versions, or for
// a file that has since been closed, are dropped.

import { hasErrors } from '../../../grammar/diagnostics.js';
import { ApiError } from '../api/client.js';
import { noteAnalysis, noteFileOpened } from '../metrics.js';
import { messageOf, type DocumentSlice, type Slice, type StudioState } from './types.js';

export const createDocumentSlice: Slice<DocumentSlice> = (deps) => (set, get) => {
  /** Texts sent to the worker and not yet answered, by version: a graph is shown with the text it came from. */
  const sent = new Map<number, string>();
  /** First version of the file now open. */
  let fileStart = 0;

  const send = (version: number, text: string) => {
    sent.set(version, text);
    deps.analyzer.update(version, text);
  };

  return {
    path: undefined,
    text: '',
    savedText: '',
    baseHash: undefined,
    version: 0,
    loading: false,
    analysis: undefined,
    compiled: undefined,
    saving: false,

    async openFile(path) {
      set({ loading: true });
      try {
        const file = await deps.api.readFile(path);
        const version = get().version + 1;
        fileStart = version;
        sent.clear();
        set({
          path: file.path,
          text: file.text,
          savedText: file.text,
          baseHash: file.hash,
          version,
          loading: false,
          analysis: undefined,
          compiled: undefined,
          selection: {},
          reveal: undefined,
          viewing: undefined,
          diff: undefined,
          versions: [],
        });
        noteFileOpened(version);
        send(version, file.text);
        deps.location?.write(file.path);
        await get().loadVersions();
      } catch (e) {
        set({ loading: false });
        get().notify('error', `Could not open ${path}: ${messageOf(e)}`);
      }
    },

    setText(text) {
      if (text === get().text) return;
      const version = get().version + 1;
      set({ text, version });
      send(version, text);
    },

    applyAnalysis(r) {
      const s = get();
      if (r.relayout) {
        // elk's layout of the graph on screen, after a first frame drawn with a quick one.
        if (r.layout && s.compiled?.version === r.version) set({ compiled: { ...s.compiled, layout: r.layout } });
        return;
      }
      if (r.version < fileStart || r.version <= (s.analysis?.version ?? -1)) return;
      const text = sent.get(r.version);
      for (const v of sent.keys()) if (v <= r.version) sent.delete(v);
      const patch: Partial<StudioState> = {
        analysis: { version: r.version, diagnostics: r.diagnostics, outline: r.outline, timing: r.timing, compileError: r.compileError },
      };
      if (r.graph && text !== undefined && !hasErrors(r.diagnostics)) patch.compiled = { version: r.version, graph: r.graph, text, layout: r.layout };
      set(patch);
      get().reselectAtCursor();
      noteAnalysis(r.version, r.timing);
    },

    async saveFile(options) {
      const { path, text, baseHash, saving } = get();
      // One write at a time: a second one would carry a hash the first has made stale.
      if (!path || saving) return false;
      set({ saving: true });
      try {
        const r = await deps.api.writeFile(path, text, options?.overwrite ? undefined : baseHash);
        set({ savedText: text, baseHash: r.hash, saving: false });
        return true;
      } catch (e) {
        set({ saving: false });
        if (e instanceof ApiError && e.code === 'conflict') get().openDialog({ kind: 'conflict' });
        else get().notify('error', `Could not save ${path}: ${messageOf(e)}`);
        return false;
      }
    },
  };
};

/** The graph on screen is older than the text, because the text has errors. */
export const isStale = (s: Pick<StudioState, 'analysis' | 'compiled'>): boolean =>
  !!s.analysis && hasErrors(s.analysis.diagnostics) && (!s.compiled || s.compiled.version < s.analysis.version);

export const isDirty = (s: Pick<StudioState, 'text' | 'savedText' | 'path'>): boolean => s.path !== undefined && s.text !== s.savedText;
