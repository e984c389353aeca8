// Start at login. macOS and Windows have an OS setting Electron drives (app.setLoginItemSettings); Linux
// desktops follow the XDG autostart spec: a .desktop file in ~/.config/autostart.
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'electron';
import { writeFileAtomic } from '../core/for-shells/ports.ts';

/** The argument the app gets when started at login: it then stays in the tray instead of opening. */
export const HIDDEN_ARG = '--hidden';

export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart', 'shotlink.desktop');
}

/** An XDG autostart entry that starts `execPath` hidden. Exec quoting follows the Desktop Entry spec. */
export function autostartEntry(execPath: string, appArgs: string[] = []): string {
  const quote = (arg: string) =>
    /^[A-Za-z0-9_./+-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Shotlink',
    'Comment=Screenshot in, link out',
    `Exec=${[execPath, ...appArgs, HIDDEN_ARG].map(quote).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function setStartAtLogin(
  enabled: boolean,
  options: {
    app: Pick<App, 'setLoginItemSettings'>;
    platform: NodeJS.Platform;
    execPath: string;
    /** In development the app is `electron <dir>`: the folder must be passed along. */
    appArgs?: string[];
    env?: NodeJS.ProcessEnv;
  },
): Promise<void> {
  if (options.platform === 'linux') {
    const env = options.env ?? process.env;
    const file = autostartFile(env);
    // Run from an AppImage, execPath is inside its mount (/tmp/.mount_XXXX), which is gone after a
    // reboot; $APPIMAGE is the file itself (electron-builder's AppImage runtime sets it).
    const exec = env.APPIMAGE || options.execPath;
    if (enabled) await writeFileAtomic(file, autostartEntry(exec, env.APPIMAGE ? [] : options.appArgs));
    else await rm(file, { force: true });
    return;
  }
  options.app.setLoginItemSettings({ openAtLogin: enabled, args: [...(options.appArgs ?? []), HIDDEN_ARG] });
}

/**
 * Whether this start is the one at login. Windows and Linux start us with HIDDEN_ARG; macOS ignores a
 * login item's `args` (they are Windows-only in Electron's docs) and reports `wasOpenedAtLogin` instead.
 */
export function startedAtLogin(
  platform: NodeJS.Platform,
  argv: string[],
  app: Pick<App, 'getLoginItemSettings'>,
): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
