// What counts as a secret or personal data in a screenshot.
//
// Vendor tokens follow gitleaks' rules (github.com/gitleaks/gitleaks, config/gitleaks.toml; the rule id is
// beside each prefix below). A screenshot is not a file, though: OCR reads `_` as a space, `0` as `O` or
// `®`, 1 as l, I or `]`, adds a stray letter before a prefix and splits a token in two. So a vendor rule
// here is only its *prefix*, matched on folded text (fold(): confusable characters made one), and
// find.ts then takes the token to its real extent (the whole word, the fragments OCR split off, the
// lines it wraps onto): the tolerance lives once, in the matcher, for every rule.
//
// Behind the vendor rules, defence in depth: a long random-looking word is covered whatever OCR made of
// it (randomLooking), and any word that looks random enough after a secret-like label (LABEL) or under
// a column header that names one.
import type { FindingKind } from '../../../src-shared/findings.ts';

/**
 * Text folded for matching prefixes, one character for one (so positions still map to boxes): lower
 * case; 0, O, ®, © and ° as `o`; 1, I, i, |, !, ] and [ as `l`; dashes as `-`; an underscore as a space;
 * `$` as `s` (a proportional face's S read as a dollar: `$G.…`).
 */
export function fold(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    const folded = /[0®©°øo]/.test(lower)
      ? 'o'
      : /[1il|!\][¡ı]/.test(lower)
        ? 'l'
        : /[\u2010-\u2015]/.test(lower)
          ? '-'
          : lower === '$'
            ? 's'
            : lower === '_'
              ? ' '
              : lower;
    // Keep one character for one, whatever lower-casing does to a rare letter.
    out += [...folded].length === 1 && folded.length === char.length ? folded : char;
  }
  return out;
}

/** Shannon entropy in bits per character: random tokens score high, words and numbers low. */
export function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

export interface VendorRule {
  kind: FindingKind;
  /** The gitleaks rule (or vendor documentation) the prefix follows. */
  source: string;
  /** The prefix, on folded text, as it starts a word (at most one stray character before it). */
  prefix: RegExp;
  /** Letters and digits the whole token has at least, as read (OCR may lose some). */
  min: number;
  /** The shortest the real token ever is: a shorter read means part of it may not have been read. */
  real: number;
  /** Whether the letters and digits after the prefix must look random (short prefixes that words share). */
  random?: boolean;
}

/** A separator as OCR leaves it: `_` or `-` kept, dropped, read as a space, or followed by one. */
const S = '[ \\-]{0,2}';

