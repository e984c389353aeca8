// `shotlink mcp` through the real protocol: the SDK's own Client spawns the real command (the bundle
// people run) over stdio, against the fake img402 on 127.0.0.1 and a real Shotlink server. Every tool,
// and every refusal the agents' rules make: hosts the user did not allow, public links without the
// user's consent, paid tiers without a budget, files outside the client's roots, files that are not
// images. A refused file leaves nothing in the data folder and nothing of it comes back.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsPatch } from '../../src-shared/settings.ts';
import { createSettingsStore } from '../../src-main/core/store/settings-store.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';
import { startFakeImg402, type FakeImg402 } from '../support/fake-img402.ts';
import { independentOcr, readable, renderCorpus, secretCorpus } from '../support/secret-corpus.ts';
import { hasTesseract } from '../support/debian-tesseract.ts';
import { screenshotPng } from '../cli/fixtures.ts';
import { animatedGif } from '../images/fixtures.ts';
import { runCli } from '../cli/run-cli.ts';
import { startTestServer } from '../server/helpers.ts';
import { PROJECT_ROOT, startMcp, textOf, type McpSession } from './mcp-client.ts';

let img402: FakeImg402;
let dir: string;
let home: string;
let project: string;
let env: NodeJS.ProcessEnv;
let session: McpSession | undefined;

const SLOW = { timeout: 180_000 };

beforeAll(async () => {
  img402 = await startFakeImg402();
});
afterAll(async () => {
  await img402.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shotlink-mcp-'));
  home = join(dir, 'data');
  project = join(dir, 'project');
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'shot.png'), await screenshotPng(640, 400));
  env = { SHOTLINK_HOME: home, SHOTLINK_IMG402_URL: img402.url };
  img402.uploads.length = 0;
  img402.requests.length = 0;
});
afterEach(async () => {
  await session?.close();
  session = undefined;
  await rm(dir, { recursive: true, force: true });
});

const settings = (patch: SettingsPatch) => createSettingsStore(home, {}).set(patch);
/** What an agent may do once the user allowed img402 and agreed to public links. */
const allowImg402 = () => settings({ agents: { hosts: ['img402'], publicLinks: true } });
const mcp = async (options: { roots?: string[]; cwd?: string } = {}) =>
  (session = await startMcp({
    env,
    cwd: options.cwd ?? project,
    ...(options.roots && { roots: options.roots }),
  }));

/** Files in the data folder other than settings: nothing of a refused file may land there. */
async function dataFiles(): Promise<string[]> {
  const walk = async (folder: string): Promise<string[]> => {
    const names = await readdir(folder, { withFileTypes: true }).catch(() => []);
    const nested = await Promise.all(
      names.map((entry) =>
        entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)],
      ),
    );
    return nested.flat();
  };
  return (await walk(home))
    .filter((path) => !/settings\.json$|\.lock$/.test(path))
    .map((path) => path.slice(home.length));
}

describe('shotlink mcp: tools/list', SLOW, () => {
  it('lists the tools with input and output schemas a model can follow', async () => {
    const { tools } = await (await mcp()).client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect([...byName.keys()].sort()).toEqual(
      [
        'capture_screenshot',
        'comment_on_github',
        'delete_upload',
        'list_uploads',
        'redact_preview',
        'upload_image',
      ].sort(),
    );
    const upload = byName.get('upload_image')!;
    expect(Object.keys(upload.inputSchema.properties ?? {}).sort()).toEqual(
      ['alt', 'data', 'destination', 'fileName', 'handle', 'linkFormat', 'path', 'repo', 'tier'].sort(),
    );
    expect(upload.inputSchema.properties!.linkFormat).toMatchObject({
      enum: ['url', 'markdown', 'html', 'bbcode', 'template'],
    });
    expect(upload.outputSchema?.required).toEqual(
      expect.arrayContaining([
        'link',
        'markdown',
        'expiresAt',
        'visibility',
        'fitting',
        'redaction',
        'repeated',
      ]),
    );
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(40);
      expect(tool.outputSchema, tool.name).toBeDefined();
    }
    expect(byName.get('delete_upload')!.annotations?.destructiveHint).toBe(true);
    expect(byName.get('list_uploads')!.inputSchema.properties!.limit).toMatchObject({ maximum: 100 });
    // stdout is the protocol's: the greeting went to stderr.
    expect(session!.stderr()).toMatch(/shotlink mcp .*serving/);
  });
});

