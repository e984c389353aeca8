// Errors a route throws to answer with a status and a JSON body `{error, message}`, the same shape
// img402 uses, so one client-side mapping reads both.
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Headers the answer carries (Retry-After on a 503). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = () => new HttpError(404, 'not_found', 'No image here.');
