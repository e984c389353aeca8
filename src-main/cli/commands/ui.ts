// `shotlink ui`: the whole app without Electron. Starts the service (queue, watchers, payments asked in
// the window) and the loopback HTTP bridge on 127.0.0.1, and prints the window's URL with its session
// token. Open it in any browser: for desktops where the tray cannot run, and for the browser tests.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { startBridge, createService } from '../../core/for-shells/app.ts';
import { createToolCapturer } from '../../core/for-shells/capture.ts';
import { packageFiles } from '../../core/for-shells/package-files.js';
import { runCommand } from '../context.ts';
import {
  createStderrNotifier,
  createTerminalClipboard,
  noClipboardReason,
  terminalClipboardAccess,
} from '../terminal-ports.ts';
import { untilStopped } from '../until-stopped.ts';

interface UiOptions {
  port?: string;
  open?: boolean;
}

export function register(program: Command): void {
  program
    .command('ui')
    .description(
      'Run Shotlink (queue, folder watching, uploads) with its window in your browser, on 127.0.0.1.',
    )
    .option('--port <port>', 'port for the local window (default: a free one)')
    .option('--open', 'open the window in the default browser')
    .action((options: UiOptions) => runCommand(() => ui(options)));
}

async function ui(options: UiOptions): Promise<void> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ShotlinkError('usage', `--port must be a number from 0 to 65535, got "${options.port}".`);
  }
  const clipboard = createTerminalClipboard();
  const service = createService({
    env: process.env,
    clipboard,
    notifier: createStderrNotifier(),
    capture: createToolCapturer(),
    doctor: { clipboard: terminalClipboardAccess() },
    kind: 'shotlink ui',
  });
  for (const problem of await service.start()) process.stderr.write(`shotlink: warning: ${problem}\n`);

  const rendererDir = existsSync(packageFiles.renderer) ? packageFiles.renderer : null;
  let bridge;
  try {
    bridge = await startBridge({
      call: (method, args, signal) => service.dispatch.call(method, args, signal),
      events: service.events,
      rendererDir,
      port,
    });
  } catch (error) {
    await service.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ShotlinkError(
        'usage',
        `Port ${port} is in use on 127.0.0.1: choose another with --port, or leave it out.`,
      );
    }
    throw error;
  }

  service.announceUrl(bridge.url); // the address only: the token never goes into a file
  // Listening for Ctrl-C and SIGTERM before anyone can learn the URL: a stop sent the moment it appears
  // still shuts down cleanly, instead of meeting the default action (an abrupt exit).
  const stopped = untilStopped();
  process.stdout.write(`${bridge.pageUrl}\n`);
  process.stderr.write(
    `Shotlink is running. Open the URL above in a browser on this machine (it holds this session's token).\n` +
      `${service.describe()}\n` +
      (rendererDir
        ? ''
        : 'The window is not built yet: run `npm run build` for it; the API works already.\n') +
      (clipboard.available ? '' : `${noClipboardReason(process.env)}: links are printed here instead.\n`) +
      'Press Ctrl-C to stop.\n',
  );
  // The browser's command line is readable by any local user: it gets a one-time ticket, not the token.
  if (options.open) openInBrowser(bridge.ticketUrl());

  await stopped;
  await bridge.close();
  // Jobs in flight are interrupted; they are on disk and resume at the next start.
  await service.close();
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`Could not open a browser; open ${url} yourself.\n`));
  child.unref();
}
