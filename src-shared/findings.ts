// What the secret and personal-data detectors found in an image: its kind for people ("GitHub token")
// and where it is, in the image's own pixels. Never the text itself: a finding travels to the window,
// to stderr and into logs, and the secret must not travel with it.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type FindingKind =
  | 'aws-access-key'
  | 'github-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'stripe-key'
  | 'google-api-key'
  | 'openai-key'
  | 'anthropic-key'
  | 'gitlab-token'
  | 'discord-token'
  | 'sendgrid-key'
  | 'huggingface-token'
  | 'npm-token'
  | 'jwt'
  | 'private-key'
  | 'url-password'
  | 'bearer-token'
  | 'labelled-secret'
  | 'random-token'
  | 'email'
  | 'phone-number'
  | 'card-number'
  | 'ip-address';

export const FINDING_LABELS: Record<FindingKind, string> = {
  'aws-access-key': 'AWS access key',
  'github-token': 'GitHub token',
  'slack-token': 'Slack token',
  'slack-webhook': 'Slack webhook',
  'stripe-key': 'Stripe key',
  'google-api-key': 'Google API key',
  'openai-key': 'OpenAI key',
  'anthropic-key': 'Anthropic key',
  'gitlab-token': 'GitLab token',
  'discord-token': 'Discord token',
  'sendgrid-key': 'SendGrid key',
  'huggingface-token': 'Hugging Face token',
  'npm-token': 'npm token',
  jwt: 'JSON Web Token',
  'private-key': 'private key',
  'url-password': 'password in a URL',
  'bearer-token': 'bearer token',
  'labelled-secret': 'secret value',
  'random-token': 'random-looking token',
  email: 'email address',
  'phone-number': 'phone number',
  'card-number': 'card number',
  'ip-address': 'IP address',
};

/** Whether a value read back from a file is one of the kinds. */
export const isFindingKind = (value: unknown): value is FindingKind =>
  typeof value === 'string' && Object.hasOwn(FINDING_LABELS, value);

export interface Finding {
  kind: FindingKind;
  /** The areas to cover: one per stretch of the finding on one line of text. */
  boxes: Box[];
  /**
   * Set when part of the finding may still be readable after its boxes are covered (e.g. it runs off the
   * image's edge, or is shorter than its kind ever is, so OCR lost part of it): what may remain, for
   * a person. Absent when every part of it is covered.
   */
  mayRemain?: string;
}

/** What may still be readable after covering, one sentence per finding that says so (never the text). */
export function summarizeRemaining(findings: readonly Pick<Finding, 'kind' | 'mayRemain'>[]): string[] {
  return findings
    .filter((f) => f.mayRemain !== undefined)
    .map((f) => `${FINDING_LABELS[f.kind]}: ${f.mayRemain}`);
}

/** "GitHub token ×2, email address" — kinds and counts, never the text. */
export function summarizeFindings(findings: readonly Pick<Finding, 'kind'>[]): string {
  const counts = new Map<FindingKind, number>();
  for (const { kind } of findings) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts]
    .map(([kind, n]) => (n > 1 ? `${FINDING_LABELS[kind]} ×${n}` : FINDING_LABELS[kind]))
    .join(', ');
}
