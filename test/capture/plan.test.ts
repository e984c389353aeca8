// Which region-capture tool is chosen, per OS and per set of installed programs, and its command lines.
import { describe, expect, it } from 'vitest';
import {
  OUTPUT,
  PREVIOUS,
  linuxToolOrder,
  planCapture,
  resolveStep,
  snippingOverlayScript,
  type CapturePlan,
} from '../../src-main/core/capture/plan.ts';
import { parsePortalResponse, parseRequestPath, portalCallArgs } from '../../src-main/core/capture/portal.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';

const bus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' };
const installed =
  (...programs: string[]) =>
  (program: string) =>
    programs.includes(program);

function linux(env: NodeJS.ProcessEnv, ...programs: string[]): CapturePlan {
  return planCapture({ platform: 'linux', env, has: installed(...programs) });
}

describe('planCapture', () => {
  it('uses screencapture -i on macOS, writing a PNG file silently', () => {
    const plan = planCapture({ platform: 'darwin', env: {}, has: () => false });
    expect(plan).toEqual({
      kind: 'command',
      tool: 'screencapture',
      steps: [{ command: 'screencapture', args: ['-i', '-x', '-t', 'png', OUTPUT] }],
      result: 'file',
    });
  });

  it('opens the ms-screenclip: overlay on Windows and takes the snip from the clipboard', () => {
    const plan = planCapture({ platform: 'win32', env: {}, has: () => false });
    expect(plan.tool).toBe('snipping-overlay');
    if (plan.kind !== 'command') throw new Error('expected a command plan');
    const step = plan.steps[0]!;
    expect(step.command).toBe('powershell.exe');
    expect(step.args.slice(0, 4)).toEqual(['-NoProfile', '-NonInteractive', '-STA', '-EncodedCommand']);
    const script = Buffer.from(step.args[4]!, 'base64').toString('utf16le');
    expect(script).toBe(snippingOverlayScript());
    expect(script).toContain("Start-Process 'ms-screenclip:'");
    expect(script).toContain('GetClipboardSequenceNumber');
    expect(script).toContain('$env:SHOTLINK_CAPTURE_OUTPUT');
  });

  it('prefers spectacle on KDE', () => {
    const plan = linux({ XDG_CURRENT_DESKTOP: 'KDE', ...bus }, 'spectacle', 'flameshot', 'gdbus');
    expect(plan).toMatchObject({
      tool: 'spectacle',
      steps: [{ command: 'spectacle', args: ['-r', '-b', '-n', '-o', OUTPUT] }],
    });
  });

  it('prefers the portal on GNOME Wayland, where gnome-screenshot -a no longer works', () => {
    const env = { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME', XDG_SESSION_TYPE: 'wayland', ...bus };
    expect(linux(env, 'gnome-screenshot', 'gdbus')).toEqual({ kind: 'portal', tool: 'portal' });
    // Without a session bus the portal cannot be reached: fall back to the installed tool.
    expect(linux({ ...env, DBUS_SESSION_BUS_ADDRESS: '' }, 'gnome-screenshot', 'gdbus').tool).toBe(
      'gnome-screenshot',
    );
  });

  it('uses gnome-screenshot -a -f on GNOME under X11', () => {
    const plan = linux(
      { XDG_CURRENT_DESKTOP: 'GNOME', XDG_SESSION_TYPE: 'x11', ...bus },
      'gnome-screenshot',
      'gdbus',
    );
    expect(plan).toMatchObject({
      tool: 'gnome-screenshot',
      steps: [{ command: 'gnome-screenshot', args: ['-a', '-f', OUTPUT] }],
      result: 'file',
    });
  });

  it('uses grim with slurp’s geometry on wlroots desktops, and needs both programs', () => {
    const env = { XDG_CURRENT_DESKTOP: 'sway', WAYLAND_DISPLAY: 'wayland-1' };
    expect(linux(env, 'grim', 'slurp')).toEqual({
      kind: 'command',
      tool: 'grim',
      steps: [
        { command: 'slurp', args: [] },
        { command: 'grim', args: ['-g', PREVIOUS, OUTPUT] },
      ],
      result: 'file',
    });
    expect(linux(env, 'grim', 'flameshot').tool).toBe('flameshot');
  });

  it('uses flameshot gui --raw (PNG on standard output) when it is what is installed', () => {
    expect(linux({ XDG_CURRENT_DESKTOP: 'GNOME' }, 'flameshot')).toEqual({
      kind: 'command',
      tool: 'flameshot',
      steps: [{ command: 'flameshot', args: ['gui', '--raw'] }],
      result: 'stdout',
    });
  });

  it('uses maim -s (slop’s selection) on X11 window managers, then scrot -s, after flameshot', () => {
    const i3 = { XDG_CURRENT_DESKTOP: 'i3', XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' };
    expect(linux(i3, 'maim', 'slop', 'scrot')).toEqual({
      kind: 'command',
      tool: 'maim',
      steps: [{ command: 'maim', args: ['-s', '-u', OUTPUT] }],
      result: 'file',
    });
    expect(linux(i3, 'scrot')).toEqual({
      kind: 'command',
      tool: 'scrot',
      steps: [{ command: 'scrot', args: ['-s', '-z', OUTPUT] }],
      result: 'file',
    });
    expect(linux(i3, 'maim', 'flameshot').tool).toBe('flameshot');
    expect(linuxToolOrder({})).toEqual([
      'flameshot',
      'maim',
      'scrot',
      'gnome-screenshot',
      'spectacle',
      'portal',
    ]);
    // A big desktop's own tool still comes first; maim and scrot only when nothing of its own is there.
    expect(
      linux({ XDG_CURRENT_DESKTOP: 'GNOME', XDG_SESSION_TYPE: 'x11' }, 'gnome-screenshot', 'maim').tool,
    ).toBe('gnome-screenshot');
    expect(linux({ XDG_CURRENT_DESKTOP: 'KDE', XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }, 'scrot').tool).toBe(
      'scrot',
    );
    // No DISPLAY, no X screen: maim and scrot are not candidates (maim would try :0 by itself).
    expect(() => linux({ XDG_CURRENT_DESKTOP: 'i3' }, 'maim', 'scrot')).toThrow(/No region-capture tool/);
  });

  it('never picks maim or scrot under Wayland (they see only XWayland’s windows)', () => {
    const sway = { XDG_CURRENT_DESKTOP: 'sway', WAYLAND_DISPLAY: 'wayland-1' };
    expect(linuxToolOrder(sway)).not.toContain('maim');
    expect(linuxToolOrder(sway)).not.toContain('scrot');
    expect(() => linux(sway, 'maim', 'scrot')).toThrow(/No region-capture tool/);
  });

  it('never picks grim outside Wayland (it cannot see an X11 screen)', () => {
    expect(linuxToolOrder({ XDG_SESSION_TYPE: 'x11' })).not.toContain('grim');
    expect(() => linux({ XDG_SESSION_TYPE: 'x11' }, 'grim', 'slurp')).toThrow(ShotlinkError);
  });

  it('says what to install when no tool exists', () => {
    let error: unknown;
    try {
      linux({ XDG_SESSION_TYPE: 'wayland', ...bus });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ShotlinkError);
    const shotlinkError = error as ShotlinkError;
    expect(shotlinkError.kind).toBe('input');
    expect(shotlinkError.code).toBe('no_capture_tool');
    expect(shotlinkError.message).toMatch(/gnome-screenshot.*spectacle.*flameshot.*grim and slurp/);
    expect(shotlinkError.message).toContain('xdg-desktop-portal');
    expect(shotlinkError.message).toContain('shotlink upload');
    // On X11 the window managers' tools are named too.
    expect(() => linux({ XDG_SESSION_TYPE: 'x11' })).toThrow(/maim \(with slop\) or scrot/);
  });

  it('lets SHOTLINK_CAPTURE_TOOL override the detection, and rejects unknown names', () => {
    const env = { SHOTLINK_CAPTURE_TOOL: 'flameshot', XDG_CURRENT_DESKTOP: 'KDE' };
    expect(linux(env, 'spectacle').tool).toBe('flameshot');
    expect(() => linux({ SHOTLINK_CAPTURE_TOOL: 'mspaint' })).toThrow(/not a capture tool Shotlink knows/);
  });

  it('fills the placeholders of a step without touching other arguments', () => {
    expect(
      resolveStep({ command: 'grim', args: ['-g', PREVIOUS, OUTPUT, '-t'] }, '/tmp/a b.png', '10,20 30x40'),
    ).toEqual({ command: 'grim', args: ['-g', '10,20 30x40', '/tmp/a b.png', '-t'] });
  });
});

describe('screenshot portal messages', () => {
  const token = 'shotlink_abc123';

  it('builds an interactive Screenshot call with our handle token', () => {
    const args = portalCallArgs(token);
    expect(args).toContain('org.freedesktop.portal.Screenshot.Screenshot');
    expect(args.at(-1)).toBe("{'handle_token': <'shotlink_abc123'>, 'interactive': <true>}");
    expect(() => portalCallArgs("x'; rm -rf")).toThrow();
  });

  it('reads the request path from gdbus call’s reply', () => {
    expect(
      parseRequestPath("(objectpath '/org/freedesktop/portal/desktop/request/1_42/shotlink_abc123',)\n"),
    ).toBe('/org/freedesktop/portal/desktop/request/1_42/shotlink_abc123');
    expect(parseRequestPath('Error: GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown')).toBeNull();
  });

  it('recognises our Response signal: done with a file URI, cancelled, failed', () => {
    const path = `/org/freedesktop/portal/desktop/request/1_42/${token}`;
    expect(
      parsePortalResponse(
        `${path}: org.freedesktop.portal.Request.Response (uint32 0, {'uri': <'file:///home/me/Pictures/Screenshot.png'>})`,
        token,
      ),
    ).toEqual({ outcome: 'done', uri: 'file:///home/me/Pictures/Screenshot.png' });
    expect(
      parsePortalResponse(`${path}: org.freedesktop.portal.Request.Response (uint32 1, @a{sv} {})`, token),
    ).toEqual({ outcome: 'cancelled' });
    expect(
      parsePortalResponse(`${path}: org.freedesktop.portal.Request.Response (uint32 2, @a{sv} {})`, token),
    ).toEqual({ outcome: 'failed', code: 2 });
  });

  it('ignores other requests and other lines', () => {
    const other = `/org/freedesktop/portal/desktop/request/1_42/shotlink_other: org.freedesktop.portal.Request.Response (uint32 0, {'uri': <'file:///x.png'>})`;
    expect(parsePortalResponse(other, token)).toBeNull();
    expect(
      parsePortalResponse(
        'Monitoring signals from all objects owned by org.freedesktop.portal.Desktop',
        token,
      ),
    ).toBeNull();
  });
});
