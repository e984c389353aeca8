// The agents' rules in core, as plain functions: which findings covering cannot hide whole, and an
// animation refused because only its first frame could be checked.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { redactForAgent, uncoverable } from '../../src-main/core/agents/redaction.ts';
import type { OcrEngine } from '../../src-main/core/redact/ocr.ts';
import type { SettingsStore } from '../../src-main/core/context.ts';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import type { Finding } from '../../src-shared/findings.ts';
import { animatedGif } from '../images/fixtures.ts';

const box = (x: number, y: number, width = 50, height = 10) => ({ x, y, width, height });
const settings: SettingsStore = { get: () => DEFAULT_SETTINGS, set: () => DEFAULT_SETTINGS };
/** An engine that must not be reached. */
const noOcr: OcrEngine = {
  recognize: () => Promise.reject(new Error('OCR should not run')),
  close: () => Promise.resolve(),
};

describe('uncoverable', () => {
  it('passes findings inside the image and names those with nothing to cover or reaching past it', () => {
    const inside: Finding = { kind: 'github-token', boxes: [box(10, 10), box(10, 30)] };
    const none: Finding = { kind: 'jwt', boxes: [] };
    const past: Finding = { kind: 'aws-access-key', boxes: [box(180, 10, 50)] };
    const flat: Finding = { kind: 'email', boxes: [box(10, 10, 0, 10)] };
    expect(uncoverable([inside, none, past, flat], 200, 100)).toEqual([none, past, flat]);
    // Recognised boxes may stray a pixel over the edge from rounding: that is still inside.
    expect(uncoverable([{ kind: 'email', boxes: [box(150.5, 0, 50, 100.5)] }], 200, 100)).toEqual([]);
    // Recognition's own word that part of it may stay readable (cut by the edge, or read short).
    const cut: Finding = { kind: 'github-token', boxes: [box(10, 10)], mayRemain: 'it reaches the edge' };
    expect(uncoverable([inside, cut], 200, 100)).toEqual([cut]);
  });
});

describe('redactForAgent', () => {
  it('refuses an animation, whose later frames are never read, before any recognition', async () => {
    const gif = await animatedGif(2, 40);
    expect((await sharp(gif).metadata()).pages).toBe(2);
    await expect(redactForAgent(noOcr, settings, { bytes: gif, fileName: 'anim.gif' })).rejects.toThrow(
      /anim\.gif is animated \(2 frames\)/,
    );
  });
});
