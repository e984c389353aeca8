// Redaction before upload: recognise the text, find secrets and personal data, cover them. An image with
// nothing found comes back exactly as it was (same bytes), so a plain screenshot is not re-encoded.
import type { Finding } from '../../../src-shared/findings.ts';
import { coverBoxes } from './cover.ts';
import { findSecrets } from './find.ts';
import type { OcrEngine } from './ocr.ts';

export interface Redaction {
  bytes: Uint8Array;
  /** What was covered (kinds and where), never the text. */
  findings: Finding[];
}

export async function findInImage(engine: OcrEngine, image: Uint8Array): Promise<Finding[]> {
  return findSecrets(await engine.recognize(image));
}

export async function redactImage(engine: OcrEngine, image: Uint8Array): Promise<Redaction> {
  const findings = await findInImage(engine, image);
  if (findings.length === 0) return { bytes: image, findings };
  return {
    bytes: await coverBoxes(
      image,
      findings.flatMap((finding) => finding.boxes),
    ),
    findings,
  };
}
