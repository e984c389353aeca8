// Screenshots with known fake secrets, rendered by Debian's Chromium: a terminal, a `.env` file in an
// editor, request headers in developer tools, and a chat. The secrets are generated from a seed when the
// corpus is made (none is written in this repository), so every run sees the same ones, and each page
// also has ordinary lines that must stay readable after redaction.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.ts';
import { tesseractText } from './debian-tesseract.ts';

export interface CorpusSecret {
  kind: string;
  value: string;
}

export interface CorpusPage {
  name: string;
  html: string;
  secrets: CorpusSecret[];
  /** Lines with nothing secret in them, which must still read the same afterwards. */
  ordinary: string[];
}

/** Deterministic random tokens: a tiny LCG, enough to look random to a detector and to a person. */
function tokens(seed: number) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) >>> 8;
  const pick = (alphabet: string, n: number) =>
    Array.from({ length: n }, () => alphabet[next() % alphabet.length]).join('');
  return {
    alnum: (n: number) => pick('ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789', n),
    upper: (n: number) => pick('ABCDEFGHJKMNPQRSTUVWXYZ234567', n),
    digits: (n: number) => pick('0123456789', n),
    base64: (n: number) => pick('ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789+/', n),
  };
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function page(style: string, lines: string[]): string {
  return `<!doctype html><meta charset="utf-8"><style>body{margin:0;padding:18px 22px;${style}}
  div{white-space:pre;line-height:1.55}</style>${lines.map((l) => `<div>${escape(l)}</div>`).join('')}`;
}

export function secretCorpus(seed = 20261129): CorpusPage[] {
  const t = tokens(seed);
  const github = `ghp_${t.alnum(36)}`;
  const aws = `AKIA${t.upper(16)}`;
  const awsSecret = t.base64(40);
  const stripe = `sk_live_${t.alnum(24)}`;
  const slack = `xoxb-${t.digits(11)}-${t.digits(12)}-${t.alnum(24)}`;
  const google = `AIza${t.alnum(35)}`;
  const dbPassword = `Tr0ub4${t.alnum(8)}`;
  const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIx${t.alnum(20)}.${t.alnum(32)}`;
  const bearer = t.alnum(40);
  const apiKey = t.alnum(32);
  const webhook = `hooks.slack.com/services/T${t.upper(8)}/B${t.upper(8)}/${t.alnum(24)}`;
  const keyLines = Array.from({ length: 4 }, () => t.base64(56));
  const mono = 'font-family:"DejaVu Sans Mono",monospace;font-size:15px;';
  return [
    {
      name: 'terminal',
      html: page(`${mono}background:#1e1e1e;color:#d4d4d4`, [
        '$ npm run deploy',
        'Build finished in 2.4 seconds',
        `$ export GITHUB_TOKEN=${github}`,
        `$ psql postgres://deploy:${dbPassword}@10.20.30.40:5432/shop`,
        'Connected to the shop database',
        '$ git status',
        'nothing to commit, working tree clean',
      ]),
      secrets: [
        { kind: 'github-token', value: github },
        { kind: 'url-password', value: dbPassword },
        { kind: 'ip-address', value: '10.20.30.40' },
      ],
      ordinary: [
        'Build finished in 2.4 seconds',
        'nothing to commit, working tree clean',
        'Connected to the shop database',
      ],
    },
    {
      name: 'env-file',
      html: page(`${mono}background:#ffffff;color:#24292e`, [
        '# Production settings for the shop',
        'APP_NAME=shop-frontend',
        'LOG_LEVEL=debug',
        `AWS_ACCESS_KEY_ID=${aws}`,
        `AWS_SECRET_ACCESS_KEY=${awsSecret}`,
        `STRIPE_SECRET_KEY=${stripe}`,
        `SLACK_BOT_TOKEN=${slack}`,
        `GOOGLE_MAPS_KEY=${google}`,
        'CACHE_TTL_SECONDS=300',
      ]),
      secrets: [
        { kind: 'aws-access-key', value: aws },
        { kind: 'labelled-secret', value: awsSecret },
        { kind: 'stripe-key', value: stripe },
        { kind: 'slack-token', value: slack },
        { kind: 'google-api-key', value: google },
      ],
      ordinary: ['Production settings for the shop', 'APP_NAME=shop-frontend', 'CACHE_TTL_SECONDS=300'],
    },
    {
      name: 'request-headers',
      html: page('font-family:"DejaVu Sans",sans-serif;font-size:14px;background:#f8f9fa;color:#202124', [
        'Request URL: https://api.example.dev/v2/orders',
        'Request Method: POST',
        'Status Code: 201 Created',
        `Authorization: Bearer ${bearer}`,
        `X-Api-Key: ${apiKey}`,
        `X-Session: ${jwt}`,
        'Content-Type: application/json',
      ]),
      secrets: [
        { kind: 'bearer-token', value: bearer },
        { kind: 'labelled-secret', value: apiKey },
        { kind: 'jwt', value: jwt },
      ],
      ordinary: ['Request Method: POST', 'Status Code: 201 Created', 'Content-Type: application/json'],
    },
    {
      name: 'chat',
      html: page('font-family:"DejaVu Sans",sans-serif;font-size:15px;background:#ffffff;color:#1d1c1d', [
        'Dana: can you check why the alerts stopped?',
        `Sam: the webhook is https://${webhook}`,
        'Dana: thanks, also mail the report to ops.lead@acme-corp.example',
        'Sam: here is the deploy key, delete it after use',
        '-----BEGIN OPENSSH PRIVATE KEY-----',
        ...keyLines,
        '-----END OPENSSH PRIVATE KEY-----',
        'Dana: will do, see you at the standup',
      ]),
      secrets: [
        { kind: 'slack-webhook', value: webhook },
        { kind: 'email', value: 'ops.lead@acme-corp.example' },
        ...keyLines.map((value) => ({ kind: 'private-key', value })),
      ],
      ordinary: ['can you check why the alerts stopped?', 'will do, see you at the standup'],
    },
  ];
}