export const VENDOR_RULES: VendorRule[] = [
  {
    kind: 'github-token',
    source: 'github-fine-grained-pat',
    prefix: new RegExp(`^glthub${S}pat${S}`),
    min: 30,
    real: 82,
  },
  {
    kind: 'github-token',
    source: 'github-pat, github-oauth, github-app-token, github-refresh-token',
    prefix: new RegExp(`^gh[pousr]${S}`),
    min: 24,
    real: 36,
    random: true,
  },
  {
    kind: 'gitlab-token',
    source: 'gitlab-pat, gitlab-deploy-token',
    prefix: new RegExp(`^gl(?:pat|dt|ptt|rt)${S}`),
    min: 20,
    real: 20,
  },
  {
    kind: 'slack-token',
    source: 'slack-bot-token, slack-user-token, slack-app-token',
    prefix: new RegExp(`^(?:xox[abpoesr]|xapp)${S}`),
    min: 20,
    real: 40,
  },
  {
    kind: 'anthropic-key',
    source: 'anthropic-api-key, anthropic-admin-api-key',
    prefix: new RegExp(`^sk${S}ant${S}`),
    min: 30,
    real: 100,
  },
  {
    kind: 'openai-key',
    source: 'openai-api-key',
    prefix: new RegExp(`^sk${S}(?:proj|svcacct|admln)${S}`),
    min: 30,
    real: 50,
  },
  {
    kind: 'stripe-key',
    source: 'stripe-access-token',
    prefix: new RegExp(`^[sr]k${S}(?:llve|test|prod)${S}`),
    min: 18,
    real: 18,
  },
  // OpenAI's older keys: sk- and 48 letters and digits (gitleaks' rule wants the T3BlbkFJ marker).
  {
    kind: 'openai-key',
    source: 'openai-api-key (legacy sk- form)',
    prefix: new RegExp(`^sk${S}`),
    min: 32,
    real: 51,
    random: true,
  },
  {
    kind: 'sendgrid-key',
    source: 'sendgrid-api-token',
    // OCR reads the dot after SG as a comma, a colon or a dash now and then, and the G as a 6.
    prefix: /^[s5][g6][.,:;\- ]{1,2}/,
    min: 40,
    real: 66,
    random: true,
  },
  {
    kind: 'huggingface-token',
    source: 'huggingface-access-token',
    prefix: new RegExp(`^hf${S}`),
    min: 24,
    real: 36,
    random: true,
  },
  {
    kind: 'npm-token',
    source: 'npm-access-token',
    prefix: new RegExp(`^npm${S}`),
    min: 24,
    real: 39,
    random: true,
  },
  { kind: 'google-api-key', source: 'gcp-api-key', prefix: /^alza/, min: 24, real: 39 },
  {
    kind: 'aws-access-key',
    source: 'aws-access-token',
    // The I as OCR reads it in serif faces too (T), and the 16 characters after it maybe split once.
    prefix: /^(?:a3t[a-z0-9]|ak[lt]a|as[lt]a|abla|acca)(?=[a-z0-9]{4,} ?[a-z0-9]{4,})(?=(?:[a-z0-9] ?){12})/,
    min: 16,
    real: 20,
  },
  { kind: 'jwt', source: 'jwt', prefix: /^ey[jl]/, min: 24, real: 36, random: true },
  { kind: 'google-api-key', source: 'gcp-api-key', prefix: /^ya29[. ]/, min: 24, real: 40 },
];

/** A Discord bot token: the user id in base64, a timestamp, an HMAC (three dotted parts). */
// detect-secrets' DiscordBotTokenDetector: [MNO] and 23-25 characters, 6, 27 or more, dotted. OCR reads
// a dot as a comma, a colon, a dash or a space now and then, and a third part may be cut by a wrap.
export const DISCORD_TOKEN = /(?<![\w-])[MNO][\w-]{20,27}[.,:; -][\w-]{5,7}[.,:; -][\w-]{25,40}/g;

/** Characters a random token is made of, as OCR reads them. */
export const TOKEN_CHAR = /[A-Za-z0-9_\-+/=.~®©@|!\][]/;

