// The editor's side in core: the images open for editing (a capture, a history entry's image, a drop the
// window sent), what recognition finds in them (text, secrets to propose covering), and the upload of
// the flattened result. An image is screened once, when it is opened, and kept under its session's id
// (images/edit-sessions.ts); the edited image is made here, at full resolution, and only it is queued.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { App } from '../app.ts';
import { applyEdits } from '../images/edit.ts';
import { openForEditing, openForWindow } from '../images/edit-sessions.ts';
import { findSecrets } from '../redact/find.ts';
import { decodeBase64 } from '../util/base64.ts';
import { callSignal } from '../util/call-signal.ts';
import { timestampedName } from '../util/names.ts';

type EditorMethods =
  | 'openEditing'
  | 'analyzeImage'
  | 'uploadEdited'
  | 'closeEditing'
  | 'captureForEditing'
  | 'imageForEditing'
  | 'copyText';

/** How long fetching a history entry's image may take. */
const FETCH_TIMEOUT_MS = 30_000;

export function editorApi(app: App): Pick<ShotlinkApi, EditorMethods> {
  return {
    openEditing: (fileName, base64) => openForEditing(app, fileName, decodeBase64(base64)),
    async analyzeImage(session) {
      const signal = callSignal();
      const ocr = await app.ocr.recognize(app.editing.get(session).bytes, signal ? { signal } : {});
      return { text: ocr.text, findings: findSecrets(ocr) };
    },
    async uploadEdited(id, doc) {
      const session = app.editing.get(id);
      if (session.rendering) {
        throw new ShotlinkError('usage', `${session.fileName} is being uploaded already.`);
      }
      session.rendering = true;
      let edited: Buffer;
      try {
        // Stops when the caller leaves (the bridge's client hung up, the service is closing).
        const caller = callSignal();
        const signal = caller ? AbortSignal.any([caller, app.editing.closing]) : app.editing.closing;
        edited = await applyEdits(session.bytes, doc, { signal });
      } finally {
        session.rendering = false;
      }
      // Covered by the person in the editor: not searched and covered again on the way.
      const job = await app.enqueue({
        bytes: edited,
        fileName: session.fileName,
        source: 'editor',
        redact: false,
      });
      app.editing.close(id);
      return job;
    },
    async closeEditing(session) {
      app.editing.close(session);
    },
    async captureForEditing() {
      const bytes = await app.captureRegion('Drop or paste an image into the editor instead.');
      return bytes ? openForWindow(app, timestampedName('capture'), bytes) : null;
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
      return openForWindow(app, entry.fileName, new Uint8Array(await response.arrayBuffer()));
    },
  };
}
