// Secrets and personal data found and covered before upload (core/redact): for `--redact` and `ocr`.
export { createOcrEngine, type OcrEngine } from '../redact/ocr.ts';
export { redactImage } from '../redact/redact.ts';
