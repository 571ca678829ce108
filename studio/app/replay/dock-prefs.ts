// The replay dock as the analyst left it (open or folded, its tab, its height), kept in the
// studio's prefs so that a reload does not undo the room they made for the editor and the graph.

import type { Prefs } from './datasets.js';
import type { DockTab, ReplaySlice } from './types.js';

const KEY = 'verdict.dock';
const TABS: DockTab[] = ['test', 'backtest', 'runs'];

/** What was remembered, or the dock folded on its first tab; a damaged entry is ignored. */
export function rememberedDock(prefs: Prefs | undefined): ReplaySlice['dock'] {
  const fallback: ReplaySlice['dock'] = { open: false, tab: 'test' };
  const raw = prefs?.get(KEY);
  if (!raw) return fallback;
  try {
    const v = JSON.parse(raw) as Partial<ReplaySlice['dock']>;
    const dock: ReplaySlice['dock'] = { open: v.open === true, tab: TABS.includes(v.tab as DockTab) ? (v.tab as DockTab) : 'test' };
    if (typeof v.height === 'number' && Number.isFinite(v.height) && v.height > 0) dock.height = Math.round(v.height);
    return dock;
  } catch {
    return fallback;
  }
}

export function rememberDock(prefs: Prefs | undefined, dock: ReplaySlice['dock']): void {
  prefs?.set(KEY, JSON.stringify(dock));
}

/**
 * The dock's height on a window this tall: the one dragged to, else about a third of the window,
 * and never so tall that the editor and the graph above it lose their use (about 300 px kept).
 */
export function dockHeight(wanted: number | undefined, windowHeight: number): number {
  const room = windowHeight - 40 - 24 - 300; // top bar, status bar, the workbench's minimum
  const fallback = Math.round(windowHeight * 0.34);
  return Math.max(140, Math.min(wanted ?? fallback, room, wanted === undefined ? 340 : Infinity));
}
