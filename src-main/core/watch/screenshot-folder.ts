// Where the OS saves screenshots, per OS, as plain functions over what the machine reports, so each
// rule is testable anywhere. The folder watcher watches this folder unless the user turns it off.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What the detection needs to know about the machine: injectable so tests can describe any OS. */
export interface MachineFacts {
  platform: NodeJS.Platform;
  home: string;
  env: NodeJS.ProcessEnv;
  exists(path: string): boolean;
  readText(path: string): string | null;
  /** Output of a command, or null when it fails (e.g. the key is not set). */
  run(command: string, args: string[]): string | null;
}

export function thisMachine(env: NodeJS.ProcessEnv = process.env): MachineFacts {
  return {
    platform: process.platform,
    home: homedir(),
    env,
    exists: existsSync,
    readText: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    run: (command, args) => {
      try {
        return execFileSync(command, args, {
          encoding: 'utf8',
          timeout: 3000,
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch {
        return null;
      }
    },
  };
}

/** The folder screenshots land in on this OS (which may not exist yet). */
export function screenshotFolder(machine: MachineFacts): string {
  switch (machine.platform) {
    case 'darwin':
      return macScreenshotFolder(
        machine.run('defaults', ['read', 'com.apple.screencapture', 'location']),
        machine.home,
      );
    case 'win32':
      return windowsScreenshotFolder(machine);
    default:
      return linuxScreenshotFolder(machine);
  }
}

/** macOS: the `com.apple.screencapture location` default when set, otherwise the Desktop. */
export function macScreenshotFolder(defaultsOutput: string | null, home: string): string {
  const location = defaultsOutput?.trim();
  if (!location) return join(home, 'Desktop');
  return expandHome(location, home);
}

/** Windows: Pictures\Screenshots (Win+PrtScn, the Snipping Tool), following a OneDrive-moved Pictures. */
export function windowsScreenshotFolder(machine: MachineFacts): string {
  const profile = machine.env.USERPROFILE ?? machine.home;
  const candidates = [
    join(profile, 'Pictures', 'Screenshots'),
    ...(machine.env.OneDrive ? [join(machine.env.OneDrive, 'Pictures', 'Screenshots')] : []),
  ];
  return candidates.find((path) => machine.exists(path)) ?? candidates[0]!;
}

/** Linux: <pictures>/Screenshots (GNOME 42+, KDE), else the pictures folder itself (older tools). */
export function linuxScreenshotFolder(machine: MachineFacts): string {
  const pictures = xdgPicturesDir(machine);
  const screenshots = join(pictures, 'Screenshots');
  if (machine.exists(screenshots) || !machine.exists(pictures)) return screenshots;
  return pictures;
}

/** XDG_PICTURES_DIR from the environment or ~/.config/user-dirs.dirs (localised: "Bilder", "Images"). */
export function xdgPicturesDir(machine: MachineFacts): string {
  const fromEnv = machine.env.XDG_PICTURES_DIR;
  if (fromEnv) return expandHome(fromEnv.replace(/\$HOME/g, machine.home), machine.home);
  const configHome = machine.env.XDG_CONFIG_HOME || join(machine.home, '.config');
  const userDirs = machine.readText(join(configHome, 'user-dirs.dirs'));
  const line = userDirs?.split('\n').find((text) => /^\s*XDG_PICTURES_DIR\s*=/.test(text));
  const value = line ? /=\s*"?([^"]*)"?\s*$/.exec(line)?.[1] : undefined;
  if (value && value !== '$HOME' && value !== '$HOME/') {
    return value.replace(/^\$HOME/, machine.home);
  }
  return join(machine.home, 'Pictures');
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}
