import { useEffect, useState } from 'react';
import { useStudio } from '../store/context.js';

export function Toasts() {
  const toast = useStudio((s) => s.toast);
  const [hidden, setHidden] = useState<number>();
  useEffect(() => {
    if (!toast || toast.kind === 'error') return;
    const t = setTimeout(() => setHidden(toast.seq), 4000);
    return () => clearTimeout(t);
  }, [toast]);
  if (!toast || hidden === toast.seq) return null;
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span>{toast.text}</span>
      <button className="toast-close" onClick={() => setHidden(toast.seq)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
