// The kinds of screenshot people share, each drawn as a small HTML page: code editors, terminals,
// token pages, console tables, chat, forms, CI logs, .env files, request headers and slides. A scene
// plants generated secrets with the labels (or none) people actually see beside them, and records
// every ordinary line, so the runner can tell a leak from damage.
import { Random } from './random.ts';
import { type Kind, type Secret, makeSecret } from './secrets.ts';
import { chatLine, ciLine, codeLine, pageLine, person, shellLine, slideLine, title } from './lines.ts';

export const FONTS = {
  mono: ['DejaVu Sans Mono', 'Nimbus Mono PS'],
  sans: ['DejaVu Sans', 'Nimbus Sans', 'URW Gothic', 'Nimbus Sans Narrow'],
  serif: ['DejaVu Serif', 'Nimbus Roman', 'C059', 'P052', 'URW Bookman'],
} as const;
export type FontClass = keyof typeof FONTS;

export interface Scene {
  name: string;
  width: number;
  height: number;
  scale: 1 | 2;
  font: string;
  fontClass: FontClass;
  fontSize: number;
  /** The long lines wrap (a terminal, a log, a chat bubble) rather than run off to the right. */
  wraps: boolean;
  css: string;
  body: string;
  secrets: Secret[];
  ordinary: string[];
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Collects what a scene plants: each secret gets a span the renderer can find, each ordinary line is kept. */
class Plant {
  readonly secrets: Secret[] = [];
  readonly ordinary: string[] = [];

  constructor(readonly rng: Random) {}

  secret(s: Secret, shown = s.text): string {
    const id = this.secrets.indexOf(s) >= 0 ? this.secrets.indexOf(s) : this.secrets.push(s) - 1;
    return `<span data-s="${id}">${esc(shown)}</span>`;
  }

  /** An ordinary line: drawn, and recorded when it has words enough to be checked. */
  text(line: string): string {
    const at = this.record(line);
    return at ? `<span${at}>${esc(line)}</span>` : esc(line);
  }

  /** Records an ordinary line with words enough to be checked; the attribute marks where it is drawn. */
  record(line: string): string {
    if (line.split(/\s+/).filter((w) => w.replace(/[^A-Za-z0-9]/g, '').length >= 3).length < 2) return '';
    return ` data-o="${this.ordinary.push(line) - 1}"`;
  }

