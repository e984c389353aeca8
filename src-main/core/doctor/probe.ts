// What the doctor's checks may ask of this machine, as one small interface: tests answer it with plain
// data, `systemProbe()` answers it for real (PATH lookups, short-lived commands, the session D-Bus).
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { isOnPath } from '../capture/on-path.ts';

export interface CommandResult {
  code: number | null;
  stdout: string;
}

export interface DesktopProbe {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether a program is installed (on PATH and executable). */
  has(program: string): boolean;
  /** Runs a program briefly; never throws (a missing program or a timeout is code null). */
  run(command: string, args: string[]): Promise<CommandResult>;
  /** Whether something accepts connections on this Unix socket (an X server, a Wayland compositor). */
  connects(socketPath: string): Promise<boolean>;
}

/** Connects to a Unix socket and hangs up at once; false when refused, missing or silent for a second. */
export function socketAnswers(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const RUN_TIMEOUT_MS = 3000;

export function systemProbe(env: NodeJS.ProcessEnv = process.env, platform = process.platform): DesktopProbe {
  return {
    platform,
    env,
    has: (program) => isOnPath(program, env, platform),
    run: (command, args) =>
      new Promise((resolve) => {
        execFile(command, args, { env, timeout: RUN_TIMEOUT_MS }, (error, stdout) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout: String(stdout) });
        });
      }),
    connects: (socketPath) => socketAnswers(socketPath),
  };
}

/**
 * Whether a name is owned on the session bus (a tray host, a portal), through gdbus or dbus-send,
 * whichever the desktop has; null when neither can ask (no tool, or no session bus at all).
 */
export async function sessionBusHas(probe: DesktopProbe, name: string): Promise<boolean | null> {
  if (!probe.env.DBUS_SESSION_BUS_ADDRESS && !probe.env.XDG_RUNTIME_DIR) return null;
  const askers: [string, string[], RegExp][] = [
    [
      'gdbus',
      [
        'call',
        '--session',
        '--dest',
        'org.freedesktop.DBus',
        '--object-path',
        '/org/freedesktop/DBus',
        '--method',
        'org.freedesktop.DBus.NameHasOwner',
        name,
      ],
      /\(true,?\)/,
    ],
    [
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        `string:${name}`,
      ],
      /boolean true/,
    ],
  ];
  for (const [command, args, yes] of askers) {
    if (!probe.has(command)) continue;
    const result = await probe.run(command, args);
    if (result.code !== 0) return null; // no session bus to ask
    return yes.test(result.stdout);
  }
  return null;
}

/** The interfaces the desktop portal offers (org.freedesktop.portal.Screenshot, .GlobalShortcuts…). */
export async function portalInterfaces(probe: DesktopProbe): Promise<string[] | null> {
  if (!probe.has('gdbus')) return null;
  const result = await probe.run('gdbus', [
    'introspect',
    '--session',
    '--dest',
    'org.freedesktop.portal.Desktop',
    '--object-path',
    '/org/freedesktop/portal/desktop',
  ]);
  if (result.code !== 0) return null;
  return [...result.stdout.matchAll(/interface (org\.freedesktop\.portal\.\w+)/g)].map((m) => m[1]!);
}
