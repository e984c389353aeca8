// A history entry as an earlier upload left it, for tests that write history files or stores directly.
import type { HistoryEntry } from '../../src-shared/history.ts';

export function historyEntry(id: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    fileName: `${id}.png`,
    provider: 'img402',
    tier: 'free',
    url: `https://i.img402.dev/${id}.webp`,
    hostId: id,
    originalBytes: 2000,
    bytes: 1000,
    format: 'webp',
    width: 640,
    height: 480,
    uploadedAt: '2026-01-02T03:04:05.000Z',
    expiresAt: null,
    thumbnail: null,
    contentHash: 'cd'.repeat(32),
    ...overrides,
  };
}
