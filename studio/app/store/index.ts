// One store per studio instance, composed from its slices. The store listens to the analysis
// worker for as long as it lives; `dispose` lets go of it.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { createDocumentSlice } from './document.js';
import { createGraphViewSlice } from './graph-view.js';
import { createReplaySlice } from './replay.js';
import type { StudioDeps, StudioState } from './types.js';
import { createUiSlice } from './ui.js';
import { createVersionsSlice } from './versions.js';
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
  }));
  const unsubscribe = deps.analyzer.onAnalysis((r) => store.getState().applyAnalysis(r));
  // Replay results belong to the policy they ran on.
  const unsubscribeReplay = store.subscribe((s, prev) => {
    if (s.path !== prev.path) s.resetReplay();
  });
  return Object.assign(store, {
    dispose: () => {
      unsubscribe();
      unsubscribeReplay();
    },
  });
}

export { isDirty, isStale } from './document.js';
export type * from './types.js';