  /** A label beside a secret: drawn, not recorded (the line it is on is not ordinary). */
  label(text: string): string {
    return esc(text);
  }
}

const ENV_NAMES: Partial<Record<Kind, string[]>> = {
  'github-classic': ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_PAT'],
  'github-fine': ['GITHUB_TOKEN', 'GH_PAT'],
  slack: ['SLACK_BOT_TOKEN', 'SLACK_TOKEN'],
  'aws-key-id': ['AWS_ACCESS_KEY_ID'],
  'aws-secret': ['AWS_SECRET_ACCESS_KEY'],
  stripe: ['STRIPE_SECRET_KEY', 'STRIPE_API_KEY'],
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  discord: ['DISCORD_BOT_TOKEN', 'DISCORD_TOKEN'],
  sendgrid: ['SENDGRID_API_KEY'],
  huggingface: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'],
  npm: ['NPM_TOKEN'],
  google: ['GOOGLE_API_KEY', 'MAPS_API_KEY'],
  jwt: ['SESSION_JWT', 'AUTH_TOKEN'],
  bearer: ['API_TOKEN', 'ACCESS_TOKEN'],
  'db-url': ['DATABASE_URL', 'DB_URL'],
  hex40: ['API_KEY_ID', 'CLIENT_SECRET', 'DEPLOY_KEY_ID'],
  email: ['SUPPORT_EMAIL', 'ADMIN_EMAIL'],
  phone: ['ONCALL_PHONE'],
  card: ['TEST_CARD_NUMBER'],
};

type Style = 'env' | 'ts' | 'py' | 'yaml' | 'shell' | 'prose';

/** One line holding a secret of this kind, as it appears in that style. */
function secretLine(p: Plant, kind: Kind, style: Style): string {
  const rng = p.rng;
  const s = makeSecret(kind, rng);
  const v = p.secret(s);
  const name = rng.pick(ENV_NAMES[kind] ?? ['SECRET']);
  switch (kind) {
    case 'requirepass':
      return style === 'yaml'
        ? `${p.label('    command: redis-server --requirepass ')}${v}`
        : `${p.label(style === 'shell' ? '$ redis-server --requirepass ' : 'redis-server --requirepass ')}${v}${p.label(' --port 6380')}`;
    case 'npm-authtoken':
      return `${p.label(style === 'shell' ? '$ npm config set //registry.npmjs.org/:_authToken=' : '//registry.npmjs.org/:_authToken=')}${v}`;
    case 'x-api-key':
      if (style === 'shell')
        return `${p.label('$ curl -H "X-Api-Key: ')}${v}${p.label('" https://api.example.dev/v2/orders')}`;
      if (style === 'ts' || style === 'py')
        return `${p.label("  headers: { 'X-Api-Key': '")}${v}${p.label("' },")}`;
      return `${p.label('X-Api-Key: ')}${v}`;
    case 'bearer':
    case 'jwt':
      if (style === 'shell')
        return `${p.label('$ curl -H "Authorization: Bearer ')}${v}${p.label('" https://api.example.dev/me')}`;
      if (style === 'prose') return `${p.label('use this header: Authorization: Bearer ')}${v}`;
      break;
    case 'aws-key-id':
      if (style === 'shell') return `${p.label('AWS Access Key ID [None]: ')}${v}`;
      break;
    case 'aws-secret':
      if (style === 'shell') return `${p.label('AWS Secret Access Key [None]: ')}${v}`;
      break;
    case 'db-url':
      if (style === 'shell') return `${p.label('$ psql "')}${v}${p.label('"')}`;
      break;
    default:
      break;
  }
  switch (style) {
    case 'env':
      return `${p.label(`${name}=`)}${v}`;
    case 'shell':
      return `${p.label(`$ export ${name}=`)}${v}`;
    case 'ts':
      return `${p.label(`const ${name.toLowerCase().replace(/_(.)/g, (_m, c: string) => c.toUpperCase())} = '`)}${v}${p.label("';")}`;
    case 'py':
      return `${p.label(`${name} = "`)}${v}${p.label('"')}`;
    case 'yaml':
      return `${p.label(`  ${name.toLowerCase()}: `)}${v}`;
    case 'prose':
      return rng.pick([
        `${p.label('here is the key for staging ')}${v}`,
        `${p.label('you can reach me at ')}${v}`,
        `${v}${p.label(' (the one from the vault)')}`,
        `${p.label(`${name.toLowerCase().replace(/_/g, ' ')}: `)}${v}`,
      ]);
  }
}

function pickKinds(rng: Random, from: readonly Kind[], min: number, max: number): Kind[] {
  return rng.shuffle(from).slice(0, rng.int(min, max));
}

function theme(rng: Random): { bg: string; fg: string; dim: string; accent: string } {
  return rng.pick([
    { bg: '#1e1e1e', fg: '#d4d4d4', dim: '#858585', accent: '#569cd6' },
    { bg: '#282c34', fg: '#abb2bf', dim: '#5c6370', accent: '#e5c07b' },
    { bg: '#002b36', fg: '#93a1a1', dim: '#586e75', accent: '#b58900' },
    { bg: '#ffffff', fg: '#24292e', dim: '#959da5', accent: '#005cc5' },
    { bg: '#fdf6e3', fg: '#586e75', dim: '#93a1a1', accent: '#268bd2' },
    { bg: '#f5f5f5', fg: '#333333', dim: '#999999', accent: '#a626a4' },
  ]);
}

const CODE_KINDS: Kind[] = [
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
  'db-url',
  'x-api-key',
  'hex40',
  'requirepass',
  'npm-authtoken',
  'email',
];
const SHELL_KINDS: Kind[] = [
  'github-classic',
  'github-fine',
  'slack',
  'aws-key-id',
  'aws-secret',
  'openai',
  'anthropic',
  'huggingface',
  'npm',
  'jwt',
  'bearer',
  'db-url',
  'requirepass',
  'npm-authtoken',
  'x-api-key',
  'sendgrid',
  'google',
  'discord',
];
const VENDOR_KINDS: Kind[] = [
  'github-classic',
  'github-fine',
  'npm',
  'huggingface',
  'openai',
  'anthropic',
  'stripe',
  'sendgrid',
  'google',
  'slack',
  'discord',
];

type Builder = (p: Plant) => Omit<Scene, 'secrets' | 'ordinary' | 'name'>;

/** A code editor (dark or light): line numbers, a file of code with secrets in it; sometimes a split with a terminal below, where a private key runs off the bottom of the editor pane. */
const editor: Builder = (p) => {
  const rng = p.rng;
  const t = theme(rng);
  const fontClass: FontClass = rng.chance(0.8) ? 'mono' : rng.pick(['sans', 'serif'] as const);
  const font = rng.pick(FONTS[fontClass]);
  const fontSize = rng.int(11, 16);
  const style = rng.pick(['ts', 'py', 'yaml', 'env'] as const);
  const split = rng.chance(0.5);
  const rows: string[] = [];
  const total = rng.int(18, 26);
  const kinds = pickKinds(rng, CODE_KINDS, 2, 3);
  const slots = new Map(kinds.map((k) => [rng.int(1, total - 2), k] as const));
  for (let i = 0; i < total; i++) {
    const k = slots.get(i);
    rows.push(
      k ? secretLine(p, k, style) : p.text(style === 'py' ? codeLine(rng, 'py') : codeLine(rng, 'ts')),
    );
  }
  let keyRows: string[] = [];
  if (split || rng.chance(0.3)) {
    const key = makeSecret(split ? 'private-key-cut' : 'private-key', rng);
    keyRows = key.lines!.map((l) => p.secret(key, l));
    if (!split) keyRows.push(p.text(codeLine(rng, 'ts')));
  }
  const all = [...rows, ...keyRows];
  const lh = Math.round(fontSize * 1.5);
  const width = rng.int(1100, 1400);
  const editorRows = split ? rows.length + 4 : all.length;
  const editorHeight = editorRows * lh + 16;
  const terminal = split
    ? Array.from({ length: 6 }, () => `<div class="line">${p.text(shellLine(rng))}</div>`).join('')
    : '';
  const height = split ? editorHeight + 6 * lh + 60 : Math.min(editorHeight + 40, 1000);
  const body = `<div class="tabs">${esc(rng.pick(['config.ts', 'settings.py', 'docker-compose.yml', '.env.local']))}</div>
<div class="ed" style="height:${editorHeight}px">${all.map((r, i) => `<div class="line"><span class="no">${i + 1}</span>${r}</div>`).join('')}</div>
${split ? `<div class="panel"><div class="ptitle">TERMINAL</div>${terminal}</div>` : ''}`;
  const css = `body{margin:0;background:${t.bg};color:${t.fg};font-family:'${font}';font-size:${fontSize}px}
.tabs{padding:6px 12px;color:${t.accent};border-bottom:1px solid ${t.dim};font-size:${fontSize}px}
.ed{overflow:hidden;padding:8px 0}.line{white-space:pre;line-height:${lh}px}
.no{display:inline-block;width:3.5em;color:${t.dim};text-align:right;margin-right:1.2em}
.panel{border-top:2px solid ${t.dim};padding:6px 12px}.ptitle{color:${t.dim};font-size:${Math.max(10, fontSize - 2)}px}`;
  return {
    width,
    height,
    scale: rng.chance(0.2) ? 2 : 1,
    font,
    fontClass,
    fontSize,
    wraps: false,
    css,
    body,
  };
};

/** A terminal at 1× or 2×: commands that print or take secrets, long lines wrapped at the terminal's width. */
const terminal: Builder = (p) => {
  const rng = p.rng;
  const t = theme(rng);
  const font = rng.pick(FONTS.mono);
  const fontSize = rng.int(11, 18);
  const cols = rng.int(80, 110);
  const lines: string[] = [];
  const kinds = pickKinds(rng, SHELL_KINDS, 2, 4);
  for (const k of kinds) {
    for (let i = rng.int(1, 3); i > 0; i--) lines.push(p.text(shellLine(rng)));
    if ((k === 'aws-key-id' || k === 'aws-secret') && !lines.some((l) => l.includes('aws configure')))
      lines.push(p.label('$ aws configure'));
    lines.push(secretLine(p, k, 'shell'));
  }
  for (let i = rng.int(1, 3); i > 0; i--) lines.push(p.text(shellLine(rng)));
  if (rng.chance(0.25)) {
    const key = makeSecret('private-key-cut', rng);
    lines.push(p.label('$ cat ~/.ssh/id_ed25519'));
    // The screenshot ends three lines above the key's END line (the renderer cuts at .cut-here).
    lines.push(
      ...key.lines!.map(
        (l, i, all) => (i === all.length - 3 ? `<span class="cut-here"></span>` : '') + p.secret(key, l),
      ),
    );
  }
  const charWidth = fontSize * 0.6;
  const width = Math.round(cols * charWidth + 24);
  const lh = Math.round(fontSize * 1.3);
  const height = 1100;
  const css = `body{margin:0;background:${t.bg};color:${t.fg};font-family:'${font}';font-size:${fontSize}px;overflow:hidden}
.term{padding:12px;width:${Math.round(cols * charWidth)}px}.line{white-space:pre-wrap;word-break:break-all;line-height:${lh}px}`;
  const body = `<div class="term">${lines.map((l) => `<div class="line">${l}</div>`).join('')}</div>`;
  return {
    width,
    height,
    scale: rng.chance(0.5) ? 2 : 1,
    font,
    fontClass: 'mono',
    fontSize,
    wraps: true,
    css,
    body,
  };
};

function pageFont(rng: Random): { font: string; fontClass: FontClass } {
  const fontClass: FontClass = rng.chance(0.3) ? 'serif' : 'sans';
  return { font: rng.pick(FONTS[fontClass]), fontClass };
}

/** A vendor's token page: the new token in a box, the usual warning, its scopes. */
const tokenPage: Builder = (p) => {
  const rng = p.rng;
  const { font, fontClass } = pageFont(rng);
  const fontSize = rng.int(13, 18);
  const kinds = pickKinds(rng, VENDOR_KINDS, 1, 2);
  const boxFont = rng.chance(0.5) ? rng.pick(FONTS.mono) : font;
  const cards = kinds
    .map((k) => {
      const s = makeSecret(k, rng);
      return `<div class="card"><div class="line h">${p.text(`${title(rng)} key created`)}</div>
<div class="line">${p.text(pageLine(rng))}</div>
<div class="line box">${p.secret(s)}<span class="copy">Copy</span></div>
<div class="line">${p.text(pageLine(rng))}</div></div>`;
    })
    .join('');
  const extra = rng.chance(0.4)
    ? `<div class="card"><div class="line">${p.label(rng.pick(['Key ID: ', 'Client ID ', 'Signing key id: ']))}${p.secret(makeSecret('hex40', rng))}</div></div>`
    : '';
  const css = `body{margin:0;background:#f6f8fa;color:#1f2328;font-family:'${font}';font-size:${fontSize}px}
nav{background:#24292f;color:#fff;padding:12px 24px}.main{padding:20px 40px;max-width:900px}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:16px;margin-bottom:16px}
.line{margin:6px 0;line-height:1.5}.h{font-weight:bold;font-size:1.2em}
.box{background:#dafbe1;border:1px solid #4ac26b;padding:8px;font-family:'${boxFont}';word-break:break-all}
.copy{margin-left:12px;color:#0969da;font-family:'${font}'}`;
  const body = `<nav>${p.text(`Settings / Developer settings / ${title(rng)}`)}</nav><div class="main">${cards}${extra}
<div class="line">${p.text(pageLine(rng))}</div></div>`;
  return {
    width: rng.int(1000, 1300),
    height: rng.int(560, 760),
    scale: rng.chance(0.2) ? 2 : 1,
    font,
    fontClass,
    fontSize,
    wraps: true,
    css,
    body,
  };
};

/** A console table: the column header above, the value below (access keys, API keys, key ids). */
const cloudTable: Builder = (p) => {
  const rng = p.rng;
  const { font, fontClass } = pageFont(rng);
  const fontSize = rng.int(12, 16);
  const aws = rng.chance(0.5);
  const headers = aws
    ? ['Name', 'Access key ID', 'Secret access key', 'Created']
    : ['Name', rng.pick(['API key', 'Secret key', 'Key']), rng.pick(['Key ID', 'Fingerprint']), 'Created'];
  const rows: string[] = [];
  for (let i = rng.int(2, 3); i > 0; i--) {
    const name = `${title(rng).toLowerCase().replace(' ', '-')}-${rng.int(1, 99)}`;
    const a = aws
      ? makeSecret('aws-key-id', rng)
      : makeSecret(rng.pick(['stripe', 'google', 'sendgrid', 'openai'] as const), rng);
    const b = aws ? makeSecret('aws-secret', rng) : makeSecret('hex40', rng);
    rows.push(
      `<tr class="line"><td>${p.label(name)}</td><td>${p.secret(a)}</td><td>${p.secret(b)}</td><td>${p.label(`2026-0${rng.int(1, 9)}-1${rng.int(0, 9)}`)}</td></tr>`,
    );
  }
  const headRow = `<tr class="line"${p.record(headers.join(' '))}>${headers.map((h) => `<th>${p.label(h)}</th>`).join('')}</tr>`;
  const css = `body{margin:0;background:#fff;color:#16191f;font-family:'${font}';font-size:${fontSize}px}
header{background:#232f3e;color:#fff;padding:10px 20px}.main{padding:20px}
table{border-collapse:collapse;width:100%}th{text-align:left;background:#fafafa;border-bottom:2px solid #ccc}
th,td{padding:8px 10px;vertical-align:top;border-bottom:1px solid #eee}td{word-break:break-all;max-width:420px}
.line{line-height:1.4}`;
  const body = `<header>${p.text(`${title(rng)} console | ${rng.pick(['us-east-1', 'eu-west-1', 'Project alpha'])}`)}</header><div class="main">
<div class="line">${p.text(pageLine(rng))}</div><table>${headRow}${rows.join('')}</table>
<div class="line">${p.text(pageLine(rng))}</div></div>`;
  return {
    width: rng.int(1100, 1400),
    height: rng.int(420, 600),
    scale: rng.chance(0.2) ? 2 : 1,
    font,
    fontClass,
    fontSize,
    wraps: true,
    css,
    body,
  };
};

/** A chat app: messages from people, some pasting a token, an email, a phone or a card number. */
const chat: Builder = (p) => {
  const rng = p.rng;
  const { font, fontClass } = pageFont(rng);
  const fontSize = rng.int(12, 16);
  const dark = rng.chance(0.4);
  const kinds = pickKinds(
    rng,
    [
      'slack',
      'discord',
      'jwt',
      'email',
      'phone',
      'card',
      'openai',
      'github-classic',
      'stripe',
      'huggingface',
      'bearer',
    ],
    2,
    4,
  );
  const msgs: string[] = [];
  for (const k of kinds) {
    msgs.push(`<div class="line msg">${p.text(chatLine(rng))}</div>`);
    msgs.push(`<div class="line msg">${secretLine(p, k, 'prose')}</div>`);
  }
  msgs.push(`<div class="line msg">${p.text(chatLine(rng))}</div>`);
  const withAuthors = msgs
    .map((m, i) =>
      i % 2 === 0
        ? `<div class="who">${esc(person(rng))} <span class="time">${rng.int(9, 17)}:${rng.int(10, 59)}</span></div>${m}`
        : m,
    )
    .join('');
  const css = `body{margin:0;display:flex;background:${dark ? '#1a1d21' : '#fff'};color:${dark ? '#d1d2d3' : '#1d1c1d'};font-family:'${font}';font-size:${fontSize}px}
.side{width:200px;background:${dark ? '#19171d' : '#3f0e40'};color:#ccc;padding:12px;min-height:100vh}
.main{padding:16px;max-width:${rng.int(520, 720)}px}.who{font-weight:bold;margin-top:10px}.time{font-weight:normal;color:#888;font-size:0.8em}
.msg{margin:2px 0 6px;line-height:1.45;overflow-wrap:anywhere}`;
  const body = `<div class="side"># ${esc(rng.pick(['backend', 'deploys', 'general', 'oncall']))}</div><div class="main">${withAuthors}</div>`;
  return {
    width: rng.int(900, 1200),
    height: rng.int(560, 760),
    scale: rng.chance(0.3) ? 2 : 1,
    font,
    fontClass,
    fontSize,
    wraps: true,
    css,
    body,
  };
};

/** A form: labels above fields holding personal data and a key. */
const form: Builder = (p) => {
  const rng = p.rng;
  const { font, fontClass } = pageFont(rng);
  const fontSize = rng.int(13, 18);
  const fields: [string, Kind | null][] = rng.shuffle([
    ['Email address', 'email'],
    ['Phone number', 'phone'],
    ['Card number', 'card'],
    [
      rng.pick(['API key', 'Secret key', 'Access token']),
      rng.pick(['openai', 'stripe', 'bearer', 'x-api-key', 'sendgrid'] as const),
    ],
    ['Company', null],
  ] as [string, Kind | null][]);
  const html = fields
    .map(([label, kind]) => {
      const value = kind ? p.secret(makeSecret(kind, rng)) : p.text(`${title(rng)} Incorporated`);
      return `<div class="f"><div class="line lab">${p.label(label)}</div><div class="line in">${value}</div></div>`;
    })
    .join('');
  const css = `body{margin:0;background:#eef1f5;color:#222;font-family:'${font}';font-size:${fontSize}px}
.card{background:#fff;margin:24px auto;width:620px;padding:24px;border-radius:8px}
.f{margin-bottom:14px}.lab{color:#555;margin-bottom:4px}.in{border:1px solid #bbb;border-radius:4px;padding:8px;word-break:break-all}`;
  const body = `<div class="card"><div class="line" style="font-size:1.3em;font-weight:bold">${p.text(`${title(rng)} checkout`)}</div>${html}</div>`;
  return {
    width: rng.int(800, 1000),
    height: rng.int(620, 760),
    scale: rng.chance(0.3) ? 2 : 1,
    font,
    fontClass,
    fontSize,
    wraps: true,
    css,
    body,
  };
};

/** A CI log: timestamped lines, a step that echoes or sends a secret, wrapped at the log's width. */
const ciLog: Builder = (p) => {
  const rng = p.rng;
  const font = rng.pick(FONTS.mono);
  const fontSize = rng.int(10, 14);
  const lines: string[] = [];
  const kinds = pickKinds(rng, SHELL_KINDS, 2, 3);
  for (const k of kinds) {
    for (let i = rng.int(2, 4); i > 0; i--) lines.push(p.text(ciLine(rng)));
    lines.push(secretLine(p, k, rng.pick(['shell', 'env'] as const)));
  }
  for (let i = rng.int(2, 4); i > 0; i--) lines.push(p.text(ciLine(rng)));
  const css = `body{margin:0;background:#0d1117;color:#c9d1d9;font-family:'${font}';font-size:${fontSize}px}
.log{padding:12px;width:${rng.int(700, 1000)}px}.line{white-space:pre-wrap;word-break:break-all;line-height:1.5}`;
  const body = `<div class="log">${lines.map((l, i) => `<div class="line"><span style="color:#6e7681">${i + 1}  </span>${l}</div>`).join('')}</div>`;
  return {
    width: 1040,
    height: Math.min(lines.length * fontSize * 3 + 40, 900),
    scale: rng.chance(0.3) ? 2 : 1,
    font,
    fontClass: 'mono',
    fontSize,
    wraps: true,
    css,
    body,
  };
};

/** A .env file in an editor or a `cat .env`: NAME=value lines and comments. */
const envFile: Builder = (p) => {
  const rng = p.rng;
  const t = theme(rng);
  const font = rng.pick(FONTS.mono);
  const fontSize = rng.int(12, 18);
  const lines: string[] = [];
  const kinds = pickKinds(rng, [...CODE_KINDS, 'phone', 'card'], 3, 4);
  lines.push(p.text(`# ${title(rng)} settings for the staging environment`));
  for (const k of kinds) {
    if (rng.chance(0.5))
      lines.push(
        p.text(
          `# ${rng.pick(['used by the', 'needed for the', 'rotate with the'])} ${title(rng).toLowerCase()} job`,
        ),
      );
    lines.push(
      p.label(
        `${rng.pick(['NODE_ENV=production', 'PORT=8080', 'LOG_LEVEL=debug', 'FEATURE_FLAGS=beta,search'])}`,
      ),
    );
    lines.push(secretLine(p, k, 'env'));
  }
  const css = `body{margin:0;background:${t.bg};color:${t.fg};font-family:'${font}';font-size:${fontSize}px}
.f{padding:14px}.line{white-space:pre;line-height:1.45}`;
  const body = `<div class="f">${lines.map((l) => `<div class="line">${l}</div>`).join('')}</div>`;
  return {
    width: rng.int(1000, 1300),
    height: Math.round(lines.length * fontSize * 1.45 + 40),
    scale: rng.chance(0.3) ? 2 : 1,
    font,
    fontClass: 'mono',
    fontSize,
    wraps: false,
    css,
    body,
  };
};

/** The request headers of a browser's network panel: the value column wraps. */
const httpHeaders: Builder = (p) => {
  const rng = p.rng;
  const font = rng.pick([...FONTS.sans, ...FONTS.mono]);
  const fontSize = rng.int(11, 14);
  const rows: string[] = [];
  const add = (name: string, value: string): void => {
    rows.push(`<tr class="line"><td class="n">${p.label(name)}</td><td>${value}</td></tr>`);
  };
  const ordinary: [string, string][] = [
    ['Accept', 'application/json, text/plain'],
    ['Accept-Language', 'en-US,en;q=0.9'],
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36'],
    ['Host', `api.${title(rng).toLowerCase().replace(' ', '-')}.example.com`],
    ['Referer', 'https://app.example.com/dashboard/settings'],
  ];
  for (const [n, v] of rng.shuffle(ordinary).slice(0, 3))
    rows.push(`<tr class="line"><td class="n">${p.label(n)}</td><td>${p.text(v)}</td></tr>`);
  const auth = makeSecret(rng.pick(['jwt', 'bearer'] as const), rng);
  add('Authorization', `${p.label('Bearer ')}${p.secret(auth)}`);
  if (rng.chance(0.7)) add(rng.pick(['X-Api-Key', 'x-api-key']), p.secret(makeSecret('x-api-key', rng)));
  for (const [n, v] of rng.shuffle(ordinary).slice(0, 2))
    rows.push(`<tr class="line"><td class="n">${p.label(n)}</td><td>${p.text(v)}</td></tr>`);
  const css = `body{margin:0;background:#fff;color:#202124;font-family:'${font}';font-size:${fontSize}px}
.bar{background:#f1f3f4;padding:6px 10px;border-bottom:1px solid #ccc}table{border-collapse:collapse;margin:8px}
td{padding:3px 8px;vertical-align:top}.n{font-weight:bold;white-space:nowrap}td:last-child{word-break:break-all;max-width:${rng.int(380, 560)}px}`;
  const body = `<div class="bar">${p.text(`Request URL: https://api.example.com/v1/${title(rng).toLowerCase().replace(' ', '/')}`)}</div>
<div class="bar">${p.label('Request Headers')}</div><table>${rows.join('')}</table>`;
  return {
    width: rng.int(760, 900),
    height: rng.int(300, 420),
    scale: rng.chance(0.5) ? 2 : 1,
    font,
    fontClass: (FONTS.mono as readonly string[]).includes(font) ? 'mono' : 'sans',
    fontSize,
    wraps: true,
    css,
    body,
  };
};

/** A slide: large text on a gradient, a key shown in the demo. */
const slide: Builder = (p) => {
  const rng = p.rng;
  const fontClass: FontClass = rng.chance(0.5) ? 'serif' : 'sans';
  const font = rng.pick(FONTS[fontClass]);
  const fontSize = rng.int(24, 32);
  const [c1, c2] = rng.pick([
    ['#667eea', '#764ba2'],
    ['#f093fb', '#f5576c'],
    ['#4facfe', '#00f2fe'],
    ['#43e97b', '#38f9d7'],
    ['#fa709a', '#fee140'],
    ['#30cfd0', '#330867'],
  ]);
  const k = rng.pick([
    'openai',
    'anthropic',
    'github-classic',
    'stripe',
    'google',
    'huggingface',
    'npm',
    'sendgrid',
    'email',
    'phone',
  ] as const);
  const light = ['#43e97b', '#4facfe', '#fa709a'].includes(c1 ?? '');
  const css = `body{margin:0;height:100vh;background:linear-gradient(${rng.int(90, 160)}deg,${c1},${c2});color:${light ? '#1b1b1b' : '#fff'};font-family:'${font}';font-size:${fontSize}px}
.s{padding:48px 64px}.line{line-height:1.35;margin:14px 0;overflow-wrap:anywhere}.t{font-size:32px;font-weight:bold}`;
  const body = `<div class="s"><div class="line t">${p.text(slideLine(rng))}</div>
<div class="line">${p.text(slideLine(rng))}</div><div class="line">${secretLine(p, k, rng.pick(['env', 'prose'] as const))}</div>
<div class="line">${p.text(slideLine(rng))}</div></div>`;
  return { width: 1280, height: 720, scale: 1, font, fontClass, fontSize, wraps: true, css, body };
};

export const SCENES: Record<string, Builder> = {
  editor,
  terminal,
  'token-page': tokenPage,
  'cloud-table': cloudTable,
  chat,
  form,
  'ci-log': ciLog,
  'env-file': envFile,
  'http-headers': httpHeaders,
  slide,
};

/** The scene of one seed: seeds walk through the scene kinds in turn, and the seed draws everything else. */
export function sceneFor(seed: number): Scene {
  const names = Object.keys(SCENES);
  const name = names[(seed - 1) % names.length]!;
  const plant = new Plant(new Random(seed));
  const built = SCENES[name]!(plant);
  return { name, ...built, secrets: plant.secrets, ordinary: plant.ordinary };
}
