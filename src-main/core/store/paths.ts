// Where Shotlink keeps its data. The CLI and the desktop app share one folder, the same one Electron
// calls userData, so history and settings follow the user between them. SHOTLINK_HOME overrides it.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SHOTLINK_HOME) return env.SHOTLINK_HOME;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Shotlink');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Shotlink');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Shotlink');
}

/** The layout of the data folder, in one place. */
export function dataPaths(home: string) {
  return {
    home,
    thumbnails: join(home, 'thumbnails'),
    queue: join(home, 'queue'),
    /** Hosts' answers not yet in history (see store/answers.ts). */
    answers: join(home, 'answers'),
    uploaders: join(home, 'uploaders'),
    serverStorage: join(home, 'server'),
    /** Captures `shotlink capture` could not upload, kept for a later `shotlink upload`. */
    captures: join(home, 'captures'),
    /** GitHub comments begun and not yet posted (see github/comment-plans.ts). */
    githubComments: join(home, 'github-comments'),
  };
}
