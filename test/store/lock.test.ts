// The data folder's cross-process lock: a lock whose owner died (kill -9 mid-update) is taken over at
// once, not waited out; one held by a live process is respected.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, withLock } from '../../src-main/core/store/lock.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('withLock', () => {
  it('takes over a lock left by a dead process at once, and releases it after', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shotlink-lock-'));
    const lock = join(dir, 'history.json.lock');
    mkdirSync(lock);
    const pid = await deadPid();
    expect(isAlive(pid)).toBe(false);
    writeFileSync(join(lock, 'owner'), JSON.stringify({ pid, nonce: 'left-by-kill-9' }));
    // The lock is fresh, so only its dead owner lets it be taken (an ownerless one is waited out for 10 s).
    expect(withLock(lock, () => 'ran')).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  it('knows a live process from a dead one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'shotlink-lock-'));
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(await deadPid())).toBe(false);
  });
});
