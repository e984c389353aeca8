import type { SerializedError } from '../../src-shared/errors.ts';

/** A failed API call, carrying the service's error so the UI can show its message and offer a retry. */
export class BridgeCallError extends Error {
  readonly detail: SerializedError;
  constructor(detail: SerializedError) {
    super(detail.message);
    this.name = 'BridgeCallError';
    this.detail = detail;
  }
}

/** The sentence to show a person for anything a call threw. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String(error.message);
  return String(error);
}

/** The service's details of a failed call, when they reached the page. */
function detailOf(error: unknown): Partial<SerializedError> | null {
  if (error instanceof BridgeCallError) return error.detail;
  if (error && typeof error === 'object' && 'kind' in error) return error as Partial<SerializedError>;
  return null;
}

/**
 * Whether a failed call asks the person to do something (fix a setting, set up a wallet or a key,
 * open the host's page) rather than tell them of something that passes by itself (a host that is
 * down or busy, which the queue retries) or that they did themselves (cancelled, declined a payment).
 * Without the service's details (Electron's IPC hands the page only the message) it assumes it does:
 * better a toast to dismiss than a missed instruction.
 */
export function needsAction(error: unknown): boolean {
  const detail = detailOf(error);
  if (!detail) return true;
  if (detail.actionUrl) return true;
  if (detail.code === 'cancelled' || detail.code === 'payment_declined') return false;
  return detail.retryable !== true;
}
