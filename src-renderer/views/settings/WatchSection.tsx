// Settings: folder and clipboard watching.
import { useEffect, useId, useState } from 'react';
import type { WatcherStatus } from '../../../src-shared/api.ts';
import { type Settings } from '../../../src-shared/settings.ts';
import { Switch } from '../../components/Switch.tsx';
import { FolderIcon, PlusIcon, TrashIcon } from '../../components/icons.tsx';
import { useEvent, useShared } from '../../state.tsx';

export function WatchSection({ settings }: { settings: Settings }) {
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
      {status?.summary && (
        <p className="small watch-summary" role="status">
          {status.summary}
        </p>
      )}
      <Switch
        label="Upload new screenshots automatically"
        description="Off until you turn it on. Watches your system’s screenshot folder and uploads each new screenshot once."
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
