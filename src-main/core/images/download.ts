// Fetching an image the user named by URL (`shotlink upload https://…`, a URL pasted in the window,
// History's "Upload to another host"), with the same intake rules as a file: http(s) only, a time
// limit for the whole chain, redirects bounded, the body capped while it arrives, its first bytes
// sniffed (a web page is refused after a few bytes, not after megabytes), then screened for pixels.
//
// A redirect never leads somewhere the user did not point at: each address a hop resolves to is
// classed (public, private, loopback, link-local…) and a redirect may reach only public addresses
// or ones of the class the user's own URL resolved to. The check runs in the socket's DNS lookup,
// so a name that resolves differently the second time (DNS rebinding) is caught too.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { screenImage } from './intake.ts';
import { sniffImage, ACCEPTED_FORMATS_TEXT } from './sniff.ts';
import { imageNameOf, parseImageUrl } from './image-url.ts';

/** A remote image larger than this is not a screenshot to re-host (hosts take 20 MB at most). */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_REDIRECTS = 5;

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

const RANGES: [AddressClass, string, number, 'ipv4' | 'ipv6'][] = [
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', '169.254.0.0', 16, 'ipv4'], // cloud metadata lives here
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['reserved', '0.0.0.0', 8, 'ipv4'],
  ['reserved', '224.0.0.0', 3, 'ipv4'], // multicast and class E
  ['reserved', '::', 128, 'ipv6'],
  ['reserved', 'ff00::', 8, 'ipv6'],
];
const LISTS = new Map<AddressClass, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  if (!LISTS.has(kind)) LISTS.set(kind, new BlockList());
  LISTS.get(kind)!.addSubnet(network, prefix, family);
}

/** What kind of address this is; IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as its IPv4 address. */
export function classifyAddress(address: string): AddressClass {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const [kind, list] of LISTS) if (list.check(ip, family)) return kind;
  return 'public';
}

export interface DownloadOptions {
  maxInputPixels: number;
  /** The whole chain, from the first connection to the last byte. */
  timeoutMs: number;
  maxBytes?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface DownloadedImage {
  bytes: Uint8Array;
  /** A name from the URL's last path segment (`image` when it has none). */
  fileName: string;
  /** Where the bytes came from, after redirects. */
  finalUrl: string;
}

/** Downloads the image at `text`, or throws a ShotlinkError a person can act on. */
export async function downloadImage(text: string, options: DownloadOptions): Promise<DownloadedImage> {
  const maxBytes = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const first = parseImageUrl(text);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  /** The class the user's own URL resolved to: redirects may reach it, and public addresses. */
  let userClass: AddressClass | undefined;
  const allowed = (kind: AddressClass) => userClass === undefined || kind === 'public' || kind === userClass;

  let url = first;
  const seen: string[] = [];
  for (let hop = 0; ; hop++) {
    seen.push(url.href);
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(literal)) {
      const kind = classifyAddress(literal);
      if (!allowed(kind)) throw refusedAddress(url, literal, kind);
      userClass ??= kind;
    }
    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 4);
        const found = addresses as dns.LookupAddress[];
        const usable = found.filter((entry) => allowed(classifyAddress(entry.address)));
        if (usable.length === 0) {
          const refused = found[0]!.address;
          return callback(refusedAddress(url, refused, classifyAddress(refused)), '', 4);
        }
        userClass ??= classifyAddress(usable[0]!.address);
        if ((lookupOptions as { all?: boolean }).all) return callback(null, usable as never);
        callback(null, usable[0]!.address, usable[0]!.family);
      });
    };
    const response = await get(url, lookup, signal, options.timeoutMs);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (hop >= maxRedirects) {
        throw new ShotlinkError(
          'host',
          `${first.href} redirected more than ${maxRedirects} times` +
            (new Set(seen).size < seen.length ? ' (in a loop)' : '') +
            '; nothing was downloaded. Open it in a browser and copy the image’s own address.',
          { code: 'unreachable' },
        );
      }
      const next = new URL(response.headers.location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new ShotlinkError(
          'host',
          `${url.href} redirected to a ${next.protocol} link, which Shotlink does not follow; nothing was downloaded.`,
          { code: 'bad_url' },
        );
      }
      url = next;
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new ShotlinkError(
        'host',
        `${url.href} answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}: ` +
          'the image may have moved, expired or be private. Check the link in a browser.',
        { code: 'unreachable' },
      );
    }
    const bytes = await readImageBody(response, url, maxBytes, signal, options.timeoutMs);
    const fileName = imageNameOf(url);
    await screenImage(bytes, { fileName, maxInputPixels: options.maxInputPixels });
    return { bytes, fileName, finalUrl: url.href };
  }
}

