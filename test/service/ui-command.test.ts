// `shotlink ui` as a user runs it: a real process that prints the window's URL, answers the API over
// the bridge with its token, refuses it without, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clipboardCommands,
  createStderrNotifier,
  noClipboardReason,
  parseAppleScriptPng,
} from '../../src-main/cli/terminal-ports.ts';
import { cleanEnv } from '../support/test-service.ts';
import { startFakeImg402 } from '../support/fake-img402.ts';
import { screenshotPng } from '../cli/fixtures.ts';

const cliBin = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));
let home: string | undefined;
afterEach(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

describe('shotlink ui', () => {
  it('prints a tokenised 127.0.0.1 URL, serves the API there, and exits 0 on SIGTERM', async () => {
    home = await mkdtemp(join(tmpdir(), 'shotlink-ui-'));
    const child = spawn(process.execPath, [cliBin, 'ui'], {
      env: cleanEnv({
        SHOTLINK_HOME: join(home, 'data'),
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exited.then(() => reject(new Error(`shotlink ui exited early: ${stderr}`)));
    });
    const page = new URL(line);
    expect(page.hostname).toBe('127.0.0.1');
    const token = page.searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(40);

    const call = (headers: Record<string, string>) =>
      fetch(`${page.origin}/api/call/watcherStatus`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"args":[]}',
      });
    expect((await call({})).status).toBe(401);
    const answer = await (await call({ authorization: `Bearer ${token}` })).json();
    // Nothing is watched until the user turns it on (issue: consent first).
    expect(answer).toMatchObject({ ok: true, value: { paused: false, folders: [] } });
    expect(stderr).toContain('Shotlink is running');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('with no clipboard tool, says links are printed and never claims one was copied', async () => {
    home = await mkdtemp(join(tmpdir(), 'shotlink-ui-'));
    const img402 = await startFakeImg402();
    const shot = join(home, 'shot.png');
    await writeFile(shot, await screenshotPng());
    // A Linux terminal with a display but no wl-copy, xclip or xsel on the PATH.
    const bin = join(home, 'bin');
    await mkdir(bin);
    await symlink(process.execPath, join(bin, 'node'));
    const child = spawn(process.execPath, [cliBin, 'ui'], {
      env: cleanEnv({
        PATH: bin,
        DISPLAY: ':99',
        SHOTLINK_HOME: join(home, 'data'),
        SHOTLINK_IMG402_URL: img402.url,
        HOME: home,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      const page = new URL(
        await new Promise<string>((resolve) =>
          createInterface({ input: child.stdout }).once('line', resolve),
        ),
      );
      const call = async (method: string, ...args: unknown[]) =>
        (await (
          await fetch(`${page.origin}/api/call/${method}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${page.searchParams.get('token')}`,
            },
            body: JSON.stringify({ args }),
          })
        ).json()) as { ok: boolean; value: unknown };
      await expect
        .poll(() => stderr)
        .toContain('No clipboard tool found (wl-copy, xclip, xsel): links are printed here instead.');
      await call('setSettings', { publicNoticeShown: true });
      expect((await call('uploadFiles', [shot])).ok).toBe(true);
      await expect.poll(() => stderr, { timeout: 30_000 }).toMatch(/Uploaded: shot\.png: \S+/);
      expect(stderr).not.toContain('Link copied');
      const job = async () =>
        ((await call('listJobs')).value as { state: string; linkCopied?: boolean }[])[0];
      await expect.poll(async () => (await job())?.state).toBe('done');
      expect((await job())!.linkCopied ?? false).toBe(false);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await img402.close();
    }
  });
});

describe('terminal ports', () => {
  const has = (available: string[]) => (program: string) => available.includes(program);

  it('picks the clipboard tools of the desktop', () => {
    expect(
      clipboardCommands('linux', { WAYLAND_DISPLAY: 'wayland-0' }, has(['wl-copy', 'wl-paste', 'xclip'])),
    ).toMatchObject({
      writeText: ['wl-copy'],
      readPng: ['wl-paste', '--no-newline', '--type', 'image/png'],
    });
    expect(clipboardCommands('linux', { DISPLAY: ':0' }, has(['xclip']))).toMatchObject({
      listFormats: ['xclip', '-selection', 'clipboard', '-t', 'TARGETS', '-o'],
    });
    expect(clipboardCommands('linux', { DISPLAY: ':0' }, has(['xsel']))).toEqual({
      writeText: ['xsel', '--clipboard', '--input'],
    });
    expect(clipboardCommands('linux', {}, has(['xclip']))).toEqual({});
    expect(clipboardCommands('darwin', {}, has([]))).toEqual({ writeText: ['pbcopy'], appleScript: true });
    // Without a desktop session the reason is the session, not a tool to install (xclip may be there).
    expect(noClipboardReason({}, 'linux')).toMatch(/^No desktop session here \(DISPLAY and WAYLAND_DISPLAY/);
    expect(noClipboardReason({ DISPLAY: ':0' }, 'linux')).toBe(
      'No clipboard tool found (wl-copy, xclip, xsel)',
    );
  });

  it('reads AppleScript PNG data and writes notifications as lines', () => {
    expect(parseAppleScriptPng('«data PNGf89504E47»')).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(parseAppleScriptPng('some text')).toBeNull();
    const lines: string[] = [];
    const notifier = createStderrNotifier((line) => lines.push(line));
    notifier.notify({ title: 'Link copied', body: 'a.png: https://x/a.png', level: 'info' });
    notifier.notify({ title: 'Upload failed', body: 'b.png: host down', level: 'error' });
    expect(lines).toEqual([
      'Link copied: a.png: https://x/a.png\n',
      'shotlink: Upload failed: b.png: host down\n',
    ]);
  });
});
