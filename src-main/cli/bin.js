#!/usr/bin/env node
// @ts-check
// The `shotlink` command. Runs the compiled bundle (built by `npm ci` through the `prepare` script) when
// it matches the sources, so a hotkey bound to `shotlink capture` starts in tens of milliseconds; runs
// the TypeScript sources through tsx when they changed since, so a checkout never runs stale code.
import { packageFiles } from '../core/for-shells/package-files.js';
import { compiledEntry } from './compiled.js';

const compiled = compiledEntry(packageFiles.root, process.argv[2]);
if (compiled.entry) {
  await import(compiled.entry.href);
} else {
  // Only people at a terminal are told; a script or a desktop shortcut just gets the (slower) result.
  if (process.stderr.isTTY) {
    process.stderr.write(
      `shotlink: running from the sources (${compiled.why}); \`npm run build:cli\` makes it start faster.\n`,
    );
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
