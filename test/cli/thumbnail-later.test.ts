// `shotlink upload` of a PNG sent as it is to a Shotlink server on this network does not load sharp to
// draw history's thumbnail: it keeps the bytes it sent, and the window draws the thumbnail when History
// shows it. Run as a person runs it: the bundled CLI uploads to a real server on 127.0.0.1, then
// `shotlink ui` on the same data folder serves the window, and Chromium sees the thumbnail.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { crc32 } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import { cleanEnv } from '../support/test-service.ts';
import { startTestServer, tempHome } from '../server/helpers.ts';
import { screenshotPng } from './fixtures.ts';
import { BIN, runCli } from './run-cli.ts';

let work: string;
let serverHome: { home: string; cleanup: () => Promise<void> };
let server: RunningShotlinkServer;
let browser: Browser;
let sharpLog: string;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

/** Loaded into the CLI (NODE_OPTIONS): notes every time anything asks for sharp or its libvips. */
const SHARP_SPY = `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/^(sharp|@img\\/)/.test(request)) appendFileSync(process.env.SHARP_LOG, request + '\\n');
  return load.call(this, request, ...rest);
};
`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shotlink-thumb-later-'));
  serverHome = await tempHome();
  server = await startTestServer(serverHome.home);
  sharpLog = join(work, 'sharp.log');
  await writeFile(sharpLog, '');
  const spy = join(work, 'sharp-spy.cjs');
  await writeFile(spy, SHARP_SPY);
  env = cleanEnv({
    SHOTLINK_HOME: join(work, 'home'),
    SHOTLINK_SERVER_TOKEN: 'test-token-0123456789abcdef',
    HOME: join(work, 'person'),
    SHARP_LOG: sharpLog,
    NODE_OPTIONS: `--require ${spy}`,
  });
  for (const [key, value] of [
    ['provider', 'server'],
    ['tier', 'default'],
    ['hosts.serverUrl', server.url],
  ]) {
    expect((await runCli(['config', 'set', key!, value!], { env })).code).toBe(0);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await browser?.close();
  await server?.close();
  await serverHome?.cleanup();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('history thumbnails of PNGs sent as they are', { timeout: 120_000 }, () => {
  let thumbnail: string;
  const thumbnails = () => join(work, 'home', 'thumbnails');

  it('`shotlink upload` keeps the bytes it sent for the thumbnail, and never loads sharp', async () => {
    const shot = join(work, 'Screenshot of the editor.png');
    await writeFile(shot, await screenshotPng(1200, 700));
    const result = await runCli(['upload', '--format', 'url', shot], { env });
    expect(result.code, result.stderr).toBe(0);
    const link = result.stdout.trim();
    expect(link.startsWith(`${server.url}/i/`)).toBe(true);

    const history = await runCli(['history', '--json'], { env });
    const entry = JSON.parse(history.stdout.trim()) as { id: string; thumbnail: string | null };
    expect(entry.thumbnail).toBe(`${entry.id}.webp`);
    thumbnail = entry.thumbnail!;
    // Not drawn yet: what is kept is exactly what the server received (metadata already stripped).
    expect(existsSync(join(thumbnails(), thumbnail))).toBe(false);
    const served = Buffer.from(await (await fetch(link)).arrayBuffer());
    expect((await readFile(join(thumbnails(), `${thumbnail}.pending`))).equals(served)).toBe(true);
    expect(await readFile(sharpLog, 'utf8')).toBe('');
  });

  it('keeps nothing when the server refuses the image it received', async () => {
    // Whole chunks with good CRCs (so it is sent as it is), but pixel data that does not inflate: only
    // the server's decode finds out, after the bytes were sent and the kept copy was being written.
    const png = Buffer.from(await screenshotPng(400, 300));
    const at = png.indexOf('IDAT');
    const length = png.readUInt32BE(at - 4);
    png.fill(0xff, at + 4 + 2, at + 4 + Math.min(length, 200));
    png.writeUInt32BE(crc32(png.subarray(at, at + 4 + length)), at + 4 + length);
    const bad = join(work, 'bad pixels.png');
    await writeFile(bad, png);
    const listed = () => readdir(thumbnails()).catch(() => []);
    const before = await listed();
    const result = await runCli(['upload', bad], { env });
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/bad pixels\.png/);
    expect(await listed()).toEqual(before);
  });

  it('the window shows it in History, drawn by `shotlink ui`, and the kept bytes are then removed', async () => {
    const ui = spawn(process.execPath, [BIN, 'ui'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(ui);
    let stderr = '';
    ui.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: ui.stdout! }).on('line', (line) => {
        const found = /https?:\/\/\S+/.exec(line);
        if (found) resolve(found[0]);
      });
      ui.once('exit', (code) => reject(new Error(`shotlink ui exited ${code}: ${stderr}`)));
    });
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'History' }).click();
      const item = page.getByRole('listitem', { name: 'Screenshot of the editor.png' });
      await item.waitFor();
      const image = item.getByRole('button', { name: /^Preview / }).locator('img');
      await page.waitForFunction(
        (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
        await image.elementHandle(),
      );
      expect(await image.getAttribute('src')).toMatch(/^data:image\/webp;base64,/);
    } finally {
      await page.close();
      ui.kill('SIGTERM');
      await new Promise((resolve) => (ui.exitCode === null ? ui.once('exit', resolve) : resolve(null)));
    }
    // Drawn once, as every other thumbnail is: a WebP inside 320 × 200; nothing left to draw.
    expect(await sharp(join(thumbnails(), thumbnail)).metadata()).toMatchObject({
      format: 'webp',
      width: 320,
      height: 187,
    });
    expect(existsSync(join(thumbnails(), `${thumbnail}.pending`))).toBe(false);
  });
});
