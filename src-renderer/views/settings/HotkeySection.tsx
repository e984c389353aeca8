// Settings: the global hotkeys, recorded from a key press.
import { useState } from 'react';
import { type Settings } from '../../../src-shared/settings.ts';
import { SettingRow } from '../../components/SettingRow.tsx';
import { acceleratorFromKey, displayAccelerator } from '../../lib/hotkeys.ts';
import { useShared } from '../../state.tsx';
import { inDesktopApp } from '../../transport/select.ts';

export function HotkeySection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  return (
    <section className="panel">
      <h2 className="section-title">Hotkeys</h2>
      <p className="muted small">
        Click a field and press the keys. On desktops that block global shortcuts, bind{' '}
        <code>shotlink capture</code> in your system settings instead.
        {!inDesktopApp() && ' These are saved here and take effect in the desktop app, not in this browser.'}
      </p>
      <HotkeyField
        label="Capture a region"
        value={settings.hotkeys.capture}
        onChange={(v) => void updateSettings({ hotkeys: { capture: v } })}
      />
      <HotkeyField
        label="Upload the clipboard"
        value={settings.hotkeys.uploadClipboard}
        onChange={(v) => void updateSettings({ hotkeys: { uploadClipboard: v } })}
      />
    </section>
  );
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

export function HotkeyField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const [recording, setRecording] = useState(false);
  return (
    <SettingRow
      label={label}
      description={recording ? 'Press the new shortcut, or Esc to keep the old one.' : undefined}
    >
      {({ id, describedBy }) => (
        <div className="hotkey-field">
          <input
            id={id}
            aria-describedby={describedBy}
            className={`hotkey${recording ? ' is-recording' : ''}`}
            readOnly
            value={recording ? 'Press keys…' : displayAccelerator(value, IS_MAC)}
            onFocus={() => setRecording(true)}
            onBlur={() => setRecording(false)}
            onKeyDown={(e) => {
              if (e.key === 'Tab') return; // Leave the field, as keyboard users expect.
              e.preventDefault();
              if (e.key === 'Escape') {
                e.currentTarget.blur();
                return;
              }
              const accelerator = acceleratorFromKey(e);
              if (accelerator) {
                onChange(accelerator);
                e.currentTarget.blur();
              }
            }}
          />
          {value && (
            <button
              type="button"
              className="button button-small"
              onClick={() => onChange('')}
              aria-label={`Clear the ${label.toLowerCase()} shortcut`}
            >
              Clear
            </button>
          )}
        </div>
      )}
    </SettingRow>
  );
}
