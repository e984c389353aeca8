// Redaction before upload: recognise the text, find secrets and personal data, cover them. An image with
// nothing found comes back exactly as it was (same bytes), so a plain screenshot is not re-encoded.
//
// It fails closed: when the text cannot be read (too large, too slow, the engine failed) it throws, and
// the caller uploads nothing. An animated image is refused: only its first frame would be read and
// covered, and the other frames would go out as they are.
import sharp from '../images/sharp.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { Finding } from '../../../src-shared/findings.ts';
import { coverBoxes } from './cover.ts';
import { findSecrets } from './find.ts';
import type { OcrEngine, RecognizeOptions } from './ocr.ts';

export interface Redaction {
  bytes: Uint8Array;
  /** What was covered (kinds and where), never the text. */
  findings: Finding[];
}

export async function findInImage(
  engine: OcrEngine,
  image: Uint8Array,
  options: RecognizeOptions = {},
): Promise<Finding[]> {
  return findSecrets(await engine.recognize(image, options));
}

/** Refuses an image with more than one frame: each frame would need reading and covering. */
export async function refuseAnimated(image: Uint8Array): Promise<void> {
  const { pages = 1, format } = await sharp(image).metadata();
  if (pages > 1) {
    throw new ShotlinkError(
      'input',
      `It is an animated ${format === 'gif' ? 'GIF' : format === 'webp' ? 'WebP' : 'image'} (${pages} frames): secrets are looked for in still images only, and a later frame could show one, so it was not uploaded. Save the frame you mean to share as a PNG, or upload without --redact if nothing secret is in any frame.`,
    );
  }
}

export async function redactImage(
  engine: OcrEngine,
  image: Uint8Array,
  options: RecognizeOptions = {},
): Promise<Redaction> {
  await refuseAnimated(image);
  const findings = await findInImage(engine, image, options);
  if (findings.length === 0) return { bytes: image, findings };
  return {
    bytes: await coverBoxes(
      image,
      findings.flatMap((finding) => finding.boxes),
    ),
    findings,
  };
}
