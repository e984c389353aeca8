// Which region-capture tool to use on this machine, and its command lines. Plain functions of the
// platform, the environment and the set of installed programs, so the choice is tested without a
// desktop. The CLI (`shotlink capture`) and the Electron shell both capture through these plans.
import { ShotlinkError } from '../../../src-shared/errors.ts';

export type CaptureToolId =
  | 'screencapture'
  | 'snipping-overlay'
  | 'portal'
  | 'gnome-screenshot'
  | 'spectacle'
  | 'flameshot'
  | 'grim'
  | 'maim'
  | 'scrot';

/** Replaced, in a step's arguments, by the PNG file the tool must write. */
export const OUTPUT = '{output}';
/** The environment variable that carries the output path to tools that cannot take it as an argument. */
export const OUTPUT_ENV = 'SHOTLINK_CAPTURE_OUTPUT';
/** Replaced by the trimmed standard output of the previous step (slurp's geometry for grim). */
export const PREVIOUS = '{previous}';

export interface CaptureStep {
  command: string;
  args: string[];
}

export type CapturePlan =
  | {
      kind: 'command';
      tool: CaptureToolId;
      /** Run in order; each step may use the previous one's output. */
      steps: CaptureStep[];
      /** Where the PNG ends up: in the OUTPUT file, or on the last step's standard output. */
      result: 'file' | 'stdout';
    }
  /** The xdg-desktop-portal Screenshot call over D-Bus (see portal.ts). */
  | { kind: 'portal'; tool: 'portal' };

export interface CaptureEnvironment {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Whether a program is installed (on PATH). */
  has: (program: string) => boolean;
}

const LINUX_TOOLS = [
  'portal',
  'gnome-screenshot',
  'spectacle',
  'flameshot',
  'grim',
  'maim',
  'scrot',
] as const;
/** Tools that read an X11 screen: under Wayland they would see only XWayland's windows, or black. */
const X11_ONLY: readonly LinuxTool[] = ['maim', 'scrot'];
type LinuxTool = (typeof LINUX_TOOLS)[number];

/** The programs each Linux tool needs. */
const NEEDS: Record<LinuxTool, string[]> = {
  // The portal is reached with gdbus (part of GLib, present on nearly every desktop) on the session bus.
  portal: ['gdbus'],
  'gnome-screenshot': ['gnome-screenshot'],
  spectacle: ['spectacle'],
  flameshot: ['flameshot'],
  grim: ['grim', 'slurp'],
  // maim's -s selection is slop's, linked in (Debian's maim depends on libslopy).
  maim: ['maim'],
  scrot: ['scrot'],
};

/**
 * The Linux tools in the order worth trying on this desktop: the desktop's own tool first (it draws the
 * selection the way the user knows), then any other. On Wayland, X11-only tools cannot see the screen:
 * gnome-screenshot's area mode no longer works on GNOME's Wayland session, so the portal goes first there;
 * grim only works on wlroots compositors (sway, Hyprland, river...). X11 window managers without a desktop
 * of their own (i3, bspwm, awesome, openbox...) have no screenshot tool: there flameshot when installed
 * (a deliberate choice), else maim with slop's selection, the usual pick there, else the older scrot -s.
 */
export function linuxToolOrder(env: NodeJS.ProcessEnv): LinuxTool[] {
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '').toLowerCase().split(':');
  const wayland = env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
  const is = (...names: string[]) => desktops.some((d) => names.includes(d));

  let order: LinuxTool[];
  if (is('kde')) order = ['spectacle', 'portal', 'flameshot'];
  else if (is('gnome', 'unity', 'ubuntu', 'pantheon', 'budgie', 'cinnamon', 'mate', 'xfce'))
    order = wayland
      ? ['portal', 'flameshot', 'gnome-screenshot']
      : ['gnome-screenshot', 'flameshot', 'portal'];
  else if (wayland) order = ['grim', 'portal', 'flameshot'];
  else order = ['flameshot', 'maim', 'scrot', 'gnome-screenshot', 'spectacle'];

  // Whatever the desktop, any installed tool beats none; grim needs Wayland, maim and scrot X11.
  for (const tool of LINUX_TOOLS) {
    if (order.includes(tool)) continue;
    if (tool === 'grim' && !wayland) continue;
    order.push(tool);
  }
  return wayland ? order.filter((tool) => !X11_ONLY.includes(tool)) : order;
}

