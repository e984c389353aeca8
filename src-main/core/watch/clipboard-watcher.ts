// Clipboard watching (off by default: the clipboard is private). No OS tells us when the clipboard
// changes, so we poll: the cheap format list first, the image bytes only when an image is there, and a
// hash of them against what we have already seen. Text (including the link we just wrote) is ignored.
// Reading the clipboard is asynchronous (and reading an image can be slow), so each poll is awaited
// before the next is scheduled: polls never overlap.
import type { ClipboardPort } from '../ports.ts';
import { hashBytes } from '../util/hash.ts';

export interface ClipboardWatcherOptions {
  clipboard: ClipboardPort;
  onImage(image: { bytes: Uint8Array; hash: string }): void;
  intervalMs?: number;
}

const SEEN_LIMIT = 200;
/** After this many reads finding the same seen image, the image is read only every IDLE_EVERY polls. */
const IDLE_AFTER = 3;
const IDLE_EVERY = 4;

export function hasImageFormat(formats: string[]): boolean {
  return formats.some((format) => format.toLowerCase().startsWith('image/'));
}

/** One run of the poll loop, from start() to stop(); a poll that ends after stop() schedules nothing. */
interface PollLoop {
  timer: NodeJS.Timeout | null;
}

export class ClipboardWatcher {
  private loop: PollLoop | null = null;
  /** Hashes of images seen on the clipboard: an image copied again is not uploaded again. */
  private readonly seen = new Set<string>();
  /** Polls in a row that found the same already-seen image under the same formats. */
  private sameImagePolls = 0;
  private lastFormats = '';

  constructor(private readonly options: ClipboardWatcherOptions) {}

  get running(): boolean {
    return this.loop !== null;
  }

  /** Starts polling. What is on the clipboard right now was copied before watching began: not ours to send. */
  start(): void {
    if (this.loop) return;
    const loop: PollLoop = { timer: null };
    this.loop = loop;
    const current = () => this.loop === loop;
    const scheduleNext = () => {
      if (!current()) return;
      loop.timer = setTimeout(
        () => void this.look(current).finally(scheduleNext),
        this.options.intervalMs ?? 500,
      );
      loop.timer.unref();
    };
    void this.look(() => false).finally(scheduleNext);
  }

  stop(): void {
    if (this.loop?.timer) clearTimeout(this.loop.timer);
    this.loop = null;
  }

  /** Marks an image as already handled (e.g. the user uploaded the clipboard by hand). */
  remember(bytes: Uint8Array): void {
    this.note(hashBytes(bytes));
  }

  /** One look at the clipboard; public so tests and "check now" need no timer. */
  poll(upload = true): Promise<void> {
    return this.look(() => upload);
  }

  /** `upload` is asked once the image is read: a poll still reading when watching stops sends nothing. */
  private async look(upload: () => boolean): Promise<void> {
    let bytes: Uint8Array | null;
    try {
      const formats = await this.options.clipboard.availableFormats();
      const formatKey = formats.join('\n');
      if (formatKey !== this.lastFormats) this.sameImagePolls = 0;
      this.lastFormats = formatKey;
      if (!hasImageFormat(formats)) return;
      // Reading an image means encoding it as PNG (the shell's clipboard) and hashing it: for an image
      // that has sat there unchanged for a few polls, look only every 4th poll (2 s at the default).
      if (this.sameImagePolls >= IDLE_AFTER && (this.sameImagePolls++ - IDLE_AFTER) % IDLE_EVERY !== 0)
        return;
      bytes = await this.options.clipboard.readImagePng();
    } catch {
      return; // the clipboard is owned by another app right now (Windows): next poll
    }
    if (!bytes || bytes.byteLength === 0) return;
    const hash = hashBytes(bytes);
    if (this.seen.has(hash)) {
      if (this.sameImagePolls < IDLE_AFTER) this.sameImagePolls++;
      return;
    }
    this.sameImagePolls = 0;
    this.note(hash);
    if (upload()) this.options.onImage({ bytes, hash });
  }

  private note(hash: string): void {
    this.seen.add(hash);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
  }
}
