// Settings: the link format copied after an upload, with a live sample.
import { useId, useMemo, useState } from 'react';
import {
  formatLink,
  LINK_FORMATS,
  TEMPLATE_PLACEHOLDERS,
  type LinkFormat,
} from '../../../src-shared/links.ts';
import { type Settings } from '../../../src-shared/settings.ts';
import { useShared } from '../../state.tsx';

const FORMAT_LABEL: Record<LinkFormat, string> = {
  url: 'URL',
  markdown: 'Markdown',
  html: 'HTML',
  bbcode: 'BBCode',
  template: 'Template',
};

const SAMPLE = {
  url: 'https://i.img402.dev/aBcDeFgHiJ.png',
  name: 'screenshot.png',
  width: 1440,
  height: 900,
};

export function LinkSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  // The draft restarts from the saved template whenever that changes (the section is keyed by it).
  const [template, setTemplate] = useState(settings.linkTemplate);
  const preview = useMemo(
    () => formatLink(SAMPLE, settings.linkFormat, template),
    [settings.linkFormat, template],
  );
  const templateId = useId();
  return (
    <section className="panel">
      <h2 className="section-title">Links</h2>
      <fieldset className="setting-row fieldset">
        <legend className="setting-label">Copied after each upload</legend>
        <div className="segmented" role="radiogroup" aria-label="Link format">
          {LINK_FORMATS.map((format) => (
            <label key={format} className={settings.linkFormat === format ? 'is-active' : undefined}>
              <input
                type="radio"
                className="card-input"
                name="link-format"
                value={format}
                checked={settings.linkFormat === format}
                onChange={() => void updateSettings({ linkFormat: format })}
              />
              {FORMAT_LABEL[format]}
            </label>
          ))}
        </div>
      </fieldset>
      {settings.linkFormat === 'template' && (
        <div className="subsection">
          <label htmlFor={templateId} className="field-label">
            Template
          </label>
          <input
            id={templateId}
            className="mono wide"
            value={template}
            onChange={(e) => setTemplate(e.target.value)}
            onBlur={() =>
              template !== settings.linkTemplate && void updateSettings({ linkTemplate: template })
            }
          />
          <p className="muted small">
            Placeholders:{' '}
            {TEMPLATE_PLACEHOLDERS.map((p) => (
              <code key={p}>{`{${p}}`}</code>
            ))}
          </p>
        </div>
      )}
      <div className="preview">
        <span className="fact-label">Preview</span>
        <code data-testid="link-preview">{preview}</code>
      </div>
    </section>
  );
}
