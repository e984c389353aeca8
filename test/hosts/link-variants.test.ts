// img.pro's CDN variants as links (src-shared/links.ts): `?size=s|m|l` and another format by extension,
// only for hosts whose description says their CDN serves them.
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src-shared/history.ts';
import { formatEntryLink, variantUrl } from '../../src-shared/links.ts';

const entry = (provider: string, url: string) =>
  ({ provider, url, fileName: 'shot.png', width: 1600, height: 1000 }) as HistoryEntry;

describe('link variants', () => {
  it('changes the size parameter and the extension, keeping other parameters and the fragment', () => {
    expect(variantUrl('https://cdn.img.pro/i/abc.png', { size: 'm' })).toBe(
      'https://cdn.img.pro/i/abc.png?size=m',
    );
    expect(variantUrl('https://cdn.img.pro/i/abc.png?size=l&v=2#x', { size: 's', convert: 'webp' })).toBe(
      'https://cdn.img.pro/i/abc.webp?v=2&size=s#x',
    );
    expect(variantUrl('https://cdn.img.pro/i/abc', { convert: 'png' })).toBe('https://cdn.img.pro/i/abc.png');
    expect(variantUrl('https://cdn.img.pro/v1.2/abc.jpg', { convert: 'png' })).toBe(
      'https://cdn.img.pro/v1.2/abc.png',
    );
    expect(variantUrl('https://cdn.img.pro/i/abc.png')).toBe('https://cdn.img.pro/i/abc.png');
  });

  it('applies only where the host serves variants; a resized link leaves the size out of templates', () => {
    const template = '{url} {width}x{height}';
    expect(formatEntryLink(entry('imgpro', 'https://c/i/a.png'), 'template', template, { size: 'l' })).toBe(
      'https://c/i/a.png?size=l x',
    );
    expect(
      formatEntryLink(entry('imgpro', 'https://c/i/a.png'), 'template', template, { convert: 'webp' }),
    ).toBe('https://c/i/a.webp 1600x1000');
    expect(
      formatEntryLink(entry('img402', 'https://i.img402.dev/a.png'), 'url', undefined, { size: 's' }),
    ).toBe('https://i.img402.dev/a.png');
  });
});
