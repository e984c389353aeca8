// Each built-in host's settings, drawn from its description (src-shared/hosts/): its fields in the
// order written there, then its secrets (write-only, kept in the keychain). Addresses most people never
// change are marked `advanced` and drawn by <HostAddressFields> under Advanced instead.
import type { HostDescription, HostField } from '../../../src-shared/hosts/describe.ts';
import { HOSTS } from '../../../src-shared/hosts/index.ts';
import type { SecretAccountId } from '../../../src-shared/secrets.ts';
import type { Settings, SettingsPatch } from '../../../src-shared/settings.ts';
import { useState } from 'react';
import { ImgproKeyRequest } from '../../components/ImgproKeyRequest.tsx';
import { SecretField } from '../../components/SecretField.tsx';
import { Switch } from '../../components/Switch.tsx';
import { httpUrlProblem, TextSetting } from '../../components/TextSetting.tsx';
import { useShared } from '../../state.tsx';

/** One section per host that has something to set. */
export function HostSettings({ settings }: { settings: Settings }) {
  return (
    <>
      {HOSTS.filter((host) => host.secrets.length > 0 || host.fields.some((f) => !f.advanced)).map((host) => (
        <HostSection key={host.id} host={host} settings={settings} />
      ))}
    </>
  );
}

function HostSection({ host, settings }: { host: HostDescription; settings: Settings }) {
  // A key stored by "Get a key" redraws the secret fields, so they say it is set.
  const [stored, setStored] = useState(0);
  return (
    <section className="panel">
      <h2 className="section-title">{host.formTitle ?? host.label}</h2>
      {host.about && (
        <p className="muted small">
          {host.about}
          {host.site && (
            <>
              {' '}
              {host.site.before}{' '}
              <a href={host.site.url} target="_blank" rel="noreferrer noopener">
                {host.site.label}
              </a>
              .
            </>
          )}
        </p>
      )}
      {host.fields
        .filter((f) => !f.advanced)
        .map((f) => (
          <HostFieldInput key={f.key} field={f} settings={settings} />
        ))}
      {host.secrets.map((secret) => (
        <SecretField
          key={`${secret.account}:${stored}`}
          account={secret.account as SecretAccountId}
          label={secret.field}
        />
      ))}
      {host.keyForEmail && <ImgproKeyRequest onStored={() => setStored((n) => n + 1)} />}
    </section>
  );
}

/** The hosts' addresses, for the Advanced section. */
export function HostAddressFields({ settings }: { settings: Settings }) {
  return (
    <>
      {HOSTS.flatMap((host) => host.fields.filter((f) => f.advanced)).map((f) => (
        <HostFieldInput key={f.key} field={f} settings={settings} />
      ))}
    </>
  );
}

function HostFieldInput({ field, settings }: { field: HostField; settings: Settings }) {
  const { updateSettings } = useShared();
  const [section, name] = field.key.split('.') as [keyof Settings, string];
  const value = (settings[section] as Record<string, unknown>)[name];
  const save = (next: unknown, refused?: (message: string) => void) =>
    updateSettings({ [section]: { [name]: next } } as SettingsPatch, { ...(refused && { refused }) });
  if (field.input === 'switch') {
    return (
      <Switch
        label={field.label}
        description={field.help}
        checked={value === true}
        onChange={(checked) => void save(checked)}
      />
    );
  }
  const text = String(value ?? '');
  return (
    <TextSetting
      label={field.label}
      {...(field.help && { description: field.help })}
      {...(field.placeholder && { placeholder: field.placeholder })}
      value={text}
      validate={(draft) => problemWith(field, draft)}
      inputMode={field.input === 'number' ? 'numeric' : field.input === 'url' ? 'url' : 'text'}
      wide={field.input === 'url'}
      onSave={(draft, refused) => save(field.input === 'number' ? Number(draft) : draft, refused)}
    />
  );
}

/** Checked against the field's own schema (the service checks again), in words a person can act on. */
function problemWith(field: HostField, draft: string): string | null {
  if (field.input === 'url') {
    if (draft === '') return field.schema.safeParse('').success ? null : 'An address is needed.';
    return httpUrlProblem(draft);
  }
  const parsed = field.schema.safeParse(field.input === 'number' ? Number(draft) : draft);
  if (parsed.success) return null;
  return field.input === 'number'
    ? `${field.help ?? 'Use a number in range.'}`
    : parsed.error.issues[0]!.message;
}
