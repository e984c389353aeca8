// Real image files for the pipeline and CLI tests, drawn with sharp: a UI-like screenshot (flat colours,
// lines of "text") and a noisy photo-like image. Deterministic, so a failing test fails the same way twice.
import sharp from 'sharp';

/** A PNG that looks like a screenshot of an app window: title bar, sidebar, lines of text. */
export async function screenshotPng(width = 800, height = 500): Promise<Buffer> {
  const lines = Array.from({ length: Math.floor((height - 80) / 24) }, (_, i) => {
    const y = 70 + i * 24;
    const w = 200 + ((i * 97) % (width - 420));
    return `<rect x="220" y="${y}" width="${w}" height="10" rx="3" fill="#333"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#fafafa"/>
    <rect width="100%" height="40" fill="#2d6cdf"/>
    <rect y="40" width="190" height="${height - 40}" fill="#e8ecf3"/>
    ${lines}
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Random pixels: as hard to compress as a photo can be. */
export async function noisePng(width: number, height: number, seed = 1): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    pixels[i] = state >>> 24;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}
