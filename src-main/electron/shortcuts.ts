// Global hotkeys. Registration can fail: another app holds the accelerator, the accelerator is not valid,
// or the desktop does not allow global shortcuts at all. Failures are returned so the window can say so,
// with the command a desktop's own shortcut settings can run instead.
//
// On Wayland, Electron binds through the desktop's GlobalShortcuts portal, and there register() only
// submits a request: it returns true even when the desktop refuses (GNOME silently denies apps whose
// `desktopName` matches no installed .desktop file), and unregister() does nothing, so a changed or
// cleared hotkey would keep working (electron/electron#51875 and the reports linked there). So on the
// portal: every change starts from unregisterAll(), and the window says the binding cannot be confirmed.
import type { GlobalShortcut } from 'electron';
import type { Settings } from '../../src-shared/settings.ts';

type Registrar = Pick<GlobalShortcut, 'register' | 'unregister' | 'unregisterAll'>;
export type HotkeyAction = keyof Settings['hotkeys'];

/** Whether hotkeys go through the Wayland GlobalShortcuts portal (main.ts turns the portal on there). */
export function usesShortcutPortal(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY));
}

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

/** What applying the hotkeys found: failures, and on the portal a note that success cannot be known. */
export interface HotkeyReport {
  failures: HotkeyFailure[];
  unconfirmed: string | null;
}

export function hotkeyFailureMessage(action: HotkeyAction, accelerator: string, reason: string): string {
  return (
    `The shortcut ${accelerator} (${DESCRIPTION[action]}) could not be registered: ${reason}. ` +
    `Choose another in Settings, or ${INSTEAD[action]}.`
  );
}

export function unconfirmedMessage(accelerators: string[]): string {
  return (
    `Shotlink asked your desktop for ${accelerators.join(' and ')}, but on Wayland it cannot tell whether ` +
    'the desktop agreed. If a shortcut does nothing, allow it in the dialog or keyboard settings your ' +
    `desktop offers, or ${INSTEAD.capture}.`
  );
}

/** Registers the hotkeys, replacing those registered before; reports what could not be registered. */
export class Hotkeys {
  private registered: string[] = [];

  constructor(
    private readonly shortcuts: Registrar,
    private readonly actions: Record<HotkeyAction, () => void>,
    private readonly portal = false,
  ) {}

  apply(hotkeys: Settings['hotkeys']): HotkeyReport {
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
    const unconfirmed =
      this.portal && this.registered.length > 0 ? unconfirmedMessage(this.registered) : null;
    return { failures, unconfirmed };
  }

  clear(): void {
    // On the portal unregister() is a no-op: only unregisterAll() ends a binding. Shotlink owns no other.
    if (this.portal) this.shortcuts.unregisterAll();
    else for (const accelerator of this.registered) this.shortcuts.unregister(accelerator);
    this.registered = [];
  }
}
