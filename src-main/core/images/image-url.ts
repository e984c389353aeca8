// An image named by its link: telling a link from a file name, checking it, and the file name it gives.
// Apart from the download itself (download.ts), so a run given only files does not load the network
// code (and its address lists) that fetching needs.
import { posix } from 'node:path';
import { ShotlinkError } from '../../../src-shared/errors.ts';

/** Whether text a person gave is meant as a URL to fetch rather than a file name. */
export function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim());
}

/** The URL as given, checked: http(s) only, no credentials in it. */
export function parseImageUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ShotlinkError('usage', `${JSON.stringify(text)} is not a URL.`, { code: 'bad_url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ShotlinkError(
      'usage',
      `${url.protocol.replace(/:$/, '')}: links cannot be fetched; give an http:// or https:// link to the image.`,
      { code: 'bad_url' },
    );
  }
  if (url.username || url.password) {
    throw new ShotlinkError(
      'usage',
      'A link with a user name or password in it is not fetched: remove them.',
      {
        code: 'bad_url',
      },
    );
  }
  return url;
}

/** `https://x/a/Screen%20Shot.png?x=1` → `Screen Shot.png`; a name safe as a file name, 100 characters at most. */
export function imageNameOf(url: URL | string): string {
  if (typeof url === 'string') url = new URL(url);
  let last = posix.basename(url.pathname);
  try {
    last = decodeURIComponent(last);
  } catch {
    // keep it encoded
  }
  const clean = [...last]
    .map((char) => (char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127 ? '_' : char))
    .join('')
    .replace(/[/\\:*?"<>|]/g, '_')
    .trim()
    .slice(-100);
  return clean && clean !== '.' && clean !== '..' ? clean : 'image';
}
