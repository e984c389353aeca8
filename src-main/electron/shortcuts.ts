// Global hotkeys. Registration can fail: another app holds the accelerator, the accelerator is not valid,
// or the desktop does not allow global shortcuts at all (many Wayland sessions). Failures are returned so
// the window can say so, with the command a desktop's own shortcut settings can run instead.
import type { GlobalShortcut } from 'electron';
import type { Settings } from '../../src-shared/settings.ts';

type Registrar = Pick<GlobalShortcut, 'register' | 'unregister'>;
export type HotkeyAction = keyof Settings['hotkeys'];

/** What to do instead when Shotlink's own shortcut cannot be registered. */
const INSTEAD: Record<HotkeyAction, string> = {
  // A desktop's own keyboard settings can run a command: the CLI captures and uploads by itself.
  capture: "add a shortcut in your desktop's keyboard settings that runs `shotlink capture`",
  uploadClipboard: 'use “Upload clipboard image” in the tray menu or the window',
};

const DESCRIPTION: Record<HotkeyAction, string> = {
  capture: 'capture a region and upload',
  uploadClipboard: 'upload the clipboard image',
};

export interface HotkeyFailure {
  action: HotkeyAction;
  accelerator: string;
  message: string;
}

export function hotkeyFailureMessage(action: HotkeyAction, accelerator: string, reason: string): string {
  return (
    `The shortcut ${accelerator} (${DESCRIPTION[action]}) could not be registered: ${reason}. ` +
    `Choose another in Settings, or ${INSTEAD[action]}.`
  );
}

/** Registers the hotkeys, replacing those registered before; returns what could not be registered. */
export class Hotkeys {
  private registered: string[] = [];

  constructor(
    private readonly shortcuts: Registrar,
    private readonly actions: Record<HotkeyAction, () => void>,
  ) {}

  apply(hotkeys: Settings['hotkeys']): HotkeyFailure[] {
    this.clear();
    const failures: HotkeyFailure[] = [];
    for (const action of Object.keys(this.actions) as HotkeyAction[]) {
      const accelerator = hotkeys[action].trim();
      if (!accelerator) continue; // the user turned this hotkey off
      let reason: string | null = null;
      try {
        // false: another application (or the desktop) holds it, or global shortcuts are unavailable.
        if (this.shortcuts.register(accelerator, this.actions[action])) this.registered.push(accelerator);
        else reason = 'another application already uses it, or this desktop does not allow global shortcuts';
      } catch (error) {
        // An accelerator Electron cannot parse throws.
        reason = `it is not a valid shortcut (${error instanceof Error ? error.message : String(error)})`;
      }
      if (reason)
        failures.push({ action, accelerator, message: hotkeyFailureMessage(action, accelerator, reason) });
    }
    return failures;
  }

  clear(): void {
    for (const accelerator of this.registered) this.shortcuts.unregister(accelerator);
    this.registered = [];
  }
}
