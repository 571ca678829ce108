// The store of this studio instance, handed down by context; components select narrowly.

import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Analyzer } from '../language/client.js';
import type { StudioStore } from './index.js';
import type { StudioState } from './types.js';

/** Editor commands the rest of the page can trigger (the toolbar's Format button, the graph's visual edits). */
export interface EditorCommands {
  formatDocument?: () => void;
  focus?: () => void;
  /**
   * Applies batches of edits to the working text as one undoable step (batch n+1's offsets are
   * into the text after batch n), then selects `focus` (offsets into the final text) without taking
   * the focus. False when there is no editable working text (a saved version is on screen).
   */
  applyEdits?: (batches: readonly (readonly { start: number; end: number; text: string }[])[], focus?: { start: number; end: number }) => boolean;
  undo?: () => void;
  redo?: () => void;
}

interface StudioContextValue {
  store: StudioStore;
  analyzer: Analyzer;
  commands: EditorCommands;
}

const StudioContext = createContext<StudioContextValue | null>(null);

export function StudioProvider({ store, analyzer, children }: { store: StudioStore; analyzer: Analyzer; children: ReactNode }) {
  // Made once: the editor fills in `commands` when it mounts.
  const [value] = useState<StudioContextValue>(() => ({ store, analyzer, commands: {} }));
  return <StudioContext.Provider value={value}>{children}</StudioContext.Provider>;
}

function useStudioContext(): StudioContextValue {
  const v = useContext(StudioContext);
  if (!v) throw new Error('a studio component rendered outside <StudioProvider>');
  return v;
}

/** A value from the store; re-renders only when it changes (`Object.is`). */
export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudioContext().store, selector);
}

/** Several values from the store at once, compared shallowly. */
export function useStudioShallow<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudioContext().store, useShallow(selector));
}

/** The store itself, for actions and reads inside event handlers. */
export const useStudioStore = (): StudioStore => useStudioContext().store;
export const useAnalyzer = (): Analyzer => useStudioContext().analyzer;
export const useEditorCommands = (): EditorCommands => useStudioContext().commands;
