// The README's commands as a person runs them, in this checkout, after the build steps `npm ci` runs
// (the global setup runs its `prepare` script): `npm start` and the `shotlink` command through `npx`.
// Nothing here hands Shotlink a path or an option a person would not give it: the window is the one the
// commands find themselves, the hosts come from the same environment variables docs/hosts.md names.
// (`npm start` rebuilds dist/renderer, so these steps run one after another in this file.)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageFiles } from '../../src-main/core/package-files.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { cleanEnv } from '../support/test-service.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { runIn } from '../cli/run-cli.ts';

const NOT_BUILT = 'The Shotlink window is not built yet';

let work: string;
let img402: FakeImg402;
let browser: Browser;
let shot: string;
const children: ChildProcess[] = [];

/** The environment of a person who pointed Shotlink at a local host, in a data folder of their own. */
function personEnv(name: string): NodeJS.ProcessEnv {
  return cleanEnv({
    SHOTLINK_HOME: join(work, name),
    SHOTLINK_IMG402_URL: img402.url,
    HOME: join(work, `${name}-home`),
  });
}

/** Starts a long-running command and resolves with the first http URL it prints on stdout. */
async function startPrintingUrl(
  program: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = packageFiles.root,
): Promise<{ child: ChildProcess; url: URL; stderr: () => string }> {
  const child = spawn(program, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (text) => {
      const url = /https?:\/\/\S+/.exec(text);
      if (url) resolve(url[0]);
    });
    void exited.then((code) => reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)));
  });
  return { child, url: new URL(line), stderr: () => stderr };
}

/** Stops a command the way Ctrl-C does in a terminal (npm passes it to its child), and waits for it. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT');
  await exited;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shotlink-readme-'));
  img402 = await startFakeImg402();
  shot = join(work, 'Screenshot of the build.png');
  await writeFile(shot, await screenshotPng(900, 560));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
  await browser?.close();
  await img402?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the README's commands, run as written", { timeout: 180_000 }, () => {
  it('`npm start` serves the real window: Chromium uploads a file through it and sees the link in History', async () => {
    const { child, url } = await startPrintingUrl('npm', ['start', '--silent'], personEnv('start'));
    const page = await browser.newPage();
    try {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(url.href);
      expect(await page.content()).not.toContain(NOT_BUILT);
      await page.getByRole('heading', { level: 1, name: 'Upload' }).waitFor();

      await page.getByLabel('Choose images to upload').setInputFiles(shot);
      // The first upload to a public host says so once, as a person sees it.
      await page
        .getByRole('dialog', { name: 'Links are public' })
        .getByRole('button', { name: 'Upload' })
        .click();
      await page.getByRole('listitem', { name: /Screenshot of the build\.png: Uploaded/ }).waitFor();
      expect(img402.uploads).toHaveLength(1);

      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' }).click();
      const item = page.getByRole('listitem', { name: 'Screenshot of the build.png' });
      await item.waitFor();
      // The link itself: shown by its host, with the full link on hover, and opened by "Open".
      expect(await item.getByTitle(img402.uploads[0]!.url).count()).toBe(1);
      expect(await item.getByRole('link', { name: /Open/ }).getAttribute('href')).toBe(
        img402.uploads[0]!.url,
      );
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await stop(child);
    }
  });

  it("`npx shotlink --version` prints package.json's version", async () => {
    const pkg = JSON.parse(await readFile(packageFiles.packageJson, 'utf8')) as { version: string };
    const result = await runIn('npx', ['shotlink', '--version'], {
      cwd: packageFiles.root,
      env: personEnv('v'),
    });
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('`npx shotlink upload shot.png` prints a Markdown link to the image the host now serves', async () => {
    const before = img402.uploads.length;
    const result = await runIn('npx', ['shotlink', 'upload', shot], {
      cwd: packageFiles.root,
      env: personEnv('upload'),
    });
    expect(result.code).toBe(0);
    expect(img402.uploads).toHaveLength(before + 1);
    expect(result.stdout).toBe(`![Screenshot of the build.png](${img402.uploads[before]!.url})\n`);
  });

  it('`npx shotlink ui` serves the real window, with the API behind its token', async () => {
    const { child, url } = await startPrintingUrl('npx', ['shotlink', 'ui'], personEnv('ui'));
    try {
      const page = await (await fetch(url)).text();
      expect(page).not.toContain(NOT_BUILT);
      expect(page).toMatch(/<script type="module"[^>]+src="\.\/assets\/[^"]+\.js"/);
      const token = url.searchParams.get('token')!;
      const answer = await fetch(new URL('/api/call/listHistory', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"args":[]}',
      });
      expect(await answer.json()).toMatchObject({ ok: true, value: [] });
    } finally {
      await stop(child);
    }
  });

  it('`npx shotlink serve` takes an upload with its token, serves the image, and stops cleanly', async () => {
    const token = 'readme-test-token-0123456789abcdef';
    const env = { ...personEnv('serve'), SHOTLINK_SERVER_TOKEN: token };
    // On loopback for the test; a person leaves --host out to serve the LAN.
    const args = ['shotlink', 'serve', '--host', '127.0.0.1', '--port', '0'];
    const { child, url } = await startPrintingUrl('npx', args, env);
    try {
      const form = new FormData();
      form.append('image', new Blob([await readFile(shot)], { type: 'image/png' }), 'shot.png');
      const posted = await fetch(new URL('/api/upload', url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(posted.status).toBe(201);
      const { url: link } = (await posted.json()) as { url: string };
      expect((await fetch(link)).status).toBe(200);
    } finally {
      await stop(child);
    }
    // npm ends as its child did: on the signal it passed on (Ctrl-C), or with the child's exit code 0.
    expect([child.exitCode, child.signalCode]).toContainEqual(child.exitCode === null ? 'SIGINT' : 0);
    await expect(fetch(url)).rejects.toThrow(); // nothing listens any more
  });
});
