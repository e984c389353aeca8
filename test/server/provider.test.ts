// The `server` provider against a real Shotlink server: upload, delete (by delete URL and by token),
// the error mapping, and finding the server (this machine's, or one set with `server connect`).
import sharp from 'sharp';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome, startTestServer, makePng } from './helpers.ts';
import {
  createShotlinkServerProvider,
  resolveServerConnection,
  SERVER_TOKEN_ACCOUNT,
} from '../../src-main/core/providers/shotlink-server.ts';
import { resolveProvider } from '../../src-main/core/providers/registry.ts';
import { createCore } from '../../src-main/core/create-core.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { startShotlinkServer } from '../../src-main/core/server/start.ts';
import { findTier, BUILTIN_PROVIDERS } from '../../src-shared/catalog.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';
import { makeThumbnail } from '../../src-main/core/images/thumbnail.ts';
import { startHttpServer } from '../support/http-server.ts';

const tier = findTier(BUILTIN_PROVIDERS, 'server', 'default')!;
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

describe('server provider', () => {
  it('uploads, and deletes through the delete URL or by id with the token', async () => {
    const { server } = await setUp();
    const provider = createShotlinkServerProvider({
      baseUrl: `${server.url}/`,
      token: server.token,
      timeoutMs: 10_000,
    });
    const png = await makePng();
    const first = await provider.upload({ bytes: png, fileName: 'a.png', contentType: 'image/png', tier });
    expect(first.url).toMatch(new RegExp(`^${server.url}/i/`));
    expect(first.viewUrl).toBe(`${server.url}/v/${first.hostId}`);
    expect(first.expiresAt).toBeNull();
    expect(Buffer.from(await (await fetch(first.url)).arrayBuffer()).equals(png)).toBe(true);

    await provider.delete!({ hostId: first.hostId, deleteUrl: first.deleteUrl });
    expect((await fetch(first.url)).status).toBe(404);
    await provider.delete!({ hostId: first.hostId, deleteUrl: first.deleteUrl }); // already gone: fine

    const second = await provider.upload({ bytes: png, fileName: 'b.png', contentType: 'image/png', tier });
    await provider.delete!({ hostId: second.hostId });
    expect((await fetch(second.url)).status).toBe(404);
  });

  it('turns refusals into messages a person can act on', async () => {
    const { server } = await setUp();
    const wrong = createShotlinkServerProvider({
      baseUrl: server.url,
      token: 'wrong-token-0123456789',
      timeoutMs: 10_000,
    });
    const refused = (await wrong
      .upload({ bytes: await makePng(), fileName: 'a.png', contentType: 'image/png', tier })
      .catch((e: unknown) => e)) as ShotlinkError;
    expect(refused).toBeInstanceOf(ShotlinkError);
    expect(refused.message).toContain('shotlink server token');
    expect(refused.hostCode).toBe('unauthorized');

    const right = createShotlinkServerProvider({
      baseUrl: server.url,
      token: server.token,
      timeoutMs: 10_000,
    });
    const notImage = (await right
      .upload({ bytes: Buffer.from('<svg/>'), fileName: 'x.png', contentType: 'image/png', tier })
      .catch((e: unknown) => e)) as ShotlinkError;
    expect(notImage.kind).toBe('input');
    expect(notImage.hostCode).toBe('unsupported_format');
  });
});

/** The server on this machine's data folder, its token kept there (no URL or token configured). */
async function serverOnThisMachine(home: string) {
  const server = await startShotlinkServer({ home, host: '127.0.0.1', port: 0, env: {}, log: () => {} });
  cleanups.push(() => server.close());
  return server;
}

describe('finding the server', () => {
  it("uses this machine's running server and its kept token when no URL is set", async () => {
    const home = await tempHome();
    cleanups.push(home.cleanup);
    const core = createCore({ home: home.home, env: {}, secrets: createMemoryStore() });
    await expect(resolveServerConnection(core)).rejects.toThrow(
      /No Shotlink server to upload to: start one with `shotlink serve`/,
    );

    const server = await serverOnThisMachine(home.home);
    const connection = await resolveServerConnection(core);
    expect(connection).toMatchObject({ baseUrl: server.url, token: server.token });

    const { provider } = await resolveProvider(core, 'server', 'default');
    const outcome = await provider.upload({
      bytes: await makePng(),
      fileName: 'a.png',
      contentType: 'image/png',
      tier,
    });
    expect((await fetch(outcome.url)).status).toBe(200);
  });

  it('uses the URL and keychain token set by `server connect`, and says what is missing', async () => {
    const { server } = await setUp();
    const clientHome = await tempHome();
    cleanups.push(clientHome.cleanup);
    const secrets = createMemoryStore();
    const core = createCore({ home: clientHome.home, env: {}, secrets });
    core.settings.set({ hosts: { serverUrl: server.url } });
    await expect(resolveServerConnection(core)).rejects.toThrow(
      /No token for the Shotlink server at .*shotlink server connect/,
    );
    await secrets.set(SERVER_TOKEN_ACCOUNT, server.token);
    expect(await resolveServerConnection(core)).toMatchObject({ baseUrl: server.url, token: server.token });
    // SHOTLINK_SERVER_TOKEN wins over the keychain.
    const envCore = createCore({
      home: clientHome.home,
      env: { SHOTLINK_SERVER_TOKEN: 'from-env-0123456789' },
      secrets,
    });
    expect((await resolveServerConnection(envCore)).token).toBe('from-env-0123456789');
  });
});

