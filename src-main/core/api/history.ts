// What was uploaded: search it, copy a link again, delete an image from its host, forget an entry,
// show its thumbnail.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { App } from '../app.ts';
import { CONTENT_TYPES } from '../images/encode.ts';
import { sniffImage } from '../images/sniff.ts';
import { deleteUpload } from '../delete-upload.ts';
import { thumbnailBytes } from '../thumbnails-later.ts';

type HistoryMethods = 'listHistory' | 'copyLink' | 'deleteFromHost' | 'forget' | 'thumbnail';

export function historyApi(app: App): Pick<ShotlinkApi, HistoryMethods> {
  const { core } = app;
  return {
    listHistory: async (query) => core.history.list(query ?? {}),
    async copyLink(id, format, variant) {
      const link = app.formatLink(app.historyEntry(id), format, variant);
      await app.ports.clipboard.writeText(link);
      return link;
    },
    async deleteFromHost(id) {
      const entry = app.historyEntry(id);
      if (entry.noDelete) {
        throw new ShotlinkError('usage', `${entry.noDelete} Use "forget" to remove it from this list.`, {
          code: 'no_delete',
        });
      }
      await deleteUpload(core, entry);
      app.historyChanged();
    },
    async forget(id) {
      if (!core.history.remove(id)) {
        throw new ShotlinkError('usage', 'That upload is not in the history any more.');
      }
      app.historyChanged();
    },
    async thumbnail(id) {
      const entry = app.historyEntry(id);
      if (!entry.thumbnail) return null;
      // Drawn now when the run that uploaded it left it to be drawn (core/thumbnails-later.ts).
      const bytes = await thumbnailBytes(core.home, entry.thumbnail);
      if (!bytes) return null;
      // The type comes from the bytes, like everywhere else; thumbnails are WebP unless a file was swapped.
      const sniffed = sniffImage(bytes);
      const type = sniffed.kind === 'image' ? CONTENT_TYPES[sniffed.format] : CONTENT_TYPES.webp;
      return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
    },
  };
}
