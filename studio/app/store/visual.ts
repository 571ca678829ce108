// Visual editing's state: the side panel and dialogs of the canvas, the node positions an analyst
// set by hand (kept in a sidecar file beside the policy, never in its text). The edits themselves
// go through the editor (visual/act.ts); the last backtest's suggested orders come from the
// replay slice (`lastBacktest`).

import type { XY } from '../graph/layout.js';
import { messageOf, type Slice } from './types.js';

export type Positions = Record<string, XY>;

export type VisualPanel = 'inspector' | 'params' | 'palette';

export type VisualDialog =
  | { kind: 'delete'; node: string; rule?: string }
  | { kind: 'insert'; from: string; to: string; arm?: number | 'else' };

export interface VisualSlice {
  /** Hand-placed positions of the open policy's nodes; the others are laid out automatically. */
  positions: Positions;
  /** The policy `positions` belong to. */
  positionsFor?: string;
  loadPositions(policy: string): Promise<void>;
  /** Moves a node on screen (while dragging); `savePositions` writes the sidecar. */
  setPosition(node: string, xy: XY): void;
  savePositions(): Promise<void>;
  /** Back to the automatic layout: forgets every hand-placed position. */
  clearPositions(): Promise<void>;
  panel?: VisualPanel;
  /** Opens a panel, or closes the side panel (no argument). */
  openPanel(panel?: VisualPanel): void;
  visualDialog?: VisualDialog;
  openVisualDialog(d?: VisualDialog): void;
}

export const LAYOUT_SCHEMA = 'verdict.layout/1';

/** `risk/application.policy` → `risk/application.layout.json`. */
export const layoutPathOf = (policy: string): string => `${policy.replace(/\.policy$/, '')}.layout.json`;

/** Positions read from a sidecar's text; a file that is not one gives an error message. */
export function readPositions(text: string): { positions: Positions } | { error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `it is not JSON (${messageOf(e)})` };
  }
  const nodes = (data as { nodes?: unknown })?.nodes;
  if (!nodes || typeof nodes !== 'object' || Array.isArray(nodes)) return { error: 'it has no `nodes` object' };
  const positions: Positions = {};
  for (const [id, p] of Object.entries(nodes as Record<string, unknown>)) {
    const { x, y } = (p ?? {}) as { x?: unknown; y?: unknown };
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) positions[id] = { x, y };
  }
  return { positions };
}

export function writePositions(policy: string, positions: Positions): string {
  const nodes: Positions = {};
  for (const id of Object.keys(positions).sort()) nodes[id] = { x: Math.round(positions[id].x), y: Math.round(positions[id].y) };
  return `${JSON.stringify({ schema: LAYOUT_SCHEMA, policy: policy.slice(policy.lastIndexOf('/') + 1), nodes }, null, 2)}\n`;
}

export const createVisualSlice: Slice<VisualSlice> = (deps) => (set, get) => {
  /** The sidecar exists on disk (so that clearing it rewrites it, and an untouched policy gets none). */
  let onDisk = false;
  return {
    positions: {},
    positionsFor: undefined,
    async loadPositions(policy) {
      set({ positions: {}, positionsFor: policy });
      onDisk = false;
      const path = layoutPathOf(policy);
      let text: string | undefined;
      try {
        text = deps.api.readOptional ? (await deps.api.readOptional(path))?.text : (await deps.api.readFile(path)).text;
      } catch {
        text = undefined;
      }
      // No sidecar: the automatic layout.
      if (text === undefined || get().positionsFor !== policy) return;
      onDisk = true;
      const r = readPositions(text);
      if ('error' in r) get().notify('error', `${layoutPathOf(policy)} is ignored: ${r.error}. The graph is laid out automatically.`);
      else set({ positions: r.positions });
    },
    setPosition(node, xy) {
      set({ positions: { ...get().positions, [node]: xy } });
    },
    async savePositions() {
      const { positionsFor: policy, positions } = get();
      if (!policy) return;
      try {
        await deps.api.writeFile(layoutPathOf(policy), writePositions(policy, positions));
        onDisk = true;
      } catch (e) {
        get().notify('error', `Could not save the layout of ${policy}: ${messageOf(e)}`);
      }
    },
    async clearPositions() {
      set({ positions: {} });
      if (onDisk) await get().savePositions();
    },

    panel: undefined,
    openPanel(panel) {
      set({ panel });
    },
    visualDialog: undefined,
    openVisualDialog(visualDialog) {
      set({ visualDialog });
    },
  };
};
