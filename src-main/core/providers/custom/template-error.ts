// A template that cannot be parsed, or cannot be filled from the host's answer. The message completes
// "<uploader>: ..." and names the exact function that failed.
export class TemplateError extends Error {
  override name = 'TemplateError';
}
