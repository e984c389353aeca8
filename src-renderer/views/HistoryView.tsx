// History: every upload with its thumbnail, sizes and a live expiry countdown; copy, open, delete,
// forget; search; and the uploads that still need attention (failed, queued) with a retry.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ImageForEditing } from '../../src-shared/api.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { Countdown } from '../components/Countdown.tsx';
import { PostToGithub } from '../components/PostToGithub.tsx';
import { CopyButtons } from '../components/CopyButtons.tsx';
import { UploadElsewhere } from '../components/UploadElsewhere.tsx';
import { hasLinkVariants } from '../../src-shared/links.ts';
import { Dialog } from '../components/Dialog.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ACTIVE_STATES, JobList } from '../components/JobList.tsx';
import {
  EditIcon,
  EraseIcon,
  ExternalIcon,
  HistoryIcon,
  ImageIcon,
  SearchIcon,
  TrashIcon,
} from '../components/icons.tsx';
import { refreshIntervalFor } from '../lib/countdown.ts';
import { destinationLabel, formatBytes, formatDateTime, formatSaving, hostOf } from '../lib/format.ts';
import { useNow } from '../lib/use-now.ts';
import { useEvent, useShared } from '../state.tsx';

const SEARCH_DEBOUNCE_MS = 150;

type Pending = { kind: 'delete' | 'forget'; entry: HistoryEntry } | null;

