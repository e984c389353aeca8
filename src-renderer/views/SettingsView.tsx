// Settings: what Shotlink watches, hotkeys, link format, image output, each host's settings and keys
// (drawn from the host descriptions), the LAN server, what coding agents may do, start at login, and
// what this desktop offers (the doctor's checks).
// Every change is saved at once through setSettings; the service validates it against the shared schema.
import { KeychainNotice } from '../components/KeychainNotice.tsx';
import { useShared } from '../state.tsx';
import { WatchSection } from './settings/WatchSection.tsx';
import { HotkeySection } from './settings/HotkeySection.tsx';
import { LinkSection } from './settings/LinkSection.tsx';
import { ImageSection } from './settings/ImageSection.tsx';
import { ServerSection } from './settings/ServerSection.tsx';
import { GeneralSection } from './settings/GeneralSection.tsx';
import { AdvancedSection } from './settings/AdvancedSection.tsx';
import { DesktopSection } from './settings/DesktopSection.tsx';
import { CaptureSection } from './settings/CaptureSection.tsx';
import { HostSettings } from './settings/HostSettings.tsx';
import { AgentsSection } from './settings/AgentsSection.tsx';

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
      <KeychainNotice />
      <WatchSection settings={settings} />
      <HotkeySection settings={settings} />
      <CaptureSection settings={settings} />
      <LinkSection key={settings.linkTemplate} settings={settings} />
      <ImageSection settings={settings} />
      <HostSettings settings={settings} />
      <ServerSection />
      <AgentsSection settings={settings} />
      <section className="panel">
        <h2 className="section-title">General</h2>
        <GeneralSection settings={settings} />
      </section>
      <DesktopSection />
      <AdvancedSection settings={settings} />
    </div>
  );
}
