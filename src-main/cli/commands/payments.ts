// `shotlink payments`: not built yet (see the open issues).
import type { Command } from 'commander';

export function register(_program: Command): void {}
