// The window end to end: the built page in Debian's Chromium (playwright-core, never a downloaded
// browser) talking to the REAL service over the loopback bridge, which uploads to fake hosts on
// 127.0.0.1; paid tiers go through the official x402 middleware with a local chain. Screenshots of
// every view land in test-results/e2e/ for review.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-shared/history.ts';
import type { SecretStore } from '../../src-main/core/ports.ts';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { startFakeX402V2, type FakeX402Host } from '../support/fake-x402-v2.ts';
import { makeNoisePng } from '../server/helpers.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import { hasTesseract, tesseractTextLater } from '../support/debian-tesseract.ts';
import { screenshot1440p } from '../support/test-images.ts';
import { startTestService, type TestService } from '../support/test-service.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(root, 'test-results', 'e2e');
const STEP_MS = 20_000;

let work: string;
let x402: FakeX402Host;
let t: TestService;
let context: BrowserContext;
let page: Page;
let files: { first: string; paid: string; declined: string };
/** Uncaught exceptions and console errors (a CSP refusal shows up here), checked at the end. */
const pageProblems: string[] = [];
const walletKey = generatePrivateKey();
const payer = privateKeyToAccount(walletKey).address;

/** Builds the window with Vite into a private folder, so a parallel build elsewhere cannot clash. */
async function buildWindow(outDir: string) {
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    {
      cwd: root,
    },
  );
}

