// `--redact` for `shotlink upload` and `capture`: secrets and personal data are covered before the image
// is uploaded, and stderr says what was covered (kinds and counts, never the text). One OCR engine
// serves the whole run and is stopped at its end, so its worker thread never holds the command open.
import { summarizeFindings } from '../../src-shared/findings.ts';
import { createOcrEngine, redactImage, type OcrEngine } from '../core/for-shells/redact.ts';

let engine: OcrEngine | null = null;

export async function redactForUpload<T extends { bytes: Uint8Array; fileName: string }>(
  image: T,
): Promise<T> {
  engine ??= createOcrEngine();
  const { bytes, findings } = await redactImage(engine, image.bytes);
  process.stderr.write(
    findings.length > 0
      ? `shotlink: ${image.fileName}: covered ${summarizeFindings(findings)} before upload.\n`
      : `shotlink: ${image.fileName}: no secrets or personal data found; uploading it unchanged.\n`,
  );
  return { ...image, bytes };
}

/** The recognised text of an image (`shotlink ocr`). */
export async function recognizeText(bytes: Uint8Array): Promise<string> {
  engine ??= createOcrEngine();
  return (await engine.recognize(bytes)).text;
}

export async function stopOcr(): Promise<void> {
  const running = engine;
  engine = null;
  await running?.close();
}
