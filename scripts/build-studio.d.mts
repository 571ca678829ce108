// Types for scripts/build-studio.mjs (plain JS so that it runs without a TypeScript step).

export interface StudioBuildState {
  needed: boolean;
  /** Neither dist/studio/ nor its sources exist: nothing to serve, nothing to build from. */
  missing?: boolean;
  reason: string;
}

export const ROOT: string;
export function studioBuildState(root?: string): StudioBuildState;
export function buildStudio(options?: { root?: string; force?: boolean; log?: (line: string) => void }): Promise<{ built: boolean }>;
