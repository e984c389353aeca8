// Where `shotlink serve` and `shotlink server migrate` take the database URL from: never needed on a
// command line, and a password put there anyway is warned about, with what to do instead.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrlFrom } from '../../src-main/core/server/database-url.ts';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function urlFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shotlink-dburl-'));
  dirs.push(dir);
  const path = join(dir, 'database-url');
  await writeFile(path, text, { mode: 0o600 });
  return path;
}

function resolve(sources: Parameters<typeof databaseUrlFrom>[0], env: NodeJS.ProcessEnv = {}) {
  const warnings: string[] = [];
  const url = databaseUrlFrom(sources, env, (line) => warnings.push(line));
  return { url, warnings };
}

describe('the database URL', () => {
  it('warns when --database carries a password, and says how to avoid it', () => {
    const { url, warnings } = resolve({ flag: 'postgres://shotlink:s3cret@db.example.org/shotlink' });
    expect(url).toBe('postgres://shotlink:s3cret@db.example.org/shotlink');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/password is on the command line.*SHOTLINK_DATABASE_URL.*--database-file/s);
    expect(warnings[0]).not.toContain('s3cret');
  });

  it('says nothing for a URL without a password (PGPASSWORD or ~/.pgpass supply it)', () => {
    expect(resolve({ flag: 'postgres://shotlink@db.example.org/shotlink' }).warnings).toEqual([]);
  });

  it('reads SHOTLINK_DATABASE_URL, or a file named by --database-file or SHOTLINK_DATABASE_URL_FILE', async () => {
    const path = await urlFile('postgres://a:b@db/x\n');
    expect(resolve({}, { SHOTLINK_DATABASE_URL: 'postgres://env/x' }).url).toBe('postgres://env/x');
    expect(resolve({ file: path }).url).toBe('postgres://a:b@db/x');
    const fromEnvFile = resolve(
      {},
      { SHOTLINK_DATABASE_URL_FILE: path, SHOTLINK_DATABASE_URL: 'postgres://env/x' },
    );
    expect(fromEnvFile).toEqual({ url: 'postgres://a:b@db/x', warnings: [] });
    expect(resolve({}).url).toBeUndefined();
  });

  it('refuses a file that is missing or holds something else, naming it', async () => {
    expect(() => resolve({ file: '/nonexistent/shotlink-db-url' })).toThrow(
      /--database-file \/nonexistent\/shotlink-db-url could not be read \(ENOENT\)/,
    );
    const junk = await urlFile('user=shotlink password=x\n');
    expect(() => resolve({}, { SHOTLINK_DATABASE_URL_FILE: junk })).toThrow(
      /SHOTLINK_DATABASE_URL_FILE .* should hold one database URL/,
    );
    expect(() => resolve({ flag: 'postgres://x/y', file: junk })).toThrow(/not both/);
  });
});
