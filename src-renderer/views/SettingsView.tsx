// Settings: what Shotlink watches, hotkeys, link format, image output, the img.pro key, the LAN server,
// start at login.
// Every change is saved at once through setSettings; the service validates it against the shared schema.
import { useEffect, useId, useMemo, useState } from 'react';
import type { ServerStatus, WatcherStatus } from '../../src-shared/api.ts';
import { formatLink, LINK_FORMATS, TEMPLATE_PLACEHOLDERS, type LinkFormat } from '../../src-shared/links.ts';
import { OUTPUT_FORMATS, type OutputFormat, type Settings } from '../../src-shared/settings.ts';
import { ImgproKeySection } from '../components/ImgproKeySection.tsx';
import { SettingRow } from '../components/SettingRow.tsx';
import { httpUrlProblem, TextSetting } from '../components/TextSetting.tsx';
import { Switch } from '../components/Switch.tsx';
import { AlertIcon, FolderIcon, PlusIcon, TrashIcon } from '../components/icons.tsx';
import { acceleratorFromKey, displayAccelerator } from '../lib/hotkeys.ts';
import { useEvent, useShared } from '../state.tsx';

const FORMAT_LABEL: Record<LinkFormat, string> = {
  url: 'URL',
  markdown: 'Markdown',
  html: 'HTML',
  bbcode: 'BBCode',
  template: 'Template',
};

const OUTPUT_LABEL: Record<OutputFormat, string> = {
  auto: 'Automatic (PNG for UI and text, lossy for photos)',
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  original: 'Keep the original format',
};

const SAMPLE = {
  url: 'https://i.img402.dev/aBcDeFgHiJ.png',
  name: 'screenshot.png',
  width: 1440,
  height: 900,
};

export function SettingsView() {
  const { settings } = useShared();
  if (!settings) return <p className="muted view">Loading…</p>;
  return (
    <div className="view">
      <header className="view-header">
        <div>
          <h1>Settings</h1>
          <p className="view-subtitle">Saved as you change them.</p>
        </div>
      </header>
      <WatchSection settings={settings} />
      <HotkeySection settings={settings} />
      <LinkSection key={settings.linkTemplate} settings={settings} />
      <ImageSection settings={settings} />
      <ImgproKeySection />
      <ServerSection />
      <section className="panel">
        <h2 className="section-title">General</h2>
        <GeneralSection settings={settings} />
      </section>
      <AdvancedSection settings={settings} />
    </div>
  );
}

