// Monaco is loaded on demand: the page paints (workspace, graph) without waiting for its 4 MB.

type Setup = typeof import('./monaco-setup.js');

let loading: Promise<Setup> | undefined;

export const loadMonaco = (): Promise<Setup> => (loading ??= import('./monaco-setup.js'));
