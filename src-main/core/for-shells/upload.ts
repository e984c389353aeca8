// Uploading at once, without the queue: `shotlink upload` for named files, `shotlink capture` for bytes.
export { aboutFile, checkImageFile, readImageFile } from '../images/read-file.ts';
export type { RetryPolicy } from '../pipeline.ts';
export { resolveUploadTarget, uploadNow, type UploadTarget } from '../upload-now.ts';
export { publicNoticeDue, type PublicNotice } from '../public-notice.ts';
export { timestampedName } from '../util/names.ts';
export { runLimited } from '../util/pool.ts';
