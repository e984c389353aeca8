// The doctor's checks: plain functions of a DesktopProbe (probe.ts) and what the caller knows, each
// returning one DoctorCheck with what was found and what to do. `shotlink doctor` prints them; the
// window shows them under Settings → This desktop. Nothing here changes the machine.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { DoctorCheck } from '../../../src-shared/doctor.ts';
import { isShotlinkError } from '../../../src-shared/errors.ts';
import { planCapture } from '../capture/plan.ts';
import type { SecretStore } from '../ports.ts';
import { portalInterfaces, sessionBusHas, type DesktopProbe } from './probe.ts';

const isWayland = (env: NodeJS.ProcessEnv) =>
  env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
/** Linux without DISPLAY or WAYLAND_DISPLAY: a console or an SSH session, where no desktop part works. */
const noDesktopSession = (probe: DesktopProbe) =>
  probe.platform === 'linux' && !probe.env.DISPLAY && !probe.env.WAYLAND_DISPLAY;
const NO_SESSION = {
  status: 'warn',
  summary: 'no desktop session here (DISPLAY and WAYLAND_DISPLAY are unset)',
  fix: 'Run Shotlink inside your desktop session; over SSH, `shotlink upload <file>` still works.',
} as const;
const CAPTURE_INSTEAD = "add a shortcut in your desktop's keyboard settings that runs `shotlink capture`";

/** The X11 display's socket for DISPLAY=":N" or ":N.S" (local); null for a display over the network. */
export function x11Socket(display: string): string | null {
  const number = /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display)?.[1];
  return number === undefined ? null : `/tmp/.X11-unix/X${number}`;
}

/**
 * The display session everything on the desktop goes through: X11 or Wayland, which desktop, and
 * whether its server answers (a DISPLAY left over from a closed session is the classic over SSH).
 */
export async function checkSession(probe: DesktopProbe): Promise<DoctorCheck> {
  const base = { id: 'session', title: 'Display session' } as const;
  if (probe.platform !== 'linux') return { ...base, status: 'ok', summary: 'the system’s own' };
  if (noDesktopSession(probe)) return { ...base, ...NO_SESSION };
  const desktop = probe.env.XDG_CURRENT_DESKTOP ? `, desktop ${probe.env.XDG_CURRENT_DESKTOP}` : '';
  const { WAYLAND_DISPLAY: wayland, DISPLAY: display } = probe.env;
  const socket = wayland
    ? isAbsolute(wayland)
      ? wayland
      : probe.env.XDG_RUNTIME_DIR
        ? join(probe.env.XDG_RUNTIME_DIR, wayland)
        : null
    : x11Socket(display!);
  const name = wayland ? `Wayland (${wayland})` : `X11 on ${display}`;
  if (!socket) return { ...base, status: 'ok', summary: `${name}${desktop} (over the network: not checked)` };
  if (await probe.connects(socket)) return { ...base, status: 'ok', summary: `${name}${desktop}` };
  return {
    ...base,
    status: 'fail',
    summary: `${name}: nothing answers at ${socket}`,
    fix: wayland
      ? 'WAYLAND_DISPLAY names a compositor that is not running: run Shotlink from inside your desktop session.'
      : 'DISPLAY names an X server that is not running (a session that ended, or SSH without -X): run Shotlink from inside your desktop session.',
  };
}

/** The region-capture tool `shotlink capture` and the capture hotkey would use. */
export async function checkCapture(probe: DesktopProbe): Promise<DoctorCheck> {
  const base = { id: 'capture', title: 'Capture tool' } as const;
  let plan;
  try {
    plan = planCapture(probe);
  } catch (error) {
    if (!isShotlinkError(error)) throw error;
    return { ...base, status: 'fail', summary: 'none found', fix: error.message };
  }
  if (plan.kind === 'portal') {
    const interfaces = await portalInterfaces(probe);
    if (!interfaces?.includes('org.freedesktop.portal.Screenshot')) {
      return {
        ...base,
        status: 'fail',
        summary: 'the desktop screenshot portal does not answer',
        fix: 'Install xdg-desktop-portal and your desktop’s backend (xdg-desktop-portal-gnome, -kde or -wlr), or install gnome-screenshot, spectacle, flameshot, or grim and slurp.',
      };
    }
    return { ...base, status: 'ok', summary: 'the desktop screenshot portal (xdg-desktop-portal)' };
  }
  const programs = [...new Set(plan.steps.map((step) => step.command))];
  const missing = programs.filter((program) => !probe.has(program));
  if (missing.length > 0) {
    return {
      ...base,
      status: 'fail',
      summary: `${plan.tool} is chosen, but ${missing.join(' and ')} cannot be run`,
      fix: `Install ${missing.join(' and ')}, or set SHOTLINK_CAPTURE_TOOL to a tool this machine has.`,
    };
  }
  return { ...base, status: 'ok', summary: `${plan.tool} (${programs.join(', ')})` };
}

