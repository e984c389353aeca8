#!/usr/bin/env node
// The `shotlink` command. Runs the TypeScript sources directly through tsx, so the checkout works
// right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
