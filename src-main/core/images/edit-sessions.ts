// Images open in the editor, kept in core under an id: an image crosses to or from the window once and is
// screened once, and the editor's later calls (analyse it, upload it edited) name it by its id. Bounded
// in number (the least recently used is closed to make room) and in time (an idle one lapses), so a
// window that never says it closed holds no memory for long.
import { randomBytes } from 'node:crypto';
import type { EditingSession, ImageForEditing } from '../../../src-shared/api.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { App } from '../app.ts';
import { screenImage } from './intake.ts';

export interface EditSession {
  readonly id: string;
  readonly fileName: string;
  /** The screened image, as it came. */
  readonly bytes: Uint8Array;
  /** An upload of its edits is being drawn: one at a time. */
  rendering: boolean;
  lastUsed: number;
}

export interface EditSessionsOptions {
  /** Images open at once. */
  max?: number;
  /** An image not touched for this long is closed. */
  idleMs?: number;
  now?: () => number;
}

export const MAX_EDIT_SESSIONS = 4;
export const EDIT_SESSION_IDLE_MS = 60 * 60_000;

export class EditSessions {
  private readonly open = new Map<string, EditSession>();
  private readonly stopping = new AbortController();
  private readonly max: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(options: EditSessionsOptions = {}) {
    this.max = options.max ?? MAX_EDIT_SESSIONS;
    this.idleMs = options.idleMs ?? EDIT_SESSION_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /** Opens an already screened image; closes the least recently used one when all places are taken. */
  start(fileName: string, bytes: Uint8Array): EditSession {
    this.lapse();
    while (this.open.size >= this.max) {
      const oldest = [...this.open.values()]
        .filter((session) => !session.rendering)
        .sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!oldest) {
        throw new ShotlinkError(
          'usage',
          `${this.max} edited images are being uploaded: wait for one to finish.`,
        );
      }
      this.open.delete(oldest.id);
    }
    const session: EditSession = {
      id: randomBytes(12).toString('base64url'),
      fileName,
      bytes,
      rendering: false,
      lastUsed: this.now(),
    };
    this.open.set(session.id, session);
    return session;
  }

  /** The open image with this id, or an error saying to open it again. */
  get(id: string): EditSession {
    this.lapse();
    const session = this.open.get(id);
    if (!session) {
      throw new ShotlinkError(
        'usage',
        'That image is no longer open for editing (closed, or idle too long): open it in the editor again.',
      );
    }
    session.lastUsed = this.now();
    return session;
  }

  close(id: string): void {
    this.open.delete(id);
  }

  /** Aborted when the service closes: renders in progress stop, whoever asked for them. */
  get closing(): AbortSignal {
    return this.stopping.signal;
  }

  /** Closes every image and stops every render (the service is closing). */
  closeAll(): void {
    this.open.clear();
    this.stopping.abort();
  }

  get size(): number {
    this.lapse();
    return this.open.size;
  }

  private lapse(): void {
    const now = this.now();
    for (const session of this.open.values()) {
      if (!session.rendering && now - session.lastUsed > this.idleMs) this.open.delete(session.id);
    }
  }
}

/** Screens an image and opens it for editing: the one place an image enters the editor. */
export async function openForEditing(app: App, fileName: string, bytes: Uint8Array): Promise<EditingSession> {
  await screenImage(bytes, { fileName, maxInputPixels: app.core.settings.get().maxInputPixels });
  return { session: app.editing.start(fileName, bytes).id, fileName };
}

/** An image opened in core, with its bytes for the window to show: they cross once, this way. */
export async function openForWindow(app: App, fileName: string, bytes: Uint8Array): Promise<ImageForEditing> {
  return { ...(await openForEditing(app, fileName, bytes)), base64: Buffer.from(bytes).toString('base64') };
}
