// Where the team server's database URL comes from, for `shotlink serve` and `shotlink server migrate`
// alike. A URL on the command line is readable by every user of the machine (`ps`), so it need never be
// there: SHOTLINK_DATABASE_URL, a file (`--database-file`, SHOTLINK_DATABASE_URL_FILE: a mounted secret),
// or a URL without the password and PostgreSQL's own PGPASSWORD or ~/.pgpass. One given with a
// password in `--database` still works, with a warning saying how to avoid it.
import { readFileSync } from 'node:fs';
import { ShotlinkError } from '../../../src-shared/errors.ts';

export interface DatabaseUrlSources {
  /** `--database` */
  flag?: string | undefined;
  /** `--database-file` */
  file?: string | undefined;
}

export function databaseUrlFrom(
  sources: DatabaseUrlSources,
  env: NodeJS.ProcessEnv,
  warn: (line: string) => void,
): string | undefined {
  if (sources.flag !== undefined && sources.file !== undefined) {
    throw new ShotlinkError('usage', 'Give the database as --database or --database-file, not both.');
  }
  if (sources.flag !== undefined) {
    if (hasPassword(sources.flag)) {
      warn(
        'shotlink: warning: the database password is on the command line, where any user of this machine can read it (ps). ' +
          'Put the URL in SHOTLINK_DATABASE_URL or in a file (--database-file, mode 0600), or leave the password out of it and use PGPASSWORD or ~/.pgpass.',
      );
    }
    return sources.flag;
  }
  const file = sources.file ?? (env.SHOTLINK_DATABASE_URL_FILE || undefined);
  if (file !== undefined) return readUrlFile(file, sources.file !== undefined);
  return env.SHOTLINK_DATABASE_URL || undefined;
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /:\/\/[^/@:]+:[^/@]+@/.test(url);
  }
}

function readUrlFile(path: string, fromFlag: boolean): string {
  const where = fromFlag ? '--database-file' : 'SHOTLINK_DATABASE_URL_FILE';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ShotlinkError(
      'usage',
      `${where} ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)}): it should hold the database URL, postgres://…`,
    );
  }
  const url = text.trim();
  if (!/^postgres(ql)?:\/\//.test(url) || url.includes('\n')) {
    throw new ShotlinkError(
      'usage',
      `${where} ${path} should hold one database URL, postgres://user:password@host/database, and nothing else.`,
    );
  }
  return url;
}
