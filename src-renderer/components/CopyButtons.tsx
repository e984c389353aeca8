// Copy an upload's link in one click, in any of the four formats. Main writes the system clipboard
// (copyLink); the page also writes navigator.clipboard where the browser allows it, so copying works
// the same when the window runs in a normal browser.
import { useEffect, useState } from 'react';
import type { LinkFormat } from '../../src-shared/links.ts';
import { useShared } from '../state.tsx';
import { CheckIcon } from './icons.tsx';

export const COPY_FORMATS: { format: LinkFormat; label: string }[] = [
  { format: 'url', label: 'URL' },
  { format: 'markdown', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
  { format: 'bbcode', label: 'BBCode' },
];

const FLASH_MS = 1600;

export async function writeBrowserClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard?.writeText(text);
  } catch {
    // Not allowed here (no focus, no permission): main has already written the system clipboard.
  }
}

export function CopyButtons({ id, name }: { id: string; name: string }) {
  const { bridge, attempt, notify } = useShared();
  const [copied, setCopied] = useState<LinkFormat | null>(null);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy(format: LinkFormat, label: string) {
    const text = await attempt(() => bridge.api.copyLink(id, format));
    if (text === undefined) return;
    await writeBrowserClipboard(text);
    setCopied(format);
    notify('info', `${label} link copied`);
  }

  return (
    <div className="segmented copy-buttons" role="group" aria-label={`Copy link to ${name}`}>
      {COPY_FORMATS.map(({ format, label }) => (
        <button
          key={format}
          type="button"
          className={copied === format ? 'is-copied' : undefined}
          aria-label={`Copy ${label} link to ${name}`}
          onClick={() => void copy(format, label)}
        >
          {copied === format ? <CheckIcon width={14} height={14} /> : null}
          {label}
        </button>
      ))}
    </div>
  );
}