/** macOS's Screen Recording permission: without it a capture shows only the wallpaper. */
export function checkScreenRecording(
  probe: DesktopProbe,
  screenAccess?: () => 'granted' | 'denied',
): DoctorCheck {
  const base = { id: 'screen-recording', title: 'Screen recording permission' } as const;
  if (probe.platform !== 'darwin') return { ...base, status: 'n/a', summary: 'only macOS asks for it' };
  const fix =
    'Open System Settings → Privacy & Security → Screen Recording and turn Shotlink (or, for the CLI, your terminal) on, then restart it.';
  // Only the app can read it (Electron); a terminal's permission is the terminal's and cannot be read.
  if (!screenAccess) return { ...base, status: 'warn', summary: 'cannot be read from a terminal', fix };
  // 'denied' is also what a never-asked install reads: the first capture makes macOS ask.
  return screenAccess() === 'granted'
    ? { ...base, status: 'ok', summary: 'granted' }
    : { ...base, status: 'warn', summary: 'not granted (or not asked yet: the first capture asks)', fix };
}

/** How links reach the clipboard: Electron's own clipboard, or the desktop's command-line tool. */
export type ClipboardAccess = { kind: 'built-in' } | { kind: 'commands'; writeText: string | null };

export function checkClipboard(probe: DesktopProbe, access: ClipboardAccess): DoctorCheck {
  const base = { id: 'clipboard', title: 'Clipboard' } as const;
  if (access.kind === 'built-in') return { ...base, status: 'ok', summary: 'the app’s own (Electron)' };
  if (access.writeText) return { ...base, status: 'ok', summary: access.writeText };
  if (noDesktopSession(probe)) return { ...base, ...NO_SESSION };
  const fix =
    probe.platform === 'linux'
      ? isWayland(probe.env)
        ? 'Install wl-clipboard (wl-copy and wl-paste).'
        : 'Install xclip (or xsel).'
      : 'Run Shotlink from a desktop session.';
  return {
    ...base,
    status: 'warn',
    summary: 'no clipboard tool: links are printed, not copied',
    fix,
  };
}

/**
 * The OS keychain, where the wallet key and host keys live. A session bus without a Secret Service can
 * leave libsecret waiting for D-Bus's 25-second activation timeout: after `timeoutMs` that counts as
 * not answering.
 */
export async function checkKeychain(
  secrets: Pick<SecretStore, 'unavailableReason'>,
  timeoutMs = 3000,
): Promise<DoctorCheck> {
  const base = { id: 'keychain', title: 'Keychain' } as const;
  let timer: NodeJS.Timeout | undefined;
  const silent = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`The keychain did not answer within ${timeoutMs / 1000} s.`), timeoutMs);
  });
  const problem = await Promise.race([secrets.unavailableReason(), silent]).finally(() =>
    clearTimeout(timer),
  );
  if (!problem) return { ...base, status: 'ok', summary: 'available' };
  return {
    ...base,
    status: 'warn',
    summary: problem,
    fix: 'Start your desktop’s keyring (gnome-keyring or KWallet) and unlock it. Without one Shotlink stores no secrets; paid uploads can still use SHOTLINK_WALLET_KEY.',
  };
}

/**
 * Whether a tray icon can show. Linux trays need a StatusNotifier host on the session bus; without one
 * Electron falls back to the old XEmbed tray, which some X11 panels still show but GNOME has not since
 * 3.26. So: no host on GNOME is a failure (main.ts then keeps the window reachable), elsewhere a warning.
 */
export async function checkTray(probe: DesktopProbe): Promise<DoctorCheck> {
  const base = { id: 'tray', title: 'Tray icon' } as const;
  if (probe.platform !== 'linux') return { ...base, status: 'ok', summary: 'supported by the OS' };
  if (noDesktopSession(probe)) return { ...base, ...NO_SESSION };
  const host = await sessionBusHas(probe, 'org.kde.StatusNotifierWatcher');
  if (host) return { ...base, status: 'ok', summary: 'a StatusNotifier host is running' };
  const gnome = (probe.env.XDG_CURRENT_DESKTOP ?? '').toLowerCase().includes('gnome');
  if (gnome) {
    return {
      ...base,
      status: host === false ? 'fail' : 'warn',
      summary:
        host === false
          ? 'GNOME shows no tray icons without an extension: the window stays in the task list instead'
          : 'cannot tell (no session D-Bus to ask)',
      fix: 'Enable the “AppIndicator and KStatusNotifierItem Support” GNOME extension (Debian and Ubuntu: gnome-shell-extension-appindicator), then log out and in.',
    };
  }
  return {
    ...base,
    status: 'warn',
    summary:
      host === false
        ? 'no StatusNotifier host is running: only a panel with an old-style (XEmbed) tray will show the icon'
        : 'cannot tell (no session D-Bus to ask)',
    fix: 'Run a panel with a system tray, or use the window and the CLI (everything in the tray menu is in the window).',
  };
}

