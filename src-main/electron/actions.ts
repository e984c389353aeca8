// What the tray menu and the hotkeys do, in terms of the API: the shell adds no behaviour of its own,
// it only picks files and reports what went wrong.
import type { ServerStatus, ShotlinkApi } from '../../src-shared/api.ts';
import type { JobInfo } from '../../src-shared/history.ts';
import type { NotifierPort } from '../core/for-shells/ports.ts';
import type { TrayCommand, TrayStatus } from './tray-menu.ts';

export interface ActionDeps {
  api: ShotlinkApi;
  writeText(text: string): Promise<unknown>;
  /** The "Upload file…" dialog; empty when cancelled. */
  chooseFiles(): Promise<string[]>;
  showWindow(): void;
  quit(): void;
  notify: NotifierPort['notify'];
  serverChanged(status: ServerStatus): void;
}

/** The icon state a job's progress means, or null when it changes nothing. */
export function trayStatusFor(job: Pick<JobInfo, 'state'>): TrayStatus | null {
  switch (job.state) {
    case 'running':
    case 'awaiting-payment':
      return 'uploading';
    case 'done':
      return 'done';
    case 'failed':
      return 'failed';
    default:
      return null;
  }
}

export function createActions(deps: ActionDeps): (command: TrayCommand) => Promise<void> {
  const { api } = deps;

  const perform = async (command: TrayCommand): Promise<void> => {
    switch (command.type) {
      case 'upload-clipboard': {
        const job = await api.uploadClipboard();
        if (!job) {
          deps.notify({
            title: 'Nothing to upload',
            body: 'There is no image on the clipboard. (A file copied in a file manager is not an image: drop it on Shotlink instead.)',
            level: 'error',
          });
        }
        return;
      }
      case 'upload-file': {
        const paths = await deps.chooseFiles();
        if (paths.length > 0) await api.uploadFiles(paths);
        return;
      }
      case 'capture':
        // null: the user cancelled the selection, which needs no message.
        await api.capture();
        return;
      case 'copy-link':
        await api.copyLink(command.historyId);
        return;
      case 'choose-tier':
        await api.setSettings({ provider: command.provider, tier: command.tier });
        return;
      case 'set-watch-paused':
        await api.setWatchPaused(command.paused);
        return;
      case 'set-server':
        deps.serverChanged(await api.setServerEnabled(command.enabled));
        return;
      case 'copy-text':
        await deps.writeText(command.text);
        return;
      case 'open':
        deps.showWindow();
        return;
      case 'quit':
        deps.quit();
        return;
    }
  };

  // A tray click has no caller to return an error to: every failure becomes a notification with its reason.
  return async (command) => {
    try {
      await perform(command);
    } catch (error) {
      deps.notify({
        title: 'Shotlink',
        body: error instanceof Error ? error.message : String(error),
        level: 'error',
      });
    }
  };
}
