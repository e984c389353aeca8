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
import { isOnPath } from '../../src-main/core/capture/on-path.ts';

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
    env: { DISPLAY: display, XDG_SESSION_TYPE: 'x11', WAYLAND_DISPLAY: '' },
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      server.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs an X program on the display; resolves to its stdout, rejects on a non-zero exit. */
export function x(
  display: XDisplay,
  program: string,
  args: string[],
  options: { input?: string | Buffer } = {},
): Promise<string> {
  // xclip -i forks a child that keeps serving the selection: give it no output pipe to hold open.
  const serves = program === 'xclip' && args.includes('-i');
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: { ...process.env, ...display.env },
      stdio: [
        options.input === undefined ? 'ignore' : 'pipe',
        serves ? 'ignore' : 'pipe',
        serves ? 'ignore' : 'pipe',
      ],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`${program} ${args.join(' ')}: exit ${code}: ${stderr.trim()}`)),
    );
    if (options.input !== undefined) child.stdin!.end(options.input);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Shows a PNG as the root window's picture: what every capture of the screen then sees. */
export async function drawOnScreen(display: XDisplay, pngFile: string): Promise<void> {
  // ImageMagick's display sets the root window's background and exits (non-zero, by habit); the
  // picture stays because Xvfb runs with -noreset.
  await x(display, 'display', ['-window', 'root', pngFile]).catch(() => {});
}

/** The clipboard's text, as another program reads it ('' when nothing is there). */
export function readClipboard(display: XDisplay, target = 'UTF8_STRING'): Promise<string> {
  return x(display, 'xclip', ['-o', '-selection', 'clipboard', '-t', target]).catch(() => '');
}

/** Puts data on the clipboard as another program does (xclip keeps serving it in the background). */
export async function writeClipboard(
  display: XDisplay,
  data: string | Buffer,
  type = 'UTF8_STRING',
): Promise<void> {
  await x(display, 'xclip', ['-selection', 'clipboard', '-t', type, '-i'], { input: data });
}

/** Whether a window of this class is mapped (slop's selection overlay is one). */
async function hasWindow(display: XDisplay, windowClass: string): Promise<boolean> {
  return x(display, 'xdotool', ['search', '--onlyvisible', '--class', windowClass]).then(
    () => true,
    () => false,
  );
}

/** Whether a program of this name runs on this display (its environment names our DISPLAY). */
async function runsOn(display: XDisplay, program: string): Promise<boolean> {
  const { readFile, readdir } = await import('node:fs/promises');
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if ((await readFile(`/proc/${pid}/comm`, 'utf8')).trim() !== program) continue;
      const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
      if (environ.includes(`DISPLAY=${display.display}`)) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/**
 * Does what a person does with a selection tool until `done()` says the tool has finished: waits for
 * it to be up, then plays `gesture`, then gives the tool a moment. A selection tool that was not yet
 * listening when the gesture came (it grabs the pointer only once it runs) is given the gesture again,
 * so this never depends on how fast the machine is, only on the tool answering in the end.
 */
export async function untilDone(
  display: XDisplay,
  gesture: () => Promise<void>,
  done: () => boolean,
  options: { windowClass?: string; program?: string; attempts?: number } = {},
): Promise<void> {
  for (let attempt = 1; attempt <= (options.attempts ?? 20) && !done(); attempt++) {
    // The tool is up: its overlay window shows (slop), or, for tools without one (scrot), its process
    // runs on our display (it grabs the pointer right after connecting).
    for (let wait = 0; wait < 100 && !done(); wait++) {
      if (options.windowClass && (await hasWindow(display, options.windowClass))) break;
      if (options.program && (await runsOn(display, options.program))) break;
      if (!options.windowClass && !options.program && wait >= 3) break;
      await sleep(100);
    }
    if (options.program) await sleep(400);
    if (done()) return;
    await sleep(100 * attempt);
    await gesture();
    for (let wait = 0; wait < 20 && !done(); wait++) await sleep(100);
  }
}

/**
 * A drag with the left button, at a person's pace: slop looks at the pointer's state every frame, so
 * each step is held for a few of its frames.
 */
export async function dragPointer(
  display: XDisplay,
  from: { x: number; y: number },
  to: { x: number; y: number },
): Promise<void> {
  const step = (args: string[]) => x(display, 'xdotool', args).then(() => sleep(120));
  await step(['mousemove', String(from.x), String(from.y)]);
  await step(['mousedown', '1']);
  for (const f of [0.25, 0.5, 0.75, 1]) {
    await step([
      'mousemove',
      String(Math.round(from.x + (to.x - from.x) * f)),
      String(Math.round(from.y + (to.y - from.y) * f)),
    ]);
  }
  await step(['mouseup', '1']);
}

export const pressKey = (display: XDisplay, key: string) =>
  x(display, 'xdotool', ['key', key]).then(() => {});
