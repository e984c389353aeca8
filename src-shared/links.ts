// Link formats: what lands on the clipboard after an upload.
import type { HistoryEntry } from './history.ts';

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

/** The link of an uploaded image, as the CLI prints it and the app copies it. */
export function formatEntryLink(
  entry: HistoryEntry,
  format: LinkFormat,
  template = DEFAULT_TEMPLATE,
): string {
  const { url, fileName: name, viewUrl, width, height, deleteUrl } = entry;
  return formatLink({ url, name, viewUrl, width, height, deleteUrl }, format, template);
}
