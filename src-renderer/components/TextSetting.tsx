// A typed setting saved when the field is left (or Enter): checked locally first so a typo gets a
// message at the field, and the service validates it again against the shared schema. What the person
// typed stays in the field until it is saved: a value the service refuses keeps the draft, with the
// service's message beside it, and the saved value shows again only once the draft is saved or gone.
// A number (a suffix or a numeric keyboard) gets a short field; anything else — a bucket, a region,
// an address — is as wide as its value needs while typing, up to the room the row has (styles.css,
// `.field-fit`), so a bucket name or an endpoint URL can be read whole.
import { useState } from 'react';
import { SettingRow } from './SettingRow.tsx';

export interface TextSettingProps {
  label: string;
  description?: string;
  /** The saved value, shown while the person is not editing (a change from elsewhere shows at once). */
  value: string;
  /** Saves; false when refused, after telling `refused` why (shown at the field). */
  onSave: (value: string, refused: (message: string) => void) => Promise<boolean>;
  /** Returns a message for a value that cannot be saved, or null. */
  validate?: (value: string) => string | null;
  suffix?: string;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'url' | 'text';
  /** An address or other long value: a wider field at least, in monospace. */
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
  // What the person typed and has not saved; null shows the saved value. Kept apart from `value`, so the
  // window's optimistic change and its undoing after a refusal do not replace it.
  const [draft, setDraft] = useState<string | null>(null);
  const numeric = suffix !== undefined || inputMode === 'decimal' || inputMode === 'numeric';
  const [error, setError] = useState<string | null>(null);

  // The last value the service refused (the error says why): leaving the field again does not send it again.
  const [refused, setRefused] = useState<string | null>(null);

  async function save() {
    if (draft === null) return;
    const next = draft.trim();
    if (next === refused) return;
    const problem = next === value ? null : (validate?.(next) ?? null);
    setError(problem);
    if (problem) return;
    if (next === value || (await onSave(next, setError))) {
      setDraft(null);
      setRefused(null);
    } else setRefused(next);
  }

  return (
    <SettingRow label={label} description={description}>
      {({ id, describedBy }) => (
        <div className={`field-with-error${numeric ? '' : ' field-fit'}${wide ? ' field-wide' : ''}`}>
          <div className="input-suffix">
            <input
              id={id}
              className={wide ? 'mono' : undefined}
              inputMode={inputMode}
              placeholder={placeholder}
              spellCheck={false}
              value={draft ?? value}
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
