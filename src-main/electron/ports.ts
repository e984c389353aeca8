// The Electron versions of core's ports (core/ports.ts): the clipboard, notifications and region capture.
// Each is a thin adapter; what they do with the data is core's business.
import type { Clipboard, Notification as NotificationClass, SystemPreferences } from 'electron';
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { CapturePort, ClipboardPort, NotifierPort } from '../core/for-shells/ports.ts';
import { isWebLink } from './window.ts';

/**
 * Electron's clipboard is the W3C model: `read()` resolves to ClipboardItems, each listing its MIME types
 * and handing over the data only when asked (`getType`), so the formats cost nothing to look at.
 */
export function createClipboardPort(
  clipboard: Pick<Clipboard, 'read' | 'writeText'>,
  options: { onError?: (error: unknown) => void } = {},
): ClipboardPort {
  const onError = options.onError ?? (() => {});
  /** What is on the clipboard, or nothing when it cannot be read right now. */
  const items = async () => {
    try {
      return await clipboard.read();
    } catch (error) {
      // Another application holds the clipboard (Windows) or it is empty: nothing to offer right now.
      onError(error);
      return [];
    }
  };

  return {
    availableFormats: async () => (await items()).flatMap((item) => item.types),
    async readImagePng() {
      const image = (await items()).find((item) => item.types.includes('image/png'));
      if (!image) return null;
      try {
        return new Uint8Array(await (await image.getType('image/png')).arrayBuffer());
      } catch (error) {
        onError(error); // replaced between read() and getType(): the next look finds the new content
        return null;
      }
    },
    writeText: async (text) => {
      await clipboard.writeText(text);
      return true;
    },
  };
}

/**
 * Desktop notifications: success with the link, failure with the reason. Clicking one opens the link
 * (web links only) or, for failures, the window where the reason and a retry button are.
 */
export function createNotifierPort(options: {
  Notification: typeof NotificationClass;
  openInBrowser: (url: string) => void;
  showWindow: () => void;
  /** The OS refused to show one (Windows without an app id, an unsigned macOS build): say so elsewhere. */
  onFailed?: (reason: string) => void;
}): NotifierPort {
  // Held until the person is done with them: a notification nothing references is garbage-collected,
  // and its click handler with it (electron/electron#12690 and the Notification docs' "keep a reference").
  const live = new Set<NotificationClass>();
  return {
    notify({ title, body, level, url }) {
      if (!options.Notification.isSupported()) return;
      const notification = new options.Notification({ title, body, silent: level === 'info' });
      const release = () => void live.delete(notification);
      notification.on('click', () => {
        release();
        if (url && isWebLink(url) && level === 'info') options.openInBrowser(url);
        else options.showWindow();
      });
      notification.on('close', release);
      notification.on('failed', (_event, error) => {
        release();
        options.onFailed?.(`${title}: ${body} (the system did not show the notification: ${error})`);
      });
      live.add(notification);
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
  // For 'screen' Electron answers only 'granted' or 'denied' (see createCapturePort below).
  if (systemPreferences.getMediaAccessStatus('screen') === 'granted') return null;
  return (
    'Shotlink is not allowed to record the screen, so a capture would only show the desktop background. ' +
    'Open System Settings → Privacy & Security → Screen Recording, turn Shotlink on, then quit and reopen Shotlink.'
  );
}

/**
 * Region capture through the detected tool (core/capture), minding macOS's screen permission. For
 * 'screen', getMediaAccessStatus answers only 'granted' or 'denied' — a fresh install that was never
 * asked reads 'denied' (electron/electron#28540). So a denial is tried once: running the capture is what
 * makes macOS ask and list Shotlink under Screen Recording. If it is still denied after that, what came
 * back is the wallpaper, not the windows: it is not uploaded, and the person is told where to allow it.
 */
export function createCapturePort(options: {
  platform: NodeJS.Platform;
  systemPreferences: Pick<SystemPreferences, 'getMediaAccessStatus'>;
  tool: CapturePort;
}): CapturePort {
  let triedWhileDenied = false;
  const refuse = (problem: string) => new ShotlinkError('input', problem, { code: 'screen_permission' });
  return {
    async captureRegion() {
      const before = screenPermissionProblem(options.platform, options.systemPreferences);
      if (before && triedWhileDenied) throw refuse(before);
      if (!before) return options.tool.captureRegion();
      triedWhileDenied = true;
      const bytes = await options.tool.captureRegion();
      const after = screenPermissionProblem(options.platform, options.systemPreferences);
      if (after) throw refuse(after);
      return bytes;
    },
  };
}
