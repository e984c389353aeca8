// Toasts live in a context of their own: a toast coming or going re-renders the toast stack only, not
// the views. Views get `notify`, which never changes, through useShared().
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface Toast {
  id: number;
  level: 'info' | 'error';
  message: string;
}

export type Notify = (level: Toast['level'], message: string) => void;

const TOAST_MS = 4000;

const NotifyContext = createContext<Notify | null>(null);
const ToastListContext = createContext<{ toasts: Toast[]; dismiss: (id: number) => void } | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextToast = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (level, message) => {
      const id = nextToast.current++;
      setToasts((all) => [...all.slice(-3), { id, level, message }]);
      // Errors stay until dismissed: a person may need time to read what to do.
      if (level === 'info') setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  const list = useMemo(() => ({ toasts, dismiss }), [toasts, dismiss]);
  return (
    <NotifyContext.Provider value={notify}>
      <ToastListContext.Provider value={list}>{children}</ToastListContext.Provider>
    </NotifyContext.Provider>
  );
}

/** Shows a toast; stable for the window's lifetime. */
export function useNotify(): Notify {
  const notify = useContext(NotifyContext);
  if (!notify) throw new Error('useNotify outside <ToastProvider>');
  return notify;
}

/** The toasts on screen, for the toast stack alone. */
export function useToasts(): { toasts: Toast[]; dismiss: (id: number) => void } {
  const list = useContext(ToastListContext);
  if (!list) throw new Error('useToasts outside <ToastProvider>');
  return list;
}
