// A typed setting saved when the field is left (or Enter): checked locally first so a typo gets a
// message at the field, and the service validates it again against the shared schema.
import { useState } from 'react';
import { SettingRow } from './SettingRow.tsx';

export interface TextSettingProps {
  label: string;
  description?: string;
  /** The saved value. Give the component `key={value}` so the draft restarts when it changes. */
  value: string;
  onSave: (value: string) => Promise<boolean>;
  /** Returns a message for a value that cannot be saved, or null. */
  validate?: (value: string) => string | null;
  suffix?: string;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'url' | 'text';
  wide?: boolean;
}

export function TextSetting({
  label,
  description,
  value,
  onSave,
  validate,
  suffix,
  placeholder,
  inputMode,
  wide,
}: TextSettingProps) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const next = draft.trim();
    if (next === value) return;
    const problem = validate?.(next) ?? null;
    setError(problem);
    if (!problem) await onSave(next);
  }

  return (
    <SettingRow label={label} description={description}>
      {({ id, describedBy }) => (
        <div className={`field-with-error${wide ? ' field-wide' : ''}`}>
          <div className="input-suffix">
            <input
              id={id}
              className={wide ? 'mono' : undefined}
              inputMode={inputMode}
              placeholder={placeholder}
              spellCheck={false}
              value={draft}
              aria-invalid={error ? true : undefined}
              aria-describedby={
                [describedBy, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined
              }
              onChange={(e) => setDraft(e.target.value)}
              onBlur={() => void save()}
              onKeyDown={(e) => e.key === 'Enter' && void save()}
            />
            {suffix && <span>{suffix}</span>}
          </div>
          {error && (
            <span id={`${id}-error`} className="field-error" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </SettingRow>
  );
}

/** For URL settings where empty means "the default". */
export function httpUrlProblem(value: string): string | null {
  if (value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? null
      : 'Use an http:// or https:// address.';
  } catch {
    return `"${value}" is not an address (e.g. https://example.com).`;
  }
}
