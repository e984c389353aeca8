// One host secret (the img.pro API key, an S3 key): typed here, stored by the service in the system
// keychain. The window only ever learns whether it is set and where from; the field is write-only, so a
// secret once saved cannot be read back out of this page.
import { useEffect, useState } from 'react';
import { SECRET_ACCOUNTS, type SecretAccountId, type SecretStatus } from '../../src-shared/secrets.ts';
import { useShared } from '../state.tsx';
import { AlertIcon } from './icons.tsx';
import { KEYCHAIN_NOTICE_ID } from './KeychainNotice.tsx';
import { SettingRow } from './SettingRow.tsx';

export function secretSource(account: SecretAccountId, status: SecretStatus | null): string {
  if (!status) return 'Checking…';
  // The variable that actually supplies it (GitHub's may be GITHUB_TOKEN), or the program (`gh`).
  if (status.source === 'env') return `From ${status.from ?? SECRET_ACCOUNTS[account].env}`;
  if (status.source === 'command') return `From ${status.from ?? 'another program'}`;
  return status.set ? 'Stored in the system keychain' : 'Not set';
}

/** "GH_TOKEN", "GH_TOKEN or GITHUB_TOKEN": every variable that wins over the field. */
const variablesOf = (account: SecretAccountId) => {
  const secret: { env: string; alsoEnv?: readonly string[] } = SECRET_ACCOUNTS[account];
  return [secret.env, ...(secret.alsoEnv ?? [])].join(' or ');
};

export function SecretField({ account, label }: { account: SecretAccountId; label: string }) {
  const { bridge, attempt, notify } = useShared();
  const [status, setStatus] = useState<SecretStatus | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const { label: sentenceLabel } = SECRET_ACCOUNTS[account];
  const variables = variablesOf(account);

  useEffect(() => {
    void attempt(() => bridge.api.secretStatus(account)).then((s) => s && setStatus(s));
  }, [attempt, bridge, account]);

  async function save(value: string | null) {
    setBusy(true);
    const next = await attempt(() => bridge.api.setSecret(account, value));
    setBusy(false);
    if (!next) return;
    setStatus(next);
    // The typed secret is dropped as soon as the keychain has it: it should not linger in the page.
    setDraft('');
    notify('info', `${sentenceLabel} was ${value === null ? 'removed' : 'saved'}.`);
  }

  async function confirm() {
    setBusy(true);
    const next = await attempt(() => bridge.api.confirmSecretOrigin(account));
    setBusy(false);
    if (next) setStatus(next);
  }

  const fromEnv = status?.source === 'env';
  // Without a keychain the service refuses to store a secret (it never writes one in plain text).
  const locked = status === null || fromEnv || Boolean(status.keychainProblem);
  return (
    <>
      <SettingRow
        label={label}
        description={
          <>
            <span role="status" data-testid={`${account}-source`}>
              {secretSource(account, status)}
            </span>
            {/* Said before it happens: a variable set later silently wins over what is saved here. */}
            {!fromEnv && (
              <span className="setting-hint" data-testid={`${account}-env-hint`}>
                When {variables} is set, Shotlink uses it instead, and this field cannot change it.
              </span>
            )}
          </>
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
              className="mono secret-input"
              placeholder={
                fromEnv
                  ? `Set by ${status.from ?? SECRET_ACCOUNTS[account].env}`
                  : status?.source === 'command'
                    ? `Paste one to use instead of ${status.from ?? 'it'}`
                    : status?.set
                      ? 'Paste a new one to replace it'
                      : 'Paste it here'
              }
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
                aria-label={`Remove ${sentenceLabel.replace(/^The /, 'the ')}`}
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
          The {status.from ?? SECRET_ACCOUNTS[account].env} environment variable supplies it and wins over the
          keychain: unset it to manage it here.
        </p>
      )}
      {status?.originChanged && (
        <div className="warning" role="alert">
          <p>
            <AlertIcon width={16} height={16} /> Saved for{' '}
            <span className="mono">{status.originChanged.savedFor}</span>, but the address is now{' '}
            <span className="mono">{status.originChanged.now}</span>: it is not sent there until you paste it
            again or confirm.
          </p>
          {(status.source === 'keychain' || status.source === 'command') && (
            <button type="button" className="button" disabled={busy} onClick={() => void confirm()}>
              Use it for {status.originChanged.now}
            </button>
          )}
        </div>
      )}
      {/* Why, and what to do, is said once at the top of Settings (KeychainNotice). */}
      {status?.keychainProblem && (
        <p className="muted small" data-testid={`${account}-no-keychain`}>
          Cannot be saved: no keychain (<a href={`#${KEYCHAIN_NOTICE_ID}`}>see the note at the top</a>).
        </p>
      )}
    </>
  );
}
