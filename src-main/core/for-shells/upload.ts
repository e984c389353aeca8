// Uploading at once, without the queue, as use cases that decide consent, notices, covering and
// fitting in core (core/upload-now.ts): "upload these files now" (`shotlink upload`), "post them as one
// GitHub comment" (`upload --comment`), "capture and upload" (`shotlink capture`). A shell supplies an
// UploadShell (how a message reaches the person) and prints what comes back.
export type { PipelineStage } from '../pipeline.ts';
export type { RedactionReport } from '../before-upload.ts';
export {
  captureAndUpload,
  commentNow,
  resolveUploadTarget,
  uploadFilesNow,
  type UploadedNow,
  type UploadShell,
  type UploadTarget,
} from '../upload-now.ts';
