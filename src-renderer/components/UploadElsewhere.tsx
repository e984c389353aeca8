// "Upload to another host" in History: the entry's image re-hosted from its link, the same path as a
// pasted link (img.pro imports it itself; other hosts get it downloaded by the service and queued).
// Closed until asked for, so a history row stays one line.
import { useState } from 'react';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { useShared } from '../state.tsx';

export function UploadElsewhere({ entry }: { entry: HistoryEntry }) {
  const { bridge, attempt, notify, providers, trackJobs } = useShared();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState('');
  const [sending, setSending] = useState(false);
  const destinations = providers.flatMap((provider) =>
    provider.tiers
      .filter((tier) => !(provider.id === entry.provider && tier.id === entry.tier))
      .map((tier) => ({ value: `${provider.id}/${tier.id}`, label: `${provider.label} · ${tier.label}` })),
  );

  async function send() {
    const [provider, tier] = choice.split('/');
    if (!provider || !tier || sending) return;
    setSending(true);
    const started = await attempt(() => bridge.api.uploadUrl(entry.url, { provider, tier }));
    setSending(false);
    if (!started) return;
    setOpen(false);
    if (started.job) trackJobs([started.job]);
    notify('info', started.entry ? `${entry.fileName}: re-hosted, link copied` : `${entry.fileName}: queued`);
  }

  if (!open) {
    return (
      <button
        type="button"
        className="button button-small"
        aria-label={`Upload ${entry.fileName} to another host`}
        title="Upload to another host"
        onClick={() => setOpen(true)}
      >
        Upload to…
      </button>
    );
  }
  return (
    <span className="upload-elsewhere">
      <select
        aria-label={`Where to upload ${entry.fileName} again`}
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
      >
        <option value="">Choose a host…</option>
        {destinations.map((destination) => (
          <option key={destination.value} value={destination.value}>
            {destination.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button button-small button-primary"
        disabled={!choice || sending}
        onClick={() => void send()}
      >
        {sending ? 'Sending…' : 'Upload'}
      </button>
      <button type="button" className="button button-small" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </span>
  );
}
