// A real crash: `shotlink serve` is killed with SIGKILL in the middle of a burst of uploads. After a
// restart every upload that had been acknowledged (201) is served, byte for byte, and the index is whole.
import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempHome, makeNoisePng, serveChild, uploadUntilKilled } from './helpers.ts';

const TOKEN = 'crash-test-token-0123456789';
const children: ChildProcess[] = [];
const home = await tempHome();

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await home.cleanup();
});

const serve = () => serveChild([], { SHOTLINK_HOME: home.home, SHOTLINK_SERVER_TOKEN: TOKEN }, children);

describe('crash mid-upload', () => {
  it('serves every acknowledged image after SIGKILL and a restart', async () => {
    const first = await serve();
    // Under the per-client limit (60 a minute). Eight clients upload in turn; the kill goes out with
    // the first answer, so it interrupts the burst whatever the machine's load.
    const images = await Promise.all(Array.from({ length: 50 }, (_, i) => makeNoisePng(200 + i, 200)));
    const acknowledged = await uploadUntilKilled(first, TOKEN, images, 8);
    expect(acknowledged.length).toBeGreaterThanOrEqual(1);
    expect(acknowledged.length).toBeLessThan(images.length); // the kill really interrupted the burst

    const second = await serve();
    for (const { id, bytes } of acknowledged) {
      const got = await fetch(`${second.url}/i/${id}.png`);
      expect(got.status).toBe(200);
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const index = JSON.parse(await readFile(join(home.home, 'server', 'index.json'), 'utf8')) as {
      images: { id: string }[];
    };
    expect(index.images.length).toBeGreaterThanOrEqual(acknowledged.length);
    second.child.kill('SIGTERM');
  }, 90_000);
});
