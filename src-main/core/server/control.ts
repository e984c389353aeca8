// The embedded Shotlink server as the app switches it: started and stopped from the window or the
// tray, with a QR code of its LAN address for a phone.
import QRCode from 'qrcode';
import type { ServerStatus } from '../../../src-shared/api.ts';
import type { Core } from '../create-core.ts';
import { serve } from './serve.ts';
import type { RunningShotlinkServer } from './start.ts';

export interface ServerControl {
  status(): Promise<ServerStatus>;
  /**
   * Saves the switch in settings and starts or stops the server to match. A server that cannot start
   * (another one serves the folder, the port is taken) leaves the switch off: it says what runs.
   */
  setEnabled(enabled: boolean): Promise<ServerStatus>;
  /** At start: the server, when the switch was left on (a failure is reported, the switch kept). */
  resume(): Promise<void>;
  /** Where the running server is reached on this network, or null. */
  lanUrl(): string | null;
  stop(): Promise<void>;
}

export function createServerControl(
  core: Core,
  report: (message: string) => void,
  /** Who runs the app ('the desktop app', 'shotlink ui'), as a second server on the folder is told. */
  kind = 'the app',
): ServerControl {
  let running: RunningShotlinkServer | null = null;
  let lastError: string | undefined;
  let switching: Promise<unknown> = Promise.resolve();

  const status = async (): Promise<ServerStatus> => {
    if (!running)
      return { running: false, url: null, lanUrl: null, qrSvg: null, ...(lastError && { error: lastError }) };
    return {
      running: true,
      url: running.url,
      lanUrl: running.lanUrl,
      qrSvg: await QRCode.toString(running.lanUrl, { type: 'svg', margin: 1 }),
    };
  };

  const stop = async () => {
    const current = running;
    running = null;
    await current?.close();
  };

  /** Starts or stops the server, one switch at a time: two quick toggles must not start two servers. */
  const switchTo = (enabled: boolean, save: boolean): Promise<void> => {
    const next = switching
      .catch(() => {})
      .then(async () => {
        if (save) core.settings.set({ server: { enabled } });
        lastError = undefined;
        if (!enabled) return stop();
        if (running) return;
        try {
          running = await serve(core, { log: report, owner: `the app's server (${kind})` });
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
          // Turned on and refused: the switch goes back off, or the next start would serve images on
          // this network while the window had shown it off.
          if (save) core.settings.set({ server: { enabled: false } });
        }
      });
    switching = next;
    return next;
  };

  return {
    status,
    async setEnabled(enabled) {
      await switchTo(enabled, true);
      return status();
    },
    resume: () => (core.settings.get().server.enabled ? switchTo(true, false) : Promise.resolve()),
    lanUrl: () => running?.lanUrl ?? null,
    stop,
  };
}
