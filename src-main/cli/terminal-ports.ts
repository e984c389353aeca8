// The ports a terminal can offer the service (`shotlink ui`): the system clipboard through the
// desktop's own command-line tools (wl-copy/wl-paste, xclip, xsel, pbcopy/osascript, clip), and
// notifications as lines on stderr. Where no clipboard tool exists, links are still printed.
import { execFileSync } from 'node:child_process';
import { isOnPath, type ClipboardPort, type NotifierPort } from '../core/for-shells/ports.ts';
import type { ClipboardAccess } from '../core/for-shells/doctor.ts';

export interface ClipboardCommands {
  /** Reads the clipboard's formats (one per line). */
  listFormats?: [string, ...string[]];
  /** Writes PNG bytes of the clipboard image to stdout. */
  readPng?: [string, ...string[]];
  /** Reads text on stdin and puts it on the clipboard. */
  writeText?: [string, ...string[]];
  /** macOS: the formats come from AppleScript's `clipboard info`, the image as «data PNGf…» hex. */
  appleScript?: boolean;
}

/** Which tools this desktop has for the clipboard, as a plain function of the platform and PATH. */
export function clipboardCommands(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  has: (program: string) => boolean,
): ClipboardCommands {
  if (platform === 'darwin') return { writeText: ['pbcopy'], appleScript: true };
  if (platform === 'win32') return { writeText: ['clip'] };
  if (env.WAYLAND_DISPLAY && has('wl-copy') && has('wl-paste')) {
    return {
      listFormats: ['wl-paste', '--list-types'],
      readPng: ['wl-paste', '--no-newline', '--type', 'image/png'],
      writeText: ['wl-copy'],
    };
  }
  if (env.DISPLAY && has('xclip')) {
    return {
      listFormats: ['xclip', '-selection', 'clipboard', '-t', 'TARGETS', '-o'],
      readPng: ['xclip', '-selection', 'clipboard', '-t', 'image/png', '-o'],
      writeText: ['xclip', '-selection', 'clipboard', '-i'],
    };
  }
  if (env.DISPLAY && has('xsel')) return { writeText: ['xsel', '--clipboard', '--input'] };
  return {};
}

/** «data PNGf89504E47…» (what AppleScript prints for `the clipboard as «class PNGf»`) to bytes. */
export function parseAppleScriptPng(output: string): Uint8Array | null {
  const hex = /«data PNGf([0-9A-Fa-f]+)»/.exec(output)?.[1];
  return hex ? new Uint8Array(Buffer.from(hex, 'hex')) : null;
}

function run(command: [string, ...string[]], input?: string): Buffer | null {
  try {
    const [program, ...args] = command;
    return execFileSync(program, args, {
      input,
      timeout: 3000,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
}

/**
 * Puts text on the clipboard; false when the tool failed. X11 has no clipboard daemon: xclip and xsel
 * fork a child that keeps serving the selection after they return. That child inherits whatever pipes
 * it is given, so a piped stdout would keep the write "running" until the timeout: no output is taken.
 */
function write(command: [string, ...string[]], text: string): boolean {
  try {
    const [program, ...args] = command;
    execFileSync(program, args, { input: text, timeout: 3000, stdio: ['pipe', 'ignore', 'ignore'] });
    return true;
  } catch {
    return false;
  }
}

/**
 * Why links cannot go on the clipboard here, for a shell to say once: no desktop session at all (a
 * server, an SSH login) or a desktop without the tool.
 */
export function noClipboardReason(env: NodeJS.ProcessEnv, platform = process.platform): string {
  if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY)
    return 'No desktop session here (DISPLAY and WAYLAND_DISPLAY are unset), so no clipboard';
  return 'No clipboard tool found (wl-copy, xclip, xsel)';
}

/** What to install for a clipboard on this desktop. */
export function clipboardToolHint(env: NodeJS.ProcessEnv): string {
  return env.WAYLAND_DISPLAY ? 'install wl-clipboard (wl-copy)' : 'install xclip or xsel';
}

/** How this terminal reaches the clipboard, for the doctor (`shotlink doctor`, the window's section). */
export function terminalClipboardAccess(env: NodeJS.ProcessEnv = process.env): ClipboardAccess {
  const commands = clipboardCommands(process.platform, env, (program) => isOnPath(program, env));
  return { kind: 'commands', writeText: commands.writeText?.join(' ') ?? null };
}

export function createTerminalClipboard(
  env: NodeJS.ProcessEnv = process.env,
): ClipboardPort & { available: boolean } {
  const commands = clipboardCommands(process.platform, env, (program) => isOnPath(program, env));
  return {
    available: commands.writeText !== undefined,
    async availableFormats() {
      if (commands.appleScript) {
        const info = run(['osascript', '-e', 'clipboard info'])?.toString() ?? '';
        return /PNGf/.test(info) ? ['image/png'] : info ? ['text/plain'] : [];
      }
      if (!commands.listFormats) return [];
      return (run(commands.listFormats)?.toString() ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    },
    async readImagePng() {
      if (commands.appleScript) {
        return parseAppleScriptPng(
          run(['osascript', '-e', 'the clipboard as «class PNGf»'])?.toString() ?? '',
        );
      }
      const bytes = commands.readPng ? run(commands.readPng) : null;
      return bytes && bytes.length > 0 ? new Uint8Array(bytes) : null;
    },
    async writeText(text) {
      if (!commands.writeText) return false;
      if (!write(commands.writeText, text))
        throw new Error(`${commands.writeText[0]} could not write to the clipboard`);
      return true;
    },
  };
}

/** Notifications as one line each on stderr: the link on success, the reason on failure. */
export function createStderrNotifier(
  write: (line: string) => void = (line) => process.stderr.write(line),
): NotifierPort {
  return {
    notify({ title, body, level }) {
      write(`${level === 'error' ? 'shotlink: ' : ''}${title}: ${body}\n`);
    },
  };
}
