// Runs the real `shotlink` command as a child process, the way a person or a script does.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../src-main/cli/bin.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the fake hosts answering the child live in this process's event loop. */
export function runCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string },
): Promise<CliResult> {
  return runIn(process.execPath, [BIN, ...args], options);
}

/** Runs any program with only the given environment (plus PATH and HOME), whatever its exit code. */
export function runIn(
  program: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      // No stray SHOTLINK_* from the machine running the tests.
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }, cwd: options.cwd },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
