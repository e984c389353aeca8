import { useToasts } from '../toasts.tsx';
import { AlertIcon, CheckIcon, EraseIcon } from './icons.tsx';

/**
 * Notices from the service and results of actions; announced to screen readers. A fading toast waits
 * while the pointer or the keyboard focus is on it, so it never disappears while being read.
 */
export function Toasts() {
  const { toasts, dismiss, hold, release } = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.level}`}
          data-sticky={toast.sticky || undefined}
          onMouseEnter={() => hold(toast.id)}
          onMouseLeave={() => release(toast.id)}
          onFocus={() => hold(toast.id)}
          onBlur={() => release(toast.id)}
        >
          {toast.level === 'error' ? <AlertIcon /> : <CheckIcon />}
          <span className="toast-message">{toast.message}</span>
          {toast.count > 1 && (
            <span className="toast-count">
              <span aria-hidden="true">×{toast.count}</span>
              <span className="visually-hidden">({toast.count} times)</span>
            </span>
          )}
          <button
            type="button"
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => dismiss(toast.id)}
          >
            <EraseIcon width={14} height={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
