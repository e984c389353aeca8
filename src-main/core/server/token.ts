// The server's upload token: SHOTLINK_SERVER_TOKEN when set, otherwise generated once and kept in
// `<home>/server/token` with 0600 permissions.
//
// Why a file and not the OS keychain: this token is the server's own credential, not the user's. The
// server must start headless (a home server under systemd has no desktop session, hence no Secret
// Service), and the CLI, `shotlink serve` and the desktop app's embedded server must all read the same
// value. A private file in the data folder is what SSH host keys and Jupyter tokens do for the same
// reason. Clients of a *remote* server keep that server's token in the secret store instead.
import { readFile, chmod } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../store/atomic.ts';
import { serverTokenPath, TOKEN_ENV } from '../store/server-files.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';

export { TOKEN_ENV };

/** Shorter tokens could be guessed by anyone on the network who can reach the port. */
const MIN_TOKEN_LENGTH = 16;

export async function resolveServerToken(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const fromEnv = env[TOKEN_ENV]?.trim();
  if (fromEnv) return checkToken(fromEnv, TOKEN_ENV);
  const path = serverTokenPath(home);
  const kept = await readKeptToken(path);
  if (kept) return kept;
  const token = randomBytes(32).toString('base64url');
  await writeFileAtomic(path, `${token}\n`); // written 0600 by writeFileAtomic
  return token;
}

async function readKeptToken(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // Someone may have copied the folder with a loose umask: the token must stay private.
  if (process.platform !== 'win32') await chmod(path, 0o600).catch(() => {});
  return checkToken(text.trim(), path);
}

function checkToken(token: string, source: string): string {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new ShotlinkError(
      'usage',
      `The server token from ${source} is unusable: it needs at least ${MIN_TOKEN_LENGTH} characters and no spaces. ` +
        `Set a longer ${TOKEN_ENV}, or delete ${source === TOKEN_ENV ? 'it' : 'the file'} to have one generated.`,
    );
  }
  return token;
}
