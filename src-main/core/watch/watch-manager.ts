// Folder and clipboard watching as the settings describe them (`settings.watch`): which folders, whether
// the clipboard is polled, paused or not. Images found go to `onImage`; the queue does the rest.
import type { WatcherStatus } from '../../../src-shared/api.ts';
import type { WatchingPlan } from '../../../src-shared/consent.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import type { ClipboardPort } from '../ports.ts';
import { ClipboardWatcher } from './clipboard-watcher.ts';
import { FolderWatcher } from './folder-watcher.ts';
import { timestampedName } from '../util/names.ts';
import { planFor } from './plan.ts';

export interface FoundImage {
  bytes: Uint8Array;
  fileName: string;
  source: 'watch' | 'clipboard';
}

export interface WatchManagerOptions {
  clipboard: ClipboardPort;
  /** The OS screenshot folder, or null where there is none to watch (tests, or detection off). */
  screenshotFolder: () => string | null;
  onImage(image: FoundImage): void;
  onStatus?(status: WatcherStatus): void;
  /** The one-sentence summary of a plan (consent/describeWatching with the current destination). */
  describe?(plan: WatchingPlan): string;
  stabilityMs?: number;
  clipboardIntervalMs?: number;
}

export class WatchManager {
  private readonly folders: FolderWatcher;
  private readonly clipboardWatcher: ClipboardWatcher;
  private paused = false;
  private plan: WatchingPlan = { folders: [], clipboard: false, paused: false };

  constructor(private readonly options: WatchManagerOptions) {
    this.folders = new FolderWatcher({
      onImage: ({ fileName, bytes }) => options.onImage({ bytes, fileName, source: 'watch' }),
      onStatus: () => this.reportStatus(),
      ...(options.stabilityMs !== undefined && { stabilityMs: options.stabilityMs }),
    });
    this.clipboardWatcher = new ClipboardWatcher({
      clipboard: options.clipboard,
      onImage: ({ bytes }) =>
        options.onImage({ bytes, fileName: timestampedName('clipboard'), source: 'clipboard' }),
      ...(options.clipboardIntervalMs !== undefined && { intervalMs: options.clipboardIntervalMs }),
    });
  }

  /** Brings the watchers in line with the settings; safe to call after every settings change. */
  async apply(watch: Settings['watch']): Promise<WatcherStatus> {
    this.paused = watch.paused;
    this.folders.setPaused(watch.paused);
    this.plan = planFor(watch, watch.screenshotFolder ? this.options.screenshotFolder() : null);
    await this.folders.setFolders(this.plan.folders);
    // Paused stops the clipboard poll altogether: nothing is read while the user said "not now".
    if (watch.clipboard && !watch.paused) this.clipboardWatcher.start();
    else this.clipboardWatcher.stop();
    return this.reportStatus();
  }

  /** An image the user uploaded from the clipboard by hand is not picked up again by the poller. */
  rememberClipboardImage(bytes: Uint8Array): void {
    this.clipboardWatcher.remember(bytes);
  }

  /** For tests and a "check now": one clipboard look without waiting for the timer. */
  async pollClipboard(): Promise<void> {
    if (this.clipboardWatcher.running) await this.clipboardWatcher.poll();
  }

  status(): WatcherStatus {
    return {
      paused: this.paused,
      folders: this.folders.status(),
      clipboard: this.clipboardWatcher.running,
      summary: this.options.describe?.(this.plan) ?? '',
    };
  }

  async close(): Promise<void> {
    this.clipboardWatcher.stop();
    await this.folders.close();
  }

  private reportStatus(): WatcherStatus {
    const status = this.status();
    this.options.onStatus?.(status);
    return status;
  }
}
