// The window: a sidebar with the four views, the current destination at a glance, toasts, and the
// payment question, which can arrive whatever view is open.
import { useState } from 'react';
import type { ImageForEditing, ShotlinkBridge } from '../src-shared/api.ts';
import { findTier } from '../src-shared/catalog.ts';
import type { JobState } from '../src-shared/history.ts';
import { PaymentDialog } from './components/PaymentDialog.tsx';
import { Toasts } from './components/Toasts.tsx';
import { HistoryIcon, Logo, SettingsIcon, UploadIcon, WalletIcon } from './components/icons.tsx';
import { EditorView } from './editor/EditorView.tsx';
import { SharedProvider, useEvent, useShared } from './state.tsx';
import { HistoryView } from './views/HistoryView.tsx';
import { SettingsView } from './views/SettingsView.tsx';
import { UploadView } from './views/UploadView.tsx';
import { WalletView } from './views/WalletView.tsx';

export type ViewName = 'upload' | 'history' | 'wallet' | 'settings';

const NEEDS_ATTENTION: JobState[] = ['failed', 'waiting-retry', 'awaiting-payment'];

const NAV: { view: ViewName; label: string; Icon: typeof UploadIcon }[] = [
  { view: 'upload', label: 'Upload', Icon: UploadIcon },
  { view: 'history', label: 'History', Icon: HistoryIcon },
  { view: 'wallet', label: 'Wallet', Icon: WalletIcon },
  { view: 'settings', label: 'Settings', Icon: SettingsIcon },
];

export function App({ bridge, initialView = 'upload' }: { bridge: ShotlinkBridge; initialView?: ViewName }) {
  return (
    <SharedProvider bridge={bridge}>
      <Shell initialView={initialView} />
    </SharedProvider>
  );
}

function Shell({ initialView }: { initialView: ViewName }) {
  const [view, setView] = useState<ViewName>(initialView);
  const { bridge, settings, providers, jobs } = useShared();
  // An image open in the editor (a capture, a drop, a history entry): it takes the content area.
  const [editing, setEditing] = useState<ImageForEditing | null>(null);
  useEvent(bridge, 'edit', setEditing);
  // Uploads that wait on the person (failed, or a payment to approve) or on the host (retrying).
  const pending = jobs.filter((j) => NEEDS_ATTENTION.includes(j.state)).length;
  const provider = providers.find((p) => p.id === settings?.provider);
  const tier = settings ? findTier(providers, settings.provider, settings.tier) : undefined;

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="sidebar" aria-label="Views">
        <div className="brand">
          <Logo />
          <span>Shotlink</span>
        </div>
        <ul>
          {NAV.map(({ view: name, label, Icon }) => (
            <li key={name}>
              <button
                type="button"
                className="nav-item"
                aria-current={view === name ? 'page' : undefined}
                aria-describedby={name === 'history' && pending > 0 ? 'attention-count' : undefined}
                onClick={() => setView(name)}
              >
                <Icon />
                <span>{label}</span>
                {name === 'history' && pending > 0 && (
                  <span className="nav-count" aria-hidden="true">
                    {pending}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
        {/* The count's meaning, read as the History button's description so its name stays "History". */}
        <span id="attention-count" hidden>
          {pending === 1 ? '1 upload needs attention' : `${pending} uploads need attention`}
        </span>
        {provider && (
          <button type="button" className="sidebar-destination" onClick={() => setView('upload')}>
            <span className="fact-label">Uploading to</span>
            <span className="destination-name">
              {provider.label}
              {tier && provider.tiers.length > 1 ? ` · ${tier.label}` : ''}
            </span>
          </button>
        )}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {editing ? (
          <EditorView
            key={editing.session}
            image={editing}
            onClose={(uploaded) => {
              setEditing(null);
              if (uploaded) setView('upload');
            }}
          />
        ) : (
          <>
            {view === 'upload' && <UploadView onEdit={setEditing} />}
            {view === 'history' && <HistoryView onGoToUpload={() => setView('upload')} onEdit={setEditing} />}
            {view === 'wallet' && <WalletView />}
            {view === 'settings' && <SettingsView />}
          </>
        )}
      </main>
      <PaymentDialog />
      <Toasts />
    </div>
  );
}
