// `shotlink history` and `shotlink config` as real child processes over a temporary data folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyEntry } from '../support/history-entries.ts';
import { BIN, runCli, runIn } from './run-cli.ts';

let dir: string;
let data: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-cli-'));
  data = join(dir, 'data');
  env = { SHOTLINK_HOME: data };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shotlink = (...args: string[]) => runCli(args, { env });
const DAY = 86_400_000;

const entry = historyEntry;

describe('shotlink history', { timeout: 120_000 }, () => {
  beforeEach(async () => {
    await mkdir(data, { recursive: true });
    const entries = [
      entry('newest', { expiresAt: new Date(Date.now() + 3 * DAY + 60_000).toISOString() }),
      entry('middle', { provider: 'imgpro', tier: 'key', url: 'https://cdn.img.pro/m.png' }),
      entry('oldest', { expiresAt: new Date(Date.now() - DAY).toISOString() }),
    ];
    await writeFile(join(data, 'history.json'), JSON.stringify({ entries }));
  });

  it('lists uploads newest first in aligned columns, times with their zone, and how long they live', async () => {
    const { code, stdout } = await runCli(['history'], { env: { ...env, TZ: 'UTC' } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^2026-01-02 03:04 UTC {2}img402\/free {2}newest\.png {2}https:\/\/i\.img402\.dev\/newest\.webp {2}expires in 3 days$/,
    );
    expect(lines[1]).toMatch(/imgpro\/key {3}middle\.png {2}https:\/\/cdn\.img\.pro\/m\.png {9}permanent$/);
    expect(lines[2]).toMatch(/oldest\.png .* expired$/);
    // Every column starts at the same place on every line.
    const starts = (line: string) => [...line.matchAll(/ {2,}(?=\S)/g)].map((m) => m.index! + m[0].length);
    expect(new Set(lines.map((line) => starts(line).join(','))).size).toBe(1);
    // Another zone is named as such.
    const tokyo = await runCli(['history', '--limit', '1'], { env: { ...env, TZ: 'Asia/Tokyo' } });
    expect(tokyo.stdout).toMatch(/^2026-01-02 12:04 GMT\+9 {2}/);
  });

  describe('with a presigned S3 link about 400 characters long', () => {
    const presigned =
      'https://acme-shots.s3.eu-central-1.amazonaws.com/shotlink/2026/01/02/k3y9q7w.png' +
      '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD' +
      '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260102%2Feu-central-1%2Fs3%2Faws4_request' +
      '&X-Amz-Date=20260102T030405Z&X-Amz-Expires=604800' +
      `&X-Amz-Signature=${'9f'.repeat(32)}&X-Amz-SignedHeaders=host&x-id=GetObject`;
    beforeEach(async () => {
      const entries = [
        entry('s3shot', { provider: 's3', tier: 'presigned', url: presigned }),
        entry('newest', { expiresAt: new Date(Date.now() + 3 * DAY + 60_000).toISOString() }),
        entry('middle', { provider: 'imgpro', tier: 'key', url: 'https://cdn.img.pro/m.png' }),
      ];
      await writeFile(join(data, 'history.json'), JSON.stringify({ entries }));
    });

    it('fits the terminal width, shortening the long link so it still names the host and the object', async () => {
      expect(presigned.length).toBeGreaterThan(350);
      const { code, stdout } = await runCli(['history'], { env: { ...env, TZ: 'UTC', COLUMNS: '160' } });
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(160);
      expect(lines[0]).toContain(
        'https://acme-shots.s3.eu-central-1.amazonaws.com/shotlink/2026/01/02/k3y9q7w.png?…',
      );
      expect(lines[0]).not.toContain('X-Amz-Signature');
      // Short links are left whole, and the columns still line up.
      expect(lines[1]).toContain('https://i.img402.dev/newest.webp');
      const starts = (line: string) => [...line.matchAll(/ {2,}(?=\S)/g)].map((m) => m.index! + m[0].length);
      expect(new Set(lines.map((line) => starts(line).join(','))).size).toBe(1);

      // Narrower: the middle of the link goes too, its start and the object's name stay.
      const narrow = await runCli(['history'], { env: { ...env, TZ: 'UTC', COLUMNS: '100' } });
      const narrowLines = narrow.stdout.trimEnd().split('\n');
      for (const line of narrowLines) expect(line.length).toBeLessThanOrEqual(100);
      expect(narrowLines[0]).toMatch(/ https:\/\/acme\S*…\S*k3y9q7w\.png\?… /);
    });

    it('keeps the full link in --json, and for a pipe or a file', async () => {
      const json = await runCli(['history', '--json'], { env: { ...env, COLUMNS: '80' } });
      expect(JSON.parse(json.stdout.split('\n')[0]!).url).toBe(presigned);
      // No terminal and no COLUMNS: nothing is cut, for grep and the like.
      const piped = await shotlink('history');
      expect(piped.stdout.split('\n')[0]).toContain(presigned);
    });

    it('fits a real terminal (a pseudo-terminal 90 columns wide)', async () => {
      const command = `stty cols 90 rows 40; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} history`;
      const { code, stdout } = await runIn('script', ['-qec', command, '/dev/null'], {
        env: { ...env, TZ: 'UTC' },
      });
      expect(code).toBe(0);
      const lines = stdout
        .replace(/\r/g, '')
        .trimEnd()
        .split('\n')
        .filter((line) => line.includes('png'));
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(90);
      expect(lines[0]).toMatch(/ https:\/\/\S*…\S*\?… /);
    });
  });

  it('says when a search finds nothing, on stderr, leaving stdout empty', async () => {
    const { code, stdout, stderr } = await shotlink('history', '--search', 'x-not-there');
    expect([code, stdout]).toEqual([0, '']);
    expect(stderr).toBe("shotlink: no uploads match 'x-not-there'.\n");
  });

  it('prints JSON lines, limited and searched', async () => {
    const limited = await shotlink('history', '--json', '--limit', '2');
    expect(
      limited.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['newest', 'middle']);
    const searched = await shotlink('history', '--json', '--search', 'cdn.img.pro');
    expect(
      searched.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(['middle']);
  });

  it('rejects a limit that is not a positive whole number with exit code 2', async () => {
    const { code, stderr } = await shotlink('history', '--limit', 'ten');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--limit.*whole number/);
  });

  it('sets a damaged history aside, warns on stderr, and goes on with an empty one', async () => {
    await writeFile(join(data, 'history.json'), '{"entries": [');
    const { code, stdout, stderr } = await shotlink('history');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^shotlink: warning: The history file .*history\.json was damaged \(not valid JSON/m,
    );
    const kept = (await readdir(data)).find((name) => name.startsWith('history.json.corrupt-'));
    expect(await readFile(join(data, kept!), 'utf8')).toBe('{"entries": [');
  });
});

describe('shotlink config', { timeout: 120_000 }, () => {
  it('sets and gets settings by dotted key, keeping text settings as text', async () => {
    expect((await shotlink('config', 'set', 'payments.dailyCapUsdc', '5')).stdout).toBe('5\n');
    expect((await shotlink('config', 'set', 'keepMetadata', 'true')).code).toBe(0);
    expect((await shotlink('config', 'set', 'watch.folders', '["/tmp/shots"]')).code).toBe(0);
    expect((await shotlink('config', 'get', 'payments.dailyCapUsdc')).stdout).toBe('5\n');

    const all = JSON.parse((await shotlink('config', 'get')).stdout);
    expect(all.payments.dailyCapUsdc).toBe('5');
    expect(all.keepMetadata).toBe(true);
    expect(all.watch.folders).toEqual(['/tmp/shots']);
    const saved = JSON.parse(await readFile(join(data, 'settings.json'), 'utf8'));
    expect(saved.payments.dailyCapUsdc).toBe('5');

    expect((await shotlink('config', 'unset', 'keepMetadata')).stdout).toBe('false\n');
  });

  it('names the key and the problem when a value is invalid, and changes nothing', async () => {
    const invalid = await shotlink('config', 'set', 'linkFormat', 'gif');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^shotlink: Setting linkFormat is invalid: .*markdown/m);
    const number = await shotlink('config', 'set', 'requestTimeoutSeconds', 'soon');
    expect(number.code).toBe(2);
    expect(number.stderr).toMatch(/Setting requestTimeoutSeconds is invalid/);
    const unknown = await shotlink('config', 'set', 'payments.cap', '1');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/There is no setting "payments.cap"/);
    expect((await shotlink('config', 'get', 'nope')).code).toBe(2);
    // A key typed in the wrong case, cut short or mistyped gets the one meant, as flags do.
    for (const [typed, meant] of [
      ['linkformat', 'linkFormat'],
      ['payments.dailycap', 'payments.dailyCapUsdc'],
      ['s3.buckte', 's3.bucket'],
    ]) {
      const wrong = await shotlink('config', 'set', typed!, 'url');
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toBe(
        `shotlink: There is no setting "${typed}": did you mean ${meant}? (\`shotlink config list\` shows them all.)\n`,
      );
    }
    expect((await shotlink('config', 'get', 'LINKFORMAT')).stderr).toContain('did you mean linkFormat?');
    // A host or tier that does not exist here is refused as a usage error naming the ones there are,
    // never saved to fail the next upload.
    const host = await shotlink('config', 'set', 'provider', 'imgpr');
    expect(host.code).toBe(2);
    expect(host.stderr).toBe(
      'shotlink: Unknown provider "imgpr". Did you mean imgpro? Choose one of: img402, imgpro, server, s3, github.\n',
    );
    const tier = await shotlink('config', 'set', 'tier', 'bogus');
    expect(tier.code).toBe(2);
    expect(tier.stderr).toContain('img402.dev has no tier "bogus". Choose one of: free, 1y, permanent.');
    const agents = await shotlink('config', 'set', 'agents.hosts', '["servr"]');
    expect(agents.code).toBe(2);
    expect(agents.stderr).toContain('Unknown provider "servr". Did you mean server?');
    expect((await readdir(dir)).includes('data') ? await readdir(data) : []).not.toContain('settings.json');
  });

  it('lists every key with its value', async () => {
    const { stdout } = await shotlink('config', 'list');
    expect(stdout).toMatch(/^linkFormat = "markdown"$/m);
    expect(stdout).toMatch(/^payments\.dailyCapUsdc = "2"$/m);
    expect(stdout).toMatch(/^hosts\.img402Url = "https:\/\/img402\.dev"$/m);
  });

  it('shows host overrides from the environment without saving them', async () => {
    env.SHOTLINK_IMG402_URL = 'http://127.0.0.1:9';
    expect((await shotlink('config', 'get', 'hosts.img402Url')).stdout).toBe('http://127.0.0.1:9\n');
    await shotlink('config', 'set', 'linkFormat', 'url');
    const saved = JSON.parse(await readFile(join(data, 'settings.json'), 'utf8'));
    expect(saved.hosts.img402Url).toBe('https://img402.dev');
  });

  it('sets a damaged settings file aside with a warning and carries on from defaults', async () => {
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'settings.json'), '{"linkFormat": 42}');
    const { code, stdout, stderr } = await shotlink('config', 'get', 'linkFormat');
    expect(code).toBe(0);
    expect(stdout).toBe('markdown\n');
    expect(stderr).toMatch(
      /warning: The settings file .* was damaged \(linkFormat: .*\)\. It was moved to .*settings\.json\.corrupt-/,
    );
  });

  it('refuses unknown secret accounts and empty secrets before touching the keychain', async () => {
    const unknown = await shotlink('config', 'set-secret', 'wallet');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown secret "wallet". Secrets: imgpro-api-key/);
    const empty = await runCli(['config', 'set-secret', 'imgpro-api-key'], { env, input: '\n' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/No imgpro-api-key given on stdin/);
  });

  it('will not store an img.pro key the environment would override, as the window will not', async () => {
    const shadowed = await runCli(['config', 'set-secret', 'imgpro-api-key'], {
      env: { ...env, SHOTLINK_IMGPRO_KEY: 'img_live_from_env' },
      input: 'img_live_typed\n',
    });
    expect(shadowed.code).toBe(2);
    expect(shadowed.stderr).toMatch(/comes from the SHOTLINK_IMGPRO_KEY environment variable.*unset it/);
    expect(shadowed.stderr).not.toContain('img_live');
  });

  it('prints the data folder', async () => {
    expect((await shotlink('config', 'path')).stdout).toBe(`${data}\n`);
  });
});
