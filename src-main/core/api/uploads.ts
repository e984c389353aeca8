// Starting uploads: named files, bytes dropped or pasted in the window, the clipboard's image, a region
// capture. Each becomes a job in the persistent queue, which uploads it with the current provider and
// tier; the job's events tell the window how it goes.
import { basename } from 'node:path';
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { JobInfo } from '../../../src-shared/history.ts';
import type { App } from '../app.ts';
import { openForWindow } from '../images/edit-sessions.ts';
import { aboutFile, checkImageFile, readImageFile } from '../images/read-file.ts';
import { decodeBase64 } from '../util/base64.ts';
import { randomUUID } from 'node:crypto';
import { downloadImage } from '../images/download.ts';
import { imageNameOf, parseImageUrl } from '../images/image-url.ts';
import { importUpload } from '../upload-one.ts';
import { resolveUploadTarget } from '../upload-now.ts';
import { callSignal } from '../util/call-signal.ts';
import { timestampedName } from '../util/names.ts';

type UploadMethods = 'uploadFiles' | 'uploadBytes' | 'uploadUrl' | 'uploadClipboard' | 'capture';

export function uploadsApi(app: App): Pick<ShotlinkApi, UploadMethods> {
  return {
    async uploadFiles(paths) {
      // Every file is checked before any is queued: a typo in the fifth path must not leave four
      // queued and an error. Then they are read one at a time, so 500 files never sit in memory at once.
      const files = await Promise.all(
        paths.map((path) =>
          checkImageFile(path).catch((error: unknown) => Promise.reject(aboutFile(path, error))),
        ),
      );
      const jobs: JobInfo[] = [];
      for (const file of files) {
        const bytes = await readImageFile(file).catch((error: unknown) =>
          Promise.reject(aboutFile(file.path, error)),
        );
        jobs.push(await app.enqueue({ bytes, fileName: file.fileName, source: 'file' }));
      }
      return jobs;
    },
    async uploadBytes(fileName, base64) {
      const bytes = decodeBase64(base64);
      return app.enqueue({ bytes, fileName: basename(fileName), source: 'drop' });
    },
    async uploadUrl(url, target) {
      parseImageUrl(url);
      const settings = app.core.settings.get();
      const { providerId, tierId } = resolveUploadTarget(app.core, target ?? {});
      // A host that fetches the link itself (img.pro) gets only the link: nothing to download or queue.
      const entry = await importUpload(
        app.core,
        { url, fileName: imageNameOf(url) },
        { providerId, tierId },
        { uploadKey: `import:${randomUUID()}` },
        app.shell,
      );
      if (entry) {
        await app.deliverImported(entry);
        return { job: null, entry };
      }
      const image = await downloadImage(url, {
        maxInputPixels: settings.maxInputPixels,
        timeoutMs: settings.requestTimeoutSeconds * 1000,
        ...(callSignal() && { signal: callSignal()! }),
      });
      const job = await app.enqueue({
        bytes: image.bytes,
        fileName: image.fileName,
        source: 'drop',
        ...(target && { target }),
      });
      return { job, entry: null };
    },
    async uploadClipboard() {
      const bytes = await app.ports.clipboard.readImagePng();
      if (!bytes || bytes.byteLength === 0) return null;
      app.watch.rememberClipboardImage(bytes);
      return app.enqueue({ bytes, fileName: timestampedName('clipboard'), source: 'clipboard' });
    },
    async capture() {
      const bytes = await app.captureRegion('Use the desktop app, or `shotlink capture` from a terminal.');
      if (!bytes) return null;
      const fileName = timestampedName('capture');
      // "Open the editor first": the window gets the capture; nothing is queued until it says so.
      if (app.core.settings.get().capture.then === 'edit') {
        app.events.emit('edit', await openForWindow(app, fileName, bytes));
        return null;
      }
      return app.enqueue({ bytes, fileName, source: 'capture' });
    },
  };
}
