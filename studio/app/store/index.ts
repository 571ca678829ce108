// One store per studio instance, composed from its slices. The store listens to the analysis
// worker for as long as it lives; `dispose` lets go of it.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDocumentSlice } from './document.js';
import { createGraphViewSlice } from './graph-view.js';
import { createReplaySlice } from './replay.js';
import type { StudioDeps, StudioState } from './types.js';
import { createUiSlice } from './ui.js';
import { createVersionsSlice } from './versions.js';
import { createVisualSlice } from './visual.js';
import { createWorkspaceSlice } from './workspace.js';

export type StudioStore = StoreApi<StudioState> & { dispose(): void };

export function createStudioStore(deps: StudioDeps): StudioStore {
  const store = createStore<StudioState>()((...a) => ({
    ...createWorkspaceSlice(deps)(...a),
    ...createDocumentSlice(deps)(...a),
    ...createGraphViewSlice(deps)(...a),
    ...createVersionsSlice(deps)(...a),
    ...createUiSlice(deps)(...a),
    ...createReplaySlice(deps)(...a),
    ...createVisualSlice(deps)(...a),
  }));
  const unsubscribe = deps.analyzer.onAnalysis((r) => store.getState().applyAnalysis(r));
  const unfollow = store.subscribe((s, prev) => {
    if (s.path === prev.path) return;
    // Replay results belong to the policy they ran on.
    s.resetReplay();
    // A policy's hand-placed node positions come with it, from its sidecar.
    if (s.path !== undefined) void s.loadPositions(s.path);
  });
  return Object.assign(store, {
    dispose() {
      unsubscribe();
      unfollow();
    },
  });
}

export { isDirty, isStale } from './document.js';
export type * from './types.js';
export type * from './visual.js';
