// OCR is bounded: an image over the pixel limit is refused before it is decoded; one that takes longer
// than the time limit, or whose caller went away, is stopped and frees the workers, and the image queued
// behind it is still read. Under --redact an animated image is refused, saying why (its later frames
// would go out unread).
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrEngine, type OcrLimits } from '../../src-main/core/redact/ocr.ts';
import { redactImage } from '../../src-main/core/redact/redact.ts';

const textImage = (text: string) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="90"><rect width="100%" height="100%" fill="#fff"/><text x="20" y="55" font-family="DejaVu Sans" font-size="30" fill="#111">${text}</text></svg>`,
    ),
  )
    .png()
    .toBuffer();

const limits: OcrLimits = { timeoutMs: 30_000, maxPixels: 25_000_000 };
const engine = createOcrEngine(limits);
afterAll(() => engine.close());

describe('bounded OCR', () => {
  it('refuses an image over the pixel limit before reading it', async () => {
    const small = createOcrEngine({ timeoutMs: 30_000, maxPixels: 10_000 });
    await expect(small.recognize(await textImage('too many pixels'))).rejects.toThrow(
      /900×90 pixels, more than the 0 million/,
    );
    await small.close();
  });

  it('stops an image past its time limit, and reads the next one on fresh workers', async () => {
    limits.timeoutMs = 1;
    await expect(engine.recognize(await textImage('this takes too long'))).rejects.toThrow(
      /took longer than/,
    );
    limits.timeoutMs = 30_000;
    const { text } = await engine.recognize(await textImage('The build passed'));
    expect(text).toContain('build passed');
  }, 120_000);

  it('stops when the caller goes away, and the image queued behind it is still read', async () => {
    // The caller goes away once its image is being read: the engine listens for the abort just as it
    // starts the work, and the abort comes a turn of the event loop later. (A fixed delay was a race:
    // 30 px text is read at its own size, faster than any delay short enough to land mid-image.)
    const gone = new AbortController();
    const listen = gone.signal.addEventListener.bind(gone.signal);
    gone.signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
      listen(...args);
      setImmediate(() => gone.abort());
    };
    const abandoned = engine.recognize(await textImage('nobody waits for this one'), { signal: gone.signal });
    const next = engine.recognize(await textImage('Deployed to staging'));
    await expect(abandoned).rejects.toThrow(/cancelled/);
    expect((await next).text).toContain('Deployed to staging');
  }, 120_000);

  it('refuses an animated image under --redact, saying why', async () => {
    const frame = (colour: string) =>
      sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
        .png()
        .toBuffer();
    const gif = await sharp([await frame('#ffffff'), await frame('#000000')], { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    await expect(redactImage(engine, gif)).rejects.toThrow(/animated GIF \(2 frames\).*not uploaded/);
  });
});
