// A real crash: `shotlink serve` is killed with SIGKILL in the middle of a burst of uploads. After a
// restart every upload that had been acknowledged (201) is served, byte for byte, and the index is whole.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempHome, makeNoisePng, uploadForm } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));
const TOKEN = 'crash-test-token-0123456789';
const children: ChildProcess[] = [];
const home = await tempHome();

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await home.cleanup();
});

function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, SHOTLINK_HOME: home.home, SHOTLINK_SERVER_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/\S+)\n/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code})`)));
  });
}

describe('crash mid-upload', () => {
  it('serves every acknowledged image after SIGKILL and a restart', async () => {
    const first = await serve();
    // Under the per-client limit (60 a minute). Eight clients upload in turn, so when the first answer
    // arrives (and the kill goes out) some uploads are in flight and the rest never started: the kill
    // interrupts the burst whatever the machine's load, instead of racing a burst that may be done.
    const images = await Promise.all(Array.from({ length: 50 }, (_, i) => makeNoisePng(200 + i, 200)));
    const acknowledged: { id: string; bytes: Buffer }[] = [];
    const exited = new Promise((resolve) => first.child.on('exit', resolve));
    let next = 0;
    let killed = false;
    const client = async () => {
      while (!killed && next < images.length) {
        const bytes = images[next++]!;
        try {
          const response = await fetch(`${first.url}/api/upload`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}` },
            body: uploadForm(bytes),
          });
          if (response.status !== 201) continue;
          acknowledged.push({ id: ((await response.json()) as { id: string }).id, bytes });
          // Kill as soon as one is through: the others' uploads are in flight (reading, decoding, writing).
          if (!killed) first.child.kill('SIGKILL');
          killed = true;
        } catch {
          // cut off by the crash: never acknowledged, so nothing is owed
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    await exited;
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
