import type { Slice, UiSlice } from './types.js';

export const createUiSlice: Slice<UiSlice> = () => (set, get) => {
  let seq = 0;
  return {
    cursor: undefined,
    toast: undefined,
    dialog: undefined,
    problemsOpen: true,
    history: { undo: false, redo: false },
    notify(kind, text) {
      set({ toast: { kind, text, seq: ++seq } });
    },
    openDialog(dialog) {
      set({ dialog });
    },
    closeDialog() {
      set({ dialog: undefined });
    },
    setCursor(line, column) {
      set({ cursor: { line, column } });
    },
    setHistory(undo, redo) {
      const h = get().history;
      if (h.undo !== undo || h.redo !== redo) set({ history: { undo, redo } });
    },
    toggleProblems(open) {
      set({ problemsOpen: open ?? !get().problemsOpen });
    },
  };
};
