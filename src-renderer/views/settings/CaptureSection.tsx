// Settings: what a capture does (upload at once, or open the editor first), and covering secrets in the
// images nobody looks at before they go (captures, watched folders, the clipboard).
import type { Settings } from '../../../src-shared/settings.ts';
import { Switch } from '../../components/Switch.tsx';
import { useShared } from '../../state.tsx';

export function CaptureSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  return (
    <section className="panel">
      <h2 className="section-title">Captures</h2>
      <Switch
        label="Open the editor after a capture"
        description="Annotate and redact a capture before it is uploaded, instead of uploading it at once."
        checked={settings.capture.then === 'edit'}
        onChange={(on) => void updateSettings({ capture: { then: on ? 'edit' : 'upload' } })}
      />
      <Switch
        label="Cover secrets before uploading"
        description="Captures, watched folders and the clipboard: keys, tokens, passwords, email and IP addresses found in the image (recognised on this computer) are covered with solid colour before upload."
        checked={settings.capture.redact}
        onChange={(on) => void updateSettings({ capture: { redact: on } })}
      />
    </section>
  );
}
