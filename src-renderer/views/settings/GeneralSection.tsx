// Settings: start at login and the other app-wide switches.
import { type Settings } from '../../../src-shared/settings.ts';
import { Switch } from '../../components/Switch.tsx';
import { useShared } from '../../state.tsx';
import { inDesktopApp } from '../../transport/select.ts';

export function GeneralSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  return (
    <Switch
      label="Start at login"
      description={
        inDesktopApp()
          ? 'Keeps Shotlink in the tray, ready for the hotkey.'
          : 'Applies to the desktop app (it keeps Shotlink in the tray, ready for the hotkey); this browser window cannot start at login.'
      }
      checked={settings.startAtLogin}
      onChange={(v) => void updateSettings({ startAtLogin: v })}
    />
  );
}
