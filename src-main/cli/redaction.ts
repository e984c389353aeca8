// `--redact` for `shotlink upload` and `capture`: secrets and personal data are covered before the image
// is uploaded, and stderr says what was covered (kinds and counts, never the text). One OCR engine
// serves the whole run and is stopped at its end, so its worker thread never holds the command open.
import { ShotlinkError } from '../../src-shared/errors.ts';
import { summarizeFindings, summarizeRemaining, type FindingKind } from '../../src-shared/findings.ts';
import { createOcrEngine, redactImage, type OcrEngine } from '../core/for-shells/redact.ts';

let engine: OcrEngine | null = null;

/** What `--redact` did to one image, for `--json`: kinds only, never the text. */
export interface RedactionReport {
  covered: FindingKind[];
  /** One sentence per finding that may still be partly readable. */
  mayRemain: string[];
}

export async function redactForUpload<T extends { bytes: Uint8Array; fileName: string }>(
  image: T,
): Promise<T & { redaction: RedactionReport }> {
  engine ??= createOcrEngine();
  let result;
  try {
    result = await redactImage(engine, image.bytes);
  } catch (error) {
    // Fail closed: nothing is uploaded when the image could not be searched.
    const why = `not uploaded, because --redact could not search it: ${(error as Error).message}`;
    if (error instanceof ShotlinkError) {
      error.message = why;
      throw error;
    }
    throw new ShotlinkError('internal', why);
  }
  const { bytes, findings } = result;
  const remaining = summarizeRemaining(findings);
  process.stderr.write(
    findings.length > 0
      ? `shotlink: ${image.fileName}: covered ${summarizeFindings(findings)} before upload.\n`
      : `shotlink: ${image.fileName}: no secrets or personal data found; uploading it unchanged.\n`,
  );
  for (const line of remaining) {
    process.stderr.write(
      `shotlink: ${image.fileName}: may still be partly readable: ${line}. Check the image, or cover it in the editor (shotlink ui).\n`,
    );
  }
  return { ...image, bytes, redaction: { covered: findings.map((f) => f.kind), mayRemain: remaining } };
}

/**
 * Starts the OCR workers now, while the image is still being read or captured: their start (about a
 * second) overlaps that wait instead of following it. stopOcr() ends them, used or not.
 */
export function warmOcr(): void {
  engine ??= createOcrEngine();
  engine.start?.().catch(() => undefined);
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
