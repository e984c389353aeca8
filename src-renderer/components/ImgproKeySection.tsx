// The img.pro API key, for the "API key" tier: typed here, stored by the service in the system keychain.
// The window only ever learns whether a key is set and where from; the field is write-only, so a key
// once saved cannot be read back out of this page.
import { useEffect, useState } from 'react';
import type { ImgproKeyStatus } from '../../src-shared/api.ts';
import { useShared } from '../state.tsx';
import { SettingRow } from './SettingRow.tsx';
import { AlertIcon } from './icons.tsx';

const IMGPRO_SITE = 'https://img.pro';

export function imgproKeySource(status: ImgproKeyStatus | null): string {
  if (!status) return 'Checking…';
  if (status.source === 'env') return 'From SHOTLINK_IMGPRO_KEY';
  return status.set ? 'Stored in the system keychain' : 'Not set';
}

export function ImgproKeySection() {
  const { bridge, attempt, notify } = useShared();
  const [status, setStatus] = useState<ImgproKeyStatus | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void attempt(() => bridge.api.imgproKeyStatus()).then((s) => s && setStatus(s));
  }, [attempt, bridge]);

  async function save(key: string | null) {
    setBusy(true);
    const next = await attempt(() => bridge.api.setImgproKey(key));
    setBusy(false);
    if (!next) return;
    setStatus(next);
    // The typed key is dropped as soon as the keychain has it: it should not linger in the page.
    setDraft('');
    notify('info', key === null ? 'The img.pro API key was removed.' : 'The img.pro API key was saved.');
  }

  const fromEnv = status?.source === 'env';
  // Without a keychain the service refuses to store a key (it never writes one in plain text).
  const locked = status === null || fromEnv || Boolean(status.keychainProblem);
  return (
    <section className="panel">
      <h2 className="section-title">img.pro</h2>
      <p className="muted small">
        The “API key” tier keeps uploads permanently. Get a key at{' '}
        <a href={IMGPRO_SITE} target="_blank" rel="noreferrer noopener">
          img.pro
        </a>
        .
      </p>
      <SettingRow
        label="img.pro API key"
        description={
          <span role="status" data-testid="imgpro-key-source">
            {imgproKeySource(status)}
          </span>
        }
      >
        {({ id, describedBy }) => (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (draft.trim()) void save(draft.trim());
            }}
          >
            <input
              id={id}
              aria-describedby={describedBy}
              type="password"
              autoComplete="off"
              spellCheck={false}
              className="mono"
              placeholder={status?.set ? 'Paste a new key to replace it' : 'Paste your key'}
              value={draft}
              disabled={locked || busy}
              onChange={(e) => setDraft(e.target.value)}
            />
            <button type="submit" className="button" disabled={locked || busy || !draft.trim()}>
              Save
            </button>
            {status?.source === 'keychain' && (
              <button
                type="button"
                className="button button-danger-ghost"
                disabled={busy}
                aria-label="Remove the img.pro API key"
                onClick={() => void save(null)}
              >
                Remove
              </button>
            )}
          </form>
        )}
      </SettingRow>
      {fromEnv && (
        <p className="muted small">
          The SHOTLINK_IMGPRO_KEY environment variable supplies the key and wins over the keychain: unset it
          to manage the key here.
        </p>
      )}
      {status?.keychainProblem && (
        <p className="warning" role="alert">
          <AlertIcon width={16} height={16} /> {status.keychainProblem}
        </p>
      )}
    </section>
  );
}
