// Settings: start at login and the other app-wide switches.
import { type Settings } from '../../../src-shared/settings.ts';
import { Switch } from '../../components/Switch.tsx';
import { useShared } from '../../state.tsx';

export function GeneralSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  return (
    <Switch
      label="Start at login"
      description="Keeps Shotlink in the tray, ready for the hotkey."
      checked={settings.startAtLogin}
      onChange={(v) => void updateSettings({ startAtLogin: v })}
    />
  );
}
