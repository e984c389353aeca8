// The detectors over recognised text, as OCR really returns it: underscores dropped, 0 read as O, 1 as
// l or ], a dot as a space. Each finding is mapped to the boxes of its characters only (a label stays
// readable), and ordinary lines find nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findSecrets } from '../../src-main/core/redact/find.ts';
import type { OcrLine, OcrResult } from '../../src-main/core/redact/ocr.ts';
import { entropy, looksSecret } from '../../src-main/core/redact/rules.ts';
import { paddedBox } from '../../src-shared/cover.ts';

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

describe('findSecrets on what nobody tuned it for (kinds, not examples)', () => {
  const cover = (...texts: string[]) => findSecrets({ lines: texts.map((t, i) => line(t, i)) });
  /** The characters of line `row` a finding's boxes cover (10 px per character, as `line` boxes them). */
  const covered = (findings: ReturnType<typeof cover>, text: string, row = 0) =>
    [...text]
      .map((char, i) =>
        findings.some((f) =>
          f.boxes.some((b) => b.y === row * 20 && b.x <= i * 10 && i * 10 + 9 <= b.x + b.width),
        )
          ? char
          : '',
      )
      .join('');

  it('reads through one misread character inside a token: a space for _, ® for 0, a stray letter', () => {
    expect(kinds('GITHUB_TOKEN=ghp 7fKqZ2mT9xW4vR8nL3cY6bJ1dH5sGa®Je5Ui0')).toEqual(['github-token']);
    const slack = 'X-Api-Key: Xx0xb-74944156061-242685867543-VKTVFpjn8esUzbFDjQw2Lp9M';
    const found = cover(slack);
    expect(found.map((f) => f.kind)).toEqual(['slack-token']);
    // Every part of a multi-part token, the random part included; the label stays.
    expect(covered(found, slack)).toBe('Xx0xb-74944156061-242685867543-VKTVFpjn8esUzbFDjQw2Lp9M');
  });

  it('covers a value wrapped across lines, every line of it', () => {
    const width = 50;
    const value = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkw.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV';
    const text = `$ curl -H "Authorization: Bearer ${value}" https://api.example.dev/v1`;
    const rows = Array.from({ length: Math.ceil(text.length / width) }, (_, i) =>
      text.slice(i * width, (i + 1) * width),
    );
    const found = cover(...rows, 'Deployed version 3.14.2 to staging');
    const read = rows.map((row, i) => covered(found, row, i)).join('');
    expect(read).toContain(value.slice(1));
    expect(covered(found, 'Deployed version 3.14.2 to staging', rows.length)).toBe('');
  });

  it('takes a piece OCR split off with no gap on screen, and a plain piece a terminal broke onto the next line', () => {
    // `abcdefgh` touches the token on screen (OCR alone split them): one word, covered whole.
    const glued = line('API_TOKEN=Zk3pQ9xW2mT7vR4nYb8s abcdefgh use it');
    const piece = glued.words[1]!;
    piece.box.x -= 9;
    for (const char of piece.chars) char.box.x -= 9;
    const found = findSecrets({ lines: [glued] });
    expect(found.map((f) => f.kind)).toEqual(['labelled-secret']);
    expect(found[0]!.boxes[0]!.x + found[0]!.boxes[0]!.width).toBe(piece.box.x + piece.box.width - 1);
    // A line broken at the margin: its plain continuation (`abcdef`) is covered with it, the rest is not.
    const wrapped = cover(
      'export API_TOKEN=Zk3pQ9xW2mT7vR4nYb8s',
      'abcdef into the config',
      'Downloading dependencies for frontend', // another line at the same margin: the page wraps
      'Deployed 3.14.2',
    );
    expect(covered(wrapped, 'abcdef into the config', 1)).toBe('abcdef');
    expect(wrapped.every((f) => f.mayRemain === undefined)).toBe(true);
  });

  it('says what may remain when a value runs to the margin and the next line does not look like its rest', () => {
    const found = cover(
      'export API_TOKEN=Zk3pQ9xW2mT7vR4nYb8s',
      'Region: eu-west-1',
      'Downloading dependencies for frontend',
    );
    expect(found.map((f) => f.kind)).toEqual(['labelled-secret']);
    expect(found[0]!.mayRemain).toMatch(/next/);
    // The widest line of a page that does not wrap runs to no margin: it ends where it ends.
    const short = cover(
      'export API_TOKEN=Zk3pQ9xW2mT7vR4nYb8s',
      'Region: eu-west-1',
      'Deployed version 3.14.2 to staging on eu-west-1',
    );
    expect(short[0]!.mayRemain).toBeUndefined();
    // A shell prompt opens the next line: the value ended with its line, even when another line of the
    // page happens to end at the same column.
    const prompt = cover(
      'export API_TOKEN=Zk3pQ9xW2mT7vR4nYb8s',
      '$ psql postgres://deploy@db.internal',
      'Downloading dependencies for frontend',
    );
    expect(prompt.map((f) => f.kind)).toEqual(['labelled-secret']);
    expect(prompt[0]!.mayRemain).toBeUndefined();
  });

  it('finds values after labels worded and placed otherwise', () => {
    expect(kinds('redis-server --requirepass kNfqJCGgyQj5r7ElZydhM5kOPUc0')).toEqual(['labelled-secret']);
    expect(kinds('AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY')).toEqual([
      'labelled-secret',
    ]);
    expect(kinds('//registry.npmjs.org/:_authToken=npm_PBQ7VvY4TVFzHt4HTavSuC78ZAdcxwvUiLIm')).toEqual([
      'npm-token',
    ]);
    expect(kinds('Key ID: 24e63c689a7ee6f65f0d5cc4dde5688e326d37a2')).toEqual(['labelled-secret']);
    expect(kinds('| signing_secret | 24e63c689a7ee6f65f0d5cc4dde5688e326d37a2 |')).toEqual([
      'labelled-secret',
    ]);
    expect(
      kinds('SENDGRID_API_KEY=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'),
    ).toEqual(['sendgrid-key']);
    // A column header above its value (a table's cells are far apart).
    const header = line('Name         Secret', 0);
    const row = line('prod         p7Qx2mWk9vL3nR8t', 1);
    expect(findSecrets({ lines: [header, row] }).map((f) => f.kind)).toEqual(['labelled-secret']);
  });

  it('finds vendor keys with no label at all', () => {
    expect(
      kinds(
        'here is the key sk-ant-api03-bTAzo16IfCOHhrD40RS_zBshquQ3Mq_Pk2jzIfoEUTrEUOEbDDF6503bwogl1jTUISNL5BTNkZdiAorxWF5tj8ypqwvjRAA use it',
        'try with sk-kZmKmw4reUQuGKaQRinFlvrEJKkAhJjVkyv38XupqnMybZ96',
        'I pasted MTo0zwTZ4wfzu8conWXe96pv.Dr_Ht-.41SbTOy9ZwSX_wtk9BvaiXcV8kGFGGNvM4dO5W into the config',
        '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',
        'try with AIzagtRgzFWvM50rEmCbGviovPWpkfeQHfiFfwv',
        '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',
      ),
    ).toEqual([
      'anthropic-key',
      'openai-key',
      'huggingface-token',
      'google-api-key',
      'github-token',
      'discord-token',
    ]);
  });

  it('finds card numbers that pass the Luhn check, and phone numbers', () => {
    expect(kinds('Card number: 4111 1111 1111 1111')).toEqual(['card-number']);
    expect(kinds('Card number: 4111 1111 1111 1112')).toEqual([]);
    expect(kinds('call me on +1 (415) 555-0132 tomorrow', 'Phone: +44 20 7946 0958')).toEqual([
      'phone-number',
      'phone-number',
    ]);
    expect(
      kinds(
        'Created at 2026-11-29 10:42:07 UTC',
        'Total: 3 items, 42.50 EUR',
        'Listening on http://localhost:8080',
      ),
    ).toEqual([]);
  });

  it('covers a private key to its own extent when its END line is off screen', () => {
    const found = cover(
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi+Y3Q8r0Hh7Z5kNpX2bW4vF6Lc',
      'Q3hJ6dFsA2eG8iK1mN9pR4tV7wX0yZ2bC5eH8jL1nP4sU7xA0dG3kM6qT9vW2zB',
      'Thanks, that fixed it!',
      'Build finished in 2.4 seconds',
    );
    expect(found.map((f) => f.kind)).toEqual(['private-key']);
    expect(new Set(found[0]!.boxes.map((b) => b.y))).toEqual(new Set([0, 20, 40]));
  });

  it('covers the short rest of a key line a terminal wrapped', () => {
    const found = cover(
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi+Y3Q8r0Hh7Z5kNpX2',
      'bW4vF6Lc',
      'Q3hJ6dFsA2eG8iK1mN9pR4tV7wX0yZ2bC5eH8jL1nP4sU7xA0dG3kM6q',
      'T9vW2zB0',
      'Thanks, that fixed it!',
    );
    expect(found.map((f) => f.kind)).toEqual(['private-key']);
    expect(new Set(found[0]!.boxes.map((b) => b.y))).toEqual(new Set([0, 20, 40, 60, 80]));
  });

  it('says what may remain when a token reaches the edge of the image', () => {
    const [finding] = findSecrets({
      lines: [line('export GITHUB_TOKEN=ghp_7fKqZ2mT9xW4vR8nL3cY6')],
      width: 460,
    });
    expect(finding!.kind).toBe('github-token');
    expect(finding!.mayRemain).toMatch(/edge of the image|shorter/);
    const [whole] = findSecrets({
      lines: [line('GITHUB_TOKEN=ghp_7fKqZ2mT9xW4vR8nL3cY6bJ1dH5sGaJe5Ui0abcd xx')],
      width: 2000,
    });
    expect(whole!.mayRemain).toBeUndefined();
  });

  it('reads a header of two words, and ends its column where prose runs through it', () => {
    // `API key` as one header, though `key` alone sits close to `API`.
    const header = line('Name         API key         Created', 0);
    const row = line('prod         p7Qx2mWk9vL3nR8t  2 Nov 2026', 1);
    expect(findSecrets({ lines: [header, row] }).map((f) => f.kind)).toEqual(['labelled-secret']);
    // A line of prose after the table is not a cell of its column, whatever it holds.
    const prose = line('Default output format [None]: json', 2);
    const found = findSecrets({ lines: [line('Name      Secret', 0), prose] });
    expect(found).toEqual([]);
    // A label with its value on the same line is not a header for the lines below.
    expect(
      kinds('AWS Access Key ID [None]: AKIAMFP25UO3KBZB3T6E', 'Default output format [None]: json'),
    ).toEqual(['aws-access-key']);
  });

  it('takes a quoted value assigned to a secret-like name, and an e-mail whose @ OCR misread', () => {
    expect(kinds('auth token = "Summer2kzqits!"')).toEqual(['labelled-secret']);
    expect(kinds('"session": "development",', 'token = "expired"')).toEqual([]);
    expect(kinds('Email: jmartinez72©example.com', 'mail it to k.itoQRmail.example.org')).toEqual([
      'email',
      'email',
    ]);
  });

  it('keeps a cover within its line, however tall OCR boxed a character', () => {
    const tall = line('GITHUB_TOKEN=ghp_7fKqZ2mT9xW4vR8nL3cY6bJ1dH5sGaJe5Ui0', 1);
    tall.words[0]!.chars[20]!.box = { x: 200, y: 12, width: 9, height: 30 };
    const [finding] = findSecrets({ lines: [tall] });
    expect(finding!.boxes.every((b) => b.y >= 20 && b.y + b.height <= 34)).toBe(true);
  });

  it('leaves ordinary lines of every sort alone', () => {
    expect(
      kinds(
        'Token expires in 30 days',
        'APP_NAME=shop-frontend',
        'Default region name [None]: us-east-1',
        'Click Generate new token to create one',
        'Scopes: repo, workflow, read:org',
        'Merge pull request #1287 from acme/fix-login',
        'node_modules/.bin/vite build --mode production',
        'commit 24e63c689a7ee6f65f0d5cc4dde5688e326d37a2 Fix the date picker',
        'API_KEY=S5{API_KEY}',
        'Forgot your password? Reset it here',
        'const userName = getUserNameFromSession(request)',
        '2026-11-29T10:42:07.1234567Z Build finished in 2.4 seconds',
        'Token expires at 2026-11-29T10:42:07Z',
        'Token usage: 1204 prompt + 388 completion',
      ),
    ).toEqual([]);
  });
});

