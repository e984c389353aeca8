// Uploading at once, without the queue (core/upload-now.ts): "upload these files now" (`shotlink
// upload`), "post them as one GitHub comment" (`upload --comment`), "capture and upload" (`shotlink
// capture`). Each image goes the way the app's queued ones go (core/upload-one.ts), which decides
// consent, notices, covering and fitting. A shell supplies an UploadShell (how a message reaches the
// person) and prints what comes back.
export type { PipelineStage } from '../pipeline.ts';
export type { RedactionReport, UploadShell } from '../upload-one.ts';
export {
  captureAndUpload,
  commentNow,
  resolveUploadTarget,
  uploadFilesNow,
  type UploadedNow,
  type UploadTarget,
} from '../upload-now.ts';
export { describeOffer, offerToTell } from '../offers.ts';