function linuxPlan(tool: LinuxTool): CapturePlan {
  switch (tool) {
    case 'portal':
      return { kind: 'portal', tool };
    case 'gnome-screenshot':
      // -a: select an area; -f: the file to write.
      return {
        kind: 'command',
        tool,
        steps: [{ command: 'gnome-screenshot', args: ['-a', '-f', OUTPUT] }],
        result: 'file',
      };
    case 'spectacle':
      // -r region, -b background (no window), -n no notification, -o output file.
      return {
        kind: 'command',
        tool,
        steps: [{ command: 'spectacle', args: ['-r', '-b', '-n', '-o', OUTPUT] }],
        result: 'file',
      };
    case 'flameshot':
      // --raw writes the PNG to standard output instead of saving it anywhere.
      return {
        kind: 'command',
        tool,
        steps: [{ command: 'flameshot', args: ['gui', '--raw'] }],
        result: 'stdout',
      };
    case 'grim':
      // slurp prints the selected geometry ("x,y wxh"); grim captures exactly that. No shell involved.
      return {
        kind: 'command',
        tool,
        steps: [
          { command: 'slurp', args: [] },
          { command: 'grim', args: ['-g', PREVIOUS, OUTPUT] },
        ],
        result: 'file',
      };
    case 'maim':
      // -s: select with slop (Esc or a right click cancels); -u: leave the pointer out of the picture.
      return {
        kind: 'command',
        tool,
        steps: [{ command: 'maim', args: ['-s', '-u', OUTPUT] }],
        result: 'file',
      };
    case 'scrot':
      // -s: select a region (Esc cancels); -z: no beep.
      return {
        kind: 'command',
        tool,
        steps: [{ command: 'scrot', args: ['-s', '-z', OUTPUT] }],
        result: 'file',
      };
  }
}

/**
 * PowerShell that opens the Windows snipping overlay (`ms-screenclip:`) and waits for the snip to land on
 * the clipboard: the overlay has no file output. The clipboard's sequence number tells a new snip from an
 * image that was already there; no change within the time limit means the user cancelled.
 */
export function snippingOverlayScript(timeoutSeconds = 120): string {
  return [
    'Add-Type -AssemblyName System.Windows.Forms, System.Drawing',
    'Add-Type -Namespace Shotlink -Name Clip -MemberDefinition \'[DllImport("user32.dll")] public static extern uint GetClipboardSequenceNumber();\'',
    `$out = $env:${OUTPUT_ENV}`,
    '$before = [Shotlink.Clip]::GetClipboardSequenceNumber()',
    "Start-Process 'ms-screenclip:'",
    `$deadline = (Get-Date).AddSeconds(${timeoutSeconds})`,
    'while ((Get-Date) -lt $deadline) {',
    '  Start-Sleep -Milliseconds 250',
    '  if ([Shotlink.Clip]::GetClipboardSequenceNumber() -ne $before -and [System.Windows.Forms.Clipboard]::ContainsImage()) {',
    '    [System.Windows.Forms.Clipboard]::GetImage().Save($out, [System.Drawing.Imaging.ImageFormat]::Png)',
    '    exit 0',
    '  }',
    '}',
  ].join('\n');
}

export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/** What `SHOTLINK_CAPTURE_TOOL` may name, to override the detection. */
export const CAPTURE_TOOL_NAMES: readonly CaptureToolId[] = [
  'screencapture',
  'snipping-overlay',
  ...LINUX_TOOLS,
];

