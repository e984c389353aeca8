// A change of settings checked against what exists on this machine before it is saved: a host or tier
// typed wrong (`config set provider imgpr`) is a usage error naming the ones there are, not a setting that
// fails the next upload. The settings schema checks shapes; this checks names. Both `shotlink config`
// and the window's setSettings go through it.
import type { SettingsPatch } from '../../src-shared/settings.ts';
import type { CoreContext } from './context.ts';
import { knownProvider, resolveTier } from './providers/registry.ts';

/** Throws a usage error when the patch names a host or tier that does not exist here. */
export function checkSettingsPatch(ctx: CoreContext, patch: SettingsPatch): void {
  if (typeof patch.provider === 'string') knownProvider(ctx, patch.provider);
  // A tier belongs to the host it is set with, or to the one already set.
  if (typeof patch.tier === 'string')
    resolveTier(ctx, patch.provider ?? ctx.settings.get().provider, patch.tier);
  for (const host of patch.agents?.hosts ?? []) if (typeof host === 'string') knownProvider(ctx, host);
}
