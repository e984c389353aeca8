import { afterEach, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tempHome, startTestServer, makePng, makeNoisePng, upload, uploadForm } from './helpers.ts';
import type { RunningShotlinkServer } from '../../src-main/core/server/start.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: Parameters<typeof startTestServer>[1] = {}) {
  const home = await tempHome();
  const server = await startTestServer(home.home, options);
  cleanups.push(home.cleanup, () => server.close());
  return { home: home.home, server };
}

async function uploadJson(server: RunningShotlinkServer, fields: Record<string, string> = {}) {
  const response = await upload(server, await makePng(), { fields });
  return { status: response.status, body: (await response.json()) as Record<string, string | null> };
}

describe('expiry', () => {
  it('keeps per-upload lifetimes, answers 410 once expired, and the sweeper removes the file (404 after)', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { home, server } = await setUp({ now: () => now });
    const short = await uploadJson(server, { expires: '1h' });
    const week = await uploadJson(server, { expires: '7d' });
    const forever = await uploadJson(server, { expires: 'never' });
    expect(short.body.expiresAt).toBe('2026-01-01T01:00:00.000Z');
    expect(week.body.expiresAt).toBe('2026-01-08T00:00:00.000Z');
    expect(forever.body.expiresAt).toBeNull();
    // The cache lifetime never outlives the image.
    expect((await fetch(short.body.url!)).headers.get('cache-control')).toBe(
      'public, max-age=3600, immutable',
    );

    now += 2 * 3600_000;
    expect((await fetch(short.body.url!)).status).toBe(410);
    expect((await fetch(short.body.viewUrl!)).status).toBe(410);
    expect((await fetch(week.body.url!)).status).toBe(200);

    const imagesDir = join(home, 'server', 'images');
    expect(await readdir(imagesDir)).toHaveLength(3);
    expect(await server.sweep()).toBe(1);
    expect(await readdir(imagesDir)).toHaveLength(2);
    expect((await fetch(short.body.url!)).status).toBe(404);

    now += 8 * 86_400_000;
    await server.sweep();
    expect((await fetch(week.body.url!)).status).toBe(404);
    expect((await fetch(forever.body.url!)).status).toBe(200);
  });

  it('uses the server default when the upload asks for none, and refuses nonsense', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const { server } = await setUp({ now: () => now, defaultExpiry: '2w' });
    expect((await uploadJson(server)).body.expiresAt).toBe('2026-01-15T00:00:00.000Z');
    const bad = await uploadJson(server, { expires: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('bad_expiry');
    expect(bad.body.message).toContain('7d');
  });

  it('accepts the lifetime as a query parameter too', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const { server } = await setUp({ now: () => now });
    const response = await fetch(`${server.url}/api/upload?expires=1h`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}` },
      body: (await import('./helpers.ts')).uploadForm(await makePng()),
    });
    expect(((await response.json()) as { expiresAt: string }).expiresAt).toBe('2026-01-01T01:00:00.000Z');
  });
});

describe('quota', () => {
  it('refuses uploads past the storage quota with 507, and accepts again after a delete', async () => {
    const { server } = await setUp({ quotaMb: 1 });
    // Noise does not compress: about 300 KB per image.
    const noise = () => makeNoisePng(320, 320);
    const accepted: { deleteUrl: string }[] = [];
    let refused: Response | undefined;
    for (let i = 0; i < 6 && !refused; i++) {
      const response = await upload(server, await noise());
      if (response.status === 201) accepted.push((await response.json()) as { deleteUrl: string });
      else refused = response;
    }
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    expect(refused?.status).toBe(507);
    expect(((await refused!.json()) as { error: string }).error).toBe('quota_exceeded');
    await fetch(accepted[0]!.deleteUrl, { method: 'DELETE' });
    expect((await upload(server, await makePng())).status).toBe(201);
  });
});

describe('rate limit', () => {
  it('limits uploads per client, failed ones included, with 429 and Retry-After', async () => {
    const { server } = await setUp({ requestsPerMinute: 3 });
    const png = await makePng();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (await upload(server, png, { token: i === 0 ? 'wrong-token-0123456789' : undefined })).status,
      );
    expect(statuses).toEqual([401, 201, 201]);
    const limited = await upload(server, png);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await limited.json()) as { error: string }).error).toBe('rate_limited');
    // Serving is not rate-limited: links keep working for everyone.
    expect((await fetch(`${server.url}/`)).status).toBe(200);
  });

  it('behind a reverse proxy on loopback (public URL set), limits each forwarded client separately', async () => {
    const { server } = await setUp({ requestsPerMinute: 1, publicUrl: 'https://shots.example.org' });
    const png = await makePng();
    const send = (client: string) =>
      fetch(`${server.lanUrl}/api/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'x-forwarded-for': client },
        body: uploadForm(png),
      }).then((r) => r.status);
    expect(await send('192.168.1.10')).toBe(201);
    expect(await send('192.168.1.10')).toBe(429);
    expect(await send('192.168.1.11')).toBe(201);
  });
});
