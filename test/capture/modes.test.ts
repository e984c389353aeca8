// The whole screen or a window with each desktop's tool, where it has such a mode.
import { describe, expect, it } from 'vitest';
import { planForMode } from '../../src-main/core/capture/modes.ts';
import { OUTPUT, planCapture, type CaptureToolId } from '../../src-main/core/capture/plan.ts';

const plan = (tool: CaptureToolId, platform: NodeJS.Platform = 'linux') =>
  planCapture({ platform, env: { SHOTLINK_CAPTURE_TOOL: tool }, has: () => true });
const args = (tool: CaptureToolId, mode: 'screen' | 'window', platform: NodeJS.Platform = 'linux') => {
  const moded = planForMode(plan(tool, platform), mode);
  return moded?.kind === 'command' ? moded.steps.map((step) => [step.command, ...step.args]) : null;
};

describe('planForMode', () => {
  it('keeps the region plan for a region', () => {
    expect(planForMode(plan('flameshot'), 'region')).toEqual(plan('flameshot'));
  });
  it('asks each tool for the whole screen in its own words', () => {
    expect(args('flameshot', 'screen')).toEqual([['flameshot', 'full', '--raw']]);
    expect(args('gnome-screenshot', 'screen')).toEqual([['gnome-screenshot', '-f', OUTPUT]]);
    expect(args('spectacle', 'screen')).toEqual([['spectacle', '-f', '-b', '-n', '-o', OUTPUT]]);
    // No slurp: nothing to select.
    expect(args('grim', 'screen')).toEqual([['grim', OUTPUT]]);
    // No -s: nothing to select (X11 tools of window managers such as i3).
    expect(args('maim', 'screen')).toEqual([['maim', '-u', OUTPUT]]);
    expect(args('scrot', 'screen')).toEqual([['scrot', '-z', OUTPUT]]);
    expect(args('screencapture', 'screen', 'darwin')).toEqual([['screencapture', '-x', '-t', 'png', OUTPUT]]);
  });
  it('asks for a window where the tool has one, and answers null where it has none', () => {
    expect(args('gnome-screenshot', 'window')).toEqual([['gnome-screenshot', '-w', '-f', OUTPUT]]);
    expect(args('spectacle', 'window')).toEqual([['spectacle', '-a', '-b', '-n', '-o', OUTPUT]]);
    expect(args('screencapture', 'window', 'darwin')).toEqual([
      ['screencapture', '-i', '-w', '-x', '-t', 'png', OUTPUT],
    ]);
    expect(args('flameshot', 'window')).toBeNull();
    expect(args('grim', 'window')).toBeNull();
    expect(args('scrot', 'window')).toEqual([['scrot', '-u', '-z', OUTPUT]]);
    expect(args('maim', 'window')).toBeNull();
    expect(planForMode(plan('portal'), 'screen')).toBeNull();
    expect(planForMode(plan('snipping-overlay', 'win32'), 'window')).toBeNull();
  });
});