describe('shotlink mcp: started through npx', SLOW, () => {
  it('serves the same tools when a client runs `npx shotlink mcp`', async () => {
    allowImg402();
    const s = (session = await startMcp({
      env: { ...env, npm_config_update_notifier: 'false' },
      cwd: project,
      command: { command: 'npx', args: ['--no-install', '--prefix', PROJECT_ROOT, 'shotlink', 'mcp'] },
    }));
    expect((await s.client.listTools()).tools).toHaveLength(6);
    const result = await s.call('upload_image', { path: 'shot.png' });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(img402.uploads).toHaveLength(1);
  });
});

describe('shotlink mcp: upload_image', SLOW, () => {
  it('uploads a file and answers with the link, Markdown, expiry, visibility and what was covered; a retry uploads nothing', async () => {
    allowImg402();
    const s = await mcp();
    const args = { path: 'shot.png', alt: 'the settings page', linkFormat: 'url' };
    const first = await s.call('upload_image', args);
    expect(first.isError, textOf(first)).toBeFalsy();
    const out = first.structuredContent as Record<string, unknown>;
    expect(img402.uploads).toHaveLength(1);
    expect(out).toMatchObject({
      link: img402.uploads[0]!.url,
      url: img402.uploads[0]!.url,
      markdown: `![the settings page](${img402.uploads[0]!.url})`,
      destination: 'img402',
      tier: 'free',
      visibility: expect.stringMatching(/^public/),
      redaction: { checked: true, summary: 'nothing found', covered: [] },
      paid: false,
      repeated: false,
    });
    expect(Date.parse(out.expiresAt as string) - Date.now()).toBeGreaterThan(6 * 86_400_000);

    const again = await s.call('upload_image', args);
    expect(again.structuredContent).toMatchObject({ link: out.link, id: out.id, repeated: true });
    expect(img402.uploads).toHaveLength(1);

    const listed = await s.call('list_uploads', { search: 'shot' });
    expect(listed.structuredContent).toEqual({
      uploads: [
        expect.objectContaining({ id: out.id, url: out.url, byAgent: true, destination: 'img402/free' }),
      ],
    });
  });

  it('uploads base64 data', async () => {
    allowImg402();
    const png = await screenshotPng(300, 200);
    const result = await (
      await mcp()
    ).call('upload_image', {
      data: png.toString('base64'),
      fileName: 'from-memory.png',
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      markdown: expect.stringMatching(/^!\[from-memory\.png\]\(http/),
    });
    expect(img402.uploads).toHaveLength(1);
  });

  it('refuses every host until the user allows one for agents, and says how', async () => {
    const s = await mcp();
    const none = await s.call('upload_image', { path: 'shot.png' });
    expect(none.isError).toBe(true);
    expect(textOf(none)).toMatch(
      /not allowed agents to upload anywhere.*Settings → Agents.*shotlink config set agents\.hosts/,
    );

    settings({ agents: { hosts: ['server'] } });
    const other = await s.call('upload_image', { path: 'shot.png', destination: 'img402' });
    expect(textOf(other)).toMatch(/not allowed agents to upload to img402\. Use one of: server/);
    expect(img402.uploads).toHaveLength(0);
    expect(await dataFiles()).toEqual([]);
  });

  it('refuses a public host until the user agrees to public links, given in config, never by a tool', async () => {
    settings({ agents: { hosts: ['img402'] } });
    const s = await mcp();
    const refused = await s.call('upload_image', { path: 'shot.png' });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/anyone with the link could see the image.*agents\.publicLinks true/);
    expect(img402.uploads).toHaveLength(0);

    // No tool argument turns it on: unknown arguments are not settings.
    const sneaky = await s.call('upload_image', { path: 'shot.png', publicLinks: true, redact: false });
    expect(sneaky.isError).toBe(true);
    expect(img402.uploads).toHaveLength(0);

    // The user agrees once, with the CLI; the running server sees it on the next call.
    const cli = await runCli(['config', 'set', 'agents.publicLinks', 'true'], { env, cwd: dir });
    expect(cli.code).toBe(0);
    const ok = await s.call('upload_image', { path: 'shot.png' });
    expect(ok.isError, textOf(ok)).toBeFalsy();
    expect(img402.uploads).toHaveLength(1);
  });

  it('refuses a paid tier when the user set no budget for agents, before reading anything', async () => {
    allowImg402();
    const result = await (await mcp()).call('upload_image', { path: 'shot.png', tier: '1y' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/no budget for agents\. Nothing was signed.*agents\.budgetUsdc/);
    expect(img402.requests).toHaveLength(0);
  });

  it('refuses files outside the working directory (no roots), links leading out, and nothing of them is kept', async () => {
    allowImg402();
    const outside = join(dir, 'elsewhere');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.png'), await screenshotPng(200, 100));
    await symlink(join(outside, 'secret.png'), join(project, 'link.png'));
    const s = await mcp();
    for (const path of [join(outside, 'secret.png'), '../elsewhere/secret.png', 'link.png', '/etc/passwd']) {
      const result = await s.call('upload_image', { path });
      expect(result.isError, path).toBe(true);
      expect(textOf(result), path).toMatch(/outside the folders your client shared .*not read/);
    }
    // A missing file outside is refused the same way: nothing is learnt about what exists there.
    expect(textOf(await s.call('upload_image', { path: '/nonexistent/x.png' }))).toMatch(
      /outside the folders/,
    );
    expect(img402.uploads).toHaveLength(0);
    expect(await dataFiles()).toEqual([]);
  });

  it('reads only inside the roots the client declares, even beneath its working directory', async () => {
    allowImg402();
    const shared = join(project, 'shared');
    await mkdir(shared);
    await writeFile(join(shared, 'ok.png'), await screenshotPng(200, 120));
    const s = await mcp({ roots: [shared] });
    const refused = await s.call('upload_image', { path: join(project, 'shot.png') });
    expect(textOf(refused)).toMatch(
      new RegExp(`outside the folders your client shared with Shotlink \\(${shared}\\)`),
    );
    const ok = await s.call('upload_image', { path: 'ok.png' });
    expect(ok.isError, textOf(ok)).toBeFalsy();
    expect(img402.uploads).toHaveLength(1);
  });

  it('reads only images, judged by their bytes, and never echoes what a refused file holds', async () => {
    allowImg402();
    await writeFile(join(project, 'notes.png'), 'DATABASE_PASSWORD=hunter2-very-secret\n');
    await writeFile(join(project, 'unreadable.png'), await screenshotPng(100, 100));
    await chmod(join(project, 'unreadable.png'), 0o000);
    const s = await mcp();
    const text = await s.call('upload_image', { path: 'notes.png' });
    expect(text.isError).toBe(true);
    expect(textOf(text)).toMatch(/is not an image Shotlink can upload/);
    expect(textOf(text)).not.toMatch(/hunter2|DATABASE/);
    const data = await s.call('upload_image', {
      data: Buffer.from('DATABASE_PASSWORD=hunter2').toString('base64'),
    });
    expect(data.isError).toBe(true);
    expect(textOf(data)).not.toMatch(/hunter2|DATABASE/);
    const both = await s.call('upload_image', { path: 'shot.png', data: 'AAAA' });
    expect(textOf(both)).toMatch(/exactly one of path, data/);
    if (process.getuid?.() !== 0) {
      expect(textOf(await s.call('upload_image', { path: 'unreadable.png' }))).toMatch(/permission denied/);
    }
    expect(img402.uploads).toHaveLength(0);
    expect(await dataFiles()).toEqual([]);
  });
});

/** A terminal line whose GitHub token the screenshot's right edge cuts in two, rendered by Chromium. */
async function tokenCutAtEdge(): Promise<{ png: Buffer; token: string }> {
  const token = `ghp_${'Wq8Zt3Lm6Xv1Rb9Kp4Nd'.repeat(2).slice(0, 36)}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const tab = await browser.newPage({ viewport: { width: 1100, height: 200 } });
    await tab.setContent(
      `<body style="margin:0;padding:24px;background:#fff;color:#222;font:16px/1.5 'DejaVu Sans Mono',monospace;white-space:nowrap">` +
        `<div>$ npm run deploy -- --env staging</div><div>$ export GITHUB_TOKEN=<span id="t">${token}</span></div>` +
        `<div>deployed 41 assets in 3.2s</div></body>`,
    );
    const box = (await tab.locator('#t').boundingBox())!;
    // The edge falls a little past the token's middle: its first half shows, the rest is off the image.
    const width = Math.round(box.x + box.width * 0.55);
    return { png: await tab.screenshot({ clip: { x: 0, y: 0, width, height: 200 } }), token };
  } finally {
    await browser.close();
  }
}

describe('shotlink mcp: an image redaction cannot check whole', SLOW, () => {
  it('refuses a screenshot whose token runs off its edge, naming the kind, and keeps nothing of it', async () => {
    allowImg402();
    const { png, token } = await tokenCutAtEdge();
    await writeFile(join(project, 'cut.png'), png);
    const s = await mcp();
    const preview = await s.call('redact_preview', { path: 'cut.png' });
    expect(preview.isError, textOf(preview)).toBeFalsy();
    // Read cut short, the token is found as what its label says it is (a secret value) or as a token.
    const { blocking } = preview.structuredContent as { blocking: string[] };
    expect(blocking).toHaveLength(1);
    expect(['GitHub token', 'secret value']).toContain(blocking[0]);

    const refused = await s.call('upload_image', { path: 'cut.png' });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain(
      `cut.png shows a ${blocking[0]} that cannot be covered whole (it reaches the edge of the image`,
    );
    expect(textOf(refused)).toMatch(/so it was not uploaded\. Crop the image/);
    for (const result of [preview, refused]) expect(JSON.stringify(result)).not.toContain(token.slice(4, 14));
    expect(img402.uploads).toHaveLength(0);
    expect(await dataFiles()).toEqual([]);
  });

  it('stops the upload and says why: an animation, whose later frames are never read', async () => {
    allowImg402();
    await writeFile(join(project, 'loop.gif'), await animatedGif(3, 64));
    const result = await (await mcp()).call('upload_image', { path: 'loop.gif' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/loop\.gif is animated \(3 frames\): only a still image can be checked/);
    expect(img402.uploads).toHaveLength(0);
  });
});

describe.skipIf(!hasTesseract())('shotlink mcp: redaction an agent cannot switch off', SLOW, () => {
  const [terminal] = secretCorpus();
  let shot: Buffer;
  beforeAll(async () => {
    shot = (await renderCorpus([terminal!])).get('terminal')!;
  }, 120_000);

  it('covers the secrets before upload and reports kinds and counts, never the text; redact_preview shows the covered image', async () => {
    allowImg402();
    await writeFile(join(project, 'terminal.png'), shot);
    const s = await mcp();

    const preview = await s.call('redact_preview', { path: 'terminal.png' });
    expect(preview.isError, textOf(preview)).toBeFalsy();
    const found = preview.structuredContent as {
      findings: { kind: string; boxes: unknown[] }[];
      coveredOnUpload: boolean;
    };
    expect(found.findings.map((f) => f.kind)).toContain('github-token');
    expect(found.coveredOnUpload).toBe(true);
    const image = preview.content.find((part) => part.type === 'image');
    expect(image).toMatchObject({ mimeType: 'image/png' });
    const github = terminal!.secrets.find((secret) => secret.kind === 'github-token')!.value;
    const previewText = await independentOcr(Buffer.from((image as { data: string }).data, 'base64'), dir);
    expect(readable(github, previewText)).toBe(false);

    const upload = await s.call('upload_image', { path: 'terminal.png' });
    expect(upload.isError, textOf(upload)).toBeFalsy();
    const out = upload.structuredContent as {
      redaction: { checked: boolean; covered: { kind: string; count: number }[] };
    };
    expect(out.redaction.checked).toBe(true);
    expect(out.redaction.covered).toContainEqual(expect.objectContaining({ kind: 'github-token', count: 1 }));
    for (const secret of terminal!.secrets) {
      expect(JSON.stringify(upload)).not.toContain(secret.value);
      expect(JSON.stringify(preview)).not.toContain(secret.value);
    }
    const sent = await independentOcr(img402.uploads[0]!.bytes, dir);
    expect(readable(github, sent)).toBe(false);
    expect(session!.stderr()).not.toContain(github);

    // The client retries with a new server (as after a kill): answered from history, with what the first
    // upload covered, and nothing read or sent again.
    await session!.close();
    const again = await (await mcp()).call('upload_image', { path: 'terminal.png' });
    expect(again.isError, textOf(again)).toBeFalsy();
    expect(again.structuredContent).toMatchObject({
      repeated: true,
      redaction: {
        checked: true,
        summary: expect.stringMatching(/^covered .*GitHub token.* when first uploaded/),
        covered: out.redaction.covered,
      },
    });
    expect(img402.uploads).toHaveLength(1);
  });

  it('uploads a capture by its handle saying what was covered when it was taken, as its kept image shows none', async () => {
    allowImg402();
    await writeFile(join(project, 'terminal.png'), shot);
    const bin = join(dir, 'bin-token');
    await mkdir(bin);
    await writeFile(join(bin, 'flameshot'), `#!/bin/sh\ncat "${join(project, 'terminal.png')}"\n`);
    await chmod(join(bin, 'flameshot'), 0o755);
    env = { ...env, PATH: `${bin}:${process.env.PATH}`, XDG_SESSION_TYPE: 'x11' };
    const s = await mcp();
    const captured = await s.call('capture_screenshot', {});
    expect(captured.isError, textOf(captured)).toBeFalsy();
    const { handle } = captured.structuredContent as { handle: string };
    const uploaded = await s.call('upload_image', { handle });
    expect(uploaded.isError, textOf(uploaded)).toBeFalsy();
    const out = uploaded.structuredContent as {
      redaction: { covered: { kind: string; count: number }[]; summary: string };
    };
    expect(out.redaction.covered).toContainEqual(expect.objectContaining({ kind: 'github-token' }));
    expect(out.redaction.summary).not.toBe('nothing found');
    expect(out.redaction.summary).toMatch(/GitHub token/);
  });

  it('is turned off only by the user in settings, and then says so', async () => {
    settings({ agents: { hosts: ['img402'], publicLinks: true, redact: false } });
    await writeFile(join(project, 'terminal.png'), shot);
    const upload = await (await mcp()).call('upload_image', { path: 'terminal.png' });
    expect(upload.structuredContent).toMatchObject({
      redaction: { checked: false, summary: expect.stringMatching(/user turned redaction off/) },
    });
  });
});