/** The whole view, top to bottom; a dialog is shot as the window shows it (its backdrop is fixed). */
async function snap(name: string, { fullPage = true } = {}) {
  // Let entrance animations and toasts settle into the picture a person would see.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

async function openView(name: 'Upload' | 'History' | 'Wallet' | 'Settings') {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

async function jobs(): Promise<JobInfo[]> {
  const answer = await t.call('listJobs');
  return answer.value as JobInfo[];
}

async function chooseFile(path: string) {
  await page.getByLabel('Choose images to upload').setInputFiles(path);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'shotlink-e2e-'));
  await mkdir(shots, { recursive: true });
  const rendererDir = join(work, 'renderer');
  await buildWindow(rendererDir);

  files = {
    first: join(work, 'Screenshot 2026-01-14 at 09.41.png'),
    paid: join(work, 'invoice-draft.png'),
    declined: join(work, 'team-photo.png'),
  };
  await writeFile(files.first, await screenshot1440p(3));
  await writeFile(files.paid, await screenshotPng(900, 560));
  await writeFile(files.declined, await screenshotPng(640, 400));

  x402 = await startFakeX402V2();
  x402.chain.fund(NETWORKS.base.usdc, payer, 5_000_000n);
  t = await startTestService({
    rendererDir,
    env: { SHOTLINK_WALLET_KEY: walletKey },
    settings: { hosts: { img402Url: x402.url } },
  });

  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1180, height: 820 },
    colorScheme: 'light',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_MS);
  page.on('pageerror', (error) => pageProblems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`);
  });
  // Nothing the window asks its own origin for is missing (the browser's /favicon.ico probe included).
  page.on('response', (response) => {
    if (response.url().startsWith(t.url) && response.status() === 404) {
      pageProblems.push(`404: ${new URL(response.url()).pathname}`);
    }
  });
  await page.goto(t.pageUrl);
  await page.getByRole('heading', { level: 1, name: 'Upload' }).waitFor();
}, 180_000);

// A failing step leaves a picture of what the window showed at that moment.
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && page) {
    const name = task.name.replace(/\W+/g, '-').slice(0, 60);
    await page.screenshot({ path: join(shots, `failed-${name}.png`) }).catch(() => {});
  }
});

afterAll(async () => {
  await context?.close();
  await t?.close();
  await x402?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

// Each step waits on the real service and a real browser: generous limits for a shared CI machine.
describe('the Shotlink window in Chromium against the real service', { timeout: 120_000 }, () => {
  it('starts with an empty history that says what to do', async () => {
    await openView('History');
    await page.getByText('No uploads yet').waitFor();
    await snap('00-history-empty');
    await page.getByRole('button', { name: 'Upload a screenshot' }).click();
    await page.getByRole('heading', { level: 1, name: 'Upload' }).waitFor();
  });

  it('shows the tiers side by side with the current one marked', async () => {
    const current = page.getByRole('radio', { name: /img402\.dev Free: Free, up to 1 MB, kept 7 days/ });
    expect(await current.isChecked()).toBe(true);
    expect(await page.getByText('Current', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('radio', { name: /img402\.dev Permanent: 1\.00 USDC/ }).count()).toBe(1);
    await snap('01-upload-empty');
  });

  it('uploads a real screenshot and shows its progress to done', async () => {
    await chooseFile(files.first);
    const row = page.getByRole('listitem', { name: /Screenshot 2026-01-14 at 09\.41\.png: Uploaded/ });
    await row.waitFor();
    expect(x402.img402.uploads).toHaveLength(1);
    expect(x402.img402.uploads[0]!.tier).toBe('free');
    // The link in the chosen format (Markdown by default) is on the system clipboard.
    await expect
      .poll(() => t.clipboard.text)
      .toMatch(
        /^!\[Screenshot 2026-01-14 at 09\.41\.png\]\(http:\/\/127\.0\.0\.1:\d+\/i\/\w+\.(png|webp)\)$/,
      );
    await snap('02-upload-done');
  });

  it('lists it in history with thumbnail, sizes and a live countdown, and copies its Markdown link', async () => {
    await openView('History');
    const item = page.getByRole('listitem', { name: 'Screenshot 2026-01-14 at 09.41.png' });
    await item.waitFor();
    // Free tier: 7 days from now, floored.
    expect(await item.locator('.badge-expiry').textContent()).toMatch(/^expires in (6 d 23 h|7 d)$/);
    const thumb = item.getByRole('button', { name: /^Preview / }).locator('img');
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await thumb.elementHandle(),
    );
    expect(await item.textContent()).toMatch(/[\d.]+ KB → [\d.]+ K?B −\d+%/);

    t.clipboard.text = null;
    await item.getByRole('button', { name: /Copy Markdown link/ }).click();
    await page.getByText('Markdown link copied').waitFor();
    const url = x402.img402.uploads[0]!.url;
    const markdown = `![Screenshot 2026-01-14 at 09.41.png](${url})`;
    await expect.poll(() => t.clipboard.text).toBe(markdown);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
    await snap('03-history');

    // The full image, as the host serves it, in a preview.
    await item.getByRole('button', { name: /^Preview / }).click();
    const preview = page.getByRole('dialog', { name: 'Screenshot 2026-01-14 at 09.41.png' });
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth === 2560,
      await preview.getByRole('img').elementHandle(),
    );
    await snap('03b-history-preview', { fullPage: false });
    await preview.getByRole('button', { name: 'Close' }).click();
  });

  it('changes the tier by clicking its card', async () => {
    await openView('Upload');
    const yearly = page.getByRole('radio', { name: /img402\.dev 1 year: 0\.01 USDC/ });
    await yearly.click();
    await page.waitForFunction((el) => (el as HTMLInputElement).checked, await yearly.elementHandle());
    await page
      .getByLabel('Current destination')
      .getByText(/1 year/)
      .waitFor();
    const settings = (await t.call('getSettings')).value as { provider: string; tier: string };
    expect(settings).toMatchObject({ provider: 'img402', tier: '1y' });
  });

  it('asks before paying, and a yes pays once and uploads', async () => {
    await chooseFile(files.paid);
    const dialog = page.getByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('invoice-draft.png');
    // Nothing is signed before the answer.
    expect(x402.paymentHeadersSeen()).toBe(0);
    await snap('04-payment-dialog', { fullPage: false });

    await dialog.getByRole('button', { name: 'Pay 0.01 USDC' }).click();
    await page.getByRole('listitem', { name: 'invoice-draft.png: Uploaded' }).waitFor();
    expect(x402.chain.transfers).toHaveLength(1);
    expect(x402.img402.uploads.at(-1)!.tier).toBe('1y');
  });

  it('a no pays nothing and leaves the upload with its reason and a retry', async () => {
    await chooseFile(files.declined);
    const dialog = page.getByRole('alertdialog', { name: 'Pay 0.01 USDC to upload?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Don’t pay' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction(
      () => !document.querySelector('[aria-label^="team-photo.png: "][aria-label$="Uploading"]'),
    );
    const job = (await jobs()).find((j) => j.fileName === 'team-photo.png')!;
    await expect
      .poll(async () => (await jobs()).find((j) => j.id === job.id)!.state)
      .toMatch(/failed|cancelled/);
    expect(x402.chain.transfers).toHaveLength(1);
    expect(x402.paymentHeadersSeen()).toBe(1);

    await openView('History');
    const attention = page.getByRole('list', { name: 'Queued and failed uploads' });
    const row = attention.getByRole('listitem', { name: /team-photo\.png/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Retry' }).waitFor();
    await snap('05-history-declined');
  });

  it('shows the wallet address, never the key, and the payment in the ledger', async () => {
    await openView('Wallet');
    await page.getByTestId('wallet-address').getByText(payer).waitFor();
    const ledger = page.getByRole('table');
    await ledger.getByRole('cell', { name: '0.01 USDC' }).waitFor();
    const text = (await page.textContent('body')) ?? '';
    expect(text).not.toContain(walletKey.slice(2));
    await snap('06-wallet');
  });

  it('shows settings, and the link format changes what is copied', async () => {
    await openView('Settings');
    await page.getByRole('radiogroup', { name: 'Link format' }).getByText('URL', { exact: true }).click();
    await expect
      .poll(async () => ((await t.call('getSettings')).value as { linkFormat: string }).linkFormat)
      .toBe('url');
    expect(await page.getByTestId('link-preview').textContent()).toBe('https://i.img402.dev/aBcDeFgHiJ.png');
    await page.getByRole('switch', { name: 'Serve images on this network' }).click();
    // The real embedded server starts and the page shows where phones find it.
    const qr = page.getByRole('img', { name: /^QR code for http:\/\// });
    await page.waitForFunction(
      (el) => el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0,
      await qr.elementHandle(),
    );
    await page
      .getByRole('switch', { name: 'Serve images on this network', checked: true, disabled: false })
      .waitFor();
    await page.getByText('Advanced', { exact: true }).click();
    await page.getByRole('textbox', { name: 'img402 address' }).waitFor();
    await snap('07-settings');
  });

  it('changes tier from the keyboard alone', async () => {
    await openView('Upload');
    const yearly = page.getByRole('radio', { name: /img402\.dev 1 year/ });
    await yearly.focus();
    await page.keyboard.press('ArrowLeft');
    const free = page.getByRole('radio', { name: /img402\.dev Free/ });
    await page.waitForFunction(
      (el) => (el as HTMLInputElement).checked && document.activeElement === el,
      await free.elementHandle(),
    );
    await expect
      .poll(async () => ((await t.call('getSettings')).value as { tier: string }).tier)
      .toBe('free');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => ((await t.call('getSettings')).value as { tier: string }).tier).toBe('1y');
  });

  it('moves the countdown on without a reload', async () => {
    // A second tab whose clock the test controls: the page's timers fire as if two hours passed.
    const tab = await context.newPage();
    try {
      await tab.clock.install();
      await tab.goto(t.pageUrl);
      await tab
        .getByRole('navigation', { name: 'Views' })
        .getByRole('button', { name: 'History', exact: true })
        .click();
      const badge = tab
        .getByRole('listitem', { name: 'Screenshot 2026-01-14 at 09.41.png' })
        .locator('.badge-expiry');
      await badge.waitFor();
      const before = await badge.textContent();
      expect(before).toMatch(/^expires in (6 d 23 h|7 d)$/);
      await tab.clock.fastForward('02:00:00');
      await tab.waitForFunction(
        (el) => el?.textContent === 'expires in 6 d 21 h',
        await badge.elementHandle(),
      );
    } finally {
      await tab.close();
    }
  });

  it('fits a small window without sideways scrolling', async () => {
    try {
      for (const width of [860, 640]) {
        await page.setViewportSize({ width, height: 640 });
        for (const view of ['Upload', 'History', 'Wallet', 'Settings'] as const) {
          await openView(view);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          expect(overflow, `${view} at ${width} px`).toBeLessThanOrEqual(0);
        }
        await openView('History');
        await snap(`12-history-${width}px`);
      }
    } finally {
      await page.setViewportSize({ width: 1180, height: 820 });
    }
  });

  it('judges chosen files by their bytes: a row with the reason for each refused one, and what fitting cost', async () => {
    await t.call('setSettings', { provider: 'img402', tier: 'free' });
    await openView('Upload');
    const empty = join(work, 'empty.png');
    const svg = join(work, 'diagram.svg');
    const unnamed = join(work, 'Screenshot');
    const big = join(work, 'noise.png');
    await writeFile(empty, '');
    await writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await writeFile(unnamed, await screenshotPng(400, 300));
    await writeFile(big, await makeNoisePng(2200, 1800));
    const before = x402.img402.uploads.length;
    await page.getByLabel('Choose images to upload').setInputFiles([empty, svg, unnamed, big]);

    const refused = page.getByRole('list', { name: 'Files not uploaded' });
    await refused.getByRole('listitem', { name: 'diagram.svg: Not uploaded' }).waitFor();
    expect(await refused.getByRole('listitem', { name: 'empty.png: Not uploaded' }).textContent()).toContain(
      '"empty.png" is empty (0 bytes). Take the screenshot again or choose another file.',
    );
    expect(await refused.textContent()).toContain('"diagram.svg" is not an image Shotlink can upload');
    expect(await refused.textContent()).not.toMatch(/Invalid arguments|Too small/);
    await page.getByRole('listitem', { name: 'Screenshot: Uploaded' }).waitFor();
    const fitted = page.getByRole('listitem', { name: 'noise.png: Uploaded' });
    await fitted.waitFor({ timeout: 60_000 });
    expect(await fitted.textContent()).toMatch(
      /downscaled 2200×1800 → \d+×\d+ and saved as WebP q\d+ to fit 1\.00 MB; a tier with a larger limit keeps it as it is/,
    );
    expect(x402.img402.uploads.length - before).toBe(2);
    await snap('13-refused-and-fitted');
  });

  it('edits before uploading: secrets proposed and covered, a box drawn and redacted, the flattened image sent at full size', async () => {
    await t.call('setSettings', { provider: 'img402', tier: 'free' });
    await openView('Upload');
    const file = join(work, 'settings-with-token.png');
    // Made here, not written out: a token-shaped string, fake, that the detectors must find.
    const token = `ghp_${Array.from({ length: 36 }, (_, i) => 'R8x2LmQ9vT4kP7wZ'[i % 16]).join('')}`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="300"><rect width="100%" height="100%" fill="#ffffff"/>
      <text x="40" y="80" font-family="DejaVu Sans Mono" font-size="26" fill="#222">Deploy settings for the shop</text>
      <text x="40" y="140" font-family="DejaVu Sans Mono" font-size="26" fill="#222">GITHUB_TOKEN=${token}</text>
      <text x="40" y="200" font-family="DejaVu Sans Mono" font-size="26" fill="#222">REGION=eu-west-1</text></svg>`;
    const original = await sharp(Buffer.from(svg)).png().toBuffer();
    await writeFile(file, original);
    await page.getByRole('switch', { name: 'Edit before uploading' }).click();
    await page.getByLabel('Choose images to upload').setInputFiles(file);
    const editor = page.getByRole('region', { name: 'Edit settings-with-token.png' });
    await editor.waitFor();
    const proposals = editor.getByRole('list', { name: 'Proposed redactions' });
    await proposals.getByText('GitHub token').waitFor({ timeout: 30_000 });
    // The canvas uses the window: in a 1440 px window the image takes all the width the navigation and
    // the findings column leave (it was 644 px while the view was capped at 960 px), and each finding's
    // name stays on one line beside its buttons.
    await page.setViewportSize({ width: 1440, height: 900 });
    const drawn = (await editor.getByLabel('Drawing').boundingBox())!;
    const side = (await editor.getByRole('complementary', { name: 'Secrets found' }).boundingBox())!;
    expect(drawn.width).toBeGreaterThan(800);
    expect(side.x - (drawn.x + drawn.width)).toBeLessThan(40);
    expect((await proposals.getByRole('listitem').first().boundingBox())!.height).toBeLessThan(48);
    await page.setViewportSize({ width: 1180, height: 820 });
    await editor.getByRole('button', { name: 'Redact all' }).click();

    // A redaction box drawn by hand over "REGION" (image 30..230 × 170..215), and an arrow.
    const overlay = editor.getByLabel('Drawing');
    const box = (await overlay.boundingBox())!;
    const at = (x: number, y: number) =>
      [box.x + (x * box.width) / 1200, box.y + (y * box.height) / 300] as const;
    await page.keyboard.press('x');
    await page.mouse.move(...at(30, 170));
    await page.mouse.down();
    await page.mouse.move(...at(130, 190));
    await page.mouse.move(...at(230, 215));
    await page.mouse.up();
    await page.keyboard.press('a');
    await page.mouse.move(...at(700, 60));
    await page.mouse.down();
    await page.mouse.move(...at(900, 90));
    await page.mouse.up();
    await snap('14-editor');

    const before = x402.img402.uploads.length;
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    await expect.poll(() => x402.img402.uploads.length, { timeout: 30_000 }).toBe(before + 1);
    const sent = x402.img402.uploads.at(-1)!.bytes;
    const { data, info } = await sharp(sent).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1200, 300]); // its own size, not the window's
    // The hand-drawn box is one colour through and through: the text under it is gone.
    const colours = new Set<string>();
    for (let y = 172; y < 213; y++) {
      for (let x = 32; x < 228; x++) {
        const i = (y * info.width + x) * info.channels;
        colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
      }
    }
    expect(colours.size).toBe(1);
    // The token is gone too, read back by an OCR that is not Shotlink's.
    const readBack = join(work, 'edited.png');
    await writeFile(readBack, await sharp(sent).png().toBuffer());
    // No Debian tesseract here (and not under CI, which must have it): the uniform box above still holds.
    if (hasTesseract()) {
      const text = await tesseractTextLater(readBack);
      expect(text.replace(/[^A-Za-z0-9]/g, '')).not.toContain('R8x2LmQ9vT4k');
      expect(text).toContain('Deploy settings for the shop');
    }
  });

  it('serves the app icon as its favicon', async () => {
    const response = await fetch(`${t.url}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/x-icon');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(
      await readFile(join(root, 'src-renderer/public/favicon.ico')),
    );
    const icon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel=icon]')?.href);
    expect(icon).toBe(`${t.url}/favicon.ico`);
  });

  it('ran without an uncaught error, a console error or a missing file', () => {
    expect(pageProblems).toEqual([]);
  });

  it('follows the OS dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--bg').trim(),
    );
    expect(background).toBe('#151518');
    await openView('History');
    await snap('08-history-dark');
    await openView('Upload');
    await snap('09-upload-dark');
    await openView('Wallet');
    await snap('09b-wallet-dark');
    await openView('Settings');
    await snap('09c-settings-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('Settings without a keychain, in Chromium against the real service', { timeout: 120_000 }, () => {
  let bare: TestService;
  // What the keytar store says on a desktop with no Secret Service, and how the service's store then
  // behaves (src-main/electron/secrets.ts chooseSecretStore): every use refused with the reason.
  const reason =
    'The OS keychain is not available (Cannot autolaunch D-Bus without X11 $DISPLAY). On Linux, install ' +
    'and unlock a Secret Service such as gnome-keyring or KWallet.';
  const refuse = async (): Promise<never> => {
    throw new Error(reason);
  };
  const noKeychain: SecretStore = {
    get: refuse,
    set: refuse,
    delete: refuse,
    unavailableReason: async () => reason,
  };
  const bucketName = 'acme-engineering-screenshots-eu-central-1-production';
  const endpointUrl = 'https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com';

  beforeAll(async () => {
    bare = await startTestService({
      rendererDir: join(work, 'renderer'),
      env: { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' },
      service: { secrets: noKeychain },
    });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    await page.goto(bare.pageUrl);
    await openView('Settings');
  }, 60_000);

  afterAll(async () => {
    await page?.emulateMedia({ colorScheme: 'light' });
    await page?.close();
    await bare?.close();
  });

  it('says once, at the top, that keys cannot be saved and what to do', async () => {
    const alerts = page.getByRole('alert');
    await alerts.first().waitFor();
    expect(await alerts.count()).toBe(1);
    const notice = alerts.first();
    expect(await notice.textContent()).toContain(reason);
    expect(await notice.textContent()).toContain('AWS_SECRET_ACCESS_KEY');
    // The first thing under the title, and the key fields link to it instead of repeating it.
    const firstSection = await page.evaluate(() => document.querySelector('.view section')?.id);
    expect(firstSection).toBe('keychain-notice');
    // img.pro's key, the server token, the S3 secret key and the GitHub token (the S3 key id comes from
    // the environment).
    expect(await page.getByRole('link', { name: 'see the note at the top' }).count()).toBe(4);
    const body = (await page.textContent('body')) ?? '';
    // Once among the settings; "This desktop" lists it again among the machine's checks, as the doctor does.
    const outsideChecks = await page.evaluate(() => {
      const view = document.querySelector('.view')!.cloneNode(true) as HTMLElement;
      view.querySelector('[aria-labelledby="desktop-title"]')?.remove();
      return view.textContent ?? '';
    });
    expect(outsideChecks.split(reason)).toHaveLength(2);
    // The access key id comes from AWS_ACCESS_KEY_ID: said, and the field is locked.
    const s3 = page.locator('section', { has: page.getByRole('heading', { name: 'S3 bucket' }) });
    await s3.getByText('From AWS_ACCESS_KEY_ID').waitFor();
    expect(await s3.getByLabel('Access key id').isDisabled()).toBe(true);
    expect(await s3.getByText('When AWS_SECRET_ACCESS_KEY is set, Shotlink uses it instead').count()).toBe(1);
    expect(body).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('gives the S3 bucket and endpoint fields the width their values need', async () => {
    const s3 = page.locator('section', { has: page.getByRole('heading', { name: 'S3 bucket' }) });
    for (const [name, value] of [
      ['Bucket', bucketName],
      ['Endpoint', endpointUrl],
    ] as const) {
      const field = s3.getByRole('textbox', { name, exact: true });
      await field.fill(value);
      // The whole value shows while typing: nothing scrolled out of the field.
      const fits = await field.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth);
      expect(fits, `${name} shows "${value}" whole`).toBe(true);
      await field.press('Enter');
    }
    await expect
      .poll(async () => ((await bare.call('getSettings')).value as { s3: { endpoint: string } }).s3.endpoint)
      .toBe(endpointUrl);
    // Short values keep a readable field, not one that shrinks to a few letters.
    const region = s3.getByRole('textbox', { name: 'Region', exact: true });
    expect(((await region.boundingBox())?.width ?? 0) > 120).toBe(true);
    await s3.screenshot({ path: join(shots, '13a-settings-s3.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await s3.screenshot({ path: join(shots, '13a-settings-s3-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.locator('#keychain-notice').scrollIntoViewIfNeeded();
  });

  it('refuses a malformed address in the field itself, sending nothing', async () => {
    const s3 = page.locator('section', { has: page.getByRole('heading', { name: 'S3 bucket' }) });
    const save = s3.getByRole('button', { name: 'Save' });
    const secret = s3.getByLabel('Secret access key');
    // Locked without a keychain: the service refuses the same way when asked directly.
    expect(await secret.isDisabled()).toBe(true);
    expect(await save.first().isDisabled()).toBe(true);
    const endpoint = s3.getByRole('textbox', { name: 'Endpoint', exact: true });
    // The field checks the address as the settings schema will: said beside it, no toast, nothing sent.
    await endpoint.fill('ftp://files.example.com');
    await endpoint.press('Enter');
    await s3.getByText('Use an http:// or https:// address.').waitFor();
    await endpoint.fill('files.example.com');
    await endpoint.press('Enter');
    await s3.getByText('"files.example.com" is not an address (e.g. https://example.com).').waitFor();
    expect(await page.locator('.toast-error').count()).toBe(0);
    await snap('13-settings-no-keychain');
    await page.emulateMedia({ colorScheme: 'dark' });
    await snap('13b-settings-no-keychain-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('the wallet from a fresh start, in Chromium against the real service', { timeout: 120_000 }, () => {
  let fresh: TestService;

  beforeAll(async () => {
    // No SHOTLINK_WALLET_KEY: the wallet lives in the service's secret store and the window manages it.
    fresh = await startTestService({ rendererDir: join(work, 'renderer') });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    await page.goto(fresh.pageUrl);
    await page.getByRole('heading', { level: 1, name: 'Upload' }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await fresh?.close();
  });

  it('creates a wallet, exports its key once on request, and removes it', async () => {
    await openView('Wallet');
    await page.getByText('No wallet yet').waitFor();
    await snap('10-wallet-empty');

    await page.getByRole('button', { name: 'Create wallet' }).click();
    const address = page.getByTestId('wallet-address');
    await address.waitFor();
    const status = (await fresh.call('walletStatus')).value as { address: string };
    expect(await address.textContent()).toBe(status.address);

    await page.getByRole('button', { name: /Export private key/ }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Export private key' });
    await dialog.getByRole('button', { name: 'Show key' }).click();
    const shown = dialog.getByLabel('Private key');
    await shown.waitFor();
    const key = (await shown.textContent()) ?? '';
    expect(key).toMatch(/^0x[0-9a-f]{64}$/);
    expect(privateKeyToAccount(key as `0x${string}`).address).toBe(status.address);
    await snap('11-wallet-export', { fullPage: false });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.textContent('body')).not.toContain(key.slice(2));

    await page.getByRole('button', { name: 'Remove wallet…' }).click();
    await page
      .getByRole('alertdialog', { name: 'Remove the wallet?' })
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.getByText('No wallet yet').waitFor();
    expect(((await fresh.call('walletStatus')).value as { address: string | null }).address).toBeNull();
  });
});
