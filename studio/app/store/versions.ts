// Saved versions of the open policy: immutable snapshots kept by the server. A version opens
// read-only with its own graph; two versions (or a version and the working text) compare as a
// text diff and a semantic diff of their compiled graphs.

import { hasErrors } from '../../../grammar/diagnostics.js';
import { semanticDiff } from '../diff/semantic-diff.js';
import { viewOf } from '../graph/view.js';
import { messageOf, type Slice, type VersionsSlice, type VersionSide } from './types.js';

export const createVersionsSlice: Slice<VersionsSlice> = (deps) => (set, get) => {
  const textOf = async (side: VersionSide): Promise<string> => {
    if (side === 'working') return get().text;
    const path = get().path!;
    return (await deps.api.version(path, side)).text;
  };
  const label = (side: VersionSide) => (side === 'working' ? 'the working text' : `version ${side}`);

  return {
    versions: [],
    versionsError: undefined,
    viewing: undefined,
    diff: undefined,

    async loadVersions() {
      const path = get().path;
      if (!path) return;
      try {
        const versions = await deps.api.versions(path);
        if (get().path === path) set({ versions, versionsError: undefined });
      } catch (e) {
        set({ versionsError: messageOf(e) });
      }
    },

    async saveVersion(message) {
      const { path } = get();
      if (!path) return undefined;
      try {
        // A version is a snapshot of what is on disk too: save the file first.
        if (get().text !== get().savedText && !(await get().saveFile())) return undefined;
        const v = await deps.api.saveVersion(path, get().text, message);
        await get().loadVersions();
        get().notify('info', `Saved version ${v.number} of ${path}`);
        return v;
      } catch (e) {
        get().notify('error', `Could not save a version: ${messageOf(e)}`);
        return undefined;
      }
    },

    async openVersion(number) {
      const path = get().path;
      if (!path) return;
      try {
        const v = await deps.api.version(path, number);
        set({ viewing: { number: v.number, message: v.message, createdAt: v.createdAt, text: v.text, diagnostics: [] }, diff: undefined });
        const r = await deps.analyzer.request('compile', { text: v.text });
        if (get().viewing?.number !== number) return;
        set({
          viewing: {
            number: v.number,
            message: v.message,
            createdAt: v.createdAt,
            text: v.text,
            diagnostics: r.diagnostics,
            compiled: r.graph ? { version: -v.number, graph: viewOf(r.graph), text: v.text, layout: r.layout } : undefined,
          },
        });
      } catch (e) {
        get().notify('error', `Could not open version ${number}: ${messageOf(e)}`);
      }
    },

    closeVersion() {
      set({ viewing: undefined });
    },

    async openDiff(left, right = 'working') {
      if (!get().path) return;
      try {
        const [leftText, rightText] = await Promise.all([textOf(left), textOf(right)]);
        set({ diff: { left, right, leftText, rightText, loading: true }, viewing: undefined });
        const [a, b] = await Promise.all([deps.analyzer.request('compile', { text: leftText }), deps.analyzer.request('compile', { text: rightText })]);
        const cur = get().diff;
        if (!cur || cur.left !== left || cur.right !== right) return;
        const broken = !a.graph || hasErrors(a.diagnostics) ? left : !b.graph || hasErrors(b.diagnostics) ? right : undefined;
        set({
          diff: {
            ...cur,
            loading: false,
            semantic: a.graph && b.graph ? semanticDiff({ graph: a.graph, text: leftText }, { graph: b.graph, text: rightText }) : undefined,
            semanticError: broken === undefined ? undefined : `${label(broken)} does not compile, so only the text diff is shown.`,
          },
        });
      } catch (e) {
        set({ diff: undefined });
        get().notify('error', `Could not compare: ${messageOf(e)}`);
      }
    },

    closeDiff() {
      set({ diff: undefined });
    },
  };
};