describe('on this network', () => {
  it('sends an image that fits as it is (metadata removed), unless the setting says otherwise', async () => {
    const home = await tempHome();
    cleanups.push(home.cleanup);
    await serverOnThisMachine(home.home); // found by the provider through its data folder
    const core = createCore({ home: home.home, env: {}, secrets: createMemoryStore() });
    const { uploadImage } = await import('../../src-main/core/pipeline.ts');
    const png = await sharp({
      create: {
        width: 300,
        height: 200,
        channels: 3,
        background: '#fff',
        noise: { type: 'gaussian', mean: 128, sigma: 10 },
      },
    })
      .withExif({ IFD0: { Artist: 'Ada Lovelace' } })
      .png()
      .toBuffer();

    const sent = await uploadImage(core, {
      bytes: png,
      fileName: 'lan.png',
      providerId: 'server',
      tierId: 'default',
      uploadKey: 'k1',
    });
    expect(sent.format).toBe('png');
    const served = Buffer.from(await (await fetch(sent.url)).arrayBuffer());
    expect(served.includes(Buffer.from('Ada Lovelace'))).toBe(false);
    expect((await sharp(served).raw().toBuffer()).equals(await sharp(png).raw().toBuffer())).toBe(true);
    // Its thumbnail came from the decode that checked it: the picture history shows is the one sent.
    expect(sent.thumbnail).not.toBeNull();
    const thumbnail = await readFile(join(home.home, 'thumbnails', sent.thumbnail!));
    expect(await sharp(thumbnail).metadata()).toMatchObject({ format: 'webp', width: 300, height: 200 });
    expect(thumbnail.equals(await makeThumbnail(served))).toBe(true);

    core.settings.set({ sendAsIsOnLan: false });
    const optimized = await uploadImage(core, {
      bytes: png,
      fileName: 'lan.png',
      providerId: 'server',
      tierId: 'default',
      uploadKey: 'k2',
    });
    expect(optimized.format).toBe('webp');
  });

  it('still refuses a damaged image before sending anything', async () => {
    const home = await tempHome();
    cleanups.push(home.cleanup);
    let requests = 0;
    const counting = await startHttpServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    cleanups.push(() => counting.close());
    const core = createCore({
      home: home.home,
      env: { SHOTLINK_SERVER_TOKEN: 'token-0123456789abcdef' },
      secrets: createMemoryStore(),
    });
    core.settings.set({ hosts: { serverUrl: counting.url } });
    const { uploadImage } = await import('../../src-main/core/pipeline.ts');
    const png = await makePng();
    const error = await uploadImage(core, {
      bytes: png.subarray(0, Math.floor(png.length * 0.6)),
      fileName: 'cut.png',
      providerId: 'server',
      tierId: 'default',
      uploadKey: 'cut',
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'input', code: 'corrupt' });
    expect(requests).toBe(0);
  });

  it('turns a PNG whose EXIF says so instead of sending it as it is', async () => {
    const home = await tempHome();
    cleanups.push(home.cleanup);
    await serverOnThisMachine(home.home);
    const core = createCore({ home: home.home, env: {}, secrets: createMemoryStore() });
    const { uploadImage } = await import('../../src-main/core/pipeline.ts');
    // Sent as it is, a PNG would lose the EXIF that turns it: it is turned by the optimizer instead.
    const turned = await sharp({ create: { width: 120, height: 40, channels: 3, background: '#2a6' } })
      .withMetadata({ orientation: 6 })
      .png()
      .toBuffer();
    const sent = await uploadImage(core, {
      bytes: turned,
      fileName: 'turned.png',
      providerId: 'server',
      tierId: 'default',
      uploadKey: 'turned',
    });
    expect(sent).toMatchObject({ width: 40, height: 120 });
    const served = await sharp(Buffer.from(await (await fetch(sent.url)).arrayBuffer())).metadata();
    expect(served).toMatchObject({ width: 40, height: 120 });
    expect(served.orientation ?? 1).toBe(1);
  });
});
