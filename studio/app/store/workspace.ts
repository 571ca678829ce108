import { messageOf, type Slice, type WorkspaceSlice } from './types.js';

export const createWorkspaceSlice: Slice<WorkspaceSlice> = (deps) => (set, get) => ({
  workspace: undefined,
  workspaceError: undefined,
  async loadWorkspace() {
    try {
      const workspace = await deps.api.workspace();
      set({ workspace, workspaceError: undefined });
      // Open the file remembered in the URL, else the first policy.
      if (get().path === undefined) {
        const remembered = deps.location?.read();
        const first = workspace.policies.find((p) => p.path === remembered) ?? workspace.policies[0];
        if (first) await get().openFile(first.path);
      }
    } catch (e) {
      set({ workspaceError: messageOf(e) });
    }
  },
});
