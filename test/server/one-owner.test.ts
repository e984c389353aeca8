// One embedded server per data folder, across processes: its index lives in the folder, and two
// servers on it would each overwrite what the other acknowledged (an image answered 201 by one was 404
// after the other restarted). The second `shotlink serve` exits 2 naming the holder (PID, address) and
// never its token; a holder killed with SIGKILL is taken over at once; the app's "Serve images on this
// network" switch takes part in the same claim.
import { execFile, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packageFiles } from '../../src-main/core/package-files.js';
import { startTestService, type TestService } from '../support/test-service.ts';
import { makePng, serveChild, tempHome, uploadForm } from './helpers.ts';

const TOKEN = 'one-owner-test-token-3f9a1c77e2b84d05';
let home: { home: string; cleanup: () => Promise<void> };
const children: ChildProcess[] = [];
let service: TestService | undefined;

beforeEach(async () => {
  home = await tempHome();
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await service?.close();
  service = undefined;
  await home.cleanup();
});

const env = () => ({ SHOTLINK_HOME: home.home, SHOTLINK_SERVER_TOKEN: TOKEN });

/** A second `shotlink serve` on the folder, run to its end. */
function secondServe(): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = join(packageFiles.root, 'src-main', 'cli', 'bin.js');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, 'serve', '--host', '127.0.0.1', '--port', '0'],
      { env: { ...process.env, ...env() }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

async function uploadTo(url: string): Promise<string> {
  const answer = await fetch(`${url}/api/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}` },
    body: uploadForm(await makePng()),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { url: string }).url;
}

describe('one server per data folder', { timeout: 120_000 }, () => {
  it('a second `shotlink serve` exits 2 naming the first (PID, address), never its token', async () => {
    const first = await serveChild([], env(), children);
    const link = await uploadTo(first.url);

    const second = await secondServe();
    expect(second.code).toBe(2);
    expect(second.stdout).toBe('');
    expect(second.stderr).toContain('A Shotlink server already serves this data folder');
    expect(second.stderr).toContain(`shotlink serve, process ${first.child.pid}, at ${first.url}`);
    expect(second.stderr).not.toContain(TOKEN);
    // The generated token kept in the folder would not be shown either (this run's comes from the env).
    const state = await readFile(join(home.home, 'server', 'running.json'), 'utf8');
    expect(state).not.toContain(TOKEN);

    // The first one still serves what it acknowledged.
    expect((await fetch(link)).status).toBe(200);
  });

  it('a holder killed with SIGKILL is taken over at once, its images intact', async () => {
    const first = await serveChild([], env(), children);
    const link = await uploadTo(first.url);
    const gone = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await gone;

    const next = await serveChild([], env(), children);
    const path = new URL(link).pathname;
    expect((await fetch(`${next.url}${path}`)).status).toBe(200);
  });

  it("the app's server switch and `shotlink serve` cannot both serve one folder", async () => {
    service = await startTestService({
      service: { kind: 'shotlink ui' },
      env: { SHOTLINK_SERVER_TOKEN: TOKEN },
      settings: { server: { host: '127.0.0.1', port: 0 } },
    });
    home.home = service.home; // the folder both ask for
    const on = await service.call('setServerEnabled', true);
    expect(on).toMatchObject({ ok: true, value: { running: true } });
    // What `shotlink ui` prints at start says the images are served to the network.
    expect(service.service.describe()).toContain('Serving images on this network at http://');

    const second = await secondServe();
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`the app's server (shotlink ui), process ${process.pid}`);

    // And the other way round: with `shotlink serve` holding it, the switch says who does.
    await service.call('setServerEnabled', false);
    const holder = await serveChild([], env(), children);
    const refused = await service.call('setServerEnabled', true);
    expect(refused).toMatchObject({ ok: true, value: { running: false } });
    expect((refused as { value: { error: string } }).value.error).toContain(
      `shotlink serve, process ${holder.child.pid}, at ${holder.url}`,
    );
    // The switch shows what runs: refused, it is off in the settings too, through either way of turning
    // it on, so the next start does not serve images on the network behind the person's back.
    expect(service.service.core.settings.get().server.enabled).toBe(false);
    const viaSettings = await service.call('setSettings', { server: { enabled: true } });
    expect(viaSettings).toMatchObject({ ok: true, value: { server: { enabled: false } } });
    expect(service.service.core.settings.get().server.enabled).toBe(false);
  });
});
