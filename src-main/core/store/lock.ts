// Cross-process locks on the data folder. Creating a directory is atomic on every OS and file system
// we run on, so `mkdir` is the lock; an `owner` file inside names the process that holds it. A lock
// whose owner has died (kill -9 mid-update) is taken over at once instead of waited out.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShotlinkError } from '../../../src-shared/errors.ts';

/** A lock with no readable owner older than this was left mid-creation by a process that died. */
const OWNERLESS_STALE_MS = 10_000;
const LOCK_TIMEOUT_MS = 30_000;
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Whether a process with this id exists (on this machine). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Owner {
  pid: number;
  nonce: string;
}

function readOwner(lock: string): Owner | null {
  try {
    const owner = JSON.parse(readFileSync(join(lock, 'owner'), 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.nonce === 'string'
      ? { pid: owner.pid, nonce: owner.nonce }
      : null;
  } catch {
    return null;
  }
}

function age(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0; // released meanwhile: try again
  }
}

/**
 * Moves a dead owner's lock aside. Renaming is atomic, so of several processes that saw the same dead
 * owner only one moves its lock; one that moved a lock taken meanwhile by a live process puts it back.
 */
function takeOver(lock: string, dead: Owner | null): void {
  const aside = `${lock}.stale-${randomBytes(6).toString('hex')}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // someone else moved or released it
  }
  const moved = readOwner(aside);
  if (moved && (dead === null || moved.nonce !== dead.nonce) && isAlive(moved.pid)) {
    try {
      renameSync(aside, lock);
      return;
    } catch {
      // the lock was taken again in between: this one is the live one's only while it lasts
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * One attempt to take the lock: true when taken; else the owner holding it (null when unreadable).
 * A dead owner's lock is moved aside first, so the next attempt may take it.
 */
function attempt(lock: string, nonce: string): true | { owner: Owner | null } {
  try {
    mkdirSync(lock);
    writeFileSync(join(lock, 'owner'), JSON.stringify({ pid: process.pid, nonce }));
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      mkdirSync(join(lock, '..'), { recursive: true });
      return attempt(lock, nonce);
    }
    if (code !== 'EEXIST') throw error;
    const owner = readOwner(lock);
    if (owner ? !isAlive(owner.pid) : age(lock) > OWNERLESS_STALE_MS) {
      takeOver(lock, owner);
      return attempt(lock, nonce);
    }
    return { owner };
  }
}

function heldTooLong(lock: string, owner: Owner | null): ShotlinkError {
  return new ShotlinkError(
    'internal',
    `Another Shotlink process (${owner ? `pid ${owner.pid}` : 'unknown'}) has held ${lock} for too long. If none is running, delete that folder.`,
  );
}

/** Holds the lock while `body` runs. Synchronous, like the stores it guards: the work under it is short. */
export function withLock<R>(lock: string, body: () => R): R {
  const started = Date.now();
  const nonce = randomBytes(8).toString('hex');
  for (;;) {
    const taken = attempt(lock, nonce);
    if (taken === true) break;
    if (Date.now() - started > LOCK_TIMEOUT_MS) throw heldTooLong(lock, taken.owner);
    sleepSync(5 + Math.random() * 10);
  }
  try {
    return body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Holds the lock while the asynchronous `body` runs (work that talks to a host and may take minutes),
 * waiting without blocking the event loop. `onWait` runs once per look while another live process
 * holds it; a dead holder's lock is taken over at once.
 */
export async function withLockAsync<R>(
  lock: string,
  body: () => Promise<R>,
  options: { timeoutMs: number; onWait?: () => void | Promise<void> },
): Promise<R> {
  const started = Date.now();
  const nonce = randomBytes(8).toString('hex');
  for (;;) {
    const taken = attempt(lock, nonce);
    if (taken === true) break;
    if (Date.now() - started > options.timeoutMs) throw heldTooLong(lock, taken.owner);
    await options.onWait?.();
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 50));
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
