// Toasts live in a context of their own: a toast coming or going re-renders the toast stack only, not
// the views. Views get `notify`, which never changes, through useShared().
//
// How long a toast stays is decided here, once: an error that asks the person to do something stays
// until dismissed (they may need time to read what to do); any other toast fades by itself. The same
// message arriving again while its toast is up counts on that toast instead of stacking a copy.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';

export interface Toast {
  id: number;
  level: 'info' | 'error';
  message: string;
  /** How many times this message arrived while its toast was up. */
  count: number;
  /** Stays until dismissed. */
  sticky: boolean;
}

export interface NotifyOptions {
  /** For an error: whether it asks the person to act (default true, so nothing to act on is missed). */
  needsAction?: boolean;
}

export type Notify = (level: Toast['level'], message: string, options?: NotifyOptions) => void;

/** How long a toast that fades stays up (errors a little longer: they take longer to read). */
export const TOAST_MS = { info: 4000, error: 8000 } as const;
/** At most this many toasts at once; the oldest that would fade anyway goes first. */
const MAX_TOASTS = 4;

interface ToastList {
  toasts: Toast[];
  dismiss: (id: number) => void;
  /** Pauses a fading toast while the pointer or focus is on it; `release` starts its time again. */
  hold: (id: number) => void;
  release: (id: number) => void;
}

const NotifyContext = createContext<Notify | null>(null);
const ToastListContext = createContext<ToastList | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  // The list as last set, read synchronously by notify (timers are not started inside state updaters).
  const current = useRef<Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const held = useRef(new Set<number>());
  const nextToast = useRef(1);
  // A window that goes away takes its toasts' timers with it: none fires into a page that is gone.
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const publish = useCallback((next: Toast[]) => {
    current.current = next;
    setToasts(next);
  }, []);
  const stopTimer = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);
  const dismiss = useCallback(
    (id: number) => {
      stopTimer(id);
      held.current.delete(id);
      publish(current.current.filter((t) => t.id !== id));
    },
    [publish, stopTimer],
  );
  const startTimer = useCallback(
    (toast: Toast) => {
      stopTimer(toast.id);
      if (toast.sticky || held.current.has(toast.id)) return;
      timers.current.set(
        toast.id,
        setTimeout(() => dismiss(toast.id), TOAST_MS[toast.level]),
      );
    },
    [dismiss, stopTimer],
  );

  const notify = useCallback<Notify>(
    (level, message, options = {}) => {
      const sticky = level === 'error' && options.needsAction !== false;
      const same = current.current.find((t) => t.level === level && t.message === message);
      if (same) {
        // Once needing action, always: a repeat that would fade does not make it fade.
        const again = { ...same, count: same.count + 1, sticky: same.sticky || sticky };
        publish(current.current.map((t) => (t.id === same.id ? again : t)));
        startTimer(again);
        return;
      }
      const toast: Toast = { id: nextToast.current++, level, message, count: 1, sticky };
      const next = [...current.current, toast];
      while (next.length > MAX_TOASTS) {
        const oldest = Math.max(
          0,
          next.findIndex((t) => !t.sticky),
        );
        stopTimer(next[oldest]!.id);
        next.splice(oldest, 1);
      }
      publish(next);
      startTimer(toast);
    },
    [publish, startTimer, stopTimer],
  );

  const hold = useCallback(
    (id: number) => {
      held.current.add(id);
      stopTimer(id);
    },
    [stopTimer],
  );
  const release = useCallback(
    (id: number) => {
      held.current.delete(id);
      const toast = current.current.find((t) => t.id === id);
      if (toast) startTimer(toast);
    },
    [startTimer],
  );

  const list = useMemo(() => ({ toasts, dismiss, hold, release }), [toasts, dismiss, hold, release]);
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
export function useToasts(): ToastList {
  const list = useContext(ToastListContext);
  if (!list) throw new Error('useToasts outside <ToastProvider>');
  return list;
}
