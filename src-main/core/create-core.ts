// Wires the real pieces of core together. The CLI, the desktop shell and the service call this once;
// tests call it with a temporary home and an in-memory secret store.
import type { ConfirmPayment, CoreContext } from './context.ts';
import type { SecretStore } from './ports.ts';
import { createKeytarStore } from './secrets/keytar-store.ts';
import { createPaymentsService } from './payments/payments-service.ts';
import { createWallet, type Wallet } from './payments/wallet.ts';
import { defaultDataDir } from './store/paths.ts';
import { createHistoryStore } from './store/history-store.ts';
import { createSettingsStore } from './store/settings-store.ts';

export interface CreateCoreOptions {
  env?: NodeJS.ProcessEnv;
  /** The data folder; default SHOTLINK_HOME or the OS app-data folder. */
  home?: string;
  secrets?: SecretStore;
  /** Asks before a payment (the CLI on its terminal, the app in its window). */
  confirmPayment?: ConfirmPayment;
  /** Core for a coding agent (`shotlink mcp`): payments within the person's budget for agents, marked so. */
  forAgent?: boolean;
  /** See CoreContext.thumbnailsLater: set by the commands that end with their upload. */
  thumbnailsLater?: boolean;
}

export interface Core extends CoreContext {
  /** The one wallet of this data folder: the payments pay from it, the API manages it. */
  wallet: Wallet;
  /**
   * Damaged data files that were set aside, and unreadable history entries, as messages for people;
   * empty when all is well. `historyEntries: false` leaves the entries unchecked (see
   * CheckedHistoryStore.fileProblems).
   */
  problems(options?: { historyEntries?: boolean }): string[];
}

export function createCore(options: CreateCoreOptions = {}): Core {
  const env = options.env ?? process.env;
  const home = options.home ?? defaultDataDir(env);
  const settings = createSettingsStore(home, env);
  const history = createHistoryStore(home);
  // SHOTLINK_KEYCHAIN_SERVICE: a keychain entry of its own, for tests and side-by-side installs.
  const secrets = options.secrets ?? createKeytarStore(env.SHOTLINK_KEYCHAIN_SERVICE || undefined);
  const wallet = createWallet({ secrets, env, network: () => settings.get().payments.network });
  return {
    home,
    env,
    settings,
    history,
    secrets,
    wallet,
    payments: createPaymentsService({
      home,
      settings,
      wallet,
      confirmPayment: options.confirmPayment,
      ...(options.forAgent && { forAgent: true }),
    }),
    ...(options.thumbnailsLater && { thumbnailsLater: true }),
    problems: ({ historyEntries = true } = {}) =>
      [...settings.problems, ...(historyEntries ? history.problems : history.fileProblems)].map(
        (problem) => problem.message,
      ),
  };
}
