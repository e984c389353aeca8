// Whether a command-line tool is installed: the capture tools, the clipboard's, and doctor's checks.
// On its own, so a shell that only asks this (the CLI's clipboard) does not load the capture code.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Whether `program` is an executable file in one of PATH's folders (with PATHEXT on Windows). */
export function isOnPath(program: string, env: NodeJS.ProcessEnv, platform = process.platform): boolean {
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(platform === 'win32' ? ';' : delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      try {
        accessSync(join(dir, program + ext), platform === 'win32' ? constants.F_OK : constants.X_OK);
        return true;
      } catch {
        // not in this folder
      }
    }
  }
  return false;
}