function refusedAddress(url: URL, address: string, kind: AddressClass): ShotlinkError {
  return new ShotlinkError(
    'input',
    `${url.host} is a ${kind} address (${address}), and the link you gave was not: a redirect to it was ` +
      'refused, so nothing was fetched there. If you mean to fetch from that network, give its address yourself.',
    { code: 'bad_url' },
  );
}

function get(
  url: URL,
  lookup: LookupFunction,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      { lookup, signal, headers: { accept: 'image/*', 'user-agent': 'Shotlink' }, agent: false },
      resolve,
    );
    request.on('error', (error) => reject(networkError(error, url, signal, timeoutMs)));
  });
}

function networkError(error: Error, url: URL, signal: AbortSignal, timeoutMs: number): Error {
  if (error instanceof ShotlinkError) return error;
  if (signal.aborted) {
    const reason = signal.reason as Error | undefined;
    if (reason?.name === 'TimeoutError') {
      return new ShotlinkError(
        'host',
        `${url.host} did not deliver the image within ${Math.round(timeoutMs / 1000)} s ` +
          '(the setting requestTimeoutSeconds); nothing was uploaded.',
        { code: 'timeout', retryable: true },
      );
    }
    return new ShotlinkError('host', 'The download was cancelled.', { code: 'cancelled' });
  }
  // The lookup hook's refusal arrives wrapped by the socket: hand it on as it was.
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof ShotlinkError) return cause;
  return new ShotlinkError('host', `${url.host} could not be reached (${error.message}).`, {
    code: 'unreachable',
    retryable: true,
  });
}

/** The body, capped while it arrives; refused after its first bytes when they are not an image. */
function readImageBody(
  response: http.IncomingMessage,
  url: URL,
  maxBytes: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Uint8Array> {
  const tooLarge = () =>
    new ShotlinkError(
      'input',
      `${url.href} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB: too large to be an image to re-host; ` +
        'nothing was uploaded.',
      { code: 'file_too_large' },
    );
  return new Promise((resolve, reject) => {
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(tooLarge());
      return response.destroy();
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let sniffed = false;
    // The first reason wins: destroying the response makes it report being cut off too.
    const fail = (error: Error) => {
      reject(error);
      response.destroy();
    };
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length > maxBytes) return fail(tooLarge());
      if (!sniffed && length >= 16) {
        sniffed = true;
        const kind = sniffImage(Buffer.concat(chunks));
        if (kind.kind === 'other') {
          const type = response.headers['content-type'];
          fail(
            new ShotlinkError(
              'input',
              `${url.href} is not an image Shotlink can upload: it looks like ${kind.description}` +
                (type ? ` (${type.split(';')[0]})` : '') +
                `. Give the link of the ${ACCEPTED_FORMATS_TEXT} image itself (right-click it → Copy image address).`,
              { code: 'not_an_image' },
            ),
          );
        }
      }
    });
    response.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    response.on('error', (error) => reject(networkError(error, url, signal, timeoutMs)));
    response.on('aborted', () => reject(networkError(new Error('cut off'), url, signal, timeoutMs)));
  });
}
