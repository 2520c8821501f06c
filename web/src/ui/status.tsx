import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

/**
 * The status region: short confirmations ("Partner archived") and background failures, announced by
 * screen readers (aria-live) and shown for a few seconds at the bottom of the window.
 */
type Tone = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  message: string;
  tone: Tone;
}

const StatusContext = createContext<(message: string, tone?: Tone) => void>(() => {});
const SHOWN_MS = 6_000;

export function StatusProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);
  const announce = useCallback(
    (message: string, tone: Tone = 'success') => {
      const id = next.current++;
      setToasts((list) => [...list.slice(-2), { id, message, tone }]);
      setTimeout(() => dismiss(id), tone === 'error' ? SHOWN_MS * 2 : SHOWN_MS);
    },
    [dismiss],
  );
  const value = useMemo(() => announce, [announce]);
  return (
    <StatusContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((toast) => (
          <p key={toast.id} className={`toast toast-${toast.tone}`}>
            <span>{toast.message}</span>
            <button type="button" className="link-button" onClick={() => dismiss(toast.id)} aria-label="Dismiss">
              ×
            </button>
          </p>
        ))}
      </div>
    </StatusContext.Provider>
  );
}

/** `announce('Partner archived')`: tell the user an action succeeded (or failed in the background). */
export function useAnnounce(): (message: string, tone?: Tone) => void {
  return useContext(StatusContext);
}
