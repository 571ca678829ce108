// Reordering the rows of a node by dragging them (pointer events, so that it works the same with a
// mouse, a pen and a finger, and inside React Flow's zoomed canvas), with the keyboard alternative
// Alt+Up / Alt+Down on a focused row. The rows move on screen while dragged; the drop is an act.

import { useCallback, useRef, useState, type CSSProperties, type KeyboardEvent, type MouseEvent, type PointerEvent as ReactPointerEvent } from 'react';

export interface ReorderOptions {
  /** Rows [0, count) can be reordered (an `else` row after them stays put). */
  count: number;
  disabled: boolean;
  onMove(from: number, to: number): void;
}

interface Drag {
  from: number;
  to: number;
  /** Pointer travel in the rows' own (unzoomed) pixels. */
  dy: number;
  /** Height of the dragged row, in the rows' pixels. */
  height: number;
}

const THRESHOLD = 4;

export function useReorder({ count, disabled, onMove }: ReorderOptions) {
  const [drag, setDrag] = useState<Drag>();
  const dragged = useRef(false);

  const onPointerDown = useCallback(
    (e: ReactPointerEvent<HTMLElement>, index: number) => {
      if (disabled || e.button !== 0 || index >= count) return;
      const row = e.currentTarget;
      const list = row.parentElement;
      if (!list) return;
      const rows = [...list.querySelectorAll<HTMLElement>(':scope > [data-reorder]')].slice(0, count);
      const rects = rows.map((r) => r.getBoundingClientRect());
      // The canvas is zoomed: screen pixels over the rows' own pixels.
      const scale = row.offsetHeight ? rects[index].height / row.offsetHeight : 1;
      const startY = e.clientY;
      const center = rects[index].top + rects[index].height / 2;
      let started = false;
      let current: Drag | undefined;
      dragged.current = false;
      const move = (ev: PointerEvent) => {
        const dy = ev.clientY - startY;
        if (!started && Math.abs(dy) < THRESHOLD) return;
        started = true;
        const c = center + dy;
        let to = 0;
        rects.forEach((r, i) => {
          if (i !== index && r.top + r.height / 2 < c) to++;
        });
        current = { from: index, to, dy: dy / scale, height: row.offsetHeight };
        setDrag(current);
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        window.removeEventListener('pointercancel', up);
        setDrag(undefined);
        if (!started) return;
        // The click that ends a drag is not a click on the row.
        dragged.current = true;
        setTimeout(() => (dragged.current = false), 0);
        if (current && current.to !== current.from) onMove(current.from, current.to);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
      window.addEventListener('pointercancel', up);
    },
    [count, disabled, onMove],
  );

  const onKeyDown = useCallback(
    (e: KeyboardEvent, index: number) => {
      if (disabled || !e.altKey || index >= count) return;
      const to = e.key === 'ArrowUp' ? index - 1 : e.key === 'ArrowDown' ? index + 1 : -1;
      if (to < 0 || to >= count) return;
      e.preventDefault();
      e.stopPropagation();
      onMove(index, to);
    },
    [count, disabled, onMove],
  );

  /** Whether a click is the end of a drag (and should be ignored). */
  const wasDrag = useCallback((e: MouseEvent) => {
    if (!dragged.current) return false;
    e.stopPropagation();
    return true;
  }, []);

  /** Where a row is drawn while another (or itself) is dragged. */
  const styleOf = (index: number): CSSProperties | undefined => {
    if (!drag) return undefined;
    if (index === drag.from) return { transform: `translateY(${drag.dy}px)`, zIndex: 2, position: 'relative' };
    const shift = drag.from < index && index <= drag.to ? -drag.height : drag.to <= index && index < drag.from ? drag.height : 0;
    return shift ? { transform: `translateY(${shift}px)`, transition: 'transform 120ms ease' } : { transition: 'transform 120ms ease' };
  };

  return { drag, onPointerDown, onKeyDown, wasDrag, styleOf };
}

/** Moves one item of a list: the order after dragging `from` to `to`. */
export function moved<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item);
  return out;
}