function WatchSection({ settings }: { settings: Settings }) {
  const { bridge, attempt, updateSettings } = useShared();
  const [status, setStatus] = useState<WatcherStatus | null>(null);
  const [draft, setDraft] = useState('');
  const inputId = useId();

  useEffect(() => {
    void bridge.api.watcherStatus().then(setStatus, () => setStatus(null));
  }, [bridge, settings.watch]);
  useEvent(bridge, 'watcher', setStatus);

  const folders = settings.watch.folders;
  async function addFolder() {
    const path = draft.trim();
    if (!path || folders.includes(path)) return;
    if (await updateSettings({ watch: { folders: [...folders, path] } })) setDraft('');
  }

  const paused = status?.paused ?? settings.watch.paused;
  return (
    <section className="panel">
      <h2 className="section-title">Watching</h2>
      <Switch
        label="Upload new screenshots automatically"
        description="Watches your system’s screenshot folder and uploads each new screenshot once."
        checked={settings.watch.screenshotFolder}
        onChange={(v) => void updateSettings({ watch: { screenshotFolder: v } })}
      />
      <Switch
        label="Watch the clipboard"
        description="Uploads images you copy. Off by default: everything copied would leave your computer."
        checked={settings.watch.clipboard}
        onChange={(v) => void updateSettings({ watch: { clipboard: v } })}
      />
      <Switch
        label="Pause all watching"
        checked={paused}
        onChange={(v) => void attempt(() => bridge.api.setWatchPaused(v)).then((s) => s && setStatus(s))}
      />
      <div className="subsection">
        <h3 className="subsection-title">Other watched folders</h3>
        {folders.length === 0 ? (
          <p className="muted small">None. Add a folder and new images saved in it are uploaded.</p>
        ) : (
          <ul className="folder-list" aria-label="Watched folders">
            {folders.map((folder) => {
              const state = status?.folders.find((f) => f.path === folder);
              return (
                <li key={folder}>
                  <FolderIcon width={16} height={16} />
                  <span className="mono folder-path">{folder}</span>
                  {state?.error ? (
                    <span className="badge badge-expired" title={state.error}>
                      {state.error}
                    </span>
                  ) : state?.active ? (
                    <span className="badge badge-ok">watching</span>
                  ) : null}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Stop watching ${folder}`}
                    onClick={() =>
                      void updateSettings({ watch: { folders: folders.filter((f) => f !== folder) } })
                    }
                  >
                    <TrashIcon width={14} height={14} />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void addFolder();
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">
            Folder to watch
          </label>
          <input
            id={inputId}
            className="mono wide"
            placeholder="/home/you/Pictures/Exports"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="button" disabled={!draft.trim()}>
            <PlusIcon width={16} height={16} /> Add folder
          </button>
        </form>
      </div>
    </section>
  );
}

function HotkeySection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  return (
    <section className="panel">
      <h2 className="section-title">Hotkeys</h2>
      <p className="muted small">
        Click a field and press the keys. On desktops that block global shortcuts, bind{' '}
        <code>shotlink capture</code> in your system settings instead.
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

function HotkeyField({
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

function LinkSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  // The draft restarts from the saved template whenever that changes (the section is keyed by it).
  const [template, setTemplate] = useState(settings.linkTemplate);
  const preview = useMemo(
    () => formatLink(SAMPLE, settings.linkFormat, template),
    [settings.linkFormat, template],
  );
  const templateId = useId();
  return (
    <section className="panel">
      <h2 className="section-title">Links</h2>
      <fieldset className="setting-row fieldset">
        <legend className="setting-label">Copied after each upload</legend>
        <div className="segmented" role="radiogroup" aria-label="Link format">
          {LINK_FORMATS.map((format) => (
            <label key={format} className={settings.linkFormat === format ? 'is-active' : undefined}>
              <input
                type="radio"
                className="card-input"
                name="link-format"
                value={format}
                checked={settings.linkFormat === format}
                onChange={() => void updateSettings({ linkFormat: format })}
              />
              {FORMAT_LABEL[format]}
            </label>
          ))}
        </div>
      </fieldset>
      {settings.linkFormat === 'template' && (
        <div className="subsection">
          <label htmlFor={templateId} className="field-label">
            Template
          </label>
          <input
            id={templateId}
            className="mono wide"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
            onBlur={() =>
              template !== settings.linkTemplate && void updateSettings({ linkTemplate: template })
            }
          />
          <p className="muted small">
            Placeholders:{' '}
            {TEMPLATE_PLACEHOLDERS.map((p) => (
              <code key={p}>{`{${p}}`}</code>
            ))}
          </p>
        </div>
      )}
      <div className="preview">
        <span className="fact-label">Preview</span>
        <code data-testid="link-preview">{preview}</code>
      </div>
    </section>
  );
}

function ImageSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  return (
    <section className="panel">
      <h2 className="section-title">Images</h2>
      <SettingRow label="Output format" description="Every image is also fitted under its tier’s size limit.">
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

function ServerSection() {
  const { bridge, attempt } = useShared();
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void attempt(() => bridge.api.serverStatus()).then((s) => s && setStatus(s));
  }, [attempt, bridge]);

  async function toggle(on: boolean) {
    setBusy(true);
    const s = await attempt(() => bridge.api.setServerEnabled(on));
    if (s) setStatus(s);
    setBusy(false);
  }

  return (
    <section className="panel">
      <h2 className="section-title">Shotlink server</h2>
      <Switch
        label="Serve images on this network"
        description="Hosts your uploads on this computer for phones and colleagues on the same network."
        checked={status?.running ?? false}
        disabled={status === null || busy}
        onChange={(on) => void toggle(on)}
      />
      {status?.error && (
        <p className="warning" role="alert">
          <AlertIcon width={16} height={16} /> {status.error}
        </p>
      )}
      {status?.running && (
        <div className="server-card">
          <dl className="facts">
            {status.url && (
              <>
                <dt>Links use</dt>
                <dd className="mono">{status.url}</dd>
              </>
            )}
            <dt>On your network</dt>
            <dd className="mono">
              {status.lanUrl ? (
                <a href={status.lanUrl} target="_blank" rel="noreferrer noopener">
                  {status.lanUrl}
                </a>
              ) : (
                'not reachable from the LAN'
              )}
            </dd>
          </dl>
          {status.qrSvg && (
            <figure className="qr">
              {/* As an image, not inline markup: the SVG cannot run anything or style the page. */}
              <img
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(status.qrSvg)}`}
                alt={`QR code for ${status.lanUrl ?? 'the server'}`}
                width={132}
                height={132}
              />
              <figcaption>Scan with a phone</figcaption>
            </figure>
          )}
        </div>
      )}
    </section>
  );
}

function GeneralSection({ settings }: { settings: Settings }) {
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

/** Where the hosts are and how the embedded server runs: rarely changed, so folded away by default. */
function AdvancedSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  const { hosts, server } = settings;
  return (
    <details className="panel advanced">
      <summary className="section-title">Advanced</summary>
      <TextSetting
        key={`img402-${hosts.img402Url}`}
        label="img402 address"
        value={hosts.img402Url}
        validate={(v) => (v ? httpUrlProblem(v) : 'An address is needed.')}
        inputMode="url"
        wide
        onSave={(v) => updateSettings({ hosts: { img402Url: v } })}
      />
      <TextSetting
        key={`imgpro-${hosts.imgproUrl}`}
        label="img.pro API address"
        value={hosts.imgproUrl}
        validate={(v) => (v ? httpUrlProblem(v) : 'An address is needed.')}
        inputMode="url"
        wide
        onSave={(v) => updateSettings({ hosts: { imgproUrl: v } })}
      />
      <TextSetting
        key={`server-${hosts.serverUrl}`}
        label="Shotlink server to upload to"
        description="Empty: the one built into this app."
        value={hosts.serverUrl}
        validate={httpUrlProblem}
        placeholder="http://192.168.1.20:8402"
        inputMode="url"
        wide
        onSave={(v) => updateSettings({ hosts: { serverUrl: v } })}
      />
      <TextSetting
        key={`port-${server.port}`}
        label="Server port"
        value={String(server.port)}
        validate={(v) =>
          /^\d+$/.test(v) && Number(v) <= 65535 ? null : 'A port is a number from 0 to 65535.'
        }
        inputMode="numeric"
        onSave={(v) => updateSettings({ server: { port: Number(v) } })}
      />
      <TextSetting
        key={`public-${server.publicUrl}`}
        label="Server’s public address"
        description="If a proxy or tunnel serves it under another address, links use this one."
        value={server.publicUrl}
        validate={httpUrlProblem}
        inputMode="url"
        wide
        onSave={(v) => updateSettings({ server: { publicUrl: v } })}
      />
      <TextSetting
        key={`expiry-${server.defaultExpiry}`}
        label="Server keeps images for"
        description="never, or a number with h, d or w (e.g. 30d)."
        value={server.defaultExpiry}
        validate={(v) => (/^(never|\d+[hdw])$/.test(v) ? null : 'Write never, or e.g. 12h, 30d, 2w.')}
        onSave={(v) => updateSettings({ server: { defaultExpiry: v } })}
      />
    </details>
  );
}
