// Settings → img.pro: the API key for the "API key" tier (kept in the system keychain).
import { SecretField } from './SecretField.tsx';

const IMGPRO_SITE = 'https://img.pro';

export function ImgproKeySection() {
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
      <SecretField account="imgpro-api-key" label="img.pro API key" />
    </section>
  );
}
