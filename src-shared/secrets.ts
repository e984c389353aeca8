// The host secrets Shotlink keeps in the OS keychain (never in a file): each host's description says
// which it needs, what each is for, and the environment variable that supplies it instead (and wins over
// the keychain, for headless runs).
// The window and the API only ever learn whether one is set and where from, never the value.

export { isSecretAccount, SECRET_ACCOUNT_IDS, SECRET_ACCOUNTS, type SecretAccountId } from './hosts/index.ts';

/** Whether a secret is set and where from; never the secret itself. */
export interface SecretStatus {
  set: boolean;
  /**
   * 'env': an environment variable, which wins over the keychain. 'command': none is set, and another
   * program supplies it (GitHub's `gh auth token`).
   */
  source: 'keychain' | 'env' | 'command' | null;
  /** Which variable or command, when not the keychain: 'GITHUB_TOKEN', '`gh auth token`'. */
  from?: string;
  /** Why there is no keychain, when there is none (e.g. no Secret Service). */
  keychainProblem?: string;
  /**
   * The host's address changed since the secret was saved: it is not sent until given again or
   * confirmed for the new address (origins, never the secret).
   */
  originChanged?: { savedFor: string; now: string };
}
