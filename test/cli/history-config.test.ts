// `shotlink history` and `shotlink config` as real child processes over a temporary data folder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyEntry } from '../support/history-entries.ts';
import { runCli } from './run-cli.ts';

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
