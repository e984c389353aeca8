// The optimizer benchmark's corpus: real screenshots taken by Chromium of local pages written here (docs
// text, code on a dark background, a photo-heavy page, a dashboard) at 1080p, 1440p and 5K retina. The
// photographs on the photo page are generated too (multi-scale noise: smooth areas, texture, grain), so
// nothing is downloaded. Everything is cached in bench/corpus/ (git-ignored): delete it to rebuild.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/support/chromium.ts';

export interface CorpusImage {
  name: string;
  path: string;
}

const VIEWPORTS = [
  { label: '1080p', width: 1920, height: 1080, scale: 1 },
  { label: '1440p', width: 2560, height: 1440, scale: 1 },
  { label: '5k', width: 2560, height: 1440, scale: 2 },
] as const;

const PAGES: Record<string, (assets: string) => string> = {
  docs: () => docsPage(),
  code: () => codePage(),
  photos: (assets) => photoPage(assets),
  article: (assets) => articlePage(assets),
  dashboard: () => dashboardPage(),
};

export async function ensureCorpus(dir: string): Promise<CorpusImage[]> {
  const wanted = Object.keys(PAGES).flatMap((page) =>
    VIEWPORTS.map((v) => ({ name: `${page}-${v.label}`, page, viewport: v })),
  );
  const images = wanted.map((w) => ({ name: w.name, path: join(dir, `${w.name}.png`) }));
  const missing = [];
  for (const [i, w] of wanted.entries()) if (!(await exists(images[i]!.path))) missing.push(w);
  if (missing.length === 0) return images;

  const assets = join(dir, 'assets');
  await mkdir(assets, { recursive: true });
  await makePhotos(assets);
  for (const [page, render] of Object.entries(PAGES)) {
    await writeFile(join(assets, `${page}.html`), render(assets));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    for (const w of missing) {
      const context = await browser.newContext({
        viewport: { width: w.viewport.width, height: w.viewport.height },
        deviceScaleFactor: w.viewport.scale,
      });
      const page = await context.newPage();
      await page.goto(`file://${join(assets, `${w.page}.html`)}`, { waitUntil: 'load' });
      const png = await page.screenshot({ type: 'png' });
      await writeFile(join(dir, `${w.name}.png`), png);
      await context.close();
      process.stderr.write(`corpus: ${w.name}.png\n`);
    }
  } finally {
    await browser.close();
  }
  return images;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

// ---------- generated photographs ----------

const PHOTO_COUNT = 9;

async function makePhotos(dir: string): Promise<void> {
  for (let i = 0; i < PHOTO_COUNT; i++) {
    const path = join(dir, `photo-${i}.jpg`);
    if (await exists(path)) continue;
    await writeFile(path, await makePhoto(1600, 1067, i + 1));
  }
}

/** A landscape-like picture: a sky gradient over fractal terrain, with texture and sensor grain. */
export async function makePhoto(width: number, height: number, seed: number): Promise<Buffer> {
  const random = mulberry32(seed);
  // Real photographs have strongly correlated channels: detail lives in brightness, colour changes
  // slowly. So the octaves make a brightness map, and one coarse octave tints it.
  const light = new Float32Array(width * height);
  for (const [cell, weight] of [
    [256, 0.45],
    [64, 0.25],
    [16, 0.18],
    [4, 0.12],
  ] as const) {
    const octave = await smoothNoise(width, height, cell, 1, random);
    for (let i = 0; i < light.length; i++) light[i]! += octave[i]! * weight;
  }
  const tint = await smoothNoise(width, height, 200, 3, random);
  const base = [
    [90, 110, 70],
    [150, 125, 95],
    [70, 105, 60],
    [120, 100, 90],
  ][seed % 4]!;
  const horizon = height * (0.3 + random() * 0.3);
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const sky = y < horizon;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const detail = light[p]! - 128;
      for (let c = 0; c < 3; c++) {
        const colour = (tint[p * 3 + c]! - 128) * 0.35;
        const terrain = base[c]! + detail * 1.5 + colour;
        const skyTone = [150, 185, 230][c]! - (y / horizon) * 45 + detail * 0.25 + colour * 0.3;
        const grain = (random() - 0.5) * 8;
        out[p * 3 + c] = clamp((sky ? skyTone : terrain) + grain);
      }
    }
  }
  return sharp(out, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** Random values on a grid of `cell`-pixel squares, smoothly interpolated up to full size. */
async function smoothNoise(
  width: number,
  height: number,
  cell: number,
  channels: 1 | 3,
  random: () => number,
): Promise<Buffer> {
  const w = Math.ceil(width / cell) + 1;
  const h = Math.ceil(height / cell) + 1;
  const small = Buffer.alloc(w * h * channels);
  for (let i = 0; i < small.length; i++) small[i] = Math.floor(random() * 256);
  return sharp(small, { raw: { width: w, height: h, channels } })
    .resize(width, height, { fit: 'fill', kernel: 'cubic' })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb') // else sharp widens one band to three
    .raw()
    .toBuffer();
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------- pages ----------

const WORDS = (
  'the image pipeline reads bytes validates the header decodes every pixel strips metadata and fits the ' +
  'result under the byte limit of the chosen host before any network request is made a screenshot of text ' +
  'compresses best without loss while photographs need lossy coding settings are stored atomically and the ' +
  'queue retries uploads that fail for reasons that pass such as timeouts or rate limits'
).split(' ');

function prose(seed: number, words: number): string {
  const random = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  const text = out.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function docsPage(): string {
  const nav = Array.from(
    { length: 28 },
    (_, i) => `<li${i === 5 ? ' class="on"' : ''}>${prose(i, 3)}</li>`,
  ).join('');
  const sections = Array.from(
    { length: 6 },
    (_, s) => `
    <h2>${s + 1}. ${prose(100 + s, 4)}</h2>
    <p>${prose(200 + s, 90)}</p>
    <p>${prose(300 + s, 70)} <code>optimizeImage(image, options)</code> ${prose(400 + s, 30)}</p>
    <div class="note"><b>Note</b> ${prose(500 + s, 40)}</div>
    <pre>${codeLines(s, 6, false)}</pre>
    <table><tr><th>Setting</th><th>Default</th><th>Meaning</th></tr>
    ${Array.from({ length: 4 }, (_, r) => `<tr><td><code>key${r}</code></td><td>${r * 17}</td><td>${prose(600 + s * 9 + r, 12)}</td></tr>`).join('')}
    </table>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;font:16px/1.6 "DejaVu Sans",sans-serif;color:#1f2328;background:#fff;display:flex}
  nav{width:280px;background:#f6f8fa;border-right:1px solid #d0d7de;padding:20px;font-size:14px;min-height:100vh}
  nav ul{list-style:none;padding:0;margin:0} nav li{padding:4px 8px;border-radius:6px;color:#57606a}
  nav li.on{background:#ddf4ff;color:#0969da;font-weight:bold}
  main{padding:32px 64px;max-width:1000px} h1{font-size:34px;border-bottom:1px solid #d0d7de}
  h2{font-size:24px;margin-top:32px} code{background:#eff1f3;padding:2px 5px;border-radius:4px;font:14px "DejaVu Sans Mono",monospace}
  pre{background:#f6f8fa;padding:16px;border-radius:6px;font:14px/1.45 "DejaVu Sans Mono",monospace}
  .note{border-left:4px solid #0969da;background:#f0f7ff;padding:8px 16px;margin:16px 0}
  table{border-collapse:collapse;margin:16px 0} td,th{border:1px solid #d0d7de;padding:6px 13px} th{background:#f6f8fa}
  .kw{color:#cf222e}.str{color:#0a3069}.fn{color:#8250df}.cm{color:#6e7781}.num{color:#0550ae}
  </style></head><body><nav><b>Shotlink docs</b><ul>${nav}</ul></nav>
  <main><h1>Image optimization guide</h1><p>${prose(1, 60)}</p>${sections}</main></body></html>`;
}

const CODE = [
  "import { readFile } from 'node:fs/promises';",
  "import sharp from 'sharp';",
  '',
  '// Fit the image under the limit, trying lossless first.',
  'export async function fit(path: string, limit: number): Promise<Buffer> {',
  '  const bytes = await readFile(path);',
  '  let quality = 90;',
  '  for (let attempt = 0; attempt < 8; attempt++) {',
  '    const out = await sharp(bytes).webp({ quality, effort: 4 }).toBuffer();',
  '    if (out.length <= limit) return out;',
  '    quality -= 10; // step down and retry',
  '  }',
  '  throw new Error(`cannot fit ${path} under ${limit} bytes`);',
  '}',
  '',
];

function highlight(line: string): string {
  return line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/(\/\/.*)$/, '<span class="cm">$1</span>')
    .replace(/('[^']*'|`[^`]*`)/g, '<span class="str">$1</span>')
    .replace(
      /\b(import|from|export|async|function|const|let|for|await|if|return|throw|new)\b/g,
      '<span class="kw">$1</span>',
    )
    .replace(/\b(\d+)\b/g, '<span class="num">$1</span>')
    .replace(/\b(fit|readFile|sharp|webp|toBuffer)\b/g, '<span class="fn">$1</span>');
}

function codeLines(seed: number, count: number, numbers: boolean): string {
  return Array.from({ length: count }, (_, i) => {
    const line = highlight(CODE[(i + seed) % CODE.length]!);
    return numbers ? `<span class="ln">${i + 1}</span>${line}` : line;
  }).join('\n');
}

function codePage(): string {
  const tree = Array.from(
    { length: 40 },
    (_, i) =>
      `<div style="padding-left:${(i % 4) * 14 + 8}px"${i === 9 ? ' class="on"' : ''}>${i % 4 === 0 ? '▾ ' : ''}${prose(700 + i, 1)}${i % 4 ? '.ts' : ''}</div>`,
  ).join('');
  const terminal = Array.from({ length: 12 }, (_, i) => `<div>$ ${prose(900 + i, 8)}</div>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;background:#1e1e1e;color:#d4d4d4;font:14px "DejaVu Sans",sans-serif;display:flex;height:100vh;overflow:hidden}
  .bar{width:48px;background:#333}.tree{width:260px;background:#252526;padding-top:8px;font-size:13px}
  .tree div{padding:2px 0;color:#ccc}.tree .on{background:#37373d}
  .main{flex:1;display:flex;flex-direction:column}.tabs{height:35px;background:#2d2d2d;display:flex}
  .tab{padding:8px 16px;color:#969696;border-right:1px solid #252526}.tab.on{background:#1e1e1e;color:#fff}
  pre{flex:1;margin:0;padding:8px 0;font:14px/19px "DejaVu Sans Mono",monospace;overflow:hidden}
  .ln{display:inline-block;width:56px;text-align:right;padding-right:24px;color:#858585}
  .kw{color:#569cd6}.str{color:#ce9178}.fn{color:#dcdcaa}.cm{color:#6a9955}.num{color:#b5cea8}
  .term{height:230px;background:#181818;border-top:1px solid #333;font:13px/18px "DejaVu Sans Mono",monospace;padding:8px 16px;color:#cccccc;overflow:hidden}
  .status{height:22px;background:#007acc;color:#fff;font-size:12px;padding:3px 12px}
  </style></head><body><div class="bar"></div><div class="tree">${tree}</div><div class="main">
  <div class="tabs"><div class="tab on">optimize.ts</div><div class="tab">intake.ts</div><div class="tab">sniff.ts</div></div>
  <pre>${codeLines(0, 120, true)}</pre><div class="term">${terminal}</div>
  <div class="status">main ✓ 0 problems — Ln 12, Col 4 — UTF-8 — TypeScript</div></div></body></html>`;
}

function photoPage(assets: string): string {
  const cards = Array.from(
    { length: PHOTO_COUNT },
    (_, i) => `<figure class="${i === 0 ? 'hero' : ''}"><img src="file://${join(assets, `photo-${i}.jpg`)}">
    <figcaption><b>${prose(1000 + i, 5)}</b><br>${prose(1100 + i, 18)}</figcaption></figure>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;font:15px/1.5 "DejaVu Serif",serif;background:#faf9f7;color:#222}
  header{height:64px;background:#111;color:#fff;font:bold 26px "DejaVu Sans",sans-serif;padding:14px 40px;box-sizing:border-box}
  .grid{display:grid;grid-template-columns:repeat(4,1fr);gap:20px;padding:24px 40px}
  figure{margin:0;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.15)} figure.hero{grid-column:span 2;grid-row:span 2}
  img{width:100%;display:block;aspect-ratio:3/2;object-fit:cover} figcaption{padding:10px 14px;font-size:14px}
  </style></head><body><header>Travel Journal — Landscapes</header><div class="grid">${cards}</div></body></html>`;
}

/** A blog post: mostly text, with one photograph taking about a quarter of the screen. */
function articlePage(assets: string): string {
  const paragraphs = Array.from({ length: 8 }, (_, i) => `<p>${prose(1300 + i, 80)}</p>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;font:18px/1.7 "DejaVu Serif",serif;background:#fff;color:#292929}
  header{height:56px;border-bottom:1px solid #eee;font:bold 22px "DejaVu Sans",sans-serif;padding:14px 48px;box-sizing:border-box}
  article{max-width:820px;margin:0 auto;padding:24px}h1{font:bold 40px/1.2 "DejaVu Sans",sans-serif}
  img{width:100%;aspect-ratio:16/7;object-fit:cover;display:block}.by{color:#757575;font-size:15px}
  </style></head><body><header>Field Notes</header><article><h1>${prose(1299, 7)}</h1>
  <div class="by">By A. Writer · 6 min read</div><img src="file://${join(assets, 'photo-3.jpg')}">${paragraphs}</article></body></html>`;
}

function dashboardPage(): string {
  const random = mulberry32(42);
  const points = Array.from(
    { length: 60 },
    (_, i) => `${i * 16},${150 - Math.round(60 * Math.sin(i / 6) + random() * 40)}`,
  ).join(' ');
  const bars = Array.from(
    { length: 12 },
    (_, i) =>
      `<rect x="${i * 40 + 10}" y="${200 - (h(i) + 20)}" width="28" height="${h(i) + 20}" rx="3" fill="${i % 3 ? '#6366f1' : '#22c55e'}"/>`,
  ).join('');
  function h(i: number) {
    return Math.round(mulberry32(i + 7)() * 160);
  }
  const kpis = ['Uploads', 'Bytes saved', 'Failures', 'Spend (USDC)']
    .map(
      (k, i) =>
        `<div class="card kpi"><div class="label">${k}</div><div class="value">${(i + 1) * 1234}</div><div class="delta ${i % 2 ? 'down' : 'up'}">${i % 2 ? '▼' : '▲'} ${i * 3 + 2}.4%</div></div>`,
    )
    .join('');
  const rows = Array.from(
    { length: 14 },
    (_, i) =>
      `<tr><td>#${4000 + i}</td><td>${prose(1200 + i, 3)}</td><td><span class="badge b${i % 3}">${['done', 'queued', 'failed'][i % 3]}</span></td><td>${(random() * 900).toFixed(1)} KB</td><td>2026-11-${String((i % 28) + 1).padStart(2, '0')}</td></tr>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{margin:0;font:14px "DejaVu Sans",sans-serif;background:#f1f5f9;color:#0f172a;display:flex;min-height:100vh}
  aside{width:220px;background:linear-gradient(180deg,#1e293b,#0f172a);color:#cbd5e1;padding:20px}
  aside div{padding:9px 12px;border-radius:8px}aside .on{background:#334155;color:#fff}
  main{flex:1;padding:24px}.row{display:grid;grid-template-columns:repeat(4,1fr);gap:16px;margin-bottom:16px}
  .card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.1);padding:16px}
  .label{color:#64748b}.value{font-size:30px;font-weight:bold}.up{color:#16a34a}.down{color:#dc2626}
  .charts{display:grid;grid-template-columns:2fr 1fr;gap:16px;margin-bottom:16px}
  table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:8px;border-bottom:1px solid #e2e8f0}
  .badge{padding:2px 8px;border-radius:999px;font-size:12px}.b0{background:#dcfce7;color:#166534}.b1{background:#fef9c3;color:#854d0e}.b2{background:#fee2e2;color:#991b1b}
  </style></head><body><aside>${['Overview', 'Uploads', 'History', 'Hosts', 'Payments', 'Settings'].map((x, i) => `<div${i === 0 ? ' class="on"' : ''}>${x}</div>`).join('')}</aside>
  <main><h1>Overview</h1><div class="row">${kpis}</div><div class="charts">
  <div class="card"><b>Uploads per hour</b><svg viewBox="0 0 960 200" width="100%"><defs><linearGradient id="g" x1="0" x2="0" y1="0" y2="1"><stop offset="0" stop-color="#6366f1" stop-opacity=".4"/><stop offset="1" stop-color="#6366f1" stop-opacity="0"/></linearGradient></defs><polygon points="0,200 ${points} 944,200" fill="url(#g)"/><polyline points="${points}" fill="none" stroke="#6366f1" stroke-width="3"/></svg></div>
  <div class="card"><b>By host</b><svg viewBox="0 0 490 200" width="100%">${bars}</svg></div></div>
  <div class="card"><table><tr><th>ID</th><th>File</th><th>Status</th><th>Size</th><th>Date</th></tr>${rows}</table></div></main></body></html>`;
}

/** For a quick look at one page while editing it: `npx tsx bench/optimize-corpus.ts`. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = join(import.meta.dirname, 'corpus');
  const images = await ensureCorpus(dir);
  for (const image of images) {
    const meta = await sharp(await readFile(image.path)).metadata();
    console.log(`${image.name}: ${meta.width}×${meta.height}`);
  }
}
