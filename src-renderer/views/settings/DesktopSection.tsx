// Settings → This desktop: what this machine offers Shotlink (the checks of `shotlink doctor`), each
// with what to do about it. Run when the section opens and again on request.
import { useEffect, useState } from 'react';
import type { DoctorCheck, DoctorStatus } from '../../../src-shared/doctor.ts';
import { useShared } from '../../state.tsx';

const STATUS_LABEL: Record<DoctorStatus, string> = {
  ok: 'OK',
  warn: 'Check',
  fail: 'Missing',
  'n/a': 'Not needed',
};

export function DesktopSection() {
  const { bridge, attempt } = useShared();
  const [checks, setChecks] = useState<DoctorCheck[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void attempt(() => bridge.api.checkDesktop()).then((found) => found && setChecks(found));
  }, [attempt, bridge]);

  async function checkAgain() {
    setBusy(true);
    const found = await attempt(() => bridge.api.checkDesktop());
    if (found) setChecks(found);
    setBusy(false);
  }

  return (
    <section className="panel" aria-labelledby="desktop-title">
      <h2 className="section-title" id="desktop-title">
        This desktop
      </h2>
      <p className="muted">What Shotlink can use here (the same checks as `shotlink doctor`).</p>
      {checks === null ? (
        <p className="muted">Checking…</p>
      ) : (
        <ul className="doctor-checks">
          {checks.map((check) => (
            <li
              key={check.id}
              className={`doctor-check doctor-${check.status === 'n/a' ? 'na' : check.status}`}
            >
              <span className="doctor-status">{STATUS_LABEL[check.status]}</span>{' '}
              <strong>{check.title}</strong>: {check.summary}
              {check.fix && check.status !== 'ok' && <p className="doctor-fix">{check.fix}</p>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button" disabled={busy} onClick={() => void checkAgain()}>
        {busy ? 'Checking…' : 'Check again'}
      </button>
    </section>
  );
}
