// Every doctor check, in the order people read them: is there a desktop, can Shotlink capture, copy, keep secrets, show
// itself, take hotkeys, write its data and reach its hosts.
import type { DoctorCheck } from '../../../src-shared/doctor.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import type { SecretStore } from '../ports.ts';
import {
  checkCapture,
  checkClipboard,
  checkDataFolder,
  checkHosts,
  checkHotkeys,
  checkKeychain,
  checkScreenRecording,
  checkSession,
  checkTray,
  type ClipboardAccess,
} from './checks.ts';
import type { DesktopProbe } from './probe.ts';

/** What the shell running the doctor knows that core cannot find out alone. */
export interface DoctorShell {
  clipboard: ClipboardAccess;
  /** The app only: macOS's screen permission as Electron reads it. */
  screenAccess?: () => 'granted' | 'denied';
}

export async function runDoctor(options: {
  probe: DesktopProbe;
  shell: DoctorShell;
  home: string;
  secrets: Pick<SecretStore, 'unavailableReason'>;
  settings: Settings;
  fetch?: typeof fetch;
}): Promise<DoctorCheck[]> {
  const { probe, shell, settings } = options;
  const hosts = [
    { name: 'img402.dev', url: settings.hosts.img402Url },
    { name: 'img.pro', url: settings.hosts.imgproUrl },
    ...(settings.hosts.serverUrl ? [{ name: 'your Shotlink server', url: settings.hosts.serverUrl }] : []),
  ];
  return Promise.all([
    checkSession(probe),
    checkCapture(probe),
    checkScreenRecording(probe, shell.screenAccess),
    checkClipboard(probe, shell.clipboard),
    checkKeychain(options.secrets),
    checkTray(probe),
    checkHotkeys(probe),
    checkDataFolder(options.home),
    checkHosts(hosts, options.fetch ? { fetch: options.fetch } : {}),
  ]);
}
