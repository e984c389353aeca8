// The version people see in `shotlink --version`: package.json's, read at build time by the bundler and
// emitted beside the compiled main process by tsc, so every way of running the CLI finds it.
import pkg from '../../package.json' with { type: 'json' };

export const version: string = pkg.version;
