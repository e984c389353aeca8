// The Electron versions of core's ports (core/ports.ts): the clipboard, notifications and region capture.
// Each is a thin adapter; what they do with the data is core's business.
import type { Clipboard, Notification as NotificationClass, SystemPreferences } from 'electron';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { CapturePort, ClipboardPort, NotifierPort } from '../core/ports.ts';
import { isWebLink } from './window.ts';

/** The clipboard port plus what keeps it current. */
export interface ElectronClipboardPort extends ClipboardPort {
  /** Reads the clipboard now; await it before acting on the clipboard's content. */
  refresh(): Promise<void>;
  /**
   * Keeps the snapshot fresh for core's clipboard watcher, or stops. Reading the image every interval
   * costs something, so this runs only while clipboard watching is on.
   */
  setPolling(on: boolean): void;
}

/**
 * Electron's clipboard is asynchronous (the W3C model: `read()` resolves to ClipboardItems), while core's
 * ClipboardPort answers synchronously. So this port answers from a snapshot that `refresh()` takes; the
 * shell refreshes before every explicit clipboard upload and on a timer for the watcher.
 */
export function createClipboardPort(
  clipboard: Pick<Clipboard, 'read' | 'writeText'>,
  options: { intervalMs: number; onError?: (error: unknown) => void },
): ElectronClipboardPort {
  const onError = options.onError ?? (() => {});
  let formats: string[] = [];
  let png: Uint8Array | null = null;
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const read = async () => {
    try {
      const items = await clipboard.read();
      const image = items.find((item) => item.types.includes('image/png'));
      const bytes = image ? new Uint8Array(await (await image.getType('image/png')).arrayBuffer()) : null;
      formats = items.flatMap((item) => item.types);
      png = bytes;
    } catch (error) {
      // Another application holds the clipboard (Windows) or it is empty: nothing to offer right now.
      formats = [];
      png = null;
      onError(error);
    }
  };

  const port: ElectronClipboardPort = {
    availableFormats: () => formats,
    readImagePng: () => png,
    writeText(text) {
      clipboard.writeText(text).catch(onError);
    },
    // Concurrent refreshes share one read.
    refresh: () => (inFlight ??= read().finally(() => (inFlight = null))),
    setPolling(on) {
      if (on && !timer) timer = setInterval(() => void port.refresh(), options.intervalMs);
      if (!on && timer) {
        clearInterval(timer);
        timer = null;
      }
    },
  };
  return port;
}

/**
 * Desktop notifications: success with the link, failure with the reason. Clicking one opens the link
 * (web links only) or, for failures, the window where the reason and a retry button are.
 */
export function createNotifierPort(options: {
  Notification: typeof NotificationClass;
  openInBrowser: (url: string) => void;
  showWindow: () => void;
}): NotifierPort {
  return {
    notify({ title, body, level, url }) {
      if (!options.Notification.isSupported()) return;
      const notification = new options.Notification({ title, body, silent: level === 'info' });
      notification.on('click', () => {
        if (url && isWebLink(url) && level === 'info') options.openInBrowser(url);
        else options.showWindow();
      });
      notification.show();
    },
  };
}

/** Why screen capture cannot work on macOS right now, or null. The permission can be read, not requested. */
export function screenPermissionProblem(
  platform: NodeJS.Platform,
  systemPreferences: Pick<SystemPreferences, 'getMediaAccessStatus'>,
): string | null {
  if (platform !== 'darwin') return null;
  const status = systemPreferences.getMediaAccessStatus('screen');
  // 'not-determined': macOS asks the user on the first capture, so go ahead.
  if (status === 'denied' || status === 'restricted') {
    return (
      'Shotlink is not allowed to record the screen, so a capture would only show the desktop background. ' +
      'Open System Settings → Privacy & Security → Screen Recording, turn Shotlink on, then quit and reopen Shotlink.'
    );
  }
  return null;
}

/** Region capture through the detected tool (core/capture), after checking macOS's screen permission. */
export function createCapturePort(options: {
  platform: NodeJS.Platform;
  systemPreferences: Pick<SystemPreferences, 'getMediaAccessStatus'>;
  tool: CapturePort;
}): CapturePort {
  return {
    async captureRegion() {
      const problem = screenPermissionProblem(options.platform, options.systemPreferences);
      if (problem) throw new ShotlinkError('input', problem, { code: 'screen_permission' });
      return options.tool.captureRegion();
    },
  };
}
