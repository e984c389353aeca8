// Every doctor check, in the order people read them: can Shotlink capture, copy, keep secrets, show
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
  checkTray,
  type ClipboardAccess,
} from './checks.ts';
import type { DesktopProbe } from './probe.ts';
import { UploaderStore } from '../providers/custom/store.ts';
import { runningServerUrl } from '../providers/shotlink-server.ts';
import type { HostToCheck } from './checks.ts';

/**
 * The destinations this person actually uses: the default one, the Shotlink server and the S3 bucket
 * when they are set up, and every imported uploader. A host nobody chose is not this desktop's problem.
 */
export async function configuredDestinations(settings: Settings, home: string): Promise<HostToCheck[]> {
  const uses = (provider: string) => settings.provider === provider;
  const hosts: HostToCheck[] = [];
  if (uses('img402')) hosts.push({ name: 'img402.dev', url: settings.hosts.img402Url });
  if (uses('imgpro')) hosts.push({ name: 'img.pro', url: settings.hosts.imgproUrl });
  const serverUrl = settings.hosts.serverUrl || (await runningServerUrl(home));
  if (serverUrl) hosts.push({ name: 'your Shotlink server', url: serverUrl });
  else if (uses('server')) {
    hosts.push({
      name: 'your Shotlink server',
      problem: 'is the default destination, but none runs here and hosts.serverUrl is empty',
      fix: 'Start one with `shotlink serve` (or the app\'s "Serve images on this network"), or `shotlink server connect <url>`.',
    });
  }
  const { s3 } = settings;
  if (s3.bucket) {
    const region = s3.region || 'us-east-1';
    hosts.push({ name: `S3 bucket ${s3.bucket}`, url: s3.endpoint || `https://s3.${region}.amazonaws.com` });
  } else if (uses('s3')) {
    hosts.push({
      name: 'S3 bucket',
      problem: 'is the default destination, but s3.bucket is empty',
      fix: 'Set it with `shotlink config set s3.bucket <name>` or in Settings → S3 bucket.',
    });
  }
  for (const uploader of await new UploaderStore(home).list().catch(() => [])) {
    // Its address up to the path: a template in the path or query is filled per upload.
    const origin = /^https?:\/\/[^/?#{}]+/.exec(uploader.requestUrl)?.[0];
    if (origin) hosts.push({ name: `uploader ${uploader.name}`, url: origin });
  }
  return hosts;
}

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
  const hosts = await configuredDestinations(settings, options.home);
  return Promise.all([
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