describe('findSecrets: the independent benchmark\'s failure classes (honest "covered")', () => {
  /** A line as `line` boxes it, moved `dx` px right. */
  const at = (text: string, row: number, dx: number): OcrLine => {
    const l = line(text, row);
    const move = (b: { x: number }) => (b.x += dx);
    move(l.box);
    for (const w of l.words) {
      move(w.box);
      for (const c of w.chars) move(c.box);
    }
    return l;
  };
  /** Line `l` as OCR reads it when it did not read its first `n` characters (they stay on screen). */
  const unreadStart = (l: OcrLine, n: number): OcrLine => {
    const [first, ...rest] = l.words;
    const chars = first!.chars.slice(n);
    const box = { ...first!.box, x: chars[0]!.box.x, width: first!.box.width - n * 10 };
    const word = { text: first!.text.slice(n), box, chars };
    return {
      text: [word, ...rest].map((w) => w.text).join(' '),
      box: { ...l.box, x: box.x, width: l.box.width - n * 10 },
      words: [word, ...rest],
    };
  };
  /** Whether the boxes cover [x, x + width) of row `row` whole. */
  const under = (
    boxes: { x: number; y: number; width: number; height: number }[],
    row: number,
    x: number,
    width: number,
  ) =>
    boxes.some(
      (b) => b.y <= row * 20 && b.y + b.height >= row * 20 + 14 && b.x <= x && b.x + b.width >= x + width,
    );

  it('class 1: a dotted SendGrid key is covered from its SG, whatever OCR made of the dot or the split', () => {
    const head = 'SG.Ab3dEfGh1JkLmN0pQrStUv';
    const tail = '.Wx9yZaB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3yZ4';
    // The dot read as a comma: still the SendGrid rule.
    expect(kinds(`SENDGRID_API_KEY=SG,${head.slice(3)}${tail}`)).toEqual(['sendgrid-key']);
    // The prefix misread (`5C.`) and the key split in two words on a slide: the random tail is found,
    // and the cover reaches back through the head, which is one word with it on screen.
    const found = findSecrets({ lines: [line(`try with 5C.${head.slice(3)} ${tail}`)] });
    expect(found).toHaveLength(1);
    expect(found[0]!.mayRemain).toBeUndefined();
    expect(under(found[0]!.boxes, 0, 90, (head.length + 1 + tail.length) * 10 - 1)).toBe(true);
    // The label before it stays readable.
    expect(under(found[0]!.boxes, 0, 0, 80)).toBe(false);
  });

  it('class 2: an email glued to its label with no space is found, the label left readable', () => {
    for (const text of [
      'ADMIN_EMAIL=ana@acme-corp.example',
      'owner:k.ito@shop.example.net',
      '"email":"bo.chen@example.com",',
    ])
      expect(kinds(text)).toEqual(['email']);
    const [found] = findSecrets({ lines: [line('ADMIN_EMAIL=ana@acme-corp.example')] });
    expect(found!.boxes[0]!.x).toBe(120);
    // OCR glued a slide's label to it: covered with the label rather than missed.
    expect(kinds('Contactpriya42@mail.example.org')).toEqual(['email']);
  });

  it("class 3: a JWT wrapped over three rows of a cell is covered from the cell's left on every row", () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkiLCJuYW1lIjoiQW5hIn0.Qx7aBcDeF9gHiJ';
    const rows = [jwt.slice(0, 40), jwt.slice(40, 80), jwt.slice(80)];
    // The middle row's first characters were not read; the cover still starts at the cell's left.
    const found = findSecrets({
      lines: [at(rows[0]!, 0, 200), unreadStart(at(rows[1]!, 1, 200), 6), at(rows[2]!, 2, 200)],
    });
    expect(found.map((f) => f.kind)).toEqual(['jwt']);
    expect(found[0]!.mayRemain).toBeUndefined();
    for (const [r, text] of rows.entries())
      expect(under(found[0]!.boxes, r, 200, text.length * 10 - 1)).toBe(true);
    // The next column's name on the same OCR line as the cell's second row (`prod  bWUi…  10 Nov`): the
    // rows below the value's own start go on, the name and the date stay readable.
    const middle = line(`prod ${rows[1]} 10 Nov`, 1);
    const shift = (k: number, dx: number) => {
      const w = middle.words[k]!;
      w.box.x += dx;
      for (const c of w.chars) c.box.x += dx;
    };
    shift(1, 150);
    shift(2, 180);
    shift(3, 180);
    middle.box.width += 180;
    const mixed = [at(rows[0]!, 0, 200), middle, at(rows[2]!, 2, 200)];
    const [jwtFound, ...others] = findSecrets({ lines: mixed });
    expect(others).toEqual([]);
    for (const [r, text] of rows.entries())
      expect(under(jwtFound!.boxes, r, 200, text.length * 10 - 1)).toBe(true);
    expect(under(jwtFound!.boxes, 1, 0, 40)).toBe(false);
    expect(under(jwtFound!.boxes, 1, 640, 60)).toBe(false);
  });

  it('class 4: a key block cut by the bottom edge is covered from its left margin, the cut row too', () => {
    const body = [
      'MIIEowIBAAKCAQEA3kF9xQ2mT7vR4nYb8sLp0wZ1cN5bY3hJ6dF2sA2eG8iKqW4',
      'Zk3pQ9xW2mT7vR4nYb8sLp0wZ1cN5bY3hJ6dF2sA2eG8iKqW4MIIEowIBAAKCAQ',
      'hJ6dF2sA2eG8iKqW4MIIEowIBAAKCAQEA3kF9xQ2mT7vR4nYb8sLp0wZ1cN5bY3',
    ];
    const lines = [
      line('$ cat deploy_key', 0),
      line('-----BEGIN OPENSSH PRIVATE KEY-----', 1),
      // OCR missed the first characters of two body lines.
      unreadStart(line(body[0]!, 2), 9),
      line(body[1]!, 3),
      unreadStart(line(body[2]!, 4), 14),
    ];
    const found = findSecrets({ lines });
    expect(found.map((f) => f.kind)).toEqual(['private-key']);
    expect(found[0]!.mayRemain).toBeUndefined();
    expect(under(found[0]!.boxes, 1, 0, 349)).toBe(true);
    for (const r of [2, 3, 4]) expect(under(found[0]!.boxes, r, 0, 630)).toBe(true);
    // The row below the last one read (cut by the edge, unread) is covered too; the prompt line is not.
    expect(under(found[0]!.boxes, 5, 0, 630)).toBe(true);
    expect(under(found[0]!.boxes, 0, 0, 10)).toBe(false);
    // OCR split a row in two lines (its first characters alone): both are in the block.
    const split = [
      line('-----BEGIN RSA PRIVATE KEY-----', 0),
      unreadStart(line(body[0]!, 1), 9),
      line(body[0]!.slice(0, 9), 1),
      line(body[1]!, 2),
    ];
    const [block] = findSecrets({ lines: split });
    for (const r of [1, 2]) expect(under(block!.boxes, r, 0, 630)).toBe(true);
  });
});

