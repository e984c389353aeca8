// One list of host descriptions drives every place a host shows up: the catalogue, the settings schema,
// the keychain accounts, the CLI's help (run as a person runs it), the doctor and docs/hosts.md's table.
import { readFile } from 'node:fs/promises';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDERS } from '../../src-shared/catalog.ts';
import { HOSTS, hostsTable, SECRET_ACCOUNT_IDS } from '../../src-shared/hosts/index.ts';
import type { HostField } from '../../src-shared/hosts/describe.ts';
import { DEFAULT_SETTINGS, settingsSchema } from '../../src-shared/settings.ts';
import { checkHosts } from '../../src-main/core/doctor/checks.ts';
import { configuredDestinations } from '../../src-main/core/doctor/run.ts';
import { runCli } from '../cli/run-cli.ts';
import { startHttpServer } from '../support/http-server.ts';
import { screenshotPng } from '../cli/fixtures.ts';

const docs = (name: string) => readFile(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

describe('the host descriptions', () => {
  it('give the catalogue every host, each built in', () => {
    expect(BUILTIN_PROVIDERS.map((p) => p.id)).toEqual(HOSTS.map((h) => h.id));
    expect(BUILTIN_PROVIDERS.every((p) => p.kind === 'built-in')).toBe(true);
  });

  it('give the settings schema every field, with its default', () => {
    for (const field of HOSTS.flatMap((h): readonly HostField[] => h.fields)) {
      const [section, name] = field.key.split('.') as [string, string];
      const defaults = (DEFAULT_SETTINGS as unknown as Record<string, Record<string, unknown>>)[section]!;
      expect(defaults[name], field.key).toEqual(field.schema.parse(undefined));
    }
    // A field's own schema validates it in the settings too.
    expect(
      settingsSchema.safeParse({ ...DEFAULT_SETTINGS, s3: { ...DEFAULT_SETTINGS.s3, presignDays: 8 } })
        .success,
    ).toBe(false);
  });

  it('give the keychain every secret and no other', () => {
    expect(SECRET_ACCOUNT_IDS).toEqual(HOSTS.flatMap((h) => h.secrets.map((s) => s.account)));
  });

  it("are docs/hosts.md's table, in one piece", async () => {
    const text = await docs('hosts.md');
    expect(text).toContain(`${hostsTable()}\n`);
    // No blank line cuts it: the row after the table's last is not another row.
    const after = text.slice(text.indexOf(hostsTable()) + hostsTable().length);
    expect(after).not.toMatch(/^\n+\|/);
  });

  it('are named by docs/cli.md and by `shotlink upload --help`', async () => {
    const cli = await docs('cli.md');
    const help = await runCli(['upload', '--help'], {
      env: { SHOTLINK_HOME: await mkdtemp(join(tmpdir(), 'shotlink-help-')) },
    });
    expect(help.code).toBe(0);
    for (const host of HOSTS) {
      expect(cli, host.id).toContain(`\`${host.id}\``);
      expect(help.stdout, host.id).toMatch(new RegExp(`--provider <id>[^]*\\b${host.id}\\b`));
    }
    expect(help.stdout).toMatch(/imgpro: anonymous, key/);
  });
});

describe('the doctor, from the descriptions', () => {
  it('says an empty bucket setting is missing when S3 is the destination, and leaves an unused S3 alone', async () => {
    const home = await mkdtemp(join(tmpdir(), 'shotlink-doctor-s3-'));
    const unused = await configuredDestinations(DEFAULT_SETTINGS, home);
    expect(unused.map((h) => h.name)).toEqual(['img402.dev']);
    const inUse = await checkHosts(
      await configuredDestinations({ ...DEFAULT_SETTINGS, provider: 's3', tier: 'default' }, home),
    );
    expect(inUse).toMatchObject({
      status: 'fail',
      summary: 'S3 bucket is the default destination, but s3.bucket is empty',
      fix: expect.stringContaining('shotlink config set s3.bucket'),
    });
  });

  it('names s3.endpoint when the store does not answer', async () => {
    const home = await mkdtemp(join(tmpdir(), 'shotlink-doctor-s3-'));
    const closed = await startHttpServer(() => {});
    await closed.close();
    const settings = {
      ...DEFAULT_SETTINGS,
      s3: { ...DEFAULT_SETTINGS.s3, bucket: 'b', endpoint: closed.url },
    };
    const destinations = await configuredDestinations(settings, home);
    const check = await checkHosts(destinations.filter((h) => h.name === 'S3 bucket'));
    expect(check.status).toBe('fail');
    expect(check.summary).toMatch(
      /S3 bucket \(http:\/\/127\.0\.0\.1:\d+\) does not answer: ECONNREFUSED \(setting s3\.endpoint\)/,
    );
    expect(check.fix).toContain('s3.endpoint');
  });
});

describe('`shotlink upload --provider s3` with nothing set up', () => {
  it('names the empty bucket setting first, even where no keychain answers', async () => {
    const home = await mkdtemp(join(tmpdir(), 'shotlink-s3-unset-'));
    const file = join(home, 'shot.png');
    await writeFile(file, await screenshotPng(200, 120));
    const result = await runCli(['upload', '--provider', 's3', file], {
      env: { SHOTLINK_HOME: home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/shotlink-test-bus' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /S3 bucket needs the setting s3\.bucket, the S3 access key id and the S3 secret access key/,
    );
    expect(result.stderr).toMatch(/shotlink config set s3\.bucket <value>/);
    expect(result.stderr).toMatch(/AWS_ACCESS_KEY_ID/);
    expect(result.stderr).not.toMatch(/keychain is not available/);
  });
});
