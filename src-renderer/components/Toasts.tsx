import { useToasts } from '../toasts.tsx';
import { AlertIcon, CheckIcon, EraseIcon } from './icons.tsx';

/** Notices from the service and results of actions; announced to screen readers. */
export function Toasts() {
  const { toasts, dismiss } = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.level}`}>
          {toast.level === 'error' ? <AlertIcon /> : <CheckIcon />}
          <span>{toast.message}</span>
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
