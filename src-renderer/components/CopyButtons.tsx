// Copy an upload's link in one click, in any of the four formats; on a host whose CDN serves other
// sizes and formats (img.pro), the link of the size and format picked beside the buttons. Main writes the system clipboard
// (copyLink); the page also writes navigator.clipboard where the browser allows it, so copying works
// the same when the window runs in a normal browser.
import { useEffect, useState } from 'react';
import {
  LINK_SIZES,
  type LinkConversion,
  type LinkFormat,
  type LinkSize,
  type LinkVariant,
} from '../../src-shared/links.ts';
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

export function CopyButtons({
  id,
  name,
  variants = false,
}: {
  id: string;
  name: string;
  variants?: boolean;
}) {
  const { bridge, attempt, notify } = useShared();
  const [copied, setCopied] = useState<LinkFormat | null>(null);
  const [size, setSize] = useState<LinkSize | ''>('');
  const [convert, setConvert] = useState<LinkConversion | ''>('');

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [copied]);

  async function copy(format: LinkFormat, label: string) {
    const variant: LinkVariant = { ...(size && { size }), ...(convert && { convert }) };
    const text = await attempt(() =>
      variants && (size || convert)
        ? bridge.api.copyLink(id, format, variant)
        : bridge.api.copyLink(id, format),
    );
    if (text === undefined) return;
    await writeBrowserClipboard(text);
    setCopied(format);
    notify('info', `${label} link copied`);
  }

  const picker = variants && (
    <span className="copy-variants">
      <select
        aria-label={`Size of the linked image of ${name}`}
        value={size}
        onChange={(e) => setSize(e.target.value as LinkSize | '')}
      >
        <option value="">Full size</option>
        {Object.entries(LINK_SIZES).map(([key, px]) => (
          <option key={key} value={key}>{`${key.toUpperCase()} · ${px} px`}</option>
        ))}
      </select>
      <select
        aria-label={`Format of the linked image of ${name}`}
        value={convert}
        onChange={(e) => setConvert(e.target.value as LinkConversion | '')}
      >
        <option value="">As uploaded</option>
        <option value="webp">WebP</option>
        <option value="png">PNG</option>
      </select>
    </span>
  );

  return (
    <div className="segmented copy-buttons" role="group" aria-label={`Copy link to ${name}`}>
      {picker}
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