/** Words at 10 px a character from `x`, on row `row` (`pitch` px apart, 14 px tall). */
const at = (text: string, row: number, x = 0, pitch = 20): OcrLine => {
  const l = line(text, 0);
  const shift = (b: { x: number; y: number }) => {
    b.x += x;
    b.y = row * pitch;
  };
  shift(l.box);
  for (const w of l.words) {
    shift(w.box);
    for (const c of w.chars) shift(c.box);
  }
  return l;
};
/** One row of a table's columns, each piece of text at its own `x` (OCR reads the row as one line). */
const columns = (row: number, ...pieces: [string, number][]): OcrLine => {
  const parts = pieces.map(([text, x]) => at(text, row, x));
  const last = parts[parts.length - 1]!.box;
  return {
    text: pieces.map(([text]) => text).join(' '),
    box: { ...parts[0]!.box, width: last.x + last.width - parts[0]!.box.x },
    words: parts.flatMap((part) => part.words),
  };
};
const under = (boxes: { x: number; width: number; y: number }[], row: number, x: number, width: number) =>
  boxes.some((b) => b.y <= row * 20 + 7 && b.y >= row * 20 - 7 && b.x <= x && b.x + b.width >= x + width);

describe('findSecrets: wraps in a narrower box, closed values, covers that leave the next line whole', () => {
  it("goes on with a token broken where a chat bubble ends, not at the image's margin", () => {
    // A wider message elsewhere on the page: the bubble's right edge is not the page's.
    const token = 'sk-proj-Qx7aBcDeF9gHiJkLmN0pQrStUv2wXyZ4aB6cD8eF0gH2iJ4kL6mN8oP0qR2sT4uV6w';
    const found = findSecrets({
      lines: [
        at('Dana', 0, 40),
        at('I pasted', 1, 40),
        at(token.slice(0, 34), 2, 40),
        at(token.slice(34, 68), 3, 40),
        at(`${token.slice(68)} into the`, 4, 40),
        at('config', 5, 40),
        at('Sam will do, see you at the standup and then we deploy the frontend', 7, 40),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['openai-key']);
    expect(under(found[0]!.boxes, 2, 40, 339)).toBe(true);
    expect(under(found[0]!.boxes, 3, 40, 339)).toBe(true);
    expect(under(found[0]!.boxes, 4, 40, (token.length - 68) * 10 - 1)).toBe(true);
    // `into` and the lines around stay readable.
    expect(under(found[0]!.boxes, 4, 40 + (token.length - 67) * 10, 39)).toBe(false);
    expect(found[0]!.mayRemain).toBeUndefined();
  });

  it('keeps tokens on lines of their own apart (a list of keys is not one wrapped value)', () => {
    const found = findSecrets({
      lines: [
        at('Dana', 0),
        at('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', 1),
        at(
          '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',
          2,
        ),
        at('Sam will do', 4),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['huggingface-token', 'github-token']);
  });

  it('ends a value at its closing quote, and says "may remain" where a wrapped value meets a plain line', () => {
    // A wrapped page: the first line runs to the margin, but its value is closed by its quote.
    const closed = findSecrets({
      lines: [
        at('"stripe_secret_key": "sk_test_UVzIkhFNV5yhz3Z4Dw3AsEeOk7iWJ14",', 0),
        at('Token expires in 30 days', 1),
        at('Downloading dependencies for the frontend and the backend', 2),
      ],
    });
    expect(closed.map((f) => f.kind)).toEqual(['stripe-key']);
    expect(closed[0]!.boxes.every((b) => b.y === 0)).toBe(true);
    expect(closed[0]!.mayRemain).toBeUndefined();
    // Not closed: a capitalised word or a path below is a line of its own, left readable; the value may
    // go on there, and the report says so rather than "covered".
    for (const next of ['Retrying request in 5 seconds', 'node_modules/.bin/vite build --mode production']) {
      const open = findSecrets({
        lines: [
          at('export AWS_SECRET_ACCESS_KEY=f4e0D38dwHefBOFtgN3wNkzwg4Gk', 0),
          at(next, 1),
          // Another line at the same margin: the page wraps.
          at('Downloading dependencies for the frontend and the backend', 2),
        ],
      });
      expect(open.map((f) => f.kind)).toEqual(['labelled-secret']);
      expect(open[0]!.boxes.every((b) => b.y === 0)).toBe(true);
      expect(open[0]!.mayRemain).toMatch(/next/);
    }
  });

  it("ends a field's or a column's values where prose follows below it", () => {
    const found = findSecrets({
      lines: [
        at('Value', 0),
        at('NzhrYOADxQODN4M7B8xaApfwrcvE9u481fg4cQ', 1, 10),
        at('Image: ghcr.io/acme/shop-frontend:3.14.2', 2),
        at('commit 4f2a9c1 Fix the date picker on Safari', 3),
        at('Run actions/checkout@v4', 4),
      ],
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.boxes.every((b) => b.y === 20)).toBe(true);
  });

  it("covers a URL's password when the URL broke before it, and each part of a multi-part token in a bubble", () => {
    const url = findSecrets({
      lines: [
        at('Sam git clone https://ci-', 0),
        at('bot:Zk3pQ9xW2mT7@git.example.dev:443/shop', 1),
        at('Retrying request in 5 seconds', 2),
      ],
    });
    expect(url.map((f) => f.kind)).toEqual(['url-password']);
    expect(under(url[0]!.boxes, 1, 40, 129)).toBe(true);
    expect(under(url[0]!.boxes, 1, 0, 30)).toBe(false);
    // Slack's parts broken over three rows of a bubble, the last one's f read as a brace.
    const slack = findSecrets({
      lines: [
        at('Sam "slack bot token": "xoxb-', 0),
        at('13931617469-7849070732770-', 1),
        at('p3tGnA5Kkh4V{7bOrL6BBYk4",', 2),
        at('Build finished in 2.4 seconds', 3),
      ],
    });
    expect(slack.map((f) => f.kind)).toEqual(['slack-token']);
    expect(slack[0]!.mayRemain).toBeUndefined();
    expect(under(slack[0]!.boxes, 1, 0, 259)).toBe(true);
    expect(under(slack[0]!.boxes, 2, 0, 239)).toBe(true);
    expect(under(slack[0]!.boxes, 3, 0, 10)).toBe(false);
  });

  it('finds an AWS key id whose I a serif face made a T, or that OCR split once', () => {
    expect(kinds('try with AKTAQ2XJ7WNRZ5B4HL6M please')).toEqual(['aws-access-key']);
    expect(kinds('I pasted ASIAQ2XJ7W NRZ5B4HL6M into the config')).toEqual(['aws-access-key']);
    expect(kinds('the word AKTAR and ASTANA')).toEqual([]);
  });

  it('finds a Discord bot token whose dots OCR read as commas, dashes or spaces, and not words joined by dashes', () => {
    const token = ['MTo0zwTZ4wfzu8conWXe96pv', 'Dr_Ht-', '41SbTOy9ZwSX_wtk9BvaiXcV8kGFGGNvM4dO5W'];
    for (const sep of [',', '-', ' ', ':'])
      expect(kinds(`client.login("${token.join(sep)}")`)).toEqual(['discord-token']);
    expect(kinds('see Merge-pull-request-from-acme-fix-login-page-for-the-safari-browser')).toEqual([]);
  });

  it("reads a proportional face's S taken for a dollar in a vendor prefix (`$G.` for SendGrid)", () => {
    expect(
      kinds('update-uploads-15 $G.7clIOCWRSIWUFGFsOIOWew.IS6KQ6Tgfy1DYBRAVGQy4QUPYH_AdS3dObcdKmixp0?'),
    ).toEqual(['sendgrid-key']);
    expect(kinds('$ echo hello world', '$G is a variable')).toEqual([]);
    // Split after a piece OCR did not glue to it: still covered as random, the `$` no placeholder.
    expect(kinds('update-uploads-15 $G.7clIOCWRSIWUFGFsOIOWew.IS6KQ6Tgfy')).toEqual(['random-token']);
    expect(kinds('API_KEY=$API_KEY', 'url: ${BASE_URL}/v1/items/${ITEM_ID_FOR_THE_TEST}')).toEqual([]);
  });

  it("covers a URL's password as OCR reads its colons and slashes, and the rest of it a wrap broke off", () => {
    expect(kinds('$ psql postgres; //deploy;Zk3pQ9xW2mT7@db.internal:5432/shop')).toEqual(['url-password']);
    const found = findSecrets({
      lines: [
        at('DATABASE_URL= postgres://deploy:Zk3pQ9', 0),
        at('xW2mT7@db.internal:5432/shop', 1),
        at('Connected to the shop database ok', 2),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['url-password']);
    expect(under(found[0]!.boxes, 0, 320, 59)).toBe(true);
    expect(under(found[0]!.boxes, 1, 0, 59)).toBe(true);
    // The host stays readable.
    expect(under(found[0]!.boxes, 1, 80, 100)).toBe(false);
  });

  it('takes a key line OCR read in up to six pieces with a made-up character, not a plain line below it', () => {
    const found = findSecrets({
      lines: [
        at('-----BEGIN OPENSSH PRIVATE KEY-----', 0),
        at(
          'b3BlbnNzaC1rZXktdjEAAAAABG5v bmUAAAAEbm9u ZQAAAAAAAAABAAAB, lwAAAAdzc2gtcn NhAAAAAwEAAQAAAYEA1x',
          1,
        ),
        at('Name: deploy key for the shop 2', 2),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['private-key']);
    expect(found[0]!.boxes.some((b) => b.y === 20)).toBe(true);
    expect(found[0]!.boxes.some((b) => b.y === 40)).toBe(false);
  });

  it('takes a plain piece of up to six letters OCR split out of a token read in a serif face', () => {
    const text = 'I pasted sk-kZmKmw4reUQu GKaQRinF kdjfhs lvrEJKkAhJjVkyv38XupqnMybZ96 into the config';
    const found = findSecrets({ lines: [at(text, 0)] });
    expect(found.map((f) => f.kind)).toEqual(['openai-key']);
    expect(under(found[0]!.boxes, 0, 90, text.indexOf(' into') * 10 - 91)).toBe(true);
    expect(under(found[0]!.boxes, 0, text.indexOf('into') * 10, 39)).toBe(false);
  });

  it('covers a wrapped token whole when OCR read one of its letters as a `|` of its own', () => {
    const found = findSecrets({
      lines: [
        at('Can you export the report before the standup?', 0),
        at('sk-proj-YfKPIJGuSfGAIOSDUrvLEITIKIZXBlutAcKRkotc | BVtFI12tuT3BIbk FI Vile CgbmAuF-', 1),
        at('KSa9V_qMSy_2 (the one from the vault)', 2),
        at('you can reach me at the usual number after the standup, or Slack', 3),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['openai-key']);
    // Every piece of the first row, and the rest on the next, before `(the one…`.
    expect(under(found[0]!.boxes, 1, 0, 829)).toBe(true);
    expect(under(found[0]!.boxes, 2, 0, 119)).toBe(true);
    expect(under(found[0]!.boxes, 2, 130, 30)).toBe(false);
    expect(found[0]!.mayRemain).toBeUndefined();
  });

  it('keeps a cover off the next line where lines are set tight', () => {
    // 14-px lines 14 px apart: the line below starts where this one ends.
    const found = findSecrets({
      lines: [
        at('token: sk_live_hSms9N40BcFXxG7TcfbdeLLcDIbwOenviPftwj6C', 0, 0, 14),
        at('Use the staging cluster for tests', 1, 0, 14),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['stripe-key']);
    for (const box of found[0]!.boxes) {
      const padded = paddedBox(box, 10_000, 10_000)!;
      expect(padded.y + padded.height).toBeLessThanOrEqual(14);
      // Three quarters of the line's height stay under the cover.
      expect(box.height).toBeGreaterThanOrEqual(10.5);
    }
  });
});

describe("findSecrets: the fourth list's kinds of miss (OCR shapes, not its pages)", () => {
  const wider = 'Downloading dependencies for the frontend and the backend, then the docs';

  it('takes a piece with a character or two OCR made up (`?`, `€`, an em dash) as part of the token', () => {
    // A multi-part token split in two words, the second read with a `?` for a 9 and a `€` for an e.
    const slack =
      'export SLACK_BOT_TOKEN=xapp-1-A0B1C2D3E4F-1234567890123-4a5b6c7d8e9f0a1b 2c?d3e4f5a6b7c8d9€0f1a2b3c4d5e6f7';
    const found = findSecrets({ lines: [at(slack, 0), at(wider, 1)] });
    expect(found.map((f) => f.kind)).toEqual(['slack-token']);
    const second = slack.indexOf(' 2c?') + 1;
    expect(under(found[0]!.boxes, 0, second * 10, (slack.length - second) * 10 - 1)).toBe(true);
    expect(found[0]!.mayRemain).toBeUndefined();
    // A dotted token wrapped at the margin whose last piece has an em dash for its hyphen.
    const rest = 'Q.mEcNKGwaoeZX82W8Fe jH8BC7-eGXTV9kpr—-1UD';
    const discord = findSecrets({
      lines: [
        at('[10:42:07] DISCORD_TOKEN=0OTWI9mOS8SoJkUHGrDCT7RvEi.ELyLf', 0),
        at(rest, 1),
        at('Region: eu-west-1 (Ireland)', 2),
        at('[10:42:07] Deployed version 3.14.2 to staging', 3),
      ],
    });
    expect(discord).toHaveLength(1);
    expect(under(discord[0]!.boxes, 1, 0, rest.length * 10 - 1)).toBe(true);
    // A piece with more made-up characters than a piece may have is left, and the report says so.
    const garbled = findSecrets({
      lines: [at('API_TOKEN=Zk3pQ9xW2mT7vR4nYb8sLq 4a?b€c%d5e6f7 use it', 0), at(wider, 1)],
    });
    expect(garbled.map((f) => f.kind)).toEqual(['labelled-secret']);
    expect(garbled[0]!.mayRemain).toMatch(/right after/);
    // Prose with a symbol inside is not a piece of a token: `(Ireland)`, `3.14.2` stay readable.
    expect(discord[0]!.boxes.some((b) => b.y === 40 || b.y === 60)).toBe(false);
  });

  it('follows a wrapped value onto a next line that ends with what closes it (`")`, `");`, `]`)', () => {
    for (const close of ['")', '");', "']", '"}']) {
      const next = `SUnZtvD4QCkOod${close}`;
      const found = findSecrets({
        lines: [
          at('#12 0.412 client.login("MTWxplAog8kLzXHIq65GTKbK.0sdCFT.dVNNVYlnhXramsrdM1s9Gigz', 0),
          at(next, 1),
          at('Connected to the shop database', 2),
          at('#12 0.412 Downloading dependencies for the frontend and backend', 3),
        ],
      });
      expect(found).toHaveLength(1);
      expect(under(found[0]!.boxes, 1, 0, 139)).toBe(true);
      expect(found[0]!.mayRemain).toBeUndefined();
      expect(found[0]!.boxes.some((b) => b.y === 40)).toBe(false);
    }
  });

  it('leaves a line of prose below a value that ends at the margin, and says the value may go on', () => {
    // Two long lines end at the same column (a slide, a wide editor): a margin, but `the` opens prose.
    const found = findSecrets({
      lines: [
        at('AWS Secret Access Key [None]: ztcu85m/khSI8LarGh7ok56ufNE1b5tpd8Wo6eUp', 0),
        at('the monkey: bananas', 1),
        at('openai_api_key = "sk-rITaZn1KWG5RucNoLjXhxxR9U9v0BqN2JcbjN3Y72siOl4eV"', 2),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['openai-key', 'labelled-secret']);
    expect(found.flatMap((f) => f.boxes).some((b) => b.y === 20)).toBe(false);
    expect(found[1]!.mayRemain).toMatch(/next/);
  });

  it("covers a wrapped token's head on the line above when only its rest was found", () => {
    // OCR split the head in pieces too short to be found alone; the rest, on the next line, is found.
    const head = 'MTkfXmQ4Puxo5hot f6ISOTbW.W6ZZut .LY_Ydgl7bQ';
    const found = findSecrets({
      lines: [
        at(`#12 client.login ("${head}`, 0),
        at('OxZAInpoOQO0L_Fbyk8HBOUSuecaX")', 1),
        at('Use the staging cluster for tests', 2),
        at('#12 Downloading dependencies for the frontend and the api today', 3),
      ],
    });
    expect(found).toHaveLength(1);
    const start = '#12 client.login ("'.length;
    expect(under(found[0]!.boxes, 0, start * 10, head.length * 10 - 1)).toBe(true);
    // `client.login ("` stays readable.
    expect(under(found[0]!.boxes, 0, 40, 120)).toBe(false);
    expect(under(found[0]!.boxes, 1, 0, 289)).toBe(true);
    expect(found[0]!.mayRemain).toBeUndefined();
  });

  it("finds a card number followed by the next column's number a space away", () => {
    for (const card of ['5163 3498 7059 6767', '4111-1111-1111-1111', '378282246310005']) {
      const text = `local dev = ${card} 28 Nov 2026`;
      const found = findSecrets({ lines: [at(text, 0)] });
      expect(found.map((f) => f.kind)).toEqual(['card-number']);
      const start = text.indexOf(card);
      expect(under(found[0]!.boxes, 0, start * 10, card.length * 10 - 1)).toBe(true);
      expect(under(found[0]!.boxes, 0, (start + card.length + 1) * 10, 19)).toBe(false);
    }
    // Not a card: a run of digits whose every group-ended prefix fails the check.
    expect(findSecrets({ lines: [at('Order 1234 5678 9012 3456 shipped', 0)] })).toEqual([]);
  });

  it('goes on with a token a chat bubble broke at its hyphen, the line narrower than the next', () => {
    const found = findSecrets({
      lines: [
        at('Dana export OPENAI_API_KEY=sk-proj-pVL2RPMkK8-', 0, 40),
        at('1jDYQiG660HxWgkonf 5ZXWXhooAn8QMV-yoEyC_daVDEY5jz20Xq', 1, 40),
        at('Merge pull request #1287 from acme/fix-login', 2, 40),
        at('Sam will do, see you at the standup and then we deploy the frontend and the api', 4, 40),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['openai-key']);
    expect(under(found[0]!.boxes, 1, 40, 529)).toBe(true);
    expect(found[0]!.mayRemain).toBeUndefined();
  });

  it("says a value in a table's cell may go on when the cell wrapped it onto rows OCR read apart", () => {
    // The cell's first row stands alone on its line; the other columns sit level with the wrapped rows.
    const wrapped = findSecrets({
      lines: [
        at('| Name | Credential | Created', 0),
        at('| ghp_COWVWEYT |', 1, 150),
        at('ci-deploy ality 19 Nov 2026', 2, 10),
        at('rafFC', 3, 170),
        at('Thanks, that fixed it!', 5),
      ],
    });
    expect(wrapped.length).toBeGreaterThan(0);
    expect(wrapped[0]!.mayRemain).toMatch(/cell/);
    // A row of its own, with its name cell beside the value: covered, nothing said to remain.
    const row = findSecrets({
      lines: [
        at('| Name | Key | created', 0),
        at('| backup | pJumSZ3pXYwI5 | 26 Nov 2026 |', 1),
        at('| prod | none | 27 Nov 2026 |', 2),
      ],
    });
    expect(row.map((f) => f.kind)).toEqual(['labelled-secret']);
    expect(row[0]!.mayRemain).toBeUndefined();
  });

  it("says a value may remain when its cell's own rows above and below it, or a token's rest under it, were left readable", () => {
    // A narrow cell wrapped a key id over three rows: the column's value found on the middle row, level
    // with the other columns, and the cell's own rows above and below it.
    const middle = findSecrets({
      lines: [
        columns(0, ['Name', 0], ['Key', 120], ['Created', 240]),
        at('| AKIADELL |', 1, 100),
        columns(2, ['local dev', 0], ['XA4ZJ72O', 120], ['8 Nov 2026', 230]),
        at('6EYB', 3, 120),
        at('warning: unused variable', 5),
      ],
    });
    expect(middle.length).toBeGreaterThan(0);
    expect(middle.every((f) => f.mayRemain !== undefined)).toBe(true);
    // A token's first row beside the other columns, its rest in the row below after the first column's
    // wrapped name (`back` ⏎ `ACKUP`), starting where the token starts.
    const rest = findSecrets({
      lines: [
        columns(0, ['Name', 0], ['Credential', 60], ['Created', 620]),
        columns(
          1,
          ['back', 0],
          ['xapp-1-A6258TMV7ZY-1669410594748-28392eb75a96668', 60],
          ['4 Nov 2026', 620],
        ),
        columns(2, ['ACKUP |', 0], ['671268d70dd1cf0386c29162bfae6656dc2c917d7e648ab95', 60]),
      ],
    });
    expect(rest.find((f) => f.kind === 'slack-token')?.mayRemain).toMatch(/cell/);
    // A token that ends the widest line, above an assignment (`REGION=eu-west-1`): the next line is a
    // line of its own, not the token's rest, so nothing is said to remain.
    const above = findSecrets({
      lines: [
        at('Deploy settings for the shop', 0),
        at('GITHUB TOKEN=ghp R8x2LmQ9vT4kP7wZR8x2LmQ9vT4kP7wZR8x2', 1),
        at('REGION=eu-west-1', 2),
      ],
    });
    expect(above.map((f) => [f.kind, f.mayRemain])).toEqual([['github-token', undefined]]);
    // Rows of their own, each with its name beside its value, one under the other: covered.
    const rows = findSecrets({
      lines: [
        at('| Name | Key | Created', 0),
        at('| backup | pJumSZ3pXYwI5 | 26 Nov 2026 |', 1),
        at('| prod | Qx7vLm2KpR9sT | 27 Nov 2026 |', 2),
      ],
    });
    expect(rows.map((f) => f.kind)).toEqual(['labelled-secret', 'labelled-secret']);
    expect(rows.every((f) => f.mayRemain === undefined)).toBe(true);
  });

  it("says a value read with its cell's borders (`| | SG.… | |`) may go on when the row below has its cell's rest", () => {
    // OCR's own reading of a held-out page (the generator's eighth list, seed 11934): a narrow cell wrapped
    // a SendGrid key over three rows, in a serif face. The first row was read with the cells' borders,
    // the second level with the name and date columns and garbled, the third as `boiljW`.
    const page = JSON.parse(
      readFileSync(new URL('./fixtures/bordered-cell.ocr.json', import.meta.url), 'utf8'),
    ) as OcrResult;
    const found = findSecrets(page);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.mayRemain !== undefined)).toBe(true);
  });

  it('finds an e-mail address whose domain OCR read with a space beside a dot', () => {
    for (const address of ['bo.chen63@example. com', 'jmartinez@mail .example.org']) {
      const text = `| backup | ${address} | 8 Nov 2026 |`;
      const found = findSecrets({ lines: [at(text, 0)] });
      expect(found.map((f) => f.kind)).toEqual(['email']);
      const start = text.indexOf(address);
      expect(under(found[0]!.boxes, 0, start * 10, address.length * 10 - 1)).toBe(true);
      // `| 8 Nov 2026` stays readable.
      expect(under(found[0]!.boxes, 0, (start + address.length + 3) * 10, 9)).toBe(false);
    }
    // A sentence after an address keeps its capitalised first word.
    const sentence = findSecrets({ lines: [at('Mail ana@example.com. Then retry the deploy', 0)] });
    expect(under(sentence[0]!.boxes, 0, 220, 39)).toBe(false);
  });

  it('reads a column header with one letter OCR confused (`Rey` for Key, `Tokcn` for Token)', () => {
    for (const header of ['Rey', 'Tokcn', 'Passward']) {
      const found = findSecrets({
        lines: [at(`| Name | ${header} | created`, 0), at('| backup | pJumSZ3pXYwI5 | 26 Nov 2026 |', 1)],
      });
      expect(found.map((f) => f.kind)).toEqual(['labelled-secret']);
      expect(under(found[0]!.boxes, 1, 110, 129)).toBe(true);
    }
    // A word that only looks like one after two changes is not a header: `Day`, `Taken`… stay plain.
    for (const header of ['Day', 'Kind', 'Owner']) {
      const found = findSecrets({
        lines: [at(`| Name | ${header} | created`, 0), at('| backup | pJumSZ3pXYwI5 | 26 Nov 2026 |', 1)],
      });
      expect(found).toEqual([]);
    }
  });

  it("covers a secret field's row OCR read as empty, and says the value may lie elsewhere", () => {
    // A form: a label, a bordered field OCR read nothing in (a row's gap below the label), the next label.
    const found = findSecrets({
      lines: [
        at('Default output format [None]: json', 0),
        at('Token', 2),
        at('Last login: Sat Nov 28 09:14:55 on ttys003', 5),
        at('Phone', 6),
        at('Click Generate new token to create one', 9),
        at('Region', 10),
        at('Deployed version 3.14.2 to staging', 13),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['labelled-secret', 'phone-number']);
    for (const [k, [label, next]] of [
      [2, 5],
      [6, 9],
    ].entries()) {
      const box = found[k]!.boxes[0]!;
      // Under the label, as wide as the page's text, and short of the next line read (padding included).
      expect(box.y).toBeGreaterThanOrEqual(label! * 20 + 14);
      const padded = paddedBox(box, 10_000, 10_000)!;
      expect(padded.y + padded.height).toBeLessThanOrEqual(next! * 20);
      expect(box.width).toBeGreaterThanOrEqual(340);
      expect(found[k]!.mayRemain).toMatch(/empty/);
    }
    // A label whose value was read below it, or a field that is not secret (`Region`), adds nothing.
    const read = findSecrets({
      lines: [
        at('Token', 0),
        at('Deployed version 3.14.2 to staging', 1),
        at('Region', 3),
        at('eu-west-1', 6),
      ],
    });
    expect(read).toEqual([]);
  });
});

describe('findSecrets: large text (slides), where a token wraps where each row fills up, not at a margin', () => {
  const wide = 'Deployed version 3.14.2 to staging, all 412 tests passed in 3 minutes 12 seconds today';

  it("goes on with a token's rest whose first word OCR split short, after a row broken at its hyphen", () => {
    const found = findSecrets({
      lines: [
        at('OPENAI_API_KEY: sk-proj-', 0),
        at('Hq7Zr2LmW9xKpT4vBn6cYd-aRtE-', 1),
        at('fN _Wq8ZtYpKd-', 2),
        at('Xc4VbN8mQ2wE7rTy5uIo9pLk', 3),
        at('Run actions/checkout@v4', 4),
        at(wide, 6),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['openai-key']);
    for (const [row, chars] of [
      [1, 28],
      [2, 14],
      [3, 24],
    ] as const)
      expect(under(found[0]!.boxes, row, 0, chars * 10 - 1)).toBe(true);
    // The plain line below stays readable, and the report says covered: nothing of the token is left.
    expect(under(found[0]!.boxes, 4, 0, 30)).toBe(false);
    expect(found[0]!.mayRemain).toBeUndefined();
  });

  it("goes on with a token's last row set centred under the row above it (centred text)", () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2NTY4NTkyMiIsIm5h.2AAWbIgnTB2WrzhlzyJCcpsq-YjELGq';
    const found = findSecrets({
      lines: [
        at(jwt.slice(0, 40), 0),
        at(jwt.slice(40, 80), 1),
        at(jwt.slice(80), 2, 200 - (jwt.length - 80) * 5),
        at('Token expires in 30 days', 3, 80),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['jwt']);
    const last = 200 - (jwt.length - 80) * 5;
    expect(under(found[0]!.boxes, 2, last, (jwt.length - 80) * 10 - 1)).toBe(true);
    expect(under(found[0]!.boxes, 3, 80, 50)).toBe(false);
    expect(found[0]!.mayRemain).toBeUndefined();
  });

  it('takes the value right below a label that ends a short line, when it starts like a token', () => {
    const found = findSecrets({
      lines: [
        at('-H Authorization: Bearer', 0),
        at('utqXw3Pdj8KNq.qcc VagOW WTL7Hw YnpiPd7MQp1jxgPHf7zF', 1),
        at(wide, 3),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['bearer-token']);
    expect(under(found[0]!.boxes, 1, 0, 499)).toBe(true);
    expect(found[0]!.mayRemain).toBeUndefined();
    // A plain line below a label that ends its line is not a value.
    expect(
      findSecrets({ lines: [at('Password:', 0), at('Use the staging cluster for tests', 1), at(wide, 3)] }),
    ).toEqual([]);
  });

  it("says the value may remain when the row below starts with a token's piece it could not take", () => {
    // The value's row is the widest on the page (the text's right edge), with no terminal's margin:
    // the row below starts with a short piece OCR made up (`Hw)`) before the token's rest.
    const found = findSecrets({
      lines: [
        at('Token usage: 1204 prompt + 388 completion', 0),
        at('//registry.example.org/:_authToken=zQpgQyMSSZV1z0LODiigO3FHtKqW', 1),
        at('Hw) 7veK6fSk8A3XNGoG', 2),
        at('The quarterly report is attached', 3),
      ],
    });
    expect(found.map((f) => f.kind)).toEqual(['labelled-secret']);
    expect(found[0]!.mayRemain).toMatch(/next/);
    // A plain row below (`Run actions/checkout@v4`, `I pasted …`) does not make it uncertain.
    const plain = findSecrets({
      lines: [at('password: zQpgQyMSSZV1z0LODiigO3FHt', 0), at('Run actions/checkout@v4', 1), at(wide, 3)],
    });
    expect(plain.map((f) => f.kind)).toEqual(['labelled-secret']);
    expect(plain[0]!.mayRemain).toBeUndefined();
  });
});
