// One owner per data folder, for each thing only one process may run on it. The desktop app and
// `shotlink ui` each run the queue and the watchers; two of them on one folder would upload every new
// screenshot twice (and pay twice on auto-approve). The embedded image server (`shotlink serve`, or the
// app's "Serve images on this network") keeps its index in the folder; two would each overwrite what
// the other acknowledged. The first one to start writes its file (who it is, where it can be reached);
// a second one reads it and refuses, naming the first. A holder that died (kill -9) is taken over at
// once. Commands that only add work (`upload`, `capture`) take no part in this.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { isAlive, withLock } from './lock.ts';
import { serverStatePath } from './server-files.ts';

export interface ServiceHolder {
  pid: number;
  /** 'the desktop app' or 'shotlink ui'. */
  kind: string;
  startedAt: string;
  /** Where its window can be opened, when it has one a browser can reach. */
  url?: string;
}

export interface DataFolderClaim {
  /** Says where this holder can be reached (`shotlink ui` knows it only after the bridge started). */
  setUrl(url: string): void;
  release(): void;
}

/** What is claimed: the queue and watchers (`service.json`), or the embedded server's index. */
interface Role {
  file(home: string): string;
  clash(home: string, other: ServiceHolder): ShotlinkError;
}

const SERVICE: Role = {
  file: (home) => join(home, 'service.json'),
  clash: (home, other) =>
    new ShotlinkError(
      'usage',
      `Shotlink is already running on this data folder (${home}): ${other.kind}, process ${other.pid}` +
        `${other.url ? `, its window at ${other.url.split('#')[0]}` : ''}. ` +
        'Use that one, or stop it first. Two would upload every screenshot twice. ' +
        '(`shotlink upload` and `shotlink capture` work beside it.)',
      { code: 'already_running' },
    ),
};

const SERVER: Role = {
  // The file the `server` provider reads the running server's address from (store/server-files.ts).
  file: serverStatePath,
  clash: (home, other) =>
    new ShotlinkError(
      'usage',
      `A Shotlink server already serves this data folder (${home}): ${other.kind}, process ${other.pid}` +
        `${other.url ? `, at ${other.url}` : ''}. Use that one, stop it first, or give this one a data ` +
        'folder of its own (SHOTLINK_HOME). Two would each overwrite the images the other acknowledged.',
      { code: 'already_running' },
    ),
};

function readHolder(file: string): ServiceHolder | null {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceHolder>;
    return typeof holder.pid === 'number' ? (holder as ServiceHolder) : null;
  } catch {
    return null; // none, or damaged: nobody can be shown to hold it
  }
}

function liveOther(file: string): ServiceHolder | null {
  const holder = readHolder(file);
  return holder && holder.pid !== process.pid && isAlive(holder.pid) ? holder : null;
}

/** The live service on this data folder other than this process, if any. */
export function runningService(home: string): ServiceHolder | null {
  return liveOther(SERVICE.file(home));
}

/** Claims the data folder for this process's service, or throws naming the one that holds it. */
export function claimDataFolder(home: string, kind: string): DataFolderClaim {
  return claim(home, kind, SERVICE);
}

/**
 * Claims the data folder's embedded image server for this process, or throws naming the process that
 * serves it (its PID and address; never its token). A holder killed with SIGKILL is taken over at once.
 */
export function claimServerFolder(home: string, kind: string): DataFolderClaim {
  return claim(home, kind, SERVER);
}

function claim(home: string, kind: string, role: Role): DataFolderClaim {
  const file = role.file(home);
  const lock = `${file}.lock`;
  const write = (holder: ServiceHolder) => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(holder)}\n`);
  };
  let holder: ServiceHolder = { pid: process.pid, kind, startedAt: new Date().toISOString() };
  withLock(lock, () => {
    const other = liveOther(file);
    if (other) throw role.clash(home, other);
    write(holder);
  });
  const mine = () => readHolder(file)?.pid === process.pid;
  return {
    setUrl(url) {
      holder = { ...holder, url };
      withLock(lock, () => mine() && write(holder));
    },
    release() {
      withLock(lock, () => mine() && rmSync(file, { force: true }));
    },
  };
}
