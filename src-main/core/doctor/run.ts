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
import { UploaderStore } from '../providers/custom/store.ts';
import { addressWhenEmpty } from '../providers/registry.ts';
import { emptyRequiredSettings } from '../providers/configured.ts';
import { getSettingValue } from '../store/settings-store.ts';
import { HOSTS } from '../../../src-shared/hosts/index.ts';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings.ts';
import type { HostToCheck } from './checks.ts';

/**
 * The destinations this person actually uses, from the host descriptions: the default one; a host the
 * person sets up (one with required settings, or whose address is empty by default) once it is set up;
 * and every imported uploader. A public host nobody chose is not this desktop's problem.
 */
export async function configuredDestinations(
  settings: Settings,
  home: string,
  env: NodeJS.ProcessEnv = {},
): Promise<HostToCheck[]> {
  const hosts: HostToCheck[] = [];
  for (const host of HOSTS) {
    const inUse = settings.provider === host.id;
    const name = host.doctorName ?? host.label;
    const empty = emptyRequiredSettings(settings, host.id);
    if (empty.length > 0) {
      if (inUse) {
        hosts.push({
          name,
          problem: `is the default destination, but ${empty.join(' and ')} ${empty.length > 1 ? 'are' : 'is'} empty`,
          fix: `Set it with \`shotlink config set ${empty[0]} <value>\` or in Settings → ${host.label}.`,
        });
      }
      continue;
    }
    if (!host.address) continue;
    const key = host.address.key;
    const configured = getSettingValue(settings, key);
    const setUp =
      inUse ||
      (host.required?.length ?? 0) > 0 ||
      getSettingValue(DEFAULT_SETTINGS, key) === '' ||
      (host.setUpBy ?? []).some((setting) => getSettingValue(settings, setting));
    if (!setUp) continue;
    const url =
      (typeof configured === 'string' && configured) ||
      (await addressWhenEmpty(host.id, settings, home, env));
    if (url) hosts.push({ name, url, setting: key });
    else if (inUse && host.address.missing) hosts.push({ name, ...host.address.missing });
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
  const hosts = await configuredDestinations(settings, options.home, probe.env);
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
