// The tray menu as a pure function of what the app knows: the same state always gives the same menu,
// so it is rebuilt whenever the state changes and tested without a tray. Clicks become TrayCommands;
// tray.ts carries them out.
import type { MenuItemConstructorOptions } from 'electron';
import { describeRetention, formatUsdc, type ProviderInfo, type TierInfo } from '../../src-shared/catalog.ts';
import type { ServerStatus } from '../../src-shared/api.ts';
import type { HistoryEntry } from '../../src-shared/history.ts';

/** What the tray icon shows: idle, an upload under way, the last one succeeded or failed. */
export type TrayStatus = 'idle' | 'uploading' | 'done' | 'failed';

export interface TrayState {
  status: TrayStatus;
  /** Newest first; the menu shows the first five. */
  recent: Pick<HistoryEntry, 'id' | 'fileName' | 'provider'>[];
  providers: ProviderInfo[];
  provider: string;
  tier: string;
  watchPaused: boolean;
  server: Pick<ServerStatus, 'running' | 'lanUrl' | 'error'>;
}

export type TrayCommand =
  | { type: 'upload-clipboard' }
  | { type: 'upload-file' }
  | { type: 'capture' }
  | { type: 'copy-link'; historyId: string }
  | { type: 'choose-tier'; provider: string; tier: string }
  | { type: 'set-watch-paused'; paused: boolean }
  | { type: 'set-server'; enabled: boolean }
  | { type: 'copy-text'; text: string }
  | { type: 'open' }
  | { type: 'quit' };

export const RECENT_IN_MENU = 5;

/** "1 year · 0.01 USDC" / "7 days · free": what a tier costs and how long it keeps the image. */
export function tierSummary(tier: TierInfo): string {
  const price = tier.priceAtomic === null ? 'free' : `${formatUsdc(tier.priceAtomic)} USDC`;
  return `${tier.label} — ${price}, ${describeRetention(tier.retentionDays)}`;
}

const STATUS_TEXT: Record<TrayStatus, string> = {
  idle: 'Shotlink',
  uploading: 'Shotlink — uploading…',
  done: 'Shotlink — link copied',
  failed: 'Shotlink — upload failed (open Shotlink for the reason)',
};

export function trayTooltip(status: TrayStatus): string {
  return STATUS_TEXT[status];
}

export function buildTrayMenu(
  state: TrayState,
  run: (command: TrayCommand) => void,
): MenuItemConstructorOptions[] {
  const recent = state.recent.slice(0, RECENT_IN_MENU);
  const hostItems: MenuItemConstructorOptions[] = state.providers.flatMap((provider) => [
    { label: provider.label, enabled: false },
    ...provider.tiers.map((tier): MenuItemConstructorOptions => ({
      label: tierSummary(tier),
      type: 'radio',
      checked: provider.id === state.provider && tier.id === state.tier,
      click: () => run({ type: 'choose-tier', provider: provider.id, tier: tier.id }),
    })),
  ]);

  const serverItems: MenuItemConstructorOptions[] = [
    {
      label: 'Shotlink server',
      type: 'checkbox',
      checked: state.server.running,
      click: () => run({ type: 'set-server', enabled: !state.server.running }),
    },
  ];
  if (state.server.running && state.server.lanUrl) {
    const lanUrl = state.server.lanUrl;
    serverItems.push({
      label: `On your network: ${lanUrl} (copy)`,
      click: () => run({ type: 'copy-text', text: lanUrl }),
    });
  }
  if (state.server.error) serverItems.push({ label: `Server: ${state.server.error}`, enabled: false });

  return [
    { label: trayTooltip(state.status), enabled: false },
    { type: 'separator' },
    { label: 'Upload clipboard image', click: () => run({ type: 'upload-clipboard' }) },
    { label: 'Upload file…', click: () => run({ type: 'upload-file' }) },
    { label: 'Capture region', click: () => run({ type: 'capture' }) },
    { type: 'separator' },
    { label: 'Recent uploads (click to copy the link)', enabled: false },
    ...(recent.length === 0
      ? [{ label: 'Nothing uploaded yet', enabled: false }]
      : recent.map((entry): MenuItemConstructorOptions => ({
          label: entry.fileName,
          sublabel: entry.provider,
          click: () => run({ type: 'copy-link', historyId: entry.id }),
        }))),
    { type: 'separator' },
    { label: 'Upload to', submenu: hostItems },
    {
      label: 'Pause watching',
      type: 'checkbox',
      checked: state.watchPaused,
      click: () => run({ type: 'set-watch-paused', paused: !state.watchPaused }),
    },
    ...serverItems,
    { type: 'separator' },
    { label: 'Open Shotlink', click: () => run({ type: 'open' }) },
    { label: 'Quit Shotlink', click: () => run({ type: 'quit' }) },
  ];
}
