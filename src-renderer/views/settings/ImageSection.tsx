// Settings: how images are prepared before upload.
import { OUTPUT_FORMATS, type OutputFormat, type Settings } from '../../../src-shared/settings.ts';
import { SettingRow } from '../../components/SettingRow.tsx';
import { Switch } from '../../components/Switch.tsx';
import { useShared } from '../../state.tsx';

const OUTPUT_LABEL: Record<OutputFormat, string> = {
  auto: 'Auto: lossless screenshots, lossy photos',
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  original: 'Keep the original format',
};

export function ImageSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  return (
    <section className="panel">
      <h2 className="section-title">Images</h2>
      <SettingRow
        label="Output format"
        description="Automatic keeps screenshots pixel-exact (lossless WebP: text stays crisp and the file is smaller than PNG) and encodes photos lossily, where nobody sees the difference. Every image is also fitted under its tier’s size limit."
      >
        {({ id, describedBy }) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={settings.outputFormat}
            onChange={(e) => void updateSettings({ outputFormat: e.target.value as OutputFormat })}
          >
            {OUTPUT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {OUTPUT_LABEL[f]}
              </option>
            ))}
          </select>
        )}
      </SettingRow>
      <Switch
        label="Strip metadata"
        description="Removes location, camera and editing data before upload."
        checked={!settings.keepMetadata}
        onChange={(strip) => void updateSettings({ keepMetadata: !strip })}
      />
    </section>
  );
}
