// One service per data folder. The desktop app and `shotlink ui` each run the queue and the watchers;
// two of them on one folder would upload every new screenshot twice (and pay twice on auto-approve).
// The first one to start writes `service.json` (who it is, where its window is); a second one reads
// it and refuses, naming the first. A service that died (kill -9) is taken over at once. Commands that
// only add work (`upload`, `capture`) take no part in this.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { isAlive, withLock } from './lock.ts';

export interface ServiceHolder {
  pid: number;
  /** 'the desktop app' or 'shotlink ui'. */
  kind: string;
  startedAt: string;
  /** Where its window can be opened, when it has one a browser can reach. */
  url?: string;
}

export interface DataFolderClaim {
  /** Says where this service's window is (`shotlink ui` knows it only after the bridge started). */
  setUrl(url: string): void;
  release(): void;
}

const fileOf = (home: string) => join(home, 'service.json');

function readHolder(home: string): ServiceHolder | null {
  try {
    const holder = JSON.parse(readFileSync(fileOf(home), 'utf8')) as Partial<ServiceHolder>;
    return typeof holder.pid === 'number' ? (holder as ServiceHolder) : null;
  } catch {
    return null; // none, or damaged: nobody can be shown to hold it
  }
}

/** The live service on this data folder other than this process, if any. */
export function runningService(home: string): ServiceHolder | null {
  const holder = readHolder(home);
  return holder && holder.pid !== process.pid && isAlive(holder.pid) ? holder : null;
}

/** Claims the data folder for this process's service, or throws naming the one that holds it. */
export function claimDataFolder(home: string, kind: string): DataFolderClaim {
  const lock = `${fileOf(home)}.lock`;
  let holder: ServiceHolder = { pid: process.pid, kind, startedAt: new Date().toISOString() };
  withLock(lock, () => {
    const other = runningService(home);
    if (other) throw alreadyRunning(home, other);
    writeFileSync(fileOf(home), `${JSON.stringify(holder)}\n`);
  });
  const mine = () => readHolder(home)?.pid === process.pid;
  return {
    setUrl(url) {
      holder = { ...holder, url };
      withLock(lock, () => mine() && writeFileSync(fileOf(home), `${JSON.stringify(holder)}\n`));
    },
    release() {
      withLock(lock, () => mine() && rmSync(fileOf(home), { force: true }));
    },
  };
}

function alreadyRunning(home: string, other: ServiceHolder): ShotlinkError {
  return new ShotlinkError(
    'usage',
    `Shotlink is already running on this data folder (${home}): ${other.kind}, process ${other.pid}` +
      `${other.url ? `, its window at ${other.url.split('#')[0]}` : ''}. ` +
      'Use that one, or stop it first. Two would upload every screenshot twice. ' +
      '(`shotlink upload` and `shotlink capture` work beside it.)',
    { code: 'already_running' },
  );
}
