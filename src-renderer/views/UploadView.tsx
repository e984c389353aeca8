// Upload: the drop zone, where images go (tier cards), and this session's uploads with progress.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ImageForEditing } from '../../src-shared/api.ts';
import { CUSTOM_TIER, findTier, type ProviderInfo } from '../../src-shared/catalog.ts';
import { publicTierNoticeDue } from '../../src-shared/consent.ts';
import { Switch } from '../components/Switch.tsx';
import { DropZone } from '../components/DropZone.tsx';
import { JobList } from '../components/JobList.tsx';
import { TierPicker, priceLabel } from '../components/TierPicker.tsx';
import { isSecretAccount, type SecretAccountId } from '../../src-shared/secrets.ts';
import { Dialog } from '../components/Dialog.tsx';
import { AlertIcon, LinkIcon } from '../components/icons.tsx';
import { blobToBase64, blobToText, nameForPaste } from '../lib/files.ts';
import { formatBytes } from '../lib/format.ts';
import { useShared } from '../state.tsx';
import { messageOf } from '../transport/errors.ts';

type Source = 'drop' | 'paste' | 'pick';

const SESSION_ROWS = 12;

/** listProviders may or may not include custom uploaders: add any it left out, with the custom tier. */
function withUploaders(providers: ProviderInfo[], uploaders: string[]): ProviderInfo[] {
  const missing = uploaders.filter((name) => !providers.some((p) => p.id === name));
  return [
    ...providers,
    ...missing.map((name) => ({ id: name, label: name, kind: 'imported' as const, tiers: [CUSTOM_TIER] })),
  ];
}

