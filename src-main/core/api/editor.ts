// The editor's side in core: what it edits (a capture, a history entry's image), what recognition finds
// in it (text, secrets to propose covering), and the upload of the flattened result. The edited image
// is made here, at full resolution, and only it is queued.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { App } from '../app.ts';
import { applyEdits } from '../images/edit.ts';
import { screenImage } from '../images/intake.ts';
import { findSecrets } from '../redact/find.ts';
import { decodeBase64 } from '../util/base64.ts';
import { callSignal } from '../util/call-signal.ts';
import { timestampedName } from '../util/names.ts';

type EditorMethods = 'analyzeImage' | 'uploadEdited' | 'captureForEditing' | 'imageForEditing' | 'copyText';

/** How long fetching a history entry's image may take. */
const FETCH_TIMEOUT_MS = 30_000;

export function editorApi(app: App): Pick<ShotlinkApi, EditorMethods> {
  const checked = async (fileName: string, base64: string) => {
    const bytes = decodeBase64(base64);
    await screenImage(bytes, { fileName, maxInputPixels: app.core.settings.get().maxInputPixels });
    return bytes;
  };
  const toEdit = (fileName: string, bytes: Uint8Array) => ({
    fileName,
    base64: Buffer.from(bytes).toString('base64'),
  });

  return {
    async analyzeImage(base64) {
      const signal = callSignal();
      const ocr = await app.ocr.recognize(await checked('the image', base64), signal ? { signal } : {});
      return { text: ocr.text, findings: findSecrets(ocr) };
    },
    async uploadEdited(fileName, base64, doc) {
      const edited = await applyEdits(await checked(fileName, base64), doc);
      // Covered by the person in the editor: not searched and covered again on the way.
      return app.enqueue({ bytes: edited, fileName, source: 'editor', redact: false });
    },
    async captureForEditing() {
      // The editor searches what it opens: the workers start while the region is selected.
      app.ocr.start?.().catch(() => undefined);
      const bytes = await app.captureRegion('Drop or paste an image into the editor instead.');
      return bytes ? toEdit(timestampedName('capture'), bytes) : null;
    },
    async copyText(text) {
      // Without a system clipboard (a terminal with no tool) the window copies it in the browser.
      await app.ports.clipboard.writeText(text);
    },
    async imageForEditing(id) {
      const entry = app.historyEntry(id);
      let response: Response;
      try {
        response = await fetch(entry.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      } catch (error) {
        throw new ShotlinkError(
          'host',
          `The image of ${entry.fileName} could not be fetched from ${entry.url} (${(error as Error).message}).`,
        );
      }
      if (!response.ok) {
        throw new ShotlinkError(
          'host',
          `${entry.url} answered ${response.status}: the image of ${entry.fileName} may have expired or been deleted.`,
        );
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      await screenImage(bytes, {
        fileName: entry.fileName,
        maxInputPixels: app.core.settings.get().maxInputPixels,
      });
      return toEdit(entry.fileName, bytes);
    },
  };
}
