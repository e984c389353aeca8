// Beside the image: the secrets and personal data found in it, each proposed for redaction by kind
// ("GitHub token") with Redact and Keep, Redact all, and Copy text.
import type { ImageAnalysis } from '../../src-shared/api.ts';
import { FINDING_LABELS } from '../../src-shared/findings.ts';

export function FindingsPanel({
  analysis,
  proposals,
  onRedact,
  onKeep,
  onRedactAll,
  onCopyText,
}: {
  /** Null while the image is still being searched. */
  analysis: ImageAnalysis | null;
  /** The findings not yet redacted or kept. */
  proposals: ImageAnalysis['findings'];
  onRedact: (index: number) => void;
  onKeep: (index: number) => void;
  onRedactAll: () => void;
  onCopyText: () => void;
}) {
  return (
    <aside className="editor-side panel" aria-label="Secrets found">
      <h2 className="section-title">Secrets found</h2>
      {!analysis ? (
        <p className="muted small">Looking for secrets and personal data (on this computer)…</p>
      ) : proposals.length === 0 ? (
        <p className="muted small">{analysis.findings.length === 0 ? 'None found.' : 'All handled.'}</p>
      ) : (
        <>
          <ul className="findings" aria-label="Proposed redactions">
            {proposals.map((finding, i) => (
              <li key={i}>
                <span title={FINDING_LABELS[finding.kind]}>{FINDING_LABELS[finding.kind]}</span>
                <button type="button" className="button button-small" onClick={() => onRedact(i)}>
                  Redact
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Keep ${FINDING_LABELS[finding.kind]}`}
                  onClick={() => onKeep(i)}
                >
                  Keep
                </button>
                {finding.mayRemain && (
                  <small className="may-remain">
                    May still be partly readable: {finding.mayRemain}. Draw a box over the rest.
                  </small>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="button button-primary button-small" onClick={onRedactAll}>
            Redact all
          </button>
        </>
      )}
      <button type="button" className="button button-small" disabled={!analysis} onClick={onCopyText}>
        Copy text
      </button>
      <p className="muted small">
        Redacted areas are replaced with solid colour in the uploaded image; the original is never uploaded.
      </p>
    </aside>
  );
}
