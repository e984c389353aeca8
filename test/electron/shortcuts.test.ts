// Global hotkeys: registered from settings; a failure (taken, invalid, not allowed on this desktop) is
// reported with what to do instead, including the `shotlink capture` command for the desktop's own shortcuts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src-shared/settings.ts';
import { Hotkeys } from '../../src-main/electron/shortcuts.ts';

/** Behaves like Electron's globalShortcut: false when taken, throws on an accelerator it cannot parse. */
function fakeGlobalShortcut(taken: string[] = []) {
  const registered = new Map<string, () => void>();
  return {
    registered,
    register(accelerator: string, callback: () => void) {
      if (/Bogus/.test(accelerator)) throw new Error(`Failed to parse accelerator ${accelerator}`);
      if (taken.includes(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, callback);
      return true;
    },
    unregister(accelerator: string) {
      registered.delete(accelerator);
    },
  };
}

function setup(taken: string[] = []) {
  const shortcuts = fakeGlobalShortcut(taken);
  const ran: string[] = [];
  const hotkeys = new Hotkeys(shortcuts, {
    capture: () => ran.push('capture'),
    uploadClipboard: () => ran.push('clipboard'),
  });
  return { shortcuts, ran, hotkeys };
}

describe('Hotkeys', () => {
  it('registers the default hotkeys and runs their actions', () => {
    const { shortcuts, ran, hotkeys } = setup();
    expect(hotkeys.apply(DEFAULT_SETTINGS.hotkeys)).toEqual([]);
    shortcuts.registered.get('CommandOrControl+Shift+2')!();
    shortcuts.registered.get('CommandOrControl+Shift+U')!();
    expect(ran).toEqual(['capture', 'clipboard']);
  });

  it('reports a hotkey another application holds, pointing at `shotlink capture`', () => {
    const { hotkeys, shortcuts } = setup(['CommandOrControl+Shift+2']);
    const failures = hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ action: 'capture', accelerator: 'CommandOrControl+Shift+2' });
    expect(failures[0]!.message).toMatch(/could not be registered: another application already uses it/);
    expect(failures[0]!.message).toContain('`shotlink capture`');
    expect([...shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+U']);
  });

  it('reports an accelerator Electron cannot parse instead of throwing', () => {
    const { hotkeys } = setup();
    const failures = hotkeys.apply({ capture: 'Bogus+Key', uploadClipboard: 'Alt+U' });
    expect(failures.map((f) => f.action)).toEqual(['capture']);
    expect(failures[0]!.message).toMatch(/not a valid shortcut \(Failed to parse accelerator Bogus\+Key\)/);
  });

  it('reports every hotkey when the desktop allows none (e.g. a Wayland session without the portal)', () => {
    const shortcuts = { register: () => false, unregister: () => {} };
    const hotkeys = new Hotkeys(shortcuts, { capture: () => {}, uploadClipboard: () => {} });
    const failures = hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    expect(failures.map((f) => f.action)).toEqual(['capture', 'uploadClipboard']);
    expect(failures[1]!.message).toContain('Upload clipboard image');
  });

  it('replaces the previous hotkeys when settings change, and skips empty ones', () => {
    const { hotkeys, shortcuts } = setup();
    hotkeys.apply(DEFAULT_SETTINGS.hotkeys);
    expect(hotkeys.apply({ capture: 'Alt+Shift+S', uploadClipboard: ' ' })).toEqual([]);
    expect([...shortcuts.registered.keys()]).toEqual(['Alt+Shift+S']);
    hotkeys.clear();
    expect(shortcuts.registered.size).toBe(0);
  });
});