export function HistoryView({
  onGoToUpload,
  onEdit,
}: {
  onGoToUpload: () => void;
  onEdit: (image: ImageForEditing) => void;
}) {
  const { bridge, attempt, jobs, notify, providers } = useShared();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [search, setSearch] = useState('');
  const [pending, setPending] = useState<Pending>(null);
  const [preview, setPreview] = useState<HistoryEntry | null>(null);

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(
      () => {
        void attempt(() =>
          bridge.api.listHistory(search.trim() ? { search: search.trim() } : undefined),
        ).then((list) => !stale && list && setEntries(list));
      },
      search ? SEARCH_DEBOUNCE_MS : 0,
    );
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [attempt, bridge, search]);

  // The event carries the whole history; with a search active, ask again so the filter still applies.
  useEvent(bridge, 'history', (list) => {
    if (!search.trim()) setEntries(list);
    else
      void attempt(() => bridge.api.listHistory({ search: search.trim() })).then((l) => l && setEntries(l));
  });

  const attention = jobs.filter((j) => j.state === 'failed' || ACTIVE_STATES.includes(j.state));
  const expiries = useMemo(() => (entries ?? []).map((e) => e.expiresAt), [entries]);
  const now = useNow((at) => refreshIntervalFor(expiries, at));

  async function confirmPending() {
    if (!pending) return;
    const { kind, entry } = pending;
    setPending(null);
    const ok = await attempt(async () => {
      if (kind === 'delete') await bridge.api.deleteFromHost(entry.id);
      else await bridge.api.forget(entry.id);
      return true;
    });
    if (!ok) return;
    setEntries((list) => (list ?? []).filter((e) => e.id !== entry.id));
    notify(
      'info',
      kind === 'delete' ? `Deleted ${entry.fileName} from the host` : `Forgot ${entry.fileName}`,
    );
  }

  return (
    <div className="view">
      <header className="view-header">
        <div>
          <h1>History</h1>
          <p className="view-subtitle">Everything you uploaded, with how long each link lives.</p>
        </div>
        <label className="search">
          <SearchIcon />
          <span className="visually-hidden">Search uploads</span>
          <input
            type="search"
            placeholder="Search by name or link"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
      </header>

      {attention.length > 0 && (
        <section className="panel panel-attention">
          <h2 className="section-title">Not uploaded yet</h2>
          <JobList jobs={attention} label="Queued and failed uploads" />
        </section>
      )}

      {entries === null ? (
        <p className="muted">Loading…</p>
      ) : entries.length === 0 ? (
        search.trim() ? (
          <EmptyState
            icon={<SearchIcon width={28} height={28} />}
            title={`Nothing matches “${search.trim()}”`}
          >
            Try part of a file name or a link.
          </EmptyState>
        ) : (
          <EmptyState
            icon={<HistoryIcon width={28} height={28} />}
            title="No uploads yet"
            action={
              <button type="button" className="button button-primary" onClick={onGoToUpload}>
                Upload a screenshot
              </button>
            }
          >
            Screenshots you upload appear here with their links and how long the host keeps them.
          </EmptyState>
        )
      ) : (
        <ul className="history-list" aria-label="Uploads">
          {entries.map((entry) => (
            <li key={entry.id} className="history-item" aria-label={entry.fileName}>
              <Thumbnail id={entry.id} name={entry.fileName} onOpen={() => setPreview(entry)} />
              <div className="history-main">
                <div className="history-line">
                  <span className="history-name" title={entry.fileName}>
                    {entry.fileName}
                  </span>
                  <span className="history-badges">
                    {entry.paymentId && <span className="badge badge-paid">paid</span>}
                    <Countdown expiresAt={entry.expiresAt} now={now} />
                  </span>
                </div>
                <div className="history-meta">
                  <span title={entry.url}>{hostOf(entry.url)}</span>
                  <span>{destinationLabel(providers, entry.provider, entry.tier)}</span>
                  <span>
                    {formatBytes(entry.originalBytes)} → {formatBytes(entry.bytes)}
                    {formatSaving(entry.originalBytes, entry.bytes) && (
                      <span className="saving"> {formatSaving(entry.originalBytes, entry.bytes)}</span>
                    )}
                  </span>
                  <span>
                    {entry.width}×{entry.height} {entry.format.toUpperCase()}
                  </span>
                  <span>{formatDateTime(entry.uploadedAt)}</span>
                  {entry.visibility && <span>{entry.visibility}</span>}
                  {entry.noDelete && <span title={entry.noDelete}>no delete on the host</span>}
                  {entry.sourceUrl && <span title={entry.sourceUrl}>from {hostOf(entry.sourceUrl)}</span>}
                </div>
                <div className="history-actions">
                  <CopyButtons id={entry.id} name={entry.fileName} variants={hasLinkVariants(entry)} />
                  {entry.provider === 'github' && <PostToGithub entryId={entry.id} name={entry.fileName} />}
                  <UploadElsewhere entry={entry} />
                  <a
                    className="icon-button"
                    href={entry.viewUrl ?? entry.url}
                    target="_blank"
                    rel="noreferrer noopener"
                    aria-label={`Open ${entry.fileName}`}
                    title="Open"
                  >
                    <ExternalIcon />
                  </a>
                  {entry.deleteUrl && (
                    <button
                      type="button"
                      className="icon-button danger"
                      aria-label={`Delete ${entry.fileName} from the host`}
                      title="Delete from host"
                      onClick={() => setPending({ kind: 'delete', entry })}
                    >
                      <TrashIcon />
                    </button>
                  )}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Edit ${entry.fileName} and upload again`}
                    title="Edit and upload again"
                    onClick={() =>
                      void attempt(() => bridge.api.imageForEditing(entry.id)).then(
                        (image) => image && onEdit(image),
                      )
                    }
                  >
                    <EditIcon />
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Forget ${entry.fileName}`}
                    title="Forget (keep online)"
                    onClick={() => setPending({ kind: 'forget', entry })}
                  >
                    <EraseIcon />
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}

      {preview && (
        <Dialog
          title={preview.fileName}
          wide
          onCancel={() => setPreview(null)}
          actions={
            <>
              <CopyButtons id={preview.id} name={preview.fileName} variants={hasLinkVariants(preview)} />
              <span className="spacer" />
              <a
                className="button"
                href={preview.viewUrl ?? preview.url}
                target="_blank"
                rel="noreferrer noopener"
              >
                <ExternalIcon width={16} height={16} /> Open
              </a>
              <button
                type="button"
                className="button button-primary"
                data-autofocus
                onClick={() => setPreview(null)}
              >
                Close
              </button>
            </>
          }
        >
          <div className="preview-image">
            <img src={preview.url} alt={preview.fileName} />
          </div>
          <p className="muted small">
            {preview.width}×{preview.height} {preview.format.toUpperCase()} · {formatBytes(preview.bytes)} ·{' '}
            {hostOf(preview.url)}
          </p>
        </Dialog>
      )}

      {pending && (
        <Dialog
          title={pending.kind === 'delete' ? 'Delete from the host?' : 'Forget this upload?'}
          tone={pending.kind === 'delete' ? 'danger' : 'default'}
          onCancel={() => setPending(null)}
          actions={
            <>
              <button type="button" className="button" data-autofocus onClick={() => setPending(null)}>
                Cancel
              </button>
              <button
                type="button"
                className={`button ${pending.kind === 'delete' ? 'button-danger' : 'button-primary'}`}
                onClick={() => void confirmPending()}
              >
                {pending.kind === 'delete' ? 'Delete' : 'Forget'}
              </button>
            </>
          }
        >
          {pending.kind === 'delete' ? (
            <p>
              <strong>{pending.entry.fileName}</strong> is removed from {hostOf(pending.entry.url)}; every
              link to it stops working.
            </p>
          ) : (
            <p>
              <strong>{pending.entry.fileName}</strong> leaves this list. The image stays online and its links
              keep working.
            </p>
          )}
        </Dialog>
      )}
    </div>
  );
}

/** Asks for a thumbnail only once its row scrolls near the screen: a long history costs no more than a page. */
function Thumbnail({ id, name, onOpen }: { id: string; name: string; onOpen: () => void }) {
  const { bridge } = useShared();
  const [src, setSrc] = useState<string | null>(null);
  const box = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      bridge.api.thumbnail(id).then(
        (url) => live && setSrc(url),
        () => live && setSrc(null),
      );
    if (typeof IntersectionObserver === 'undefined' || !box.current) {
      void load();
      return () => {
        live = false;
      };
    }
    const observer = new IntersectionObserver(
      (seen) => {
        if (!seen.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        void load();
      },
      { rootMargin: '400px' },
    );
    observer.observe(box.current);
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [bridge, id]);
  return (
    <button type="button" className="thumb" ref={box} onClick={onOpen} aria-label={`Preview ${name}`}>
      {src ? <img src={src} alt="" /> : <ImageIcon width={22} height={22} aria-hidden="true" />}
    </button>
  );
}
