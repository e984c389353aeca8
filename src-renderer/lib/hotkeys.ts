// Turning a key press into an Electron accelerator string ("CommandOrControl+Shift+2"), for the
// hotkey fields in Settings. Pure, so it is unit-tested.

export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIER_KEYS = new Set(['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'OS']);
const NAMED: Record<string, string> = {
  ' ': 'Space',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Esc',
  PrintScreen: 'PrintScreen',
  Enter: 'Enter',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Insert: 'Insert',
};

/** The key part of an accelerator, or null for a key that cannot be one. */
function keyName(press: KeyPress): string | null {
  // With Shift held, `key` is "@" for 2: use the physical key so the accelerator says "Shift+2".
  const digit = /^Digit(\d)$/.exec(press.code ?? '');
  if (digit) return digit[1]!;
  const letter = /^Key([A-Z])$/.exec(press.code ?? '');
  if (letter) return letter[1]!;
  if (/^F([1-9]|1\d|2[0-4])$/.test(press.key)) return press.key;
  if (NAMED[press.key]) return NAMED[press.key]!;
  if (press.key.length === 1 && /[\x21-\x7e]/.test(press.key)) return press.key.toUpperCase();
  return null;
}

/**
 * The accelerator for a key press, or null while only modifiers are held or for a bare key
 * (a global shortcut without a modifier would swallow normal typing; function keys are allowed alone).
 */
export function acceleratorFromKey(press: KeyPress): string | null {
  if (MODIFIER_KEYS.has(press.key)) return null;
  const key = keyName(press);
  if (!key) return null;
  const parts: string[] = [];
  if (press.ctrlKey || press.metaKey) parts.push('CommandOrControl');
  if (press.altKey) parts.push('Alt');
  if (press.shiftKey) parts.push('Shift');
  if (parts.length === 0 && !/^F\d+$/.test(key) && key !== 'PrintScreen') return null;
  return [...parts, key].join('+');
}

/** "CommandOrControl+Shift+2" shown as "Ctrl+Shift+2" (or ⌘⇧2 on a Mac). */
export function displayAccelerator(accelerator: string, mac: boolean): string {
  if (!accelerator) return 'Not set';
  const parts = accelerator.split('+');
  if (mac) {
    const symbols: Record<string, string> = { CommandOrControl: '⌘', Alt: '⌥', Shift: '⇧' };
    return parts.map((p) => symbols[p] ?? p).join('');
  }
  return parts.map((p) => (p === 'CommandOrControl' ? 'Ctrl' : p)).join('+');
}
