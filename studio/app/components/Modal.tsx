// The studio's one modal dialog: a titled box over a backdrop, closed by Escape or a click on the
// backdrop. By default it focuses its first field or its main button (so Enter confirms); a dialog
// whose main button should not be one keystroke away passes `autoFocus={false}`.
//
// It is modal for the keyboard too: it renders over the page (a portal into <body>), the app behind
// it is `inert` while it is open, Tab and Shift+Tab cycle through its own controls, and the focus
// goes back where it was when it closes.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Dialogs open now: the app root stays inert until the last one closes. */
let open = 0;

export function Modal({ title, testId, onClose, children, autoFocus = true }: { title: string; testId: string; onClose(): void; children: ReactNode; autoFocus?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // Where the focus was before the dialog opened, read at its first render (a field inside may
  // take the focus in an effect that runs before this one's).
  const [before] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : undefined));
  useEffect(() => {
    const root = document.getElementById('root');
    open++;
    root?.setAttribute('inert', '');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close.current();
      else if (e.key === 'Tab' && box.current) {
        const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
        if (!items.length) return e.preventDefault();
        const at = items.indexOf(document.activeElement as HTMLElement);
        const next = e.shiftKey ? (at <= 0 ? items.length - 1 : at - 1) : at < 0 || at === items.length - 1 ? 0 : at + 1;
        e.preventDefault();
        items[next].focus();
      }
    };
    window.addEventListener('keydown', onKey);
    if (autoFocus) box.current?.querySelector<HTMLElement>('input, select, button.btn-danger, button.btn-primary')?.focus();
    else box.current?.focus();
    return () => {
      window.removeEventListener('keydown', onKey);
      if (--open === 0) root?.removeAttribute('inert');
      if (before?.isConnected) before.focus();
    };
  }, [autoFocus, before]);
  return createPortal(
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} ref={box} tabIndex={-1}>
        <h2 className="modal-title">{title}</h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
