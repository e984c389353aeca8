// Durability: a restart serves every acknowledged image; what a crash leaves half-done is cleaned up;
// a damaged index stops the server instead of losing images; the token is kept, privately.
import { afterEach, describe, expect, it } from 'vitest';
import { readdir, writeFile, stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempHome, startTestServer, makePng, upload } from './helpers.ts';
import { startShotlinkServer } from '../../src-main/core/server/start.ts';
import { resolveServerToken } from '../../src-main/core/server/token.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function home() {
  const made = await tempHome();
  cleanups.push(made.cleanup);
  return made.home;
}

describe('restart', () => {
  it('serves every acknowledged image after a restart, including ones uploaded concurrently', async () => {
    const dir = await home();
    const first = await startTestServer(dir);
    const images = await Promise.all(
      Array.from({ length: 12 }, (_, i) => makePng(20 + i, 20, { r: i * 20, g: 0, b: 0 })),
    );
    const answers = await Promise.all(
      images.map(async (png) => (await (await upload(first, png)).json()) as { url: string; id: string }),
    );
    await first.close();

    const second = await startTestServer(dir);
    cleanups.push(() => second.close());
    for (const [i, answer] of answers.entries()) {
      const got = await fetch(`${second.url}/i/${answer.id}.png`);
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(images[i]!)).toBe(true);
    }
  });

  it('removes files a crash left unacknowledged (orphans, temp files), and drops records whose file is gone', async () => {
    const dir = await home();
    const first = await startTestServer(dir);
    const kept = (await (await upload(first, await makePng())).json()) as { id: string };
    const lost = (await (await upload(first, await makePng(30, 30))).json()) as { id: string };
    await first.close();

    const imagesDir = join(dir, 'server', 'images');
    // A crash after writing an image but before the index named it, and one in the middle of a write.
    await writeFile(join(imagesDir, 'AAAAAAAAAAAAAAAAAAAAAA.png'), await makePng());
    await writeFile(join(imagesDir, '.x.png.abc.tmp'), 'half');
    await writeFile(join(dir, 'server', '.index.json.123.tmp'), '{"version":1,"ima');
    // An image deleted by hand.
    const { unlink } = await import('node:fs/promises');
    await unlink(join(imagesDir, `${lost.id}.png`));

    const second = await startTestServer(dir);
    cleanups.push(() => second.close());
    expect((await readdir(imagesDir)).sort()).toEqual([`${kept.id}.png`]);
    expect((await fetch(`${second.url}/i/${kept.id}.png`)).status).toBe(200);
    expect((await fetch(`${second.url}/i/${lost.id}.png`)).status).toBe(404);
    const index = JSON.parse(await readFile(join(dir, 'server', 'index.json'), 'utf8')) as {
      images: unknown[];
    };
    expect(index.images).toHaveLength(1);
  });

  it('refuses to start over a damaged index and touches no image', async () => {
    const dir = await home();
    const first = await startTestServer(dir);
    const answer = (await (await upload(first, await makePng())).json()) as { id: string };
    await first.close();
    await writeFile(join(dir, 'server', 'index.json'), '{"version":1,"images":[{"id":');
    const failure = await startTestServer(dir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ShotlinkError);
    expect((failure as ShotlinkError).message).toContain('damaged');
    expect(await readdir(join(dir, 'server', 'images'))).toEqual([`${answer.id}.png`]);
  });
});

describe('server token', () => {
  it('is generated once, kept with 0600 permissions, and reused', async () => {
    const dir = await home();
    const token = await resolveServerToken(dir, {});
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(await resolveServerToken(dir, {})).toBe(token);
    const mode = (await stat(join(dir, 'server', 'token'))).mode & 0o777;
    if (process.platform !== 'win32') expect(mode).toBe(0o600);

    const server = await startShotlinkServer({
      home: dir,
      host: '127.0.0.1',
      port: 0,
      env: {},
      log: () => {},
    });
    cleanups.push(() => server.close());
    expect(server.token).toBe(token);
    expect((await upload(server, await makePng())).status).toBe(201);
  });

  it('comes from SHOTLINK_SERVER_TOKEN when set, and a too-short one is refused', async () => {
    const dir = await home();
    expect(await resolveServerToken(dir, { SHOTLINK_SERVER_TOKEN: 'env-token-0123456789' })).toBe(
      'env-token-0123456789',
    );
    await expect(resolveServerToken(dir, { SHOTLINK_SERVER_TOKEN: 'short' })).rejects.toThrow(/at least 16/);
  });
});

describe('start', () => {
  it('writes its address for local clients while running, and removes it on close', async () => {
    const dir = await home();
    const server = await startTestServer(dir);
    const state = JSON.parse(await readFile(join(dir, 'server', 'running.json'), 'utf8')) as { url: string };
    expect(state.url).toBe(server.url);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await server.close();
    await expect(stat(join(dir, 'server', 'running.json'))).rejects.toThrow();
  });

  it('uses the public URL in links', async () => {
    const dir = await home();
    const server = await startTestServer(dir, { publicUrl: 'https://shots.example.org/' });
    cleanups.push(() => server.close());
    expect(server.url).toBe('https://shots.example.org');
    expect(server.lanUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = (await (
      await fetch(`${server.lanUrl}/api/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}` },
        body: (await import('./helpers.ts')).uploadForm(await makePng()),
      })
    ).json()) as { url: string };
    expect(answer.url).toMatch(/^https:\/\/shots\.example\.org\/i\/[A-Za-z0-9_-]{22}\.png$/);
  });

  it('says so when the port is taken', async () => {
    const dir = await home();
    const server = await startTestServer(dir);
    cleanups.push(() => server.close());
    const port = Number(new URL(server.lanUrl).port);
    await expect(startTestServer(await home(), { port })).rejects.toThrow(/already in use.*--port/);
  });
});