describe('shotlink mcp: capture_screenshot, list_uploads, delete_upload', SLOW, () => {
  it('captures with the desktop tool, shows the capture and uploads it by its handle', async () => {
    allowImg402();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    // A stand-in flameshot that notes how it was asked, and prints a real PNG as `--raw` does.
    await writeFile(
      join(bin, 'flameshot'),
      `#!/bin/sh\necho "$@" >> "${join(dir, 'flameshot-args')}"\ncat "${join(project, 'shot.png')}"\n`,
    );
    await chmod(join(bin, 'flameshot'), 0o755);
    env = { ...env, PATH: `${bin}:${process.env.PATH}`, XDG_SESSION_TYPE: 'x11' };
    const s = await mcp();
    const captured = await s.call('capture_screenshot', {});
    expect(captured.isError, textOf(captured)).toBeFalsy();
    const { handle, width, height } = captured.structuredContent as {
      handle: string;
      width: number;
      height: number;
    };
    expect([width, height]).toEqual([640, 400]);
    const image = captured.content.find((part) => part.type === 'image') as { data: string };
    expect((await sharp(Buffer.from(image.data, 'base64')).metadata()).width).toBe(640);
    expect(img402.uploads).toHaveLength(0);
    const uploaded = await s.call('upload_image', { handle });
    expect(uploaded.isError, textOf(uploaded)).toBeFalsy();
    expect(img402.uploads).toHaveLength(1);

    // The whole screen, where the tool can; a window, where it cannot, is refused with what to do.
    const screen = await s.call('capture_screenshot', { mode: 'screen' });
    expect(screen.isError, textOf(screen)).toBeFalsy();
    expect(textOf(await s.call('capture_screenshot', { mode: 'window' }))).toMatch(
      /flameshot cannot capture a window on this desktop; capture a region instead/,
    );
    expect(await readFile(join(dir, 'flameshot-args'), 'utf8')).toBe('gui --raw\nfull --raw\n');
    expect(textOf(await s.call('upload_image', { handle: 'capture-../../settings' }))).toMatch(
      /No capture has the handle/,
    );
  });

  it('deletes its own uploads from the user’s Shotlink server, never the user’s own', async () => {
    const server = await startTestServer(home);
    env = { ...env, SHOTLINK_SERVER_TOKEN: 'test-token-0123456789abcdef' };
    try {
      settings({ agents: { hosts: ['server'] }, provider: 'server', tier: 'default' });
      // The user's own upload, from the CLI.
      const mine = await runCli(['upload', '--provider', 'server', '--format', 'url', 'shot.png'], {
        env,
        cwd: project,
      });
      expect(mine.code, mine.stderr).toBe(0);
      await writeFile(join(project, 'agent.png'), await screenshotPng(500, 300));
      const s = await mcp();
      const uploaded = await s.call('upload_image', { path: 'agent.png' });
      expect(uploaded.isError, textOf(uploaded)).toBeFalsy();
      expect(uploaded.structuredContent).toMatchObject({
        visibility: expect.stringMatching(/^private/),
        expiresAt: null,
      });
      const url = (uploaded.structuredContent as { url: string }).url;
      expect((await fetch(url)).status).toBe(200);

      const { uploads } = (await s.call('list_uploads', {})).structuredContent as {
        uploads: { id: string; byAgent: boolean }[];
      };
      expect(uploads.map((upload) => upload.byAgent)).toEqual([true, false]);
      const refused = await s.call('delete_upload', { id: uploads[1]!.id });
      expect(textOf(refused)).toMatch(/uploaded by the user, not by an agent/);

      const deleted = await s.call('delete_upload', { id: uploads[0]!.id });
      expect(deleted.isError, textOf(deleted)).toBeFalsy();
      expect((await fetch(url)).status).toBe(404);
      const after = (await s.call('list_uploads', {})).structuredContent as { uploads: unknown[] };
      expect(after.uploads).toHaveLength(1);
      expect(textOf(await s.call('delete_upload', { id: 'no-such-id' }))).toMatch(/No upload in the history/);
    } finally {
      await server.close();
    }
  });

  it('says when a host cannot delete', async () => {
    allowImg402();
    const s = await mcp();
    const uploaded = await s.call('upload_image', { path: 'shot.png' });
    const result = await s.call('delete_upload', { id: (uploaded.structuredContent as { id: string }).id });
    expect(textOf(result)).toMatch(/does not let uploads be deleted/);
    expect(existsSync(home)).toBe(true);
  });
});
