// Before any test: the `shotlink` bundle is built from the sources as they are, so the CLI tests run the
// compiled code people run after `npm ci` (src-main/cli/compiled.js would otherwise fall back to the
// sources whenever one changed since the last build); and, where it is installed, an S3 store
// (OpenStack Swift) is started for the run, handed to the tests with `inject('s3')`, and stopped after.
import type { TestProject } from 'vitest/node';
import { buildCli } from '../../src-main/cli/build-cli.js';
import { freePortRange, s3Unavailable, startS3, stopS3, type S3Store } from './services.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The S3 store for this run, or why there is none. */
    s3: S3Store | { unavailable: string };
  }
}

const S3_HOME = `/tmp/shotlink-test-s3-${process.pid}`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const unavailable = s3Unavailable();
  const [built, s3] = await Promise.all([
    buildCli({ quiet: true }),
    unavailable ? Promise.resolve({ unavailable }) : freePortRange(5).then((port) => startS3(S3_HOME, port)),
  ]);
  if (!built) throw new Error('the CLI bundle could not be built (is esbuild installed?)');
  project.provide('s3', s3);
  return async () => {
    if (!unavailable) await stopS3(S3_HOME);
  };
}
