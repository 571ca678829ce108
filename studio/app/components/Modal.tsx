// The studio's one modal dialog: a titled box over a backdrop, closed by Escape or a click on the
// backdrop. By default it focuses its first field or its main button (so Enter confirms); a dialog
// whose main button should not be one keystroke away passes `autoFocus={false}`.

import { useEffect, useRef, type ReactNode } from 'react';

export function Modal({ title, testId, onClose, children, autoFocus = true }: { title: string; testId: string; onClose(): void; children: ReactNode; autoFocus?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close.current();
    window.addEventListener('keydown', onKey);
    if (autoFocus) box.current?.querySelector<HTMLElement>('input, select, button.btn-danger, button.btn-primary')?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, [autoFocus]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} ref={box}>
        <h2 className="modal-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