function noToolMessage(env: NodeJS.ProcessEnv): string {
  const wayland = env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
  const session = env.XDG_SESSION_TYPE;
  if (!wayland && !env.DISPLAY && (session === 'tty' || (!session && !env.XDG_CURRENT_DESKTOP))) {
    // Over SSH, in a container or CI: no screen at all, whatever is installed.
    return (
      'There is no desktop to capture here: neither DISPLAY nor WAYLAND_DISPLAY is set (a session over SSH, ' +
      'a container or CI). Run Shotlink inside the desktop session, or take the screenshot there and run ' +
      '`shotlink upload <file>` with it.'
    );
  }
  return (
    'No region-capture tool was found. Install one of: gnome-screenshot (GNOME on X11), spectacle (KDE), ' +
    `flameshot, or grim and slurp (sway, Hyprland and other wlroots desktops)${
      wayland
        ? ', or make sure xdg-desktop-portal and gdbus are installed'
        : ', or maim (with slop) or scrot (i3, bspwm, awesome and other X11 window managers)'
    }. Or take the screenshot with your desktop's own tool and run \`shotlink upload <file>\`.`
  );
}

/**
 * The capture plan for this machine. Throws a ShotlinkError ('input') saying what to install when no tool
 * exists. `SHOTLINK_CAPTURE_TOOL` forces a tool (e.g. `flameshot`) when the detection guesses wrong.
 */
export function planCapture({ platform, env, has }: CaptureEnvironment): CapturePlan {
  const forced = env.SHOTLINK_CAPTURE_TOOL?.trim();
  if (forced) {
    if (!(CAPTURE_TOOL_NAMES as readonly string[]).includes(forced)) {
      throw new ShotlinkError(
        'usage',
        `SHOTLINK_CAPTURE_TOOL is "${forced}", which is not a capture tool Shotlink knows. ` +
          `Use one of: ${CAPTURE_TOOL_NAMES.join(', ')}.`,
      );
    }
    return planFor(forced as CaptureToolId);
  }

  if (platform === 'darwin') return planFor('screencapture');
  if (platform === 'win32') return planFor('snipping-overlay');

  for (const tool of linuxToolOrder(env)) {
    if (tool === 'portal' && !env.DBUS_SESSION_BUS_ADDRESS) continue;
    // Without DISPLAY there is no X screen to read (maim would even try :0 on its own).
    if (X11_ONLY.includes(tool) && !env.DISPLAY) continue;
    if (NEEDS[tool].every(has)) return linuxPlan(tool);
  }
  throw new ShotlinkError('input', noToolMessage(env), { code: 'no_capture_tool' });
}

function planFor(tool: CaptureToolId): CapturePlan {
  if (tool === 'screencapture') {
    // -i interactive selection (Space toggles window mode, Esc cancels), -x no sound, -t png.
    return {
      kind: 'command',
      tool,
      steps: [{ command: 'screencapture', args: ['-i', '-x', '-t', 'png', OUTPUT] }],
      result: 'file',
    };
  }
  if (tool === 'snipping-overlay') {
    return {
      kind: 'command',
      tool,
      steps: [
        {
          command: 'powershell.exe',
          // -EncodedCommand (base64 of UTF-16LE) sidesteps Windows command-line quoting of the script.
          args: [
            '-NoProfile',
            '-NonInteractive',
            '-STA',
            '-EncodedCommand',
            encodePowerShell(snippingOverlayScript()),
          ],
        },
      ],
      result: 'file',
    };
  }
  return linuxPlan(tool);
}

/** A step with its placeholders filled in. */
export function resolveStep(step: CaptureStep, output: string, previous: string): CaptureStep {
  return {
    command: step.command,
    args: step.args.map((arg) => (arg === OUTPUT ? output : arg === PREVIOUS ? previous : arg)),
  };
}