/** Whether the global hotkeys can work here: always natively, never provably on Wayland. */
export async function checkHotkeys(probe: DesktopProbe): Promise<DoctorCheck> {
  const base = { id: 'hotkeys', title: 'Global hotkeys' } as const;
  if (probe.platform !== 'linux') return { ...base, status: 'ok', summary: 'supported by the OS' };
  if (noDesktopSession(probe)) return { ...base, ...NO_SESSION };
  if (!isWayland(probe.env)) return { ...base, status: 'ok', summary: 'X11 lets apps register them' };
  const interfaces = await portalInterfaces(probe);
  if (interfaces?.includes('org.freedesktop.portal.GlobalShortcuts')) {
    return {
      ...base,
      status: 'warn',
      summary: 'Wayland: asked through the GlobalShortcuts portal, which cannot confirm a binding',
      fix: `If a hotkey does nothing, allow it where your desktop asks, or ${CAPTURE_INSTEAD}.`,
    };
  }
  return {
    ...base,
    status: 'fail',
    summary: 'Wayland without a GlobalShortcuts portal: apps cannot register hotkeys',
    fix: `Update xdg-desktop-portal and your desktop’s portal backend, or ${CAPTURE_INSTEAD}.`,
  };
}

/** The data folder: history, settings, queue. Written and removed once to be sure. */
export async function checkDataFolder(home: string): Promise<DoctorCheck> {
  const base = { id: 'data-folder', title: 'Data folder' } as const;
  const probeFile = join(home, `.doctor-${process.pid}`);
  try {
    await mkdir(home, { recursive: true });
    await writeFile(probeFile, 'ok');
    await rm(probeFile, { force: true });
    return { ...base, status: 'ok', summary: `${home} is writable` };
  } catch (error) {
    return {
      ...base,
      status: 'fail',
      summary: `${home} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      fix: 'Fix the folder’s owner and permissions, or set SHOTLINK_HOME to a folder you can write.',
    };
  }
}

/** A destination to reach, or one whose set-up is missing something (said with what to do). */
export type HostToCheck =
  | {
      name: string;
      url: string;
      /** The setting holding the address (from the host's description), named when it does not answer. */
      setting?: string;
    }
  | { name: string; problem: string; fix: string };

/** Whether each host answers at all (any HTTP answer counts: this is about the network, not accounts). */
export async function checkHosts(
  hosts: HostToCheck[],
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<DoctorCheck> {
  const base = { id: 'hosts', title: 'Hosts' } as const;
  const incomplete = hosts.find((host) => 'problem' in host);
  if (incomplete && 'problem' in incomplete) {
    return {
      ...base,
      status: 'fail',
      summary: `${incomplete.name} ${incomplete.problem}`,
      fix: incomplete.fix,
    };
  }
  const reachable = hosts.filter((host) => 'url' in host);
  if (reachable.length === 0) return { ...base, status: 'n/a', summary: 'no destination is set up' };
  const fetchUrl = options.fetch ?? fetch;
  const results = await Promise.all(
    reachable.map(async ({ name, url, setting }) => {
      try {
        await fetchUrl(url, { method: 'HEAD', signal: AbortSignal.timeout(options.timeoutMs ?? 4000) });
        return { name, url, setting, error: null };
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        const timedOut = (error as Error).name === 'TimeoutError';
        return {
          name,
          url,
          setting,
          error: cause ?? (timedOut ? 'no answer in time' : (error as Error).message),
        };
      }
    }),
  );
  const unreachable = results.filter((r) => r.error);
  const settings = [...new Set(unreachable.flatMap((r) => (r.setting ? [r.setting] : [])))];
  if (unreachable.length === 0) {
    return { ...base, status: 'ok', summary: `${reachable.map((h) => h.name).join(', ')} answer` };
  }
  return {
    ...base,
    status: unreachable.length === reachable.length ? 'fail' : 'warn',
    summary: unreachable
      .map(
        (r) =>
          `${r.name} (${r.url}) does not answer: ${r.error}${r.setting ? ` (setting ${r.setting})` : ''}`,
      )
      .join('; '),
    fix: `Check the network connection, a proxy or firewall, and the host addresses in Settings${settings.length ? ` (${settings.join(', ')})` : ''}.`,
  };
}
