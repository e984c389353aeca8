// A private X server (Debian's Xvfb) for the desktop tests: capture tools, the clipboard and input
// (xdotool) run against it for real. Xvfb picks a free display number itself (`-displayfd` writes the
// one it took), so parallel runs and a developer's own desktop never meet. Run under `timeout`, so it
// also ends by itself if the test process dies first; stop() ends it (and with it every X client still
// connected, such as an xclip holding the clipboard).
//
// The tests that need it call `desktopTools()` first: on a machine without the tools they skip, saying
// why, except under CI=true, where a missing tool fails the run (.ci/run installs them).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { isOnPath } from '../../src-main/core/capture/run.ts';

export interface XDisplay {
  /** ":N", for DISPLAY. */
  display: string;
  width: number;
  height: number;
  /** The environment a program on this display needs (DISPLAY, no Wayland, an X11 session). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** Programs the desktop tests drive. */
export const DESKTOP_TOOLS = ['Xvfb', 'xdotool', 'xclip', 'maim', 'slop', 'scrot', 'display'] as const;

/**
 * Why the desktop tests cannot run here, or null when they can. Under CI=true a missing tool throws:
 * CI must run them.
 */
export function desktopUnavailable(tools: readonly string[] = DESKTOP_TOOLS): string | null {
  const missing = tools.filter((tool) => !isOnPath(tool, process.env));
  if (missing.length === 0) return null;
  const reason = `${missing.join(', ')} not installed (Debian: xvfb xdotool xclip maim slop scrot imagemagick)`;
  if (process.env.CI) throw new Error(`CI must run the desktop tests: ${reason}`);
  return reason;
}

export async function startXvfb(options: { width?: number; height?: number } = {}): Promise<XDisplay> {
  const width = options.width ?? 800;
  const height = options.height ?? 600;
  // fd 3 receives the display number Xvfb chose, once it accepts connections.
  const server: ChildProcess = spawn(
    'timeout',
    [
      '600',
      'Xvfb',
      '-displayfd',
      '3',
      '-screen',
      '0',
      `${width}x${height}x24`,
      '-nolisten',
      'tcp',
      '-noreset',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  let errors = '';
  server.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const fd3 = server.stdio[3] as NodeJS.ReadableStream;
  let output = '';
  fd3.setEncoding('utf8');
  fd3.on('data', (chunk: string) => (output += chunk));
  while (!output.includes('\n')) {
    const [chunk] = (await Promise.race([once(fd3, 'data'), once(server, 'exit')])) as unknown[];
    if (chunk === undefined || typeof chunk === 'number' || chunk === null)
      throw new Error(`Xvfb did not start: ${errors.trim().split('\n').slice(-3).join(' ')}`);
  }
  const display = `:${output.trim()}`;
  const exited = once(server, 'exit');
  return {
    display,
    width,
    height,
    env: { DISPLAY: display, XDG_SESSION_TYPE: 'x11' },
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGTERM');
      await exited;
    },
  };
}
