// The detectors over recognised text, as OCR really returns it: underscores dropped, 0 read as O, 1 as
// l or ], a dot as a space. Each finding is mapped to the boxes of its characters only (a label stays
// readable), and ordinary lines find nothing.
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../src-main/core/redact/find.ts';
import type { OcrLine } from '../../src-main/core/redact/ocr.ts';
import { entropy, looksSecret } from '../../src-main/core/redact/rules.ts';

/** A line of monospace text at row `row`, 10 px per character, as Tesseract would box it. */
function line(text: string, row = 0): OcrLine {
  let x = 0;
  const words = text.split(' ').map((word) => {
    const chars = [...word].map((char, i) => ({
      text: char,
      box: { x: x + i * 10, y: row * 20, width: 9, height: 14 },
    }));
    const box = { x, y: row * 20, width: word.length * 10, height: 14 };
    x += (word.length + 1) * 10;
    return { text: word, box, chars };
  });
  return { text, box: { x: 0, y: row * 20, width: x, height: 14 }, words };
}

const kinds = (...texts: string[]) =>
  findSecrets({ lines: texts.map((t, i) => line(t, i)) }).map((f) => f.kind);

describe('findSecrets', () => {
  it('finds tokens as OCR garbles them', () => {
    expect(kinds('GITHUB TOKEN=ghp xNWP6QrEUtDvZIN2YJFj7DGKsb4ePRypn7BQ')).toEqual(['github-token']);
    expect(kinds('export T=ghp_R8x2LmQ9vT4kP7wZ1cN5bY3hJ6dF]sA2eG8i')).toEqual(['github-token']);
    expect(kinds('AWS ACCESS KEY ID=AKIAVTG3GV52VVHVT4VY')).toEqual(['aws-access-key']);
    expect(kinds('STRIPE SECRET KEY=sk live MEpeYJne88bqq2V6ZusYpSXg')).toEqual(['stripe-key']);
    expect(kinds('SLACK BOT_TOKEN=xoxb-74944156061-242685867543-VKTVFpjn8esUzbFDj')).toEqual(['slack-token']);
    expect(
      kinds('X-Session: eyJhbGciOiJIUZILNij9.eyjzdWIiOilxDt79aMCVRT4HGIG72QXE afcVmCz2MeRtzMQUAWxX'),
    ).toEqual(['jwt']);
    expect(kinds('Authorization: Bearer w7ph)JrnuAPQcEUVtEbffpqWSUCY3jVjP2AAuVsbZ')).toEqual([
      'bearer-token',
    ]);
    expect(kinds('$ psql postgres://deploy:TrOub49ah2JAdu@l0.20.30.40:5432/shop')).toEqual([
      'url-password',
      'ip-address',
    ]);
    expect(kinds('mail the report to ops.lead@acme-corp.example')).toEqual(['email']);
  });

  it('covers the value, not its label', () => {
    const [finding] = findSecrets({ lines: [line('X-Api-Key: FSVpPMy6PQwyUmRVz5yHpHhxk5NVnUKD')] });
    expect(finding!.kind).toBe('labelled-secret');
    expect(finding!.boxes).toEqual([{ x: 110, y: 0, width: 319, height: 14 }]); // from the 12th character on
  });

  it('covers a private key from its BEGIN line to its END line', () => {
    const found = findSecrets({
      lines: [
        'here is the key',
        'BEGIN OPENSSH PRIVATE KEY-——',
        'Hshz4Njf87K9GTtx',
        '+WZzn3FukbFYYmnu',
        'END OPENSSH PRIVATE KEY-----',
        'thanks',
      ].map((t, i) => line(t, i)),
    });
    expect(found.map((f) => f.kind)).toEqual(['private-key']);
    expect(new Set(found[0]!.boxes.map((b) => b.y))).toEqual(new Set([20, 40, 60, 80]));
  });

  it('finds nothing in ordinary lines', () => {
    expect(
      kinds(
        'Build finished in 2.4 seconds',
        'nothing to commit, working tree clean',
        'APP_NAME=shop-frontend',
        'LOG_LEVEL=debug',
        'CACHE_TTL_SECONDS=300',
        'Status Code: 201 Created',
        'Content-Type: application/json',
        'password: ********',
        'API_KEY=${API_KEY}',
        'the monkey: bananas',
      ),
    ).toEqual([]);
  });

  it('judges labelled values by their label and their randomness', () => {
    expect(looksSecret('DB_PASSWORD', 'hunter22')).toBe(true);
    expect(looksSecret('api_key', 'shop-frontend')).toBe(false);
    expect(looksSecret('api_key', 'Zk3pQ9xW2mT7vR4n')).toBe(true);
    expect(entropy('aaaaaaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });
});

describe('bandsOf (a tall image is recognised as two overlapping halves)', () => {
  it('keeps every line in exactly one band, whole', async () => {
    const { bandsOf } = await import('../../src-main/core/redact/ocr.ts');
    expect(bandsOf(1000)).toEqual([{ top: 0, height: 1000, from: 0, to: 1000 }]);
    const bands = bandsOf(2160);
    expect(bands).toHaveLength(2);
    // A 60-px line straddling the middle: its middle is in one band, and that band holds all of it.
    for (const top of [1040, 1050, 1060, 1070, 1080, 1090]) {
      const middle = top + 30;
      const owners = bands.filter((band) => middle >= band.from && middle < band.to);
      expect(owners).toHaveLength(1);
      expect(owners[0]!.top).toBeLessThanOrEqual(top);
      expect(owners[0]!.top + owners[0]!.height).toBeGreaterThanOrEqual(top + 60);
    }
  });
});
