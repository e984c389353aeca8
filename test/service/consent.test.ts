// Nothing leaves the machine without consent: a first run watches nothing, turning watching on says what
// it will upload, the public-link notice comes before the first public upload on the app's own paths,
// and one data folder has one service (a second one, in another process, is refused by name).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_NOTICE } from '../../src-shared/consent.ts';
import { createAppService } from '../../src-main/core/service.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { createMemoryClipboard, createMemoryNotifier } from '../support/memory-ports.ts';
import { cleanEnv, startTestService, type TestService } from '../support/test-service.ts';
import { distinctPng } from '../support/test-images.ts';
import { allSettled, until } from './helpers.ts';

const bin = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));

let t: TestService | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

describe('consent', () => {
  it('watches nothing on a first run, and uploads a new screenshot only once watching is turned on', async () => {
    const screenshots = await tempDir('shotlink-screens-');
    t = await startTestService({ bridge: false, service: { screenshotFolder: screenshots } });
    const status = t.service.watch.status();
    expect(status.folders).toEqual([]);
    expect(status.summary).toMatch(/^Watching nothing/);

    await writeFile(join(screenshots, 'Screenshot before.png'), await distinctPng(1));
    const notices: string[] = [];
    t.service.events.on('notice', (notice) => notices.push(notice.message));
    // Turning it on is the consent, and it says at once what will happen.
    await t.call('setSettings', { watch: { screenshotFolder: true } });
    await until(t.service, () => t!.service.watch.status().folders[0]?.active, 'the folder watch');
    expect(notices).toEqual([
      `New screenshots in ${screenshots} upload to img402.dev Free: public link, 7 days.`,
    ]);

    await writeFile(join(screenshots, 'Screenshot after.png'), await distinctPng(2));
    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ fileName: 'Screenshot after.png', state: 'done' });
    expect(t.img402.uploads).toHaveLength(1); // the screenshot from before consent never left
  });

  it('tells about public links before the first upload from the tray, a hotkey or the clipboard', async () => {
    t = await startTestService({ bridge: false, settings: { publicNoticeShown: false } });
    const order: string[] = [];
    t.service.events.on('notice', (notice) => order.push(`notice: ${notice.message}`));
    t.service.events.on('job', (job) => job.state === 'running' && order.push('running'));
    t.clipboard.copyImage(await distinctPng(3));
    await t.call('uploadClipboard');
    await allSettled(t.service, 1);
    expect(order[0]).toBe(`notice: ${PUBLIC_NOTICE}`);
    expect(t.notifier.notifications[0]).toMatchObject({ body: PUBLIC_NOTICE });
    expect(t.service.core.settings.get().publicNoticeShown).toBe(true);

    // Once is enough.
    t.clipboard.copyImage(await distinctPng(4));
    await t.call('uploadClipboard');
    await allSettled(t.service, 2);
    expect(order.filter((line) => line.startsWith('notice'))).toHaveLength(1);
  });
});

describe('one service per data folder', () => {
  it('refuses a second service on the same folder, naming the first, and takes over after it stops', async () => {
    const home = await tempDir('shotlink-one-');
    const make = () =>
      createAppService({
        home,
        env: cleanEnv({ SHOTLINK_HOME: home }),
        secrets: createMemoryStore(),
        clipboard: createMemoryClipboard(),
        notifier: createMemoryNotifier(),
        screenshotFolder: null,
        kind: 'test service',
      });
    const holder = join(home, 'service.json');
    // Another live process holds it (the test runner's parent stands in for the desktop app).
    await writeFile(
      holder,
      JSON.stringify({ pid: process.ppid, kind: 'the desktop app', url: 'http://127.0.0.1:4242' }),
    );
    await expect(make().start()).rejects.toThrow(
      `Shotlink is already running on this data folder (${home}): the desktop app, process ${process.ppid}, its window at http://127.0.0.1:4242.`,
    );

    // A holder that died (kill -9 leaves its file) is taken over at once, and closing releases it.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    await writeFile(holder, JSON.stringify({ pid: dead.pid, kind: 'shotlink ui' }));
    const service = make();
    await service.start();
    expect(JSON.parse(await readFile(holder, 'utf8'))).toMatchObject({
      pid: process.pid,
      kind: 'test service',
    });
    await service.close();
    expect(existsSync(holder)).toBe(false);
  });

  it('two services on one data folder and one screenshot: one upload at the host', async () => {
    const folder = await tempDir('shotlink-watched-');
    t = await startTestService({ bridge: false, settings: { watch: { folders: [folder] } } });
    await until(t.service, () => t!.service.watch.status().folders[0]?.active, 'the folder watch');
    // The second one (here `shotlink ui`, as a user would start it) finds the folder taken and leaves.
    const second = spawn(process.execPath, [bin, 'ui'], {
      env: cleanEnv({ SHOTLINK_HOME: t.home, SHOTLINK_IMG402_URL: t.img402.url, HOME: t.home }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    second.stderr.on('data', (chunk) => (stderr += String(chunk)));
    expect(await new Promise((resolve) => second.once('exit', resolve))).toBe(2);
    expect(stderr).toContain('Shotlink is already running on this data folder');

    await writeFile(join(folder, 'Screenshot one.png'), await distinctPng(7));
    const [done] = await allSettled(t.service, 1);
    expect(done).toMatchObject({ fileName: 'Screenshot one.png', state: 'done' });
    expect(t.img402.uploads).toHaveLength(1);
  });

  it('a second `shotlink ui` on one data folder exits with who holds it; after kill -9 the next starts at once', async () => {
    const home = await tempDir('shotlink-ui-twice-');
    const env = cleanEnv({
      SHOTLINK_HOME: join(home, 'data'),
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.c'),
    });
    const startUi = () => {
      const child = spawn(process.execPath, [bin, 'ui'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const url = new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        void exited.then(() => reject(new Error(`exited: ${stderr}`)));
      });
      url.catch(() => {}); // a refused one never prints its URL: the test awaits its exit instead
      return { child, exited, url, stderr: () => stderr };
    };

    const first = startUi();
    const firstUrl = new URL(await first.url);
    await expect.poll(first.stderr).toContain('Press Ctrl-C to stop.');
    expect(first.stderr()).toContain('Uploads go to img402.dev Free: public link, 7 days.');
    expect(first.stderr()).toContain('Watching nothing');

    const second = startUi();
    expect(await second.exited).toBe(2);
    expect(second.stderr()).toContain(
      `Shotlink is already running on this data folder (${join(home, 'data')}): shotlink ui, process ${first.child.pid}, its window at ${firstUrl.origin}`,
    );
    // The address is there, the token is not: it never goes into a file.
    expect(second.stderr()).not.toContain(firstUrl.searchParams.get('token'));

    first.child.kill('SIGKILL');
    await first.exited;
    const third = startUi();
    expect(new URL(await third.url).hostname).toBe('127.0.0.1');
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });
});
