// Fake secrets in their real formats, one generator per kind. Each secret says what is drawn on screen
// (`text`) and which random parts of it must not be readable after redaction (`parts`): a known prefix
// (`ghp_`, `xoxb-`, a JWT's fixed header) is no secret, its random tail is.
import type { Random } from './random.ts';
import { ALNUM, B64, B64URL, DIGITS, HEX, LOWER, UPPER } from './random.ts';

export const KINDS = [
  'github-classic',
  'github-fine',
  'slack',
  'aws-key-id',
  'aws-secret',
  'stripe',
  'openai',
  'anthropic',
  'discord',
  'sendgrid',
  'huggingface',
  'npm',
  'google',
  'jwt',
  'bearer',
  'private-key',
  'private-key-cut',
  'db-url',
  'requirepass',
  'npm-authtoken',
  'x-api-key',
  'hex40',
  'card',
  'phone',
  'email',
] as const;
export type Kind = (typeof KINDS)[number];

export interface Secret {
  kind: Kind;
  /** What is drawn, e.g. `ghp_…` or a whole database URL. */
  text: string;
  /** The random parts; a leak is about 8 consecutive readable characters of any of them. */
  parts: string[];
  /** Lines drawn one under the other (private keys); otherwise absent. */
  lines?: string[];
}

const FIRST = [
  'priya',
  'jonathan',
  'mariana',
  'kwabena',
  'svetlana',
  'hiroshi',
  'leonardo',
  'fatima',
  'gabriel',
  'ingrid',
];
const LAST = [
  'raman',
  'whitfield',
  'okonkwo',
  'castellanos',
  'lindqvist',
  'nakamura',
  'dubois',
  'haddad',
  'moreau',
  'petrov',
];
const EMAIL_DOMAINS = [
  'northwindtraders.com',
  'globexmail.net',
  'initech-corp.io',
  'umbrellalabs.org',
  'hooliworks.dev',
];

