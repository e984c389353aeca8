// Settings: the embedded Shotlink server, its switch and its LAN address.
import { useEffect, useState } from 'react';
import type { ServerStatus } from '../../../src-shared/api.ts';
import { Switch } from '../../components/Switch.tsx';
import { AlertIcon } from '../../components/icons.tsx';
import { useShared } from '../../state.tsx';

export function ServerSection() {
  const { bridge, attempt } = useShared();
  const [status, setStatus] = useState<ServerStatus | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void attempt(() => bridge.api.serverStatus()).then((s) => s && setStatus(s));
  }, [attempt, bridge]);

  async function toggle(on: boolean) {
    setBusy(true);
    const s = await attempt(() => bridge.api.setServerEnabled(on));
    if (s) setStatus(s);
    setBusy(false);
  }

  return (
    <section className="panel">
      <h2 className="section-title">Shotlink server</h2>
      <Switch
        label="Serve images on this network"
        description="Hosts your uploads on this computer for phones and colleagues on the same network."
        checked={status?.running ?? false}
        disabled={status === null || busy}
        onChange={(on) => void toggle(on)}
      />
      {status?.error && (
        <p className="warning" role="alert">
          <AlertIcon width={16} height={16} /> {status.error}
        </p>
      )}
      {status?.running && (
        <div className="server-card">
          <dl className="facts">
            {status.url && (
              <>
                <dt>Links use</dt>
                <dd className="mono">{status.url}</dd>
              </>
            )}
            <dt>On your network</dt>
            <dd className="mono">
              {status.lanUrl ? (
                <a href={status.lanUrl} target="_blank" rel="noreferrer noopener">
                  {status.lanUrl}
                </a>
              ) : (
                'not reachable from the LAN'
              )}
            </dd>
          </dl>
          {status.qrSvg && (
            <figure className="qr">
              {/* As an image, not inline markup: the SVG cannot run anything or style the page. */}
              <img
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(status.qrSvg)}`}
                alt={`QR code for ${status.lanUrl ?? 'the server'}`}
                width={132}
                height={132}
              />
              <figcaption>Scan with a phone</figcaption>
            </figure>
          )}
        </div>
      )}
    </section>
  );
}