/** Renders each page to a PNG at the given device pixel ratio (2: a HiDPI screenshot). */
export async function renderCorpus(pages: CorpusPage[], scale = 1): Promise<Map<string, Buffer>> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({
      viewport: { width: 1100, height: 420 },
      deviceScaleFactor: scale,
    });
    const tab = await context.newPage();
    const shots = new Map<string, Buffer>();
    for (const { name, html } of pages) {
      await tab.setContent(html);
      shots.set(name, await tab.screenshot({ fullPage: true }));
    }
    return shots;
  } finally {
    await browser.close();
  }
}

/** Text compared the way OCR garbles it: letters and digits only, O→0, I/l→1, upper case. */
export function ocrNormal(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]/g, '')
    .toUpperCase()
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/**
 * Fixed prefixes of 8 characters or more (normalised): every such key starts with them, so they say what
 * kind of key it is and nothing of it; a page may show them apart from the key too (a JSON field named
 * `github_pat`).
 */
const FIXED_PREFIXES = ['github_pat_', 'sk-ant-api03-'];

/**
 * Whether any 8 characters in a row of the secret, not all of them its kind's fixed prefix, can be read in
 * (normalised) text.
 */
export function readable(secret: string, normalisedText: string): boolean {
  const normal = ocrNormal(secret);
  const prefix = FIXED_PREFIXES.find((p) => secret.startsWith(p));
  const from = prefix ? Math.max(0, ocrNormal(prefix).length - 7) : 0;
  for (let i = from; i + 8 <= normal.length; i++)
    if (normalisedText.includes(normal.slice(i, i + 8))) return true;
  return false;
}

/**
 * The text Debian's tesseract (an OCR independent of the one that redacted) reads in an image, normalised
 * the way OCR garbles it. `dir` holds the PNG it reads.
 */
export async function independentOcr(bytes: Uint8Array, dir: string): Promise<string> {
  const file = join(dir, `read-${randomBytes(6).toString('hex')}.png`);
  await writeFile(file, await sharp(bytes).png().toBuffer());
  return ocrNormal(tesseractText(file));
}

/**
 * What Debian's tesseract reads with its global threshold (Otsu's) and with its local one (Sauvola's),
 * together: on a gradient the global threshold alone misses text a person reads, and a secret either of
 * them reads counts as readable (before redaction and after).
 */
export async function independentOcrBothThresholds(bytes: Uint8Array, dir: string): Promise<string> {
  const file = join(dir, `read-${randomBytes(6).toString('hex')}.png`);
  await writeFile(file, await sharp(bytes).png().toBuffer());
  const read = (method: string) => tesseractText(file, ['-c', `thresholding_method=${method}`]);
  return ocrNormal(`${read('0')}\n${read('2')}`);
}
