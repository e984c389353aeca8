// Held-out measurement of `shotlink upload --redact`, run as a person runs it: build, start
// `shotlink serve` on 127.0.0.1, upload each generated screenshot with --redact to it, fetch the image
// back and read it with Debian's tesseract. Prints recall per kind of secret, ordinary lines damaged,
// findings reported covered while readable, refusals and time per image.
//
//   nice -n 10 npx tsx bench/redaction-independent/run.ts --seeds 1-40 [--no-build] [--keep] [--ocr-timeout-ms N]
//
// The seeds' images, the CLI's reports and each secret's verdict go to a folder printed at the end
// (kept with --keep, otherwise removed); stdout carries totals only.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/support/chromium.ts';
import { median } from '../median.ts';
import sharp from 'sharp';
import { type Box, type Shot, framesOf, renderShot } from './generate.ts';
import { type ReadText, lineScore, partReadable, prepare, tesseract } from './read-back.ts';
import { KINDS, type Kind } from './secrets.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'src-main/cli/bin.js');

/** `1-40`, `3,7,9-12`. */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const piece of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(piece.trim());
    if (!m) throw new Error(`--seeds: cannot read "${piece}" (write 1-40 or 3,7,9-12)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let s = from; s <= to; s++) out.push(s);
  }
  return out;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }));
  });
}

/** `shotlink serve` on a port the OS picks; resolves with its address once it prints it. */
function serve(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`shotlink serve printed no address in 60 s: ${out}`)),
      60_000,
    );
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /Shotlink server at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ child, url: m[1]! });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`shotlink serve exited ${code}: ${out}`)));
  });
}

/** Which of the CLI's `covered` names stand for a kind of ours (names as the CLI prints them in --json). */
const REPORTED: Record<Kind, RegExp> = {
  'github-classic': /github/,
  'github-fine': /github/,
  slack: /slack/,
  'aws-key-id': /aws/,
  'aws-secret': /aws/,
  stripe: /stripe/,
  openai: /openai/,
  anthropic: /anthropic/,
  discord: /discord/,
  sendgrid: /sendgrid/,
  huggingface: /hugging|^hf/,
  npm: /npm/,
  google: /google/,
  jwt: /jwt|bearer/,
  bearer: /bearer|jwt/,
  'private-key': /private/,
  'private-key-cut': /private/,
  'db-url': /database|connection|db-|url/,
  requirepass: /password|requirepass/,
  'npm-authtoken': /npm|auth-?token/,
  'x-api-key': /api-?key/,
  hex40: /hex|key-id/,
  card: /card/,
  phone: /phone/,
  email: /email/,
};

interface SecretResult {
  seed: number;
  kind: Kind;
  text: string;
  scene: string;
  fontClass: string;
  scale: number;
  format: string;
  wrapped: boolean;
  /** Readable by tesseract in the image as uploaded (otherwise it cannot be measured). */
  measurable: boolean;
  leaked: boolean;
  falseCovered: boolean;
}

interface ImageResult {
  seed: number;
  scene: string;
  format: string;
  refused: string | null;
  ms: number;
  tesseractMs: number;
  lines: number;
  damaged: number;
  readsWorse: number;
  covered: string[];
  mayRemain: string[];
}

async function readFrames(bytes: Buffer, dir: string, name: string): Promise<{ text: ReadText; ms: number }> {
  const started = performance.now();
  const frames = await framesOf(bytes);
  const texts: string[] = [];
  for (const [i, frame] of frames.entries()) texts.push(await tesseract(frame, dir, `${name}-${i}`));
  await writeFile(join(dir, `${name}.txt`), texts.join('\n'));
  return { text: prepare(texts.join('\n')), ms: performance.now() - started };
}

/**
 * For each box list: whether the uploaded image differs from the original inside it (more than 2% of
 * its pixels off by more than 48 levels, so re-encoding noise does not count); null when the sizes differ.
 */
async function changedBoxes(original: Buffer, uploaded: Buffer, boxes: Box[][]): Promise<(boolean | null)[]> {
  const a = await sharp(original).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const b = await sharp(uploaded).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (a.info.width !== b.info.width || a.info.height !== b.info.height) return boxes.map(() => null);
  const { width, height, channels } = a.info;
  return boxes.map((list) => {
    let total = 0;
    let off = 0;
    for (const box of list)
      for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(height, Math.ceil(box.y + box.height)); y++)
        for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(width, Math.ceil(box.x + box.width)); x++) {
          total++;
          const at = (y * width + x) * channels;
          let diff = 0;
          for (let c = 0; c < channels; c++)
            diff = Math.max(diff, Math.abs(a.data[at + c]! - b.data[at + c]!));
          if (diff > 48) off++;
        }
    return total === 0 ? null : off / total > 0.02;
  });
}

async function measure(
  shot: Shot,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ image: ImageResult; secrets: SecretResult[] }> {
  const { scene } = shot;
  const file = join(dir, `seed-${shot.seed}.${shot.extension}`);
  await writeFile(file, shot.bytes);
  const before = await readFrames(shot.bytes, dir, `seed-${shot.seed}-before`);
  const upload = await run(
    process.execPath,
    [BIN, 'upload', '--redact', '--provider', 'server', '--json', '--no-copy', file],
    env,
    dir,
  );
  await writeFile(
    join(dir, `seed-${shot.seed}.cli.txt`),
    `exit ${upload.code}\n${upload.stdout}\n${upload.stderr}`,
  );
  let after: ReadText | null = null;
  let afterBytes: Buffer | null = null;
  let covered: string[] = [];
  let mayRemain: string[] = [];
  if (upload.code === 0) {
    const answer = JSON.parse(upload.stdout.trim().split('\n').pop()!) as {
      url: string;
      redaction?: { covered?: string[]; mayRemain?: string[] };
    };
    covered = answer.redaction?.covered ?? [];
    mayRemain = answer.redaction?.mayRemain ?? [];
    const response = await fetch(answer.url);
    if (!response.ok) throw new Error(`fetching ${answer.url}: HTTP ${response.status}`);
    afterBytes = Buffer.from(await response.arrayBuffer());
    await writeFile(join(dir, `seed-${shot.seed}.uploaded`), afterBytes);
    after = (await readFrames(afterBytes, dir, `seed-${shot.seed}-after`)).text;
  }
  const secrets: SecretResult[] = scene.secrets.map((s, i) => {
    const measurable = s.parts.some((p) => partReadable(p, before.text.folded));
    const leaked = after !== null && s.parts.some((p) => partReadable(p, after.folded));
    return {
      seed: shot.seed,
      kind: s.kind,
      text: s.text,
      scene: scene.name,
      fontClass: scene.fontClass,
      scale: scene.scale,
      format: shot.format,
      wrapped:
        new Set((shot.boxes[i] ?? []).map((b) => Math.round(b.y))).size > 1 &&
        s.kind !== 'private-key' &&
        s.kind !== 'private-key-cut',
      measurable,
      leaked: measurable && leaked,
      falseCovered: false,
    };
  });
  // A false "covered": more covered claims than secrets actually hidden, while one is readable. Claims
  // naming a kind (`slack-token`) are matched to that kind; generic ones (`labelled-secret`) to what
  // the named claims leave over. The report names no positions, so this is a lower bound.
  const named = (c: string): boolean => Object.values(REPORTED).some((re) => re.test(c.toLowerCase()));
  let unclaimedHidden = 0;
  for (const kind of new Set(secrets.map((s) => s.kind))) {
    const mine = secrets.filter((s) => s.kind === kind);
    const leaked = mine.filter((s) => s.leaked);
    const claims = covered.filter((c) => REPORTED[kind].test(c.toLowerCase())).length;
    const hidden = mine.length - leaked.length;
    unclaimedHidden += Math.max(0, hidden - claims);
    if (!mayRemain.some((c) => REPORTED[kind].test(c.toLowerCase())))
      leaked.slice(0, Math.max(0, claims - hidden)).forEach((s) => (s.falseCovered = true));
  }
  const generic = covered.filter((c) => !named(c)).length;
  if (mayRemain.length === 0)
    secrets
      .filter((s) => s.leaked && !s.falseCovered)
      .slice(0, Math.max(0, generic - unclaimedHidden))
      .forEach((s) => (s.falseCovered = true));
  // An ordinary line is damaged when it reads worse than before where the redaction changed its
  // pixels; a line that reads worse with its pixels untouched is tesseract's own wobble (counted apart).
  let lines = 0;
  let damaged = 0;
  let readsWorse = 0;
  if (after !== null && afterBytes !== null) {
    const changed = await changedBoxes(shot.bytes, afterBytes, shot.lineBoxes);
    scene.ordinary.forEach((line, i) => {
      const was = lineScore(line, before.text);
      if (was < 0.75) return;
      lines++;
      if (lineScore(line, after) >= was - 0.2) return;
      readsWorse++;
      if (changed[i] !== false) damaged++;
    });
  }
  const refused =
    upload.code === 0
      ? null
      : upload.stderr.trim().split('\n').pop()?.replace(file, '<file>') || `exit ${upload.code}, no message`;
  return {
    image: {
      seed: shot.seed,
      scene: scene.name,
      format: shot.format,
      refused,
      ms: upload.ms,
      tesseractMs: before.ms,
      lines,
      damaged,
      readsWorse,
      covered,
      mayRemain,
    },
    secrets,
  };
}

function recallRow(label: string, rows: SecretResult[]): string {
  const measured = rows.filter((s) => s.measurable);
  const leaked = measured.filter((s) => s.leaked).length;
  const recall = measured.length ? (measured.length - leaked) / measured.length : NaN;
  return `${label.padEnd(22)} ${String(rows.length).padStart(7)} ${String(measured.length).padStart(9)} ${String(leaked).padStart(7)} ${Number.isNaN(recall) ? '     -' : recall.toFixed(2).padStart(6)}`;
}

function groupBy(rows: SecretResult[], key: (s: SecretResult) => string): string[] {
  const groups = new Map<string, SecretResult[]>();
  for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => recallRow(k, v));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seedsArg = args[args.indexOf('--seeds') + 1];
  if (!args.includes('--seeds') || !seedsArg)
    throw new Error('usage: run.ts --seeds 1-40 [--no-build] [--keep] [--ocr-timeout-ms N]');
  const seeds = parseSeeds(seedsArg);
  const keep = args.includes('--keep');

  if (!args.includes('--no-build')) {
    const build = await run('npm', ['run', 'build'], process.env);
    if (build.code !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const root = await mkdtemp(join(tmpdir(), 'shotlink-redaction-independent-'));
  const dir = join(root, 'work');
  await mkdir(dir);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(SHOTLINK_|DISPLAY$|WAYLAND_DISPLAY$|DBUS_SESSION_BUS_ADDRESS$|XDG_)/.test(k)) env[k] = v;
  Object.assign(env, {
    HOME: join(root, 'home'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CACHE_HOME: join(root, 'cache'),
    SHOTLINK_HOME: join(root, 'shotlink'),
  });
  for (const d of ['home', 'config', 'data', 'cache', 'shotlink']) await mkdir(join(root, d));
  // On a loaded machine the CLI's OCR time limit (30 s) refuses still images; a longer one measures them.
  const timeout = args.includes('--ocr-timeout-ms') ? args[args.indexOf('--ocr-timeout-ms') + 1] : undefined;
  if (timeout) env.SHOTLINK_OCR_TIMEOUT_MS = timeout;

  const server = await serve(env);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const images: ImageResult[] = [];
  const secrets: SecretResult[] = [];
  try {
    for (const seed of seeds) {
      const shot = await renderShot(browser, seed);
      const result = await measure(shot, dir, env);
      images.push(result.image);
      secrets.push(...result.secrets);
      const m = result.secrets.filter((s) => s.measurable);
      process.stderr.write(
        `seed ${seed} ${shot.scene.name} ${shot.format}: ${result.image.refused ? 'refused' : `${m.filter((s) => s.leaked).length}/${m.length} leaked, ${result.image.damaged}/${result.image.lines} lines damaged`}, ${(result.image.ms / 1000).toFixed(1)} s\n`,
      );
    }
  } finally {
    await browser.close();
    server.child.kill('SIGTERM');
  }
  await writeFile(join(root, 'results.json'), JSON.stringify({ seeds: seedsArg, images, secrets }, null, 1));

  const refusedSeeds = new Set(images.filter((i) => i.refused).map((i) => i.seed));
  const animated = (i: { format: string }): boolean => i.format.endsWith('animated');
  // A refused animated image sent nothing: its secrets are protected. A refused still image is left out.
  const counted = secrets.filter((s) => !refusedSeeds.has(s.seed) || animated(s));
  const header = `${'kind'.padEnd(22)} planted measured  leaked recall`;
  const out: string[] = [];
  out.push(
    `Held-out redaction, seeds ${seedsArg}: ${images.length} images, ${secrets.length} secrets planted (${new Date().toISOString()}, load ${(await import('node:os')).loadavg()[0]!.toFixed(2)})`,
  );
  out.push(
    '',
    header,
    ...KINDS.filter((k) => counted.some((s) => s.kind === k)).map((k) =>
      recallRow(
        k,
        counted.filter((s) => s.kind === k),
      ),
    ),
  );
  out.push(recallRow('ALL', counted));
  out.push(
    '',
    `${'by scene'.padEnd(22)} planted measured  leaked recall`,
    ...groupBy(counted, (s) => s.scene),
  );
  out.push('', `${'by condition'.padEnd(22)} planted measured  leaked recall`);
  out.push(
    ...groupBy(counted, (s) => `font ${s.fontClass}`),
    ...groupBy(counted, (s) => `scale ${s.scale}x`),
    ...groupBy(counted, (s) => `format ${s.format}`),
  );
  out.push(...groupBy(counted, (s) => (s.wrapped ? 'wrapped value' : 'one-line value')));
  const lines = images.reduce((n, i) => n + i.lines, 0);
  const damaged = images.reduce((n, i) => n + i.damaged, 0);
  const worse = images.reduce((n, i) => n + i.readsWorse, 0);
  out.push(
    '',
    `ordinary lines damaged: ${damaged}/${lines} = ${lines ? ((100 * damaged) / lines).toFixed(1) : '-'}% (of the lines tesseract read in the original: read worse after, where the redaction changed pixels; ${worse} read worse in all, ${worse - damaged} with their pixels untouched)`,
  );
  out.push(
    `false covered: ${secrets.filter((s) => s.falseCovered).length} (reported covered in --json while readable; ${images.filter((i) => i.mayRemain.length).length} images reported something as may-remain)`,
  );
  const refused = images.filter((i) => i.refused);
  out.push(
    `images refused: ${refused.length} (${refused.filter(animated).length} animated, ${refused.filter((i) => !animated(i)).length} still; ${refused.filter((i) => /animat|frame|too large|pixels|time|could not|cannot/i.test(i.refused ?? '')).length} say why)`,
  );
  for (const message of new Set(refused.map((i) => i.refused!.replace(/^shotlink: <file>: /, ''))))
    out.push(`  "${message}"`);
  out.push(
    `measured secrets tesseract could not read even before upload: ${secrets.filter((s) => !s.measurable).length} (left out of recall)`,
  );
  const uploaded = images.filter((i) => !i.refused);
  out.push(
    `time per image (shotlink upload --redact, cold CLI): median ${(median(images.map((i) => i.ms)) / 1000).toFixed(2)} s, max ${(Math.max(...images.map((i) => i.ms)) / 1000).toFixed(2)} s; one tesseract read of the same images: median ${(median(images.map((i) => i.tesseractMs)) / 1000).toFixed(2)} s`,
  );
  out.push(
    `uploaded ${uploaded.length}; CLI covered names seen: ${[...new Set(images.flatMap((i) => i.covered))].sort().join(', ')}`,
  );
  console.log(out.join('\n'));
  if (keep) console.log(`\nimages, CLI answers and verdicts: ${root}`);
  else await rm(root, { recursive: true, force: true });
}

await main();
