// Settings → img.pro: "Get a key" asks img.pro for a new API key for an email (`POST /v1/keys`). The
// service keeps it in the keychain at once (img.pro shows it only once) and never sends it back; the
// window says what the key allows and what verifying the email unlocks.
import { useState } from 'react';
import type { ImgproKeyResult } from '../../src-shared/api.ts';
import { useShared } from '../state.tsx';

export function ImgproKeyRequest({ onStored }: { onStored: () => void }) {
  const { bridge, attempt, notify } = useShared();
  const [email, setEmail] = useState('');
  const [asking, setAsking] = useState(false);
  const [created, setCreated] = useState<ImgproKeyResult | null>(null);
  const valid = /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim());

  async function ask() {
    if (!valid || asking) return;
    setAsking(true);
    const result = await attempt(() => bridge.api.createImgproKey(email.trim()));
    setAsking(false);
    if (!result) return;
    setCreated(result);
    onStored();
    notify('info', 'img.pro API key stored in the keychain');
  }

  return (
    <div className="imgpro-key-request">
      <label className="field">
        <span className="field-label">Get a key by email</span>
        <span className="field-row">
          <input
            type="email"
            value={email}
            placeholder="you@example.org"
            aria-label="Email for a new img.pro API key"
            onChange={(e) => setEmail(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && void ask()}
          />
          <button type="button" className="button" disabled={!valid || asking} onClick={() => void ask()}>
            {asking ? 'Asking img.pro…' : 'Get a key'}
          </button>
        </span>
        <span className="muted small">
          img.pro creates the key and shows it once: Shotlink keeps it in the OS keychain straight away.
        </span>
      </label>
      {created && (
        <p className="small" role="status">
          Key stored{created.keyId ? ` (${created.keyId})` : ''}.{' '}
          {created.message && `img.pro says: ${created.message} `}
          {created.unlocks}
        </p>
      )}
    </div>
  );
}
