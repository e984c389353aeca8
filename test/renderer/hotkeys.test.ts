import { describe, expect, it } from 'vitest';
import { acceleratorFromKey, displayAccelerator } from '../../src-renderer/lib/hotkeys.ts';

const press = (
  key: string,
  mods: Partial<{ ctrl: boolean; meta: boolean; alt: boolean; shift: boolean }> = {},
  code?: string,
) => ({
  key,
  ...(code !== undefined && { code }),
  ctrlKey: !!mods.ctrl,
  metaKey: !!mods.meta,
  altKey: !!mods.alt,
  shiftKey: !!mods.shift,
});

describe('acceleratorFromKey', () => {
  it('uses the physical key, so Shift+2 is not Shift+@', () => {
    expect(acceleratorFromKey(press('@', { ctrl: true, shift: true }, 'Digit2'))).toBe(
      'CommandOrControl+Shift+2',
    );
    expect(acceleratorFromKey(press('U', { meta: true, shift: true }, 'KeyU'))).toBe(
      'CommandOrControl+Shift+U',
    );
  });

  it('waits while only modifiers are held', () => {
    expect(acceleratorFromKey(press('Shift', { shift: true }))).toBeNull();
    expect(acceleratorFromKey(press('Control', { ctrl: true }))).toBeNull();
  });

  it('refuses a bare letter, which would swallow typing, but allows function keys and Print Screen', () => {
    expect(acceleratorFromKey(press('a', {}, 'KeyA'))).toBeNull();
    expect(acceleratorFromKey(press('F9'))).toBe('F9');
    expect(acceleratorFromKey(press('PrintScreen'))).toBe('PrintScreen');
  });

  it('names special keys as Electron does', () => {
    expect(acceleratorFromKey(press(' ', { alt: true }, 'Space'))).toBe('Alt+Space');
    expect(acceleratorFromKey(press('ArrowUp', { ctrl: true }))).toBe('CommandOrControl+Up');
  });
});

describe('displayAccelerator', () => {
  it('reads as Ctrl on Linux and Windows, symbols on a Mac', () => {
    expect(displayAccelerator('CommandOrControl+Shift+2', false)).toBe('Ctrl+Shift+2');
    expect(displayAccelerator('CommandOrControl+Shift+2', true)).toBe('⌘⇧2');
    expect(displayAccelerator('', false)).toBe('Not set');
  });
});
