// Before any test: the same build steps `npm ci` runs (its `prepare` script: the `shotlink` bundle and
// the window), from the sources as they are, so the CLI and README tests run the compiled code and the
// built window people run after `npm ci` (src-main/cli/compiled.js would otherwise fall back to the
// sources whenever one changed since the last build); and, where they are installed, an S3 store
// (OpenStack Swift) and PostgreSQL are started for the run, handed to the tests with `inject('s3')` and
// `inject('pg')`, and stopped after.
import type { TestProject } from 'vitest/node';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { packageFiles } from '../../src-main/core/package-files.js';
import {
  freePortRange,
  pgUnavailable,
  s3Unavailable,
  startPg,
  startS3,
  stopPg,
  stopS3,
  type S3Store,
} from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The S3 store for this run, or why there is none. */
    s3: S3Store | { unavailable: string };
    /** PostgreSQL's connection URL for this run (a database the tests may fill), or why there is none. */
    pg: { url: string } | { unavailable: string };
  }
}

const S3_HOME = `/tmp/shotlink-test-s3-${process.pid}`;
const PG_HOME = `/tmp/shotlink-test-pg-${process.pid}`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const noS3 = s3Unavailable();
  const noPg = pgUnavailable();
  const [, s3, pg] = await Promise.all([
    prepare(),
    noS3 ? { unavailable: noS3 } : freePortRange(5).then((port) => startS3(S3_HOME, port)),
    noPg
      ? { unavailable: noPg }
      : freePortRange(1).then(async (port) => ({ url: await startPg(PG_HOME, port) })),
  ]);
  project.provide('s3', s3);
  project.provide('pg', pg);
  return async () => {
    await Promise.all([noS3 ? null : stopS3(S3_HOME), noPg ? null : stopPg(PG_HOME)]);
  };
}

/** `npm ci`'s own build step, run as npm runs it. */
async function prepare(): Promise<void> {
  try {
    await promisify(execFile)('npm', ['run', '--silent', 'prepare'], { cwd: packageFiles.root });
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string };
    throw new Error(`\`npm run prepare\` (what \`npm ci\` builds) failed:\n${stderr}`);
  }
}
