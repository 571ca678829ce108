// What the canvas's components share: whether the graph on screen may be edited, and the act runner
// bound to this studio's store and editor.

import { useCallback } from 'react';
import { useEditorCommands, useStudio, useStudioStore } from '../store/context.js';
import { perform, type ActOptions, type ActOutcome, type ActRequest } from './act.js';

/** The working text is on screen (not a saved version): the graph takes visual edits. */
export const useEditable = (): boolean => useStudio((s) => s.path !== undefined && s.viewing === undefined && s.compiled !== undefined);

export function useAct(): (request: ActRequest, options?: ActOptions) => Promise<ActOutcome> {
  const store = useStudioStore();
  const commands = useEditorCommands();
  return useCallback((request, options) => perform(store, commands, request, options), [store, commands]);
}

/**
 * Keeps the focus on an element while the graph re-renders after an act (a row moved by Alt+Up is
 * drawn again in its new place, and the browser drops the focus of a node it moves).
 */
export function refocus(selector: string, timeout = 2000): void {
  const until = Date.now() + timeout;
  const tick = () => {
    const active = document.activeElement;
    // The analyst moved on to something else: leave the focus there.
    if (active && active !== document.body && !active.matches(selector)) return;
    const el = document.querySelector<HTMLElement>(selector);
    if (el && active !== el) el.focus({ preventScroll: true });
    if (Date.now() < until) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
