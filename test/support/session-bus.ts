// A private D-Bus session bus (Debian's dbus-daemon) for tests that ask the desktop over D-Bus: what is
// on it is exactly what the test put there, whatever machine runs the tests. Its configuration lists no
// service folders, so nothing is started on demand (the machine's gnome-keyring, for one, would be, and
// then sit locked). Stopped by stop(); run under `timeout`, so it also ends by itself if the test
// process dies first.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOnPath } from '../../src-main/core/capture/on-path.ts';

const CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export interface SessionBus {
  address: string;
  stop(): void;
}

export function hasDbusDaemon(): boolean {
  return isOnPath('dbus-daemon', process.env);
}

export async function startSessionBus(): Promise<SessionBus> {
  const dir = mkdtempSync(join(tmpdir(), 'shotlink-bus-'));
  const config = join(dir, 'session.conf');
  writeFileSync(config, CONFIG);
  const daemon = spawn(
    'timeout',
    ['300', 'dbus-daemon', `--config-file=${config}`, '--nofork', '--print-address=1'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  daemon.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  let output = '';
  daemon.stdout.setEncoding('utf8');
  daemon.stdout.on('data', (chunk: string) => (output += chunk));
  while (!output.includes('\n')) {
    const [chunk] = (await Promise.race([once(daemon.stdout, 'data'), once(daemon, 'exit')])) as unknown[];
    if (chunk === undefined || typeof chunk === 'number') throw new Error('dbus-daemon did not start');
  }
  return { address: output.split('\n')[0]!, stop: () => void daemon.kill('SIGTERM') };
}