/** The part of a word that may be a token: without the quotes, brackets and commas around it. */
export function tokenCore(word: string): { start: number; end: number } {
  let start = 0;
  let end = word.length;
  while (start < end && /["'`(<{[,;:]/.test(word[start]!)) start++;
  while (end > start && /["'`)>},;:.]/.test(word[end - 1]!)) end--;
  return { start, end };
}

const PLACEHOLDER =
  /^(true|false|null|none|nil|undefined|yes|no|on|off|\*+|•+|x+|<.*>|\$\{.*\}?|\$[a-z_][a-z0-9_]*|changeme|example|redacted|hidden)$/i;

/** Letters and digits only: what a token is judged on (OCR's separators vary). */
const compact = (text: string) => text.replace(/[^A-Za-z0-9]/g, '');

const DATE_TIME =
  /^[0-9OlI]{4}-[0-9OlI]{2}-[0-9OlI]{2}(?:[T ][0-9OlI]{2}:[0-9OlI]{2}(?::[0-9OlI]{2}(?:[.,][0-9OlI]+)?)?(?:Z|[+-][0-9OlI]{2}:?[0-9OlI]{2})?)?$/;

/**
 * Whether a word looks like a random token rather than a word, a number, a name, a path or a link.
 * `labelled`: a secret-like label is beside it, so a shorter or plainer value is enough (a 40-hex key id).
 */
export function randomLooking(word: string, labelled: boolean): boolean {
  if (PLACEHOLDER.test(word)) return false;
  // A date and time (a CI log's `2026-11-29T10:42:07.1234567Z`), its digits as OCR may read them.
  if (DATE_TIME.test(word)) return false;
  // Words joined into a name (APP_NAME=shop-frontend, getUserName, X-Request-Id) are not random.
  if (
    word
      .split(/[_\-=.:/]+/)
      .every((part) => /^(?:[a-z]*|[A-Z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+){0,3})$/.test(part))
  )
    return false;
  if (/:\/\/|^www\.|@.*\./.test(word)) return false;
  // Template placeholders (${API_KEY}, $API_KEY, {{ token }}, <token>), however OCR read the braces. A `$`
  // elsewhere is a proportional face's S as OCR read it (`$G.7clIOC…`), not a placeholder.
  if (/[<>]|\$[({]|\$[A-Z_][A-Z0-9_]*$|\{\{/.test(word) || (/[{}]/.test(word) && compact(word).length < 24))
    return false;
  // A path or a dotted name, an image's tag or an action's version after it (`ghcr.io/acme/app:3.14.2`,
  // `actions/checkout@v4`): every part plain lower case.
  if (/[/.]/.test(word) && word.split(/[/.:@]/).every((part) => /^[a-z0-9_-]*$/.test(part))) return false;
  const text = compact(word);
  const lower = /[a-z]/.test(text);
  const upper = /[A-Z]/.test(text);
  const digit = /[0-9]/.test(text);
  const bits = entropy(text);
  if (labelled) {
    if (text.length < 8) return false;
    // A hex key id or a long number is random, but one class only.
    if (/^[0-9a-f]{16,}$/i.test(text) && digit) return bits >= 3;
    return (
      [lower, upper, digit].filter(Boolean).length >= 2 &&
      bits >= (text.length >= 16 ? 2.6 : 2.9) &&
      !/^[A-Z][a-z]+$/.test(text)
    );
  }
  if (text.length < 20) return false;
  if (bits < 3.6) return false;
  // Mixed case with letters in no word's order: upper case is a fair share of the letters.
  const letters = text.replace(/[0-9]/g, '');
  const upperShare = letters.replace(/[a-z]/g, '').length / Math.max(1, letters.length);
  if (lower && upper && digit) return upperShare >= 0.15;
  if (lower && upper) return upperShare >= 0.25 && upperShare <= 0.85 && text.length >= 24;
  // Upper case and digits (an AWS key id shape, letters a fair share of it: not a stamp of digits with a
  // T and a Z) or lower case and digits (a labelless hex hash is a commit id or a checksum: left alone).
  return upper && digit && text.length >= 20 && letters.length >= 0.25 * text.length;
}

/**
 * Words that say the value after them is a secret. `strong`: the value is secret whatever it looks like
 * (after `=` or `:`); otherwise it must look random.
 */
export const LABEL =
  /(?:api[\s_-]?key|apikey|access[\s_-]?key|secret|token|passw(?:or)?d|passwd|pwd|passphrase|requirepass|auth|credentials?|creds|private[\s_-]?key|client[\s_-]?secret|signing[\s_-]?key|key[\s_-]?id|webhook|bearer|session|cookie|\bkey|\bpass)[a-z0-9_-]*/gi;
export const STRONG_LABEL = /pass|pwd|secret|private|credential/i;

/** A value after a label: after any separator, brackets such as `[None]`, quotes. */
export const LABEL_TAIL = /^["'`]?(?:\s*\[[^\]]{0,12}\])?\s{0,3}(?:[:=]{1,2}|=>|\||\s)\s{0,3}["'`(]?$/;

export function looksSecret(label: string, value: string, separator = '='): boolean {
  if (PLACEHOLDER.test(value) || value.length < 4) return false;
  if (STRONG_LABEL.test(label) && /[:=]/.test(separator)) return true;
  if (STRONG_LABEL.test(label) && /^-/.test(label)) return true; // --requirepass VALUE, --password VALUE
  // A quoted value assigned to a secret-like name (`auth_token = "…"`, `"apiKey": "…"`) is one, even
  // when it reads almost like a word (`Summer2024!`): code and config files say what it is.
  // Not a plain word, though (`"mode": "development"`): a digit, a symbol or a case change inside.
  if (
    /[:=]/.test(separator) &&
    /["'`]\s*$/.test(separator) &&
    value.length >= 8 &&
    (/[0-9!#%&*?@^~+]/.test(value) || /[a-z].*[A-Z]/.test(value))
  )
    return true;
  return randomLooking(value, true);
}

/** A column header or field label naming a secret, on the line above its value. */
export const HEADER =
  /^(?:api[\s_-]?key|key|secret|token|password|credential|access[\s_-]?key|secret[\s_-]?key|client[\s_-]?secret|value|private[\s_-]?key|key[\s_-]?id)s?$/i;

/** A form's field label naming personal data, with the kind its value would be. */
export const PERSONAL_FIELD: [RegExp, FindingKind][] = [
  [/^(?:phone|mobile|tel|telephone)(?:[\s_-]?(?:number|no\.?))?$/i, 'phone-number'],
  [/^e-?mail(?:[\s_-]?address)?$/i, 'email'],
  [/^card[\s_-]?(?:number|no\.?)$/i, 'card-number'],
];

/**
 * Letters OCR confuses in a short header word (a serif or monospace `K` read as `R`, `e` as `c`, `m`
 * as `n`), each mapped to what it may have been. One such letter is undone at a time.
 */
const HEADER_CONFUSIONS: Record<string, string> = {
  R: 'K',
  X: 'K',
  r: 'k',
  c: 'e',
  a: 'o',
  o: 'a',
  n: 'm',
  m: 'n',
  l: 'i',
  i: 'l',
  f: 't',
  t: 'f',
  '0': 'o',
  '5': 's',
};

/** A header naming a secret as read, or with one letter OCR confused (`Rey` for `Key`). */
export function headerLike(text: string): boolean {
  if (HEADER.test(text)) return true;
  if (text.length < 3) return false;
  for (let i = 0; i < text.length; i++) {
    const was = HEADER_CONFUSIONS[text[i]!];
    if (was && HEADER.test(text.slice(0, i) + was + text.slice(i + 1))) return true;
  }
  return false;
}

/** Passes the Luhn check (card numbers). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return sum % 10 === 0;
}

/** Digits as OCR may read them. */
const D = '[0-9OoIl]';
const asDigits = (text: string) =>
  text
    .replace(/[Oo]/g, '0')
    .replace(/[Il]/g, '1')
    .replace(/[^0-9]/g, '');

export interface LineRule {
  kind: FindingKind;
  /** Global regex over one line of recognised text. */
  pattern: RegExp;
  /** The capture group to cover (default: the whole match), e.g. only the password of a URL. */
  cover?: number;
  accept?: (match: RegExpExecArray) => boolean;
}

/** host:port is not user:password. */
export const URL_PASSWORD_ACCEPT = (m: RegExpExecArray): boolean =>
  m[1]!.endsWith('@') || !/^\d{1,5}(?:[/?#]|$)/.test(m[1]!);
/** A line ending in a URL broken before its password: the scheme, `//` and maybe part of the user. */
export const URL_BROKEN_HEAD = /\b[a-z][a-z0-9+.-]{1,20} ?:\/\/[^\s:/@]{0,64}$/i;
/** The next line of such a URL: the rest of the user, then the password (group 1), as url-password. */
export const URL_BROKEN_REST = /^[^\s:/@]{0,64} ?: ?([^\s@/]{3,128}@|[^\s/]{3,128})/;

/** Rules over a whole line of text: shapes with separators of their own. */
export const LINE_RULES: LineRule[] = [
  // gitleaks: generic credentials in a URL (scheme://user:password@host): the password only.
  // Everything from the password to the host's end is covered when OCR misreads the "@" itself.
  {
    kind: 'url-password',
    // The colons and slashes as OCR reads them too (`;`, a space inside `: //`).
    pattern: /\b[a-z][a-z0-9+.-]{1,20} ?[:;] ?\/ ?\/[^\s:;/@]{1,64}[:;] ?([^\s@/]{3,128}@|[^\s/]{3,128})/gi,
    cover: 1,
    accept: URL_PASSWORD_ACCEPT,
  },
  // gitleaks: slack-webhook-url
  { kind: 'slack-webhook', pattern: /hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9+/_-]{20,}/g },
  {
    kind: 'discord-token',
    pattern: DISCORD_TOKEN,
    // Separators read loosely: the parts must still be random, not words joined by dashes.
    accept: (m) => randomLooking(m[0].replace(/[.,:; -]/g, ''), false),
  },
  // Personal data.
  // The @ as OCR reads it too: ©, ®, or a Q (light text on a dark ground), between a name and a domain;
  // an address starts a word or follows its label's `=` or `:` with no space (`ADMIN_EMAIL=ana@…`), and
  // one without its @ is all lower case (not a piece of a token). With a real @ it may start anywhere:
  // a label OCR glued to it (`Emailana@…`, a slide's wide letters) is covered with it. Not after a `/`:
  // `postgres://deploy@db.internal` names a user of a URL. OCR puts a space beside a dot of the domain
  // now and then (`mail .example.org`, `example. com`): one space, before a lower-case part.
  {
    kind: 'email',
    pattern:
      /(?:(?<![/A-Za-z0-9._%+\u2010-\u2015-])[A-Za-z0-9._%+\u2010-\u2015-]+ ?@|(?<![^\s<(:"'`,;[=|>])[A-Za-z0-9._%+-]+ ?(?:[©®]|(?<=[a-z0-9])Q[Rr]?(?=[a-z0-9]))) ?[A-Za-z0-9-]+(?:(?:\.| \.|\. (?=[a-z]))[A-Za-z0-9-]+)*(?:\.| \.|\. (?=[a-z]))[A-Za-z]{2,}\b/g,
    accept: (m) => m[0].includes('@') || /^[a-z0-9._%+-]+ ?(?:[©®]|QR?) ?[a-z0-9.-]+$/.test(m[0]),
  },
  // Card numbers: 13 to 19 digits, grouped or not, passing the Luhn check. The shortest run that ends a
  // group first: in a table the next column's number (`… 6767 28 Nov 2026`) may follow a space away.
  {
    kind: 'card-number',
    pattern: new RegExp(`(?<![\\w.-])${D}(?:[ -]?${D}){12,18}?(?![\\w-])`, 'g'),
    accept: (m) => {
      const digits = asDigits(m[0]);
      return digits.length >= 13 && digits.length <= 19 && /\d{4}/.test(m[0]) && luhn(digits);
    },
  },
  // Phone numbers: international (+ and a country code) or a national number in its usual shape.
  {
    kind: 'phone-number',
    pattern: new RegExp(
      `(?<![\\w+.-])(?:\\+ ?${D}{1,3}[ .-]?(?:\\(${D}{1,4}\\)[ .-]?)?${D}{1,4}(?:[ .-]?${D}{2,4}){1,4}|\\(${D}{3}\\) ?${D}{3}[ .-]${D}{4}|${D}{3}[.-]${D}{3}[.-]${D}{4})(?![\\w.-])`,
      'g',
    ),
    accept: (m) => {
      const digits = asDigits(m[0]);
      return digits.length >= 9 && digits.length <= 15 && !/^\d{4}-\d{2}-\d{2}/.test(m[0]);
    },
  },
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

/** The header line of a private key (gitleaks: private-key). OCR drops or lengthens the dashes. */
export const PRIVATE_KEY_BEGIN = /BEGIN[A-Z ]{0,30}PRIVATE ?KEY/i;
/** The END line of a private-key block. */
export const PRIVATE_KEY_END = /END[A-Z ]{0,30}PRIVATE ?KEY/i;
/** A line of a key block's body: base64 characters, as OCR reads them, in at most a few pieces. */
export function keyBodyLine(text: string): boolean {
  const words = text.trim().split(/\s+/);
  const body = words.join('');
  if (body.length < 16 || entropy(body) < 3.5) return false;
  if (words.length <= 4 && /^[A-Za-z0-9+/=®©|!\][(){}_.-]+$/.test(body)) return true;
  // Read worse (a serif or proportional face at 1×): in up to 6 pieces, with a character or two OCR made
  // up (`,` `é` `£`), but base64 still: upper case, lower case and digits, and no plain word among the
  // pieces (an ordinary line below the block is not key material).
  const odd = body.replace(/[A-Za-z0-9+/=®©|!\][(){}_.-]/g, '').length;
  return (
    words.length <= 6 &&
    odd <= 2 &&
    /[A-Z]/.test(body) &&
    /[a-z]/.test(body) &&
    /[0-9]/.test(body) &&
    !words.some((word) => /^[A-Za-z][a-z]{2,}[:,.]?$/.test(word))
  );
}
