// Global hotkeys against the stub's globalShortcut, which behaves like Electron's: natively register()
// returns false for a taken accelerator and throws on one it cannot parse; on the Wayland portal it
// always returns true and unregister() does nothing. A failure is reported with what to do instead,
// including the `shotlink capture` command for the desktop's own shortcuts.
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import { Hotkeys, usesShortcutPortal } from '../../src-main/electron/shortcuts.ts';
import { desktop, globalShortcut, makeReady, resetElectronStub } from '../stubs/electron.ts';

function setup(portal = false) {
  desktop.shortcuts = portal ? 'portal' : 'native';
  const ran: string[] = [];
  const hotkeys = new Hotkeys(
    globalShortcut,
    { capture: () => ran.push('capture'), uploadClipboard: () => ran.push('clipboard') },
    portal,
  );
  return { ran, hotkeys };
}

beforeEach(() => {
  resetElectronStub();
  makeReady();
});

describe('Hotkeys', () => {
  it('registers the default hotkeys and runs their actions', () => {
    const { ran, hotkeys } = setup();
    expect(hotkeys.apply(DEFAULT_SETTINGS.hotkeys)).toEqual({ failures: [], unconfirmed: null });
    globalShortcut.press('CommandOrControl+Shift+2');
    globalShortcut.press('CommandOrControl+Shift+U');
    expect(ran).toEqual(['capture', 'clipboard']);
  });

  it('reports a hotkey another application holds, pointing at `shotlink capture`', () => {
    globalShortcut.taken = ['CommandOrControl+Shift+2'];
    const { hotkeys } = setup();
    const { failures } = hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ action: 'capture', accelerator: 'CommandOrControl+Shift+2' });
    expect(failures[0]!.message).toMatch(/could not be registered: another application already uses it/);
    expect(failures[0]!.message).toContain('`shotlink capture`');
    expect([...globalShortcut.registered.keys()]).toEqual(['CommandOrControl+Shift+U']);
  });

  it('reports an accelerator Electron cannot parse instead of throwing', () => {
    const { hotkeys } = setup();
    const { failures } = hotkeys.apply({ capture: 'Ctrl+Shift+@@', uploadClipboard: 'Alt+U' });
    expect(failures.map((f) => f.action)).toEqual(['capture']);
    expect(failures[0]!.message).toMatch(
      /not a valid shortcut \(Failed to parse accelerator: Ctrl\+Shift\+@@\)/,
    );
  });

  it('reports every hotkey when the desktop allows none', () => {
    globalShortcut.taken = ['CommandOrControl+Shift+2', 'CommandOrControl+Shift+U'];
    const { hotkeys } = setup();
    const { failures } = hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    expect(failures.map((f) => f.action)).toEqual(['capture', 'uploadClipboard']);
    expect(failures[1]!.message).toContain('Upload clipboard image');
  });

  it('replaces the previous hotkeys when settings change, and skips empty ones', () => {
    const { hotkeys, ran } = setup();
    hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    expect(hotkeys.apply({ capture: 'Alt+Shift+S', uploadClipboard: ' ' })).toEqual({
      failures: [],
      unconfirmed: null,
    });
    globalShortcut.press('CommandOrControl+Shift+2');
    expect(ran).toEqual([]);
    globalShortcut.press('Alt+Shift+S');
    expect(ran).toEqual(['capture']);
    hotkeys.clear();
    expect(globalShortcut.registered.size).toBe(0);
  });
});

describe('Hotkeys on the Wayland portal', () => {
  it('is the path on a Linux Wayland session only', () => {
    expect(usesShortcutPortal('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(usesShortcutPortal('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(usesShortcutPortal('linux', { XDG_SESSION_TYPE: 'x11' })).toBe(false);
    expect(usesShortcutPortal('darwin', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(false);
  });

  it('says a binding cannot be confirmed rather than claiming it worked (register is always true there)', () => {
    globalShortcut.taken = ['CommandOrControl+Shift+2']; // the desktop refuses it, silently
    const { hotkeys, ran } = setup(true);
    const report = hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    expect(report.failures).toEqual([]);
    expect(report.unconfirmed).toMatch(/cannot tell whether the desktop agreed/);
    expect(report.unconfirmed).toContain('`shotlink capture`');
    globalShortcut.press('CommandOrControl+Shift+2');
    expect(ran).toEqual([]); // indeed it does nothing: the note is the truth
  });

  it('ends the old binding when a hotkey is changed or cleared (unregister does nothing there)', () => {
    const { hotkeys, ran } = setup(true);
    hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    hotkeys.apply({ capture: 'Alt+Shift+S', uploadClipboard: '' });
    globalShortcut.press('CommandOrControl+Shift+2');
    globalShortcut.press('CommandOrControl+Shift+U');
    expect(ran).toEqual([]);
    globalShortcut.press('Alt+Shift+S');
    expect(ran).toEqual(['capture']);
    expect(hotkeys.apply({ capture: '', uploadClipboard: '' })).toEqual({ failures: [], unconfirmed: null });
    globalShortcut.press('Alt+Shift+S');
    expect(ran).toEqual(['capture']);
  });

  it('a plain unregister() would have left the old hotkey working: the stub is truthful', () => {
    setup(true);
    globalShortcut.register('Alt+Shift+S', () => {});
    globalShortcut.unregister('Alt+Shift+S');
    expect(globalShortcut.registered.has('Alt+Shift+S')).toBe(true);
  });
});
