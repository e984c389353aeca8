// Settings → the one note about the keychain, at the top: when there is none, no host key can be saved
// from the window, and this says why and what to do. Each key field points here instead of repeating it.
import { useEffect, useState } from 'react';
import { SECRET_ACCOUNT_IDS, SECRET_ACCOUNTS } from '../../src-shared/secrets.ts';
import { useShared } from '../state.tsx';
import { AlertIcon } from './icons.tsx';

/** The notice's element id, for the fields' "see the note at the top" links. */
export const KEYCHAIN_NOTICE_ID = 'keychain-notice';

export function KeychainNotice() {
  const { bridge } = useShared();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    // Any account tells: the keychain is one for all. A key from the environment is answered without
    // asking the keychain, so every account is asked. Failures stay quiet here: each field reports its own.
    void Promise.all(
      SECRET_ACCOUNT_IDS.map((account) => bridge.api.secretStatus(account).catch(() => null)),
    ).then((statuses) => {
      if (live) setProblem(statuses.find((s) => s?.keychainProblem)?.keychainProblem ?? null);
    });
    return () => {
      live = false;
    };
  }, [bridge]);

  if (!problem) return null;
  const variables = SECRET_ACCOUNT_IDS.map((account) => SECRET_ACCOUNTS[account].env);
  return (
    <section
      id={KEYCHAIN_NOTICE_ID}
      className="panel panel-warning keychain-notice"
      role="alert"
      aria-labelledby={`${KEYCHAIN_NOTICE_ID}-title`}
      tabIndex={-1}
    >
      <h2 className="section-title" id={`${KEYCHAIN_NOTICE_ID}-title`}>
        <AlertIcon width={16} height={16} /> Keys cannot be saved here: no keychain
      </h2>
      <p>{problem}</p>
      <p>Shotlink never writes a key to a file, so until there is a keychain:</p>
      <ul>
        <li>
          Start your desktop’s keyring (gnome-keyring or KWallet), unlock it, and restart Shotlink; then save
          the keys below.
        </li>
        <li>
          Or give Shotlink each key in its environment instead:{' '}
          {variables.map((name, i) => (
            <span key={name}>
              {i > 0 && (i === variables.length - 1 ? ' and ' : ', ')}
              <code>{name}</code>
            </span>
          ))}
          .
        </li>
      </ul>
    </section>
  );
}
