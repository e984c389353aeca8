// Before any test: the `shotlink` bundle is built from the sources as they are, so the CLI tests run
// the compiled code people run after `npm ci` (src-main/cli/compiled.js would otherwise fall back to
// the sources whenever one changed since the last build).
import { buildCli } from '../../src-main/cli/build-cli.js';

export default async function setup(): Promise<void> {
  if (!(await buildCli({ quiet: true })))
    throw new Error('the CLI bundle could not be built (is esbuild installed?)');
}