function luhnComplete(prefix: string, length: number, rng: Random): string {
  let digits = prefix + rng.string(DIGITS, length - prefix.length - 1);
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    if (d > 9) d -= 9;
    sum += d;
  }
  digits += String((10 - (sum % 10)) % 10);
  return digits;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export function makeSecret(kind: Kind, rng: Random): Secret {
  switch (kind) {
    case 'github-classic': {
      const r = rng.string(ALNUM, 36);
      return { kind, text: `${rng.pick(['ghp_', 'ghp_', 'gho_', 'ghs_'])}${r}`, parts: [r] };
    }
    case 'github-fine': {
      const a = rng.string(ALNUM, 22);
      const b = rng.string(ALNUM, 59);
      return { kind, text: `github_pat_${a}_${b}`, parts: [a, b] };
    }
    case 'slack': {
      const a = rng.string(DIGITS, rng.int(10, 12));
      const b = rng.string(DIGITS, 13);
      if (rng.chance(0.7)) {
        const c = rng.string(ALNUM, 24);
        return { kind, text: `xoxb-${a}-${b}-${c}`, parts: [a, b, c] };
      }
      const c = rng.string(DIGITS, 13);
      const d = rng.string(HEX, 32);
      return { kind, text: `xoxp-${a}-${b}-${c}-${d}`, parts: [a, b, c, d] };
    }
    case 'aws-key-id': {
      const r = rng.string(UPPER + '234567', 16);
      return { kind, text: `${rng.pick(['AKIA', 'AKIA', 'ASIA'])}${r}`, parts: [r] };
    }
    case 'aws-secret': {
      const r = rng.string(B64, 40);
      return { kind, text: r, parts: [r] };
    }
    case 'stripe': {
      const r = rng.string(ALNUM, rng.pick([24, 34, 99]));
      return { kind, text: `${rng.pick(['sk_live_', 'rk_live_', 'sk_test_'])}${r}`, parts: [r] };
    }
    case 'openai': {
      if (rng.chance(0.5)) {
        const a = rng.string(ALNUM, 20);
        const b = rng.string(ALNUM, 20);
        return { kind, text: `sk-${a}T3BlbkFJ${b}`, parts: [a, b] };
      }
      const a = rng.string(B64URL, 48);
      const b = rng.string(B64URL, 24);
      return { kind, text: `sk-proj-${a}T3BlbkFJ${b}`, parts: [a, b] };
    }
    case 'anthropic': {
      const r = rng.string(B64URL, 93);
      return { kind, text: `sk-ant-api03-${r}AA`, parts: [r] };
    }
    case 'discord': {
      const id = `1${rng.string(DIGITS, 18)}`;
      const a = base64url(id);
      const b = rng.string(B64URL, 6);
      const c = rng.string(B64URL, 38);
      return { kind, text: `${a}.${b}.${c}`, parts: [a, c] };
    }
    case 'sendgrid': {
      const a = rng.string(B64URL, 22);
      const b = rng.string(B64URL, 43);
      return { kind, text: `SG.${a}.${b}`, parts: [a, b] };
    }
    case 'huggingface': {
      const r = rng.string(UPPER + LOWER, 34);
      return { kind, text: `hf_${r}`, parts: [r] };
    }
    case 'npm': {
      const r = rng.string(ALNUM, 36);
      return { kind, text: `npm_${r}`, parts: [r] };
    }
    case 'google': {
      const r = rng.string(B64URL, 35);
      return { kind, text: `AIza${r}`, parts: [r] };
    }
    case 'jwt': {
      const header = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
      const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
      const payload = base64url(
        JSON.stringify({ sub: rng.string(DIGITS, 10), name, iat: 1700000000 + rng.int(0, 9999999) }),
      );
      const signature = rng.string(B64URL, 43);
      return { kind, text: `${header}.${payload}.${signature}`, parts: [payload, signature] };
    }
    case 'bearer': {
      const r = rng.string(B64URL, rng.int(32, 48));
      return { kind, text: r, parts: [r] };
    }
    case 'private-key':
    case 'private-key-cut': {
      const type = rng.pick(['RSA', 'OPENSSH', 'EC', '']);
      const begin = `-----BEGIN ${type ? type + ' ' : ''}PRIVATE KEY-----`;
      const end = `-----END ${type ? type + ' ' : ''}PRIVATE KEY-----`;
      const body: string[] = [];
      const count = rng.int(6, 12);
      for (let i = 0; i < count; i++) body.push(rng.string(B64, i === count - 1 ? rng.int(20, 60) : 64));
      return { kind, text: [begin, ...body, end].join('\n'), parts: body, lines: [begin, ...body, end] };
    }
    case 'db-url': {
      const pw = rng.string(ALNUM, rng.int(16, 24));
      const user = rng.pick(['app_user', 'admin', 'root', 'orders_rw', 'default']);
      const url = rng.pick([
        `postgres://${user}:${pw}@db.internal.acme.dev:5432/orders`,
        `postgresql://${user}:${pw}@10.0.3.12:5432/analytics`,
        `mysql://${user}:${pw}@mysql-primary.svc:3306/shop`,
        `mongodb+srv://${user}:${pw}@cluster0.ab12c.mongodb.net/prod`,
        `redis://${user}:${pw}@cache.acme.internal:6379/0`,
      ]);
      return { kind, text: url, parts: [pw] };
    }
    case 'requirepass':
    case 'x-api-key':
    case 'npm-authtoken': {
      if (kind === 'npm-authtoken' && rng.chance(0.5)) {
        const r = rng.string(HEX, 32);
        const uuid = `${r.slice(0, 8)}-${r.slice(8, 12)}-${r.slice(12, 16)}-${r.slice(16, 20)}-${r.slice(20)}`;
        return { kind, text: uuid, parts: [r] };
      }
      const r = rng.string(ALNUM, rng.int(24, 40));
      return { kind, text: kind === 'npm-authtoken' ? `npm_${r}` : r, parts: [r] };
    }
    case 'hex40': {
      const r = rng.string(HEX, 40);
      return { kind, text: r, parts: [r] };
    }
    case 'card': {
      const digits = luhnComplete(rng.pick(['4', '51', '53', '55', '4000']), 16, rng);
      const shown = rng.chance(0.7) ? digits.replace(/(\d{4})(?=\d)/g, '$1 ') : digits;
      return { kind, text: shown, parts: [digits] };
    }
    case 'phone': {
      const area = String(rng.int(201, 989));
      const mid = String(rng.int(200, 989));
      const last = rng.string(DIGITS, 4);
      const shown = rng.pick([
        `+1 (${area}) ${mid}-${last}`,
        `(${area}) ${mid}-${last}`,
        `+1 ${area} ${mid} ${last}`,
      ]);
      return { kind, text: shown, parts: [`${area}${mid}${last}`] };
    }
    case 'email': {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const domain = rng.pick(EMAIL_DOMAINS);
      const local = rng.pick([`${first}.${last}`, `${first}${last}`, `${first}_${last}${rng.int(1, 99)}`]);
      return { kind, text: `${local}@${domain}`, parts: [`${local}@${domain.split('.')[0]}`] };
    }
  }
}