export function UploadView({ onEdit }: { onEdit: (image: ImageForEditing) => void }) {
  const {
    bridge,
    settings,
    updateSettings,
    providers,
    reloadProviders,
    jobs,
    sessionJobIds,
    trackJobs,
    attempt,
    notify,
  } = useShared();
  const [hasWallet, setHasWallet] = useState(false);
  // Assumed set until the service says otherwise, so a slow answer does not flash a warning.
  const [missingSecrets, setMissingSecrets] = useState<ReadonlySet<string>>(new Set());
  const [uploaders, setUploaders] = useState<string[]>([]);
  const sxcuInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void bridge.api.walletStatus().then(
      (w) => setHasWallet(w.address !== null),
      () => setHasWallet(false),
    );
    void bridge.api.listUploaders().then(
      (list) => setUploaders(list.map((u) => u.name)),
      () => setUploaders([]),
    );
  }, [bridge]);

  const allProviders = useMemo(() => withUploaders(providers, uploaders), [providers, uploaders]);
  // The keychain accounts some tier needs: which are unset, so those tiers say where to add them.
  const neededSecrets = [...new Set(providers.flatMap((p) => p.tiers.flatMap((t) => t.needs ?? [])))]
    .filter(isSecretAccount)
    .join(' ');
  useEffect(() => {
    const accounts = neededSecrets ? (neededSecrets.split(' ') as SecretAccountId[]) : [];
    void Promise.all(
      accounts.map((account) =>
        bridge.api.secretStatus(account).then(
          (status) => (status.set ? null : account),
          () => null,
        ),
      ),
    ).then((unset) => setMissingSecrets(new Set(unset.filter((a) => a !== null))));
  }, [bridge, neededSecrets]);
  const current = settings ? (findTier(allProviders, settings.provider, settings.tier) ?? null) : null;
  const currentProvider = allProviders.find((p) => p.id === settings?.provider);
  // The latest few: older results are in History.
  const sessionJobs = jobs.filter((j) => sessionJobIds.includes(j.id)).slice(0, SESSION_ROWS);

  // Before the first upload to a public host, say once that anyone with the link can see the image.
  const [awaitingNotice, setAwaitingNotice] = useState<
    { files: File[]; source: Source } | { url: string } | null
  >(null);

  // "Edit before uploading": a dropped, pasted or chosen image opens in the editor instead.
  const [editFirst, setEditFirst] = useState(false);

  function requestUpload(files: File[], source: Source) {
    const first = files[0];
    if (editFirst && first) {
      const name = source === 'paste' ? nameForPaste(first.type) : first.name;
      void openInEditor(first, name || 'image.png');
      return;
    }
    if (publicTierNoticeDue(settings, current)) setAwaitingNotice({ files, source });
    else void upload(files, source);
  }

  /** The image crosses to core once, to be screened and kept for the editor's later calls. */
  async function openInEditor(file: File, fileName: string) {
    const base64 = await blobToBase64(file);
    const opened = await attempt(() => bridge.api.openEditing(fileName, base64));
    if (opened) onEdit({ ...opened, base64 });
  }

  async function captureToEdit() {
    const image = await attempt(() => bridge.api.captureForEditing());
    if (image) onEdit(image);
  }

  async function acceptNotice() {
    const waiting = awaitingNotice;
    setAwaitingNotice(null);
    if (!waiting || !(await updateSettings({ publicNoticeShown: true }))) return;
    if ('url' in waiting) await uploadLink(waiting.url);
    else await upload(waiting.files, waiting.source);
  }

  function requestLink(url: string) {
    if (publicTierNoticeDue(settings, current)) setAwaitingNotice({ url });
    else void uploadLink(url);
  }

  /** A pasted link: img.pro imports it itself; other hosts get it downloaded by the service and queued. */
  async function uploadLink(url: string) {
    try {
      const { job, entry } = await bridge.api.uploadUrl(url);
      if (job) trackJobs([job]);
      if (entry)
        notify('info', `${entry.fileName}: ${currentProvider?.label ?? 'the host'} fetched it; link copied`);
    } catch (error) {
      const key = nextRefusal.current++;
      setRefused((rows) => [{ key, name: url, reason: messageOf(error) }, ...rows]);
    }
  }

  // Files the service refused (not an image, empty, too many pixels): one row each, with the reason.
  const [refused, setRefused] = useState<{ key: number; name: string; reason: string }[]>([]);
  const nextRefusal = useRef(1);

  async function upload(files: File[], source: Source) {
    const pathForFile = window.shotlink?.pathForFile;
    // One file at a time, so one bad file is refused on its own row and the others still go.
    for (const file of files) {
      const name = source === 'paste' && /^image\.\w+$/.test(file.name) ? nameForPaste(file.type) : file.name;
      // In Electron a dropped file has a path: main reads it itself, no bytes cross IPC.
      const path = source !== 'paste' ? pathForFile?.(file) : undefined;
      try {
        const started = path
          ? await bridge.api.uploadFiles([path])
          : [await bridge.api.uploadBytes(name || nameForPaste(file.type), await blobToBase64(file))];
        trackJobs(started);
      } catch (error) {
        const key = nextRefusal.current++;
        setRefused((rows) => [{ key, name: name || 'pasted image', reason: messageOf(error) }, ...rows]);
      }
    }
  }

  async function importSxcu(file: File) {
    const added = await attempt(async () => bridge.api.addUploader(await blobToText(file)));
    if (!added) return;
    notify('info', `Custom uploader “${added.name}” added`);
    setUploaders((u) => [...new Set([...u, added.name])]);
    await reloadProviders();
  }

  async function removeUploader(name: string) {
    const ok = await attempt(async () => {
      await bridge.api.removeUploader(name);
      return true;
    });
    if (!ok) return;
    setUploaders((u) => u.filter((n) => n !== name));
    await reloadProviders();
  }

  return (
    <div className="view">
      <header className="view-header">
        <div>
          <h1>Upload</h1>
          <p className="view-subtitle">
            Drop, paste or choose screenshots. The link lands on your clipboard.
          </p>
        </div>
        {current && currentProvider && (
          <div className="destination-pill" aria-label="Current destination">
            <span className="dot" />
            {currentProvider.label} · {current.label}
            {current.priceAtomic !== null && ` · ${priceLabel(current)} each`}
            {/* GitHub: which repository, since its readers are who will see the images. */}
            {currentProvider.id === 'github' && ` · ${settings?.github.repo || 'no repository set'}`}
          </div>
        )}
      </header>

      <DropZone
        onFiles={requestUpload}
        onUrl={requestLink}
        maxLabel={current ? formatBytes(current.maxBytes) : undefined}
      />
      <div className="edit-first">
        <Switch
          label="Edit before uploading"
          description="Dropped, pasted and chosen images open in the editor (annotate, redact) first."
          checked={editFirst}
          onChange={setEditFirst}
        />
        <button type="button" className="button" onClick={() => void captureToEdit()}>
          Capture and edit
        </button>
      </div>

      {(sessionJobs.length > 0 || refused.length > 0) && (
        <section className="panel">
          <h2 className="section-title">This session</h2>
          {refused.length > 0 && (
            <ul className="job-list" aria-label="Files not uploaded">
              {refused.map((row) => (
                <li key={row.key} className="job job-failed" aria-label={`${row.name}: Not uploaded`}>
                  <span className="job-icon">
                    <AlertIcon />
                  </span>
                  <div className="job-main">
                    <div className="job-line">
                      <span className="job-name">{row.name}</span>
                      <span className="job-state">Not uploaded</span>
                    </div>
                    <p className="job-error">{row.reason}</p>
                  </div>
                  <div className="job-actions">
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={`Dismiss ${row.name}`}
                      onClick={() => setRefused((rows) => rows.filter((r) => r.key !== row.key))}
                    >
                      Dismiss
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )}
          {sessionJobs.length > 0 && <JobList jobs={sessionJobs} label="Uploads from this session" />}
        </section>
      )}

      <section className="panel">
        <div className="section-head">
          <div>
            <h2 className="section-title">Where images go</h2>
            <p className="muted small">
              Pick a host and tier. Paid tiers ask before paying unless you turn that off.
            </p>
          </div>
          <input
            ref={sxcuInput}
            type="file"
            accept=".sxcu,application/json"
            hidden
            aria-label="Import a ShareX custom uploader"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importSxcu(file);
            }}
          />
        </div>
        {settings && allProviders.length > 0 ? (
          <TierPicker
            providers={allProviders}
            provider={settings.provider}
            tier={settings.tier}
            hasWallet={hasWallet}
            missingSecrets={missingSecrets}
            onSelect={(provider, tier) => void updateSettings({ provider, tier })}
            onRemoveCustom={(name) => void removeUploader(name)}
            onImportCustom={() => sxcuInput.current?.click()}
          />
        ) : (
          <p className="muted">Loading hosts…</p>
        )}
      </section>
      {awaitingNotice && currentProvider && (
        <Dialog
          title="Links are public"
          icon={<LinkIcon />}
          onCancel={() => setAwaitingNotice(null)}
          actions={
            <>
              <button type="button" className="button" onClick={() => setAwaitingNotice(null)}>
                Cancel
              </button>
              <button
                type="button"
                className="button button-primary"
                data-autofocus
                onClick={() => void acceptNotice()}
              >
                Upload
              </button>
            </>
          }
        >
          <p>
            Anyone who has a link from {currentProvider.label} can open the image, and most hosts only remove
            it when it expires. Choose the Shotlink server for images that should stay on your network.
          </p>
          <p className="muted small">Shown once.</p>
        </Dialog>
      )}
    </div>
  );
}
