// The Content-Security-Policy of the Shotlink window, sent as a header by both of its hosts: the Electron
// shell (app:// scheme) and the loopback bridge (a browser). It applies on top of the page's own meta tag.
// Scripts only from our bundle; images may be remote (uploaded images) or data:/blob: (thumbnails, QR).
export const WINDOW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
].join('; ');
