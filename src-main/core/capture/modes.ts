// Capturing the whole screen or a window instead of a selected region, where the desktop's tool can:
// the same tools as plan.ts, asked for another mode. Where a tool has no such mode, the answer is null
// and the caller says so (a region can always be selected instead).
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { Box } from '../../../src-shared/findings.ts';
import { OUTPUT, type CapturePlan } from './plan.ts';

export const CAPTURE_MODES = ['region', 'screen', 'window'] as const;
export type CaptureMode = (typeof CAPTURE_MODES)[number];

/**
 * What to capture: a region the person selects, the whole screen, or a window (the tool's own choice of
 * window); or, with nothing to select, an `area` of the screen given as coordinates, or a `window`
 * given by its id or title (targets.ts). The mode follows from what is given when it is left out.
 */
export interface CaptureRequest {
  mode?: CaptureMode | undefined;
  area?: Box | undefined;
  window?: string | undefined;
}

/** The request's mode, or a refusal when its parts contradict each other. */
export function modeOf(request: CaptureRequest): CaptureMode {
  const mode = request.mode ?? (request.window !== undefined ? 'window' : 'region');
  const wrong =
    request.area && request.window !== undefined
      ? 'Give an area or a window, not both.'
      : request.area && mode !== 'region'
        ? `An area is a region of the screen: use mode region with it, not ${mode}.`
        : request.window !== undefined && mode !== 'window'
          ? `A named window is captured in mode window, not ${mode}.`
          : null;
  if (wrong) throw new ShotlinkError('usage', wrong);
  return mode;
}

/** Each command tool's arguments for the screen and for a window, or null where it has none. */
const ARGS: Partial<Record<string, Record<Exclude<CaptureMode, 'region'>, string[] | null>>> = {
  // -w: the user clicks a window; without -i: the whole screen at once.
  screencapture: { screen: ['-x', '-t', 'png', OUTPUT], window: ['-i', '-w', '-x', '-t', 'png', OUTPUT] },
  // Without -a: the whole screen; -w: the focused window.
  'gnome-screenshot': { screen: ['-f', OUTPUT], window: ['-w', '-f', OUTPUT] },
  // -f full screen, -a the active window.
  spectacle: { screen: ['-f', '-b', '-n', '-o', OUTPUT], window: ['-a', '-b', '-n', '-o', OUTPUT] },
  flameshot: { screen: ['full', '--raw'], window: null },
  // grim without -g: every output; wlroots has no window to name without the compositor's own tool.
  grim: { screen: [OUTPUT], window: null },
  // Without -s: the whole screen at once. maim names a window only by its id (-i), which needs another
  // tool to find; scrot's -u takes the focused window.
  maim: { screen: ['-u', OUTPUT], window: null },
  scrot: { screen: ['-z', OUTPUT], window: ['-u', '-z', OUTPUT] },
};

export function planForMode(plan: CapturePlan, mode: CaptureMode): CapturePlan | null {
  if (mode === 'region') return plan;
  if (plan.kind !== 'command') return null;
  const args = ARGS[plan.tool]?.[mode];
  if (!args) return null;
  const command = plan.tool === 'grim' ? 'grim' : plan.steps.at(-1)!.command;
  return { ...plan, steps: [{ command, args }] };
}
