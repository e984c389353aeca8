// Link formats: what lands on the clipboard after an upload.
import type { HistoryEntry } from './history.ts';
import { findHost } from './hosts/index.ts';

export const LINK_FORMATS = ['url', 'markdown', 'html', 'bbcode', 'template'] as const;
export type LinkFormat = (typeof LINK_FORMATS)[number];

export interface LinkSubject {
  url: string;
  /** The file name shown as alt text. */
  name: string;
  viewUrl?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  deleteUrl?: string | undefined;
}

export const DEFAULT_TEMPLATE = '![{name}]({url})';

/** Placeholders a user template may use. */
export const TEMPLATE_PLACEHOLDERS = ['url', 'name', 'viewUrl', 'width', 'height', 'deleteUrl'] as const;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeMarkdownAlt = (text: string) => text.replace(/([\\[\]])/g, '\\$1');

export function formatLink(subject: LinkSubject, format: LinkFormat, template = DEFAULT_TEMPLATE): string {
  switch (format) {
    case 'url':
      return subject.url;
    case 'markdown':
      return `![${escapeMarkdownAlt(subject.name)}](${subject.url})`;
    case 'html':
      return `<img src="${escapeHtml(subject.url)}" alt="${escapeHtml(subject.name)}">`;
    case 'bbcode':
      return `[img]${subject.url}[/img]`;
    case 'template':
      return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
        if (!(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(key)) return whole;
        const value = subject[key as keyof LinkSubject];
        return value === undefined ? '' : String(value);
      });
  }
}

/**
 * Variants a CDN serves from an image's link (img.pro, docs/host-contracts.md): a size by its short
 * edge, never upscaled (`?size=s|m|l`), and another format by the extension (`.webp`, `.png`).
 */
export const LINK_SIZES = { s: 320, m: 640, l: 1080 } as const;
export type LinkSize = keyof typeof LINK_SIZES;
export const LINK_CONVERSIONS = ['webp', 'png'] as const;
export type LinkConversion = (typeof LINK_CONVERSIONS)[number];
export interface LinkVariant {
  size?: LinkSize | undefined;
  convert?: LinkConversion | undefined;
}

/** Whether the entry's host serves variants of its link. */
export function hasLinkVariants(entry: Pick<HistoryEntry, 'provider'>): boolean {
  return findHost(entry.provider)?.linkVariants === true;
}

/** The link of that variant; the link itself when no variant is asked for. */
export function variantUrl(url: string, variant: LinkVariant = {}): string {
  if (!variant.size && !variant.convert) return url;
  // Plain string work: src-shared runs where no URL class is promised.
  const [, base = url, query = '', hash = ''] = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url) ?? [];
  const path = variant.convert ? base.replace(/(\/[^/.]*)(\.[A-Za-z0-9]+)?$/, `$1.${variant.convert}`) : base;
  const params = query
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair && !pair.startsWith('size='));
  if (variant.size) params.push(`size=${variant.size}`);
  return `${path}${params.length ? `?${params.join('&')}` : ''}${hash}`;
}

/** What a variant changes, for people: "640 px, WebP". */
export function describeVariant(variant: LinkVariant): string {
  return [
    variant.size && `${LINK_SIZES[variant.size]} px`,
    variant.convert && (variant.convert === 'webp' ? 'WebP' : 'PNG'),
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The link of an uploaded image, as the CLI prints it and the app copies it; with a variant on a host
 * that serves them, the variant's link (its width and height then unknown, so left out of templates).
 */
export function formatEntryLink(
  entry: HistoryEntry,
  format: LinkFormat,
  template = DEFAULT_TEMPLATE,
  variant: LinkVariant = {},
): string {
  const { fileName: name, viewUrl, deleteUrl } = entry;
  const varied = (variant.size || variant.convert) && hasLinkVariants(entry);
  const url = varied ? variantUrl(entry.url, variant) : entry.url;
  const size = varied && variant.size ? {} : { width: entry.width, height: entry.height };
  return formatLink({ url, name, viewUrl, deleteUrl, ...size }, format, template);
}
