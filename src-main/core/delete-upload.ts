// Deleting an upload from its host, where the host allows it, and then from the history: one use case
// for the window (api/history.ts) and for agents (agents/uploads.ts).
import { ShotlinkError } from '../../src-shared/errors.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';
import type { CoreContext } from './context.ts';
import { resolveProvider } from './providers/registry.ts';

export async function deleteUpload(ctx: CoreContext, entry: HistoryEntry): Promise<void> {
  const { provider } = await resolveProvider(ctx, entry.provider, entry.tier);
  if (!provider.delete) {
    throw new ShotlinkError(
      'usage',
      `${entry.provider} does not let uploads be deleted; the image goes when it expires. Use "forget" to remove it from this list.`,
    );
  }
  await provider.delete({ hostId: entry.hostId, deleteUrl: entry.deleteUrl });
  ctx.history.remove(entry.id);
}
