// The host secrets Shotlink keeps in the OS keychain (never in a file): which exist, what each is for,
// and the environment variable that supplies it instead (and wins over the keychain, for headless runs).
// The window and the API only ever learn whether one is set and where from, never the value.

export const SECRET_ACCOUNTS = {
  'imgpro-api-key': {
    label: 'The img.pro API key',
    usedFor: 'used by --provider imgpro --tier key',
    env: 'SHOTLINK_IMGPRO_KEY',
  },
  's3-access-key-id': {
    label: 'The S3 access key id',
    usedFor: 'used by --provider s3',
    env: 'AWS_ACCESS_KEY_ID',
  },
  's3-secret-access-key': {
    label: 'The S3 secret access key',
    usedFor: 'used by --provider s3',
    env: 'AWS_SECRET_ACCESS_KEY',
  },
  'github-token': {
    label: 'The GitHub token',
    usedFor: 'used by --provider github (else GH_TOKEN, GITHUB_TOKEN or `gh auth token`)',
    env: 'GH_TOKEN',
  },
} as const;

export type SecretAccountId = keyof typeof SECRET_ACCOUNTS;

export const SECRET_ACCOUNT_IDS = Object.keys(SECRET_ACCOUNTS) as [SecretAccountId, ...SecretAccountId[]];

export function isSecretAccount(account: string): account is SecretAccountId {
  return Object.hasOwn(SECRET_ACCOUNTS, account);
}

/** Whether a secret is set and where from; never the secret itself. */
export interface SecretStatus {
  set: boolean;
  /** 'env': its environment variable, which wins over the keychain. */
  source: 'keychain' | 'env' | null;
  /** Why there is no keychain, when there is none (e.g. no Secret Service). */
  keychainProblem?: string;
}
