// Secrets and personal data found and covered before upload (core/redact): for `--redact` and `ocr`.
export { createOcrEngine, type OcrEngine } from '../redact/ocr.ts';
export { redactImage } from '../redact/redact.ts';
// The same screening as every upload, so `ocr` refuses a text file or a pixel bomb as `upload` does.
export { screenImage } from '../images/intake.ts';
