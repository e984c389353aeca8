// The text in an image file, recognised on this machine (`shotlink ocr`).
export { recognizeFile } from '../redact/recognize-file.ts';
