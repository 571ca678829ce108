// Whether the workspace sidebar is shown: folded away it gives its width to the editor and the
// graph (the window is narrow once the replay dock and the graph's side panel are open too).
// Remembered in localStorage; shared by the top bar's toggle and the layout.

import { useSyncExternalStore } from 'react';

const KEY = 'verdict.sidebar';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) !== 'folded';
  } catch {
    return true;
  }
}

let shown = read();

export function setSidebarShown(value: boolean): void {
  shown = value;
  try {
    globalThis.localStorage?.setItem(KEY, value ? 'shown' : 'folded');
  } catch {
    // Not remembering it is no reason to refuse the analyst.
  }
  for (const l of listeners) l();
}

export function useSidebarShown(): boolean {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => void listeners.delete(l)),
    () => shown,
  );
}
