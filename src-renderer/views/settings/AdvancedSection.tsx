// Settings: host addresses and other settings most people never change.
import { type Settings } from '../../../src-shared/settings.ts';
import { httpUrlProblem, TextSetting } from '../../components/TextSetting.tsx';
import { useShared } from '../../state.tsx';
import { HostAddressFields } from './HostSettings.tsx';

/** Where the hosts are and how the embedded server runs: rarely changed, so folded away by default. */
export function AdvancedSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  const { server } = settings;
  return (
    <details className="panel advanced">
      <summary className="section-title">Advanced</summary>
      <HostAddressFields settings={settings} />
      <TextSetting
        label="Server port"
        value={String(server.port)}
        validate={(v) =>
          /^\d+$/.test(v) && Number(v) <= 65535 ? null : 'A port is a number from 0 to 65535.'
        }
        inputMode="numeric"
        onSave={(v, refused) => updateSettings({ server: { port: Number(v) } }, { refused })}
      />
      <TextSetting
        label="Server’s public address"
        description="If a proxy or tunnel serves it under another address, links use this one."
        value={server.publicUrl}
        validate={httpUrlProblem}
        inputMode="url"
        wide
        onSave={(v, refused) => updateSettings({ server: { publicUrl: v } }, { refused })}
      />
      <TextSetting
        label="Server keeps images for"
        description="never, or a number with h, d or w (e.g. 30d)."
        value={server.defaultExpiry}
        validate={(v) => (/^(never|\d+[hdw])$/.test(v) ? null : 'Write never, or e.g. 12h, 30d, 2w.')}
        onSave={(v, refused) => updateSettings({ server: { defaultExpiry: v } }, { refused })}
      />
    </details>
  );
}
