// Where the divider between the editor and the graph stands, as a share of the workbench's width
// for the editor: dragged by the analyst, remembered in localStorage (with the sidebar's fold and
// the dock's height), so that a reload keeps the room they gave the graph. Double-clicking the
// divider puts it back.

const KEY = 'verdict.split';

/** The editor's share when nothing is remembered. */
export const DEFAULT_SPLIT = 0.46;

/** A share the divider may take: neither side narrower than a fifth of the workbench. */
export function clampSplit(share: number): number {
  return Math.min(0.8, Math.max(0.2, share));
}

/** A remembered share, or the default for nothing, a damaged entry or one out of range. */
export function parseSplit(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || !/^0\.\d+$/.test(raw)) return DEFAULT_SPLIT;
  const share = Number(raw);
  return share === clampSplit(share) ? share : DEFAULT_SPLIT;
}

export function rememberedSplit(): number {
  try {
    return parseSplit(globalThis.localStorage?.getItem(KEY));
  } catch {
    return DEFAULT_SPLIT;
  }
}

export function rememberSplit(share: number): void {
  try {
    if (share === DEFAULT_SPLIT) globalThis.localStorage?.removeItem(KEY);
    else globalThis.localStorage?.setItem(KEY, clampSplit(share).toFixed(3));
  } catch {
    // Not remembering it is no reason to refuse the analyst.
  }
}
