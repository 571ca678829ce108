// Monaco is loaded on demand: the page paints (workspace, graph) without waiting for its 4 MB. Its
// evaluation holds the page's thread for a few hundred milliseconds, so it starts once the first
// graph is on screen (or after a while, when there is none): a graph that arrives while Monaco is
// being evaluated waits for it, which is most of a freshly opened page's first graph's time on a
// busy machine. The editor comes a moment later; the graph, the map of the policy, first.

import { firstGraphPainted } from '../metrics.js';

type Setup = typeof import('./monaco-setup.js');

/** Longest wait for the first graph (ms from the first call), for a page with no policy or a slow one. */
const GRAPH_FIRST_MAX_WAIT = 1500;

let loading: Promise<Setup> | undefined;

export const loadMonaco = (): Promise<Setup> =>
  (loading ??= Promise.race([firstGraphPainted, new Promise<void>((resolve) => setTimeout(resolve, GRAPH_FIRST_MAX_WAIT))]).then(() => import('./monaco-setup.js')));
