// Names for images that arrive without one (a clipboard image, a region capture), and paths as a
// person reads them.
import { homedir } from 'node:os';
import { sep } from 'node:path';

/** /home/ada/Pictures/Screenshots -> ~/Pictures/Screenshots (on every OS; the home from HOME if set). */
export function tildeHome(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  if (!home) return path;
  if (path === home) return '~';
  return path.startsWith(home + sep) ? `~${path.slice(home.length)}` : path;
}

/** clipboard-2026-05-01-142233.png: readable, sortable, and unique enough for history. */
export function timestampedName(prefix: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${prefix}-${date}-${time}.png`;
}
