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
