// The drop zone: files dropped or chosen, and images pasted anywhere in the Upload view. A pasted or
// dropped link to an image (https://…/shot.png) is re-hosted: the service fetches it, not the page.
import { useEffect, useRef, useState } from 'react';
import { IMAGE_TYPES } from '../lib/files.ts';
import { UploadIcon } from './icons.tsx';

export interface DropZoneProps {
  onFiles: (files: File[], source: 'drop' | 'paste' | 'pick') => void;
  /** A link pasted or dropped instead of an image. */
  onUrl?: ((url: string) => void) | undefined;
  maxLabel?: string | undefined;
}

/** One http(s) link and nothing else: text that is a link to re-host, not a note. */
export function linkIn(text: string | undefined): string | null {
  const first = (text ?? '').split(/\r?\n/).find((line) => line.trim() && !line.startsWith('#'));
  const link = first?.trim() ?? '';
  return /^https?:\/\/\S+$/i.test(link) && link.length <= 4096 ? link : null;
}

/**
 * Every file, whatever its name or type says: the service judges by the bytes, as the CLI does, and
 * each refused file gets a row with the reason. Nothing is dropped here without a word.
 */
function filesOf(list: FileList | File[] | null | undefined): File[] {
  return [...(list ?? [])];
}

export function DropZone({ onFiles, onUrl, maxLabel }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(onFiles);
  const latestUrl = useRef(onUrl);
  useEffect(() => {
    latest.current = onFiles;
    latestUrl.current = onUrl;
  });

  // Pasting works without focusing the zone first, as in CleanShot; typing into a field is left alone.
  useEffect(() => {
    function onPaste(event: ClipboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable="true"]')) return;
      const files = filesOf(event.clipboardData?.files);
      if (files.length === 0) {
        const link = linkIn(event.clipboardData?.getData('text/plain'));
        if (!link || !latestUrl.current) return;
        event.preventDefault();
        latestUrl.current(link);
        return;
      }
      event.preventDefault();
      latest.current(files, 'paste');
    }
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);

  return (
    <div
      className={`dropzone${over ? ' is-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = filesOf(e.dataTransfer.files);
        if (files.length) return onFiles(files, 'drop');
        // An image dragged from a browser page arrives as its link.
        const link = linkIn(e.dataTransfer.getData('text/uri-list') || e.dataTransfer.getData('text/plain'));
        if (link) onUrl?.(link);
      }}
      data-testid="dropzone"
    >
      <span className="dropzone-icon">
        <UploadIcon width={28} height={28} />
      </span>
      <p className="dropzone-title">Drop screenshots here</p>
      <p className="dropzone-hint">
        or paste an image or its link with <kbd>Ctrl</kbd>/<kbd>⌘</kbd> + <kbd>V</kbd>
        {maxLabel ? ` · up to ${maxLabel} on this tier` : ''}
      </p>
      <button type="button" className="button button-primary" onClick={() => input.current?.click()}>
        Choose files…
      </button>
      <input
        ref={input}
        type="file"
        accept={IMAGE_TYPES.join(',')}
        multiple
        hidden
        aria-label="Choose images to upload"
        onChange={(e) => {
          const files = filesOf(e.target.files);
          e.target.value = '';
          if (files.length) onFiles(files, 'pick');
        }}
      />
    </div>
  );
}
