// What the App tells the person, and how: the link on the clipboard (and whether it got there), OS
// notifications, notices in the window, the history pushed to the window, and what an upload tells on
// its way (the App's UploadShell: what was covered, the public-link notice).
import type { ApiEvents } from '../../src-shared/api.ts';
import type { HistoryEntry, JobInfo } from '../../src-shared/history.ts';
import { formatEntryLink, type LinkFormat, type LinkVariant } from '../../src-shared/links.ts';
import { findHost } from '../../src-shared/hosts/index.ts';
import { describeOffer, offerToTell } from './offers.ts';
import type { Core } from './create-core.ts';
import type { ApiEventBus } from './events.ts';
import type { ClipboardPort, NotifierPort } from './ports.ts';
import type { UploadShell } from './upload-one.ts';

/** How many history entries a `history` event carries: what the window's list shows first. */
const HISTORY_EVENT_LIMIT = 200;

export interface Telling {
  /** The entry's link in the given format (default: the linkFormat setting). */
  formatLink(entry: HistoryEntry, format?: LinkFormat, variant?: LinkVariant): string;
  /** A finished upload: its link to the clipboard, then a notification and the new history. */
  deliver(job: JobInfo, entry: HistoryEntry): void;
  /** The same for an image the host imported from a link (no job: the queue never held it). */
  deliverImported(entry: HistoryEntry): Promise<void>;
  /** An OS notification; one that fails is dropped (the job's state already tells the story). */
  notify(notification: Parameters<NotifierPort['notify']>[0]): void;
  notice(level: ApiEvents['notice']['level'], message: string): void;
  historyChanged(): void;
  /** How the App's uploads reach the person on their way (core/upload-one.ts). */
  shell: UploadShell;
}

export function createTelling(options: {
  core: Core;
  events: ApiEventBus;
  clipboard: ClipboardPort;
  notifier: NotifierPort;
  /** Records that a job's link reached the clipboard (the window says so only then). */
  linkCopied(jobId: string): Promise<void>;
}): Telling {
  const { core, events } = options;
  const notice: Telling['notice'] = (level, message) => events.emit('notice', { level, message });
  const notify: Telling['notify'] = (notification) => {
    try {
      options.notifier.notify(notification);
    } catch {
      /* a notification is a courtesy */
    }
  };
  const formatLink: Telling['formatLink'] = (entry, format, variant) => {
    const settings = core.settings.get();
    return formatEntryLink(entry, format ?? settings.linkFormat, settings.linkTemplate, variant);
  };
  /** What the host offered with this upload, said once (not on every upload). */
  const offerOnce = (entry: HistoryEntry) => {
    const offer = offerToTell(core, entry);
    if (!offer) return;
    const host = findHost(entry.provider)?.label ?? entry.provider;
    notice('info', `${host}: ${describeOffer(offer)}`);
    events.emit('settings', core.settings.get());
  };
  const historyChanged = () => events.emit('history', core.history.list({ limit: HISTORY_EVENT_LIMIT }));

  /** Whether the link reached the clipboard; a failed write is said in a notice. */
  const putOnClipboard = async (jobId: string, link: string): Promise<boolean> => {
    let copied: boolean;
    try {
      copied = await options.clipboard.writeText(link);
    } catch (error) {
      notice('error', `Could not put the link on the clipboard: ${String(error)}`);
      return false;
    }
    // No clipboard here (said once, at start): the link is in the notification and history only.
    if (copied) await options.linkCopied(jobId).catch(() => {});
    return copied;
  };

  return {
    formatLink,
    deliver(job, entry) {
      const link = formatLink(entry);
      // The queue does not wait for the clipboard; the notification follows the write.
      void putOnClipboard(job.id, link).then((copied) => {
        const title = copied ? 'Link copied' : 'Uploaded';
        // Where the host decides who sees it (GitHub: the repository's readers, or everyone), say so.
        const who = entry.visibility ? ` (${entry.visibility})` : '';
        notify({ title, body: `${job.fileName}: ${link}${who}`, level: 'info', url: entry.url });
        historyChanged();
        offerOnce(entry);
      });
    },
    async deliverImported(entry) {
      const link = formatLink(entry);
      const copied = await options.clipboard.writeText(link).catch(() => false);
      notify({
        title: copied ? 'Link copied' : 'Uploaded',
        body: `${entry.fileName}: ${link}`,
        level: 'info',
        url: entry.url,
      });
      historyChanged();
      offerOnce(entry);
    },
    notify,
    notice,
    historyChanged,
    shell: {
      tell(level, message, title) {
        notice(level, message);
        if (!title) return;
        // A titled message is a notice told once and remembered (the public-link notice): the person
        // may be at the tray without the window, and the window's dialog reads the setting it changed.
        notify({ title, body: message, level });
        events.emit('settings', core.settings.get());
      },
      // The window shows what fitting cost on the job itself.
      note: () => {},
    },
  };
}
