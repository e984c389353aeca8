// ShareX custom uploaders, imported from the text of an .sxcu file (the window reads the file).
import type { ShotlinkApi, UploaderInfo } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import type { UploaderSummary } from '../providers/custom/store.ts';

export function uploadersApi(
  app: App,
): Pick<ShotlinkApi, 'listUploaders' | 'addUploader' | 'removeUploader'> {
  return {
    listUploaders: async () => (await app.uploaders.list()).map(toInfo),
    async addUploader(text, name) {
      const added = await app.uploaders.addText(text, 'uploader.sxcu', { name });
      app.providersChanged();
      return toInfo(added);
    },
    async removeUploader(name) {
      await app.uploaders.remove(name);
      app.providersChanged();
    },
  };
}

/** What the window shows of an uploader: never its headers, which may hold keys. */
function toInfo({ name, requestUrl, method }: UploaderSummary): UploaderInfo {
  return { name, requestUrl, method };
}
