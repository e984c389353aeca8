// The independent redaction measurement's own parts: secrets in their real formats, the tolerant
// read-back match, and scenes that are the same for a seed every time.
import { describe, expect, it } from 'vitest';
import { Random } from '../../bench/redaction-independent/random.ts';
import { KINDS, type Kind, makeSecret } from '../../bench/redaction-independent/secrets.ts';
import { fold, lineScore, partReadable, prepare } from '../../bench/redaction-independent/read-back.ts';
import { SCENES, sceneFor } from '../../bench/redaction-independent/scenes.ts';

// The vendors' published shapes (as in gitleaks' rules), written here independently of Shotlink's rules.
const FORMAT: Record<Kind, RegExp> = {
  'github-classic': /^gh[pos]_[A-Za-z0-9]{36}$/,
  'github-fine': /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/,
  slack: /^xox[bp]-\d{10,13}-\d{13}-[A-Za-z0-9-]{24,}$/,
  'aws-key-id': /^(AKIA|ASIA)[A-Z2-7]{16}$/,
  'aws-secret': /^[A-Za-z0-9+/]{40}$/,
  stripe: /^(sk|rk)_(live|test)_[A-Za-z0-9]{24,99}$/,
  openai: /^sk-(proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}$/,
  anthropic: /^sk-ant-api03-[A-Za-z0-9_-]{93}AA$/,
  discord: /^[MN][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}$/,
  sendgrid: /^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/,
  huggingface: /^hf_[A-Za-z]{34}$/,
  npm: /^npm_[A-Za-z0-9]{36}$/,
  google: /^AIza[A-Za-z0-9_-]{35}$/,
  jwt: /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/,
  bearer: /^[A-Za-z0-9_-]{32,48}$/,
  'private-key': /^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----$/,
  'private-key-cut': /^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----$/,
  'db-url': /^(postgres|postgresql|mysql|mongodb\+srv|redis):\/\/\w+:[A-Za-z0-9]{16,24}@[\w.-]+(:\d+)?\/\w+$/,
  requirepass: /^[A-Za-z0-9]{24,40}$/,
  'npm-authtoken': /^(npm_[A-Za-z0-9]{24,40}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/,
  'x-api-key': /^[A-Za-z0-9]{24,40}$/,
  hex40: /^[0-9a-f]{40}$/,
  card: /^\d{4} ?\d{4} ?\d{4} ?\d{4}$/,
  phone: /^(\+1 )?\(?\d{3}\)?[ ]\d{3}[- ]\d{4}$/,
  email: /^[a-z._0-9]+@[a-z-]+\.[a-z]+$/,
};

function luhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    let d = Number(c) * (i % 2 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  });
  return sum % 10 === 0;
}

describe('independent redaction measurement', () => {
  it('generates every kind in its real format, card numbers Luhn-valid, random parts inside the text', () => {
    const rng = new Random(7);
    for (const kind of KINDS)
      for (let i = 0; i < 25; i++) {
        const s = makeSecret(kind, rng);
        expect(s.text, kind).toMatch(FORMAT[kind]);
        for (const part of s.parts) expect(part.length, kind).toBeGreaterThanOrEqual(8);
        if (kind === 'card') expect(luhn(s.text.replace(/ /g, ''))).toBe(true);
      }
  });

  it('counts a leak from 8 characters read with the usual OCR confusions, not from 7', () => {
    const part = 'Ab0lI_9xQz7KpW';
    expect(partReadable(part, fold('token: Ab0lI 9x'))).toBe(false);
    expect(partReadable(part, fold('something AbOl1 9xQz'))).toBe(true);
    expect(partReadable(part, fold('x 9XQZ7kpw y'))).toBe(true);
    expect(partReadable(part, fold('no trace of it here'))).toBe(false);
  });

  it('scores an ordinary line by the share of its words read', () => {
    const line = 'Compiled 371 modules for shipment in 5.2s';
    expect(lineScore(line, prepare('$ Compiled 371 modules for shipment in 5.2s'))).toBe(1);
    expect(lineScore(line, prepare('Compiled 371 ████████'))).toBeLessThan(0.5);
  });

  it('draws the same scene for a seed every time, and every scene plants secrets and ordinary lines', () => {
    const names = Object.keys(SCENES);
    for (let seed = 1000; seed < 1000 + names.length; seed++) {
      const a = sceneFor(seed);
      expect(sceneFor(seed).body).toBe(a.body);
      expect(a.secrets.length, a.name).toBeGreaterThan(0);
      expect(a.ordinary.length, a.name).toBeGreaterThan(0);
      for (const [i] of a.secrets.entries()) expect(a.body).toContain(`data-s="${i}"`);
    }
    expect(new Set(names.map((_n, i) => sceneFor(1000 + i).name)).size).toBe(names.length);
  });
});
