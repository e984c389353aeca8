// What counts as a secret or personal data in a screenshot. The patterns follow gitleaks' rules (the id
// of the rule each one follows is beside it: github.com/gitleaks/gitleaks, config/gitleaks.toml), made
// tolerant of what OCR does to text: it drops underscores, reads 0 as O and 1 as l or I, and may put a
// space where a separator was. A maintained rule set's exact patterns would miss exactly those tokens,
// so the shapes are kept and the separators and character classes loosened.
import type { FindingKind } from '../../../src-shared/findings.ts';

export interface Rule {
  kind: FindingKind;
  /** Global regex over one line of recognised text. */
  pattern: RegExp;
  /** The capture group to cover (default: the whole match), e.g. only the password of a URL. */
  cover?: number;
  /** A last word on a match, e.g. that a labelled value looks random enough to be a secret. */
  accept?: (match: RegExpExecArray) => boolean;
}

/** An underscore, as OCR leaves it: kept, dropped, or read as a space. */
const SEP = '[_ ]?';
/** A character of a random token as OCR reads it: 1, l, I and J also come out as ] [ ) ( | ! { }. */
const TOK = '[A-Za-z0-9\\][)(|!{}]';
/** A separator dash as OCR reads it (also as an en or em dash). */
const DASH = '[-\u2013\u2014]';

/** Shannon entropy in bits per character: random tokens score high, words and numbers low. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/** Labels that mean "the value is a secret" whatever it looks like. */
const ALWAYS_SECRET = /pass|pwd|secret|private/i;

/** A labelled value is a secret when its label says so, or when it looks random (not a word, a number, a path). */
export function looksSecret(label: string, value: string): boolean {
  if (/^(true|false|null|none|yes|no|on|off|\*+|x+|<.*>|\$\{.*\}|changeme)$/i.test(value)) return false;
  if (ALWAYS_SECRET.test(label)) return value.length >= 4;
  if (value.length < 12) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return classes >= 2 && entropy(value) >= 3.2;
}

export const RULES: Rule[] = [
  // gitleaks: private-key — the header line; find.ts covers the block down to its END line.
  // OCR often drops the leading dashes or reads them as em dashes.
  { kind: 'private-key', pattern: new RegExp(`(?:${DASH}{2,}\\s?)?BEGIN[A-Z ]{0,30}PRIVATE KEY`, 'gi') },
  // gitleaks: aws-access-token
  { kind: 'aws-access-key', pattern: new RegExp(`\\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)${TOK}{16}`, 'g') },
  // gitleaks: github-pat, github-oauth, github-app-token, github-refresh-token, github-fine-grained-pat
  { kind: 'github-token', pattern: new RegExp(`\\bgh[pousr]${SEP}${TOK}{30,40}`, 'g') },
  { kind: 'github-token', pattern: new RegExp(`\\bgithub${SEP}pat${SEP}(?:${TOK}|_){60,90}`, 'g') },
  // gitleaks: slack-bot-token, slack-user-token, slack-app-token… (xox[abposr]-…)
  { kind: 'slack-token', pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  // gitleaks: slack-webhook-url
  { kind: 'slack-webhook', pattern: /hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/_-]{20,}/g },
  // gitleaks: stripe-access-token (secret and restricted keys; publishable pk_ keys are public)
  {
    kind: 'stripe-key',
    pattern: new RegExp(`\\b[sr]k${SEP}(?:live|test|prod)${SEP}[A-Za-z0-9]{10,99}\\b`, 'g'),
  },
  // gitleaks: gcp-api-key
  { kind: 'google-api-key', pattern: new RegExp(`\\bAIza(?:${TOK}|[_-]){30,40}`, 'g') },
  // gitleaks: jwt
  // Three base64url parts; OCR may read a dot as a space and the J of "eyJ" as j, ) or ].
  {
    kind: 'jwt',
    pattern: new RegExp(
      `\\bey${TOK}(?:${TOK}|[_-]){8,}[. ]ey(?:${TOK}|[_-]){8,}[. ](?:${TOK}|[_-]){8,}`,
      'g',
    ),
  },
  // gitleaks: generic credentials in a URL (scheme://user:password@host): the password only.
  // Everything from the password to the host's end is covered when OCR misreads the "@" itself.
  {
    kind: 'url-password',
    pattern: /\b[a-z][a-z0-9+.-]{1,20} ?:\/\/[^\s:/@]{1,64}:([^\s@/]{3,128}@|[^\s/]{3,128})/gi,
    cover: 1,
  },
  // gitleaks: generic-api-key's shape for HTTP headers: Authorization: Bearer <token>.
  {
    kind: 'bearer-token',
    pattern: new RegExp(`\\b(?:Bearer|Token)\\s+((?:${TOK}|[._~+/=-]){12,})`, 'g'),
    cover: 1,
  },
  // gitleaks: generic-api-key — a value after a label such as key, secret, token or password.
  {
    kind: 'labelled-secret',
    pattern:
      /\b([A-Za-z0-9_.-]*(?:key|secret|token|passw(?:or)?d|pwd|pass|auth|credentials?)[A-Za-z0-9_.-]*)["']?\s{0,3}(?:=|:=|=>|:)\s{0,3}["']?([^\s"',;]{4,200})/gi,
    cover: 2,
    accept: (match) => looksSecret(match[1]!, match[2]!),
  },
  // Personal data.
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g },
  // Octets as OCR reads them (l0 for 10, O for 0), each still at most 255.
  {
    kind: 'ip-address',
    pattern: /(?<![\w.])[0-9lIO]{1,3}(?:\.[0-9lIO]{1,3}){3}(?![\w.]*\w)/g,
    accept: (match) =>
      /\d/.test(match[0]) &&
      match[0]
        .replace(/[lI]/g, '1')
        .replace(/O/g, '0')
        .split('.')
        .every((octet) => Number(octet) <= 255),
  },
];

/** The END line of a private-key block (find.ts covers everything from BEGIN down to it). */
export const PRIVATE_KEY_END = /END[A-Z ]{0,30}PRIVATE KEY/i;
