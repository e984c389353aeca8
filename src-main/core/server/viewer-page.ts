// The viewer page of an image (/v/<id>): the image, Open Graph tags so chat apps unfurl the link into a
// preview (like img.pro's `url` beside its `src`), and a QR code of the page so a phone on the LAN can
// open it. No script at all; the one stylesheet is allowed by its hash in the CSP.
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { ImageRecord } from './image-index.ts';

const STYLE = [
  'body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#111;color:#eee;display:flex;flex-direction:column;align-items:center}',
  'main{padding:24px;display:flex;flex-direction:column;align-items:center;gap:16px;max-width:100%;box-sizing:border-box}',
  'img.shot{max-width:100%;height:auto;box-shadow:0 2px 16px #000}',
  '.qr{background:#fff;padding:8px;width:144px;height:144px}',
  'a{color:#8cf}',
].join('');

export const VIEWER_CSP =
  "default-src 'none'; img-src 'self'; " +
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export async function renderViewerPage(
  record: ImageRecord,
  links: { url: string; viewUrl: string },
): Promise<string> {
  const qr = await QRCode.toString(links.viewUrl, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  const title = escapeHtml(record.name);
  const url = escapeHtml(links.url);
  const viewUrl = escapeHtml(links.viewUrl);
  const expiry = record.expiresAt ? `Expires ${escapeHtml(record.expiresAt)}.` : 'Does not expire.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<meta property="og:type" content="website">
<meta property="og:title" content="${title}">
<meta property="og:url" content="${viewUrl}">
<meta property="og:image" content="${url}">
<meta property="og:image:type" content="${record.contentType}">
<meta property="og:image:width" content="${record.width}">
<meta property="og:image:height" content="${record.height}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="${url}">
<style>${STYLE}</style>
</head>
<body>
<main>
<img class="shot" src="../i/${record.id}.${record.ext}" width="${record.width}" height="${record.height}" alt="${title}">
<p><a href="../i/${record.id}.${record.ext}">${url}</a> · ${record.width} × ${record.height} · ${expiry}</p>
<div class="qr" role="img" aria-label="QR code of this page">${qr}</div>
</main>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
