// Runs a capture plan (plan.ts) and returns the PNG bytes, or null when the user cancelled. Plain Node:
// the CLI captures through this directly and the Electron shell wraps it in its CapturePort.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { isOnPath } from './on-path.ts';
import type { CapturePort } from '../ports.ts';
import { OUTPUT_ENV, planCapture, resolveStep, type CapturePlan, type CaptureStep } from './plan.ts';
import { parsePortalResponse, parseRequestPath, portalCallArgs, portalMonitorArgs } from './portal.ts';
import { sniffImage } from '../images/sniff.ts';
import { modeOf, planForMode, type CaptureMode, type CaptureRequest } from './modes.ts';
import { cropToArea, windowArea } from './targets.ts';

/** A PNG with something after its signature (a tool that failed may leave an empty or header-only file). */
export function isPng(bytes: Uint8Array): boolean {
  const sniffed = sniffImage(bytes);
  return bytes.length > 8 && sniffed.kind === 'image' && sniffed.format === 'png';
}

interface StepResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function runStep(step: CaptureStep, env: NodeJS.ProcessEnv): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    // No shell: arguments go to the program as they are, whatever the output path contains.
    const child = spawn(step.command, step.args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new ShotlinkError('input', `The capture tool "${step.command}" is not installed or not on PATH.`)
          : error,
      ),
    );
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr: stderr.trim() }));
  });
}

/** Tools say "cancelled"/"aborted" in their own words when the user presses Esc. */
const CANCELLED = /cancel|abort/i;

function failed(tool: string, result: StepResult): ShotlinkError {
  const detail = result.stderr ? `: ${result.stderr.split('\n').slice(-3).join(' ')}` : '';
  return new ShotlinkError(
    'input',
    `${tool} could not capture the screen (exit code ${result.code})${detail}. ` +
      'Set SHOTLINK_CAPTURE_TOOL to use another tool, or take the screenshot yourself and run `shotlink upload <file>`.',
    { code: 'capture_failed' },
  );
}

function checked(tool: string, bytes: Uint8Array): Uint8Array {
  if (!isPng(bytes)) {
    throw new ShotlinkError('input', `${tool} wrote something that is not a PNG image.`, {
      code: 'capture_failed',
    });
  }
  return bytes;
}

async function readIfPresent(path: string): Promise<Uint8Array | null> {
  try {
    const bytes = await readFile(path);
    return bytes.length > 0 ? new Uint8Array(bytes) : null;
  } catch {
    return null;
  }
}

async function runCommandPlan(
  plan: Extract<CapturePlan, { kind: 'command' }>,
  env: NodeJS.ProcessEnv,
): Promise<Uint8Array | null> {
  const dir = await mkdtemp(join(tmpdir(), 'shotlink-capture-'));
  const output = join(dir, 'capture.png');
  const stepEnv = { ...env, [OUTPUT_ENV]: output };
  try {
    let previous = '';
    let last: StepResult = { code: 0, stdout: Buffer.alloc(0), stderr: '' };
    for (const [index, step] of plan.steps.entries()) {
      last = await runStep(resolveStep(step, output, previous), stepEnv);
      const isLast = index === plan.steps.length - 1;
      if (!isLast && (last.code !== 0 || last.stdout.length === 0)) {
        // An earlier step (slurp's selection) gave nothing: Esc, unless it failed in its own words.
        if (last.code === 0 || CANCELLED.test(last.stderr)) return null;
        throw failed(plan.tool, last);
      }
      previous = last.stdout.toString().trim();
    }
    const bytes =
      plan.result === 'stdout' ? (last.stdout.length > 0 ? last.stdout : null) : await readIfPresent(output);
    if (!bytes) {
      // Nothing written: the user pressed Esc, unless the tool said otherwise.
      if (last.code !== 0 && !CANCELLED.test(last.stderr)) throw failed(plan.tool, last);
      return null;
    }
    return checked(plan.tool, new Uint8Array(bytes));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runPortalPlan(env: NodeJS.ProcessEnv): Promise<Uint8Array | null> {
  const token = `shotlink_${randomBytes(6).toString('hex')}`;
  const monitor = spawn('gdbus', portalMonitorArgs(), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const lines = createInterface({ input: monitor.stdout });
    const iterator = lines[Symbol.asyncIterator]();
    // The monitor's first line means it is subscribed: only then is the answer sure to be seen.
    const first = await iterator.next();
    if (first.done) {
      throw new ShotlinkError('input', 'The desktop screenshot portal is not reachable on the session bus.', {
        code: 'no_capture_tool',
      });
    }
    const call = await runStep({ command: 'gdbus', args: portalCallArgs(token) }, env);
    if (call.code !== 0 || !parseRequestPath(call.stdout.toString())) {
      throw new ShotlinkError(
        'input',
        `The desktop screenshot portal refused the request${call.stderr ? ` (${call.stderr})` : ''}. ` +
          'Install xdg-desktop-portal with a backend for your desktop (-gnome, -kde, -wlr), or a tool such as flameshot.',
        { code: 'capture_failed' },
      );
    }
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const response = parsePortalResponse(next.value, token);
      if (!response) continue;
      if (response.outcome === 'cancelled') return null;
      if (response.outcome === 'failed') {
        throw new ShotlinkError('input', `The screenshot portal failed (response ${response.code}).`, {
          code: 'capture_failed',
        });
      }
      const path = fileURLToPath(response.uri);
      const bytes = await readFile(path);
      // The portal saved the file because we asked; removing it keeps a watched Pictures folder from
      // uploading the same screenshot a second time.
      await rm(path, { force: true });
      return checked('The screenshot portal', new Uint8Array(bytes));
    }
    throw new ShotlinkError('input', 'The screenshot portal stopped before answering.', {
      code: 'capture_failed',
    });
  } finally {
    monitor.kill();
  }
}

/** Runs a plan: PNG bytes, or null when the user cancelled the selection. */
export function runCapturePlan(
  plan: CapturePlan,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Uint8Array | null> {
  return plan.kind === 'portal' ? runPortalPlan(env) : runCommandPlan(plan, env);
}

/** A CapturePort over the tool detected on this machine, detected anew on each capture (tools come and go). */
export function createToolCapturer(
  options: { platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv } = {},
): CapturePort & { plan(): CapturePlan; capture(request: CaptureRequest): Promise<Uint8Array | null> } {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const plan = () => planCapture({ platform, env, has: (program) => isOnPath(program, env, platform) });
  return {
    plan,
    captureRegion: async () => runCapturePlan(plan(), env),
    async capture(request) {
      const asked = modeOf(request);
      // A named area or window is cut from the whole screen (the window found first: a wrong name
      // fails before anything is captured).
      const target =
        request.area ?? (request.window !== undefined && (await windowArea(request.window, env)));
      const mode: CaptureMode = target ? 'screen' : asked;
      const region = plan();
      const moded = planForMode(region, mode);
      if (!moded) {
        throw new ShotlinkError(
          'input',
          `${region.tool} cannot capture ${mode === 'screen' ? 'the whole screen' : 'a window'} on this desktop` +
            `${target ? ' (an area or a named window is cut from the whole screen)' : ''}; ` +
            'capture a region instead (the user selects it).',
          { code: 'capture_failed' },
        );
      }
      const png = await runCapturePlan(moded, env);
      return png && target ? cropToArea(png, target, { clip: !request.area }) : png;
    },
  };
}
