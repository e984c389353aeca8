// What agents may see and undo of the history: every upload listed (file name, link, where, when), and
// deleting only the uploads agents made themselves, where the host allows deleting at all.
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import { formatEntryLink } from '../../../src-shared/links.ts';
import type { CoreContext } from '../context.ts';
import { deleteUpload } from '../delete-upload.ts';
import { byAgent } from './upload.ts';

export interface AgentUploadSummary {
  id: string;
  fileName: string;
  url: string;
  markdown: string;
  destination: string;
  uploadedAt: string;
  expiresAt: string | null;
  byAgent: boolean;
}

export function listForAgent(
  ctx: CoreContext,
  query: { search?: string | undefined; limit?: number | undefined },
): AgentUploadSummary[] {
  return ctx.history.list({ search: query.search, limit: query.limit ?? 20 }).map((entry) => ({
    id: entry.id,
    fileName: entry.fileName,
    url: entry.url,
    markdown: formatEntryLink(entry, 'markdown'),
    destination: `${entry.provider}/${entry.tier}`,
    uploadedAt: entry.uploadedAt,
    expiresAt: entry.expiresAt,
    byAgent: byAgent(entry),
  }));
}

export async function deleteForAgent(ctx: CoreContext, id: string): Promise<HistoryEntry> {
  const entry = ctx.history.get(id);
  if (!entry) {
    throw new ShotlinkError(
      'usage',
      `No upload in the history has the id ${JSON.stringify(id.slice(0, 80))}. Use list_uploads to find it.`,
      {
        code: 'no_such_upload',
      },
    );
  }
  if (!byAgent(entry)) {
    throw new ShotlinkError(
      'usage',
      `${entry.fileName} was uploaded by the user, not by an agent; agents delete only their own uploads. Ask the user to delete it in the window's History.`,
      { code: 'not_agents_upload' },
    );
  }
  await deleteUpload(ctx, entry);
  return entry;
}
