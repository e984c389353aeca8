// Draws the app and tray icons from SVG with sharp: `npx tsx src-main/electron/assets/generate-icons.ts`.
// The PNGs are committed; rerun this after changing a drawing. The tray icon's dot shows the state.
// The window's favicon (src-renderer/public/favicon.ico, copied into the build by Vite) is the app icon.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// A viewfinder frame with a chain link: "screenshot in, link out".
const mark = (stroke: string) => `
  <path d="M8 22V12a4 4 0 0 1 4-4h10M42 8h10a4 4 0 0 1 4 4v10M56 42v10a4 4 0 0 1-4 4H42M22 56H12a4 4 0 0 1-4-4V42"
        fill="none" stroke="${stroke}" stroke-width="5" stroke-linecap="round"/>
  <path d="M29 35l6-6M26 31l-3 3a5 5 0 0 0 7 7l3-3M38 33l3-3a5 5 0 0 0-7-7l-3 3"
        fill="none" stroke="${stroke}" stroke-width="4" stroke-linecap="round"/>`;

const appIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect x="0" y="0" width="64" height="64" rx="14" fill="#2563eb"/>
  <g transform="translate(6 6) scale(0.8125)">${mark('#ffffff')}</g></svg>`;

const DOTS = { idle: null, uploading: '#f59e0b', done: '#16a34a', failed: '#dc2626' } as const;
const trayIcon = (dot: string | null) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  ${mark('#6b7280')}${dot ? `<circle cx="50" cy="50" r="13" fill="${dot}" stroke="#ffffff" stroke-width="3"/>` : ''}</svg>`;

// macOS menu bar icons are template images: black and alpha only, which macOS tints for light and dark
// bars (and the file name must end in "Template"). Without colour, the state is told by the dot's shape:
// none when idle, a ring while uploading, a solid dot when done, a cross when failed.
const TEMPLATE_MARKS = {
  idle: '',
  uploading: '<circle cx="50" cy="50" r="10" fill="none" stroke="#000" stroke-width="5"/>',
  done: '<circle cx="50" cy="50" r="12" fill="#000"/>',
  failed: '<path d="M41 41l18 18M59 41l-18 18" stroke="#000" stroke-width="6" stroke-linecap="round"/>',
} as const;
const templateIcon = (state: keyof typeof TEMPLATE_MARKS) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">${mark('#000000')}${TEMPLATE_MARKS[state]}</svg>`;

/** An .ico holding PNG images (every browser and OS since Windows Vista reads PNG inside ICO). */
function icoOf(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size % 256, entry); // 0 means 256
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

mkdirSync(here('./build'), { recursive: true });
await sharp(Buffer.from(appIcon)).resize(1024, 1024).png().toFile(here('./build/icon.png'));
const faviconSizes = [16, 32, 48];
const favicon = icoOf(
  await Promise.all(
    faviconSizes.map(async (size) => ({
      size,
      png: await sharp(Buffer.from(appIcon)).resize(size, size).png().toBuffer(),
    })),
  ),
);
mkdirSync(here('../../../src-renderer/public'), { recursive: true });
writeFileSync(here('../../../src-renderer/public/favicon.ico'), favicon);
for (const [state, dot] of Object.entries(DOTS)) {
  await sharp(Buffer.from(trayIcon(dot)))
    .resize(16, 16)
    .png()
    .toFile(here(`./tray-${state}.png`));
  await sharp(Buffer.from(trayIcon(dot)))
    .resize(32, 32)
    .png()
    .toFile(here(`./tray-${state}@2x.png`));
}
for (const state of Object.keys(TEMPLATE_MARKS) as (keyof typeof TEMPLATE_MARKS)[]) {
  for (const [size, suffix] of [
    [16, ''],
    [32, '@2x'],
  ] as const) {
    await sharp(Buffer.from(templateIcon(state)))
      .resize(size, size)
      .png()
      .toFile(here(`./tray-${state}Template${suffix}.png`));
  }
}
