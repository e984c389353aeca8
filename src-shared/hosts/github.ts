// GitHub attachments: images stored with a repository, seen by whoever can read it (nobody else when it
// is private), kept for good and never deletable. The token may also come from GITHUB_TOKEN or
// `gh auth token` (src-main/core/providers/github/token.ts), so the tier does not list it as needed.
import * as z from 'zod';
import { describeHost, field, httpUrl, MB } from './describe.ts';

export const github = describeHost({
  id: 'github',
  label: 'GitHub',
  about:
    'Attach images to a repository: whoever can read it sees them (nobody else when it is private). ' +
    'They are kept for good: GitHub has no delete for them.',
  tiers: [
    {
      id: 'default',
      label: 'Attachment',
      maxBytes: 10 * MB,
      retentionDays: null,
      priceAtomic: null,
      // Who sees it is the repository's audience: private to its readers, or public (said per upload).
      public: false,
      audience: "whoever can read the repository (everyone, if it's public)",
      note: 'Seen by whoever can read the repository; permanent, GitHub has no delete for it.',
      endpoint:
        '`POST {hosts.githubUploadsUrl}/user-attachments/assets?name=…&content_type=…&repository_id=…` (raw bytes)',
      kept: 'permanent, no delete',
    },
  ],
  fields: [
    field(
      'github.repo',
      z
        .string()
        .regex(/^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)?$/, 'Write it as owner/name, e.g. octocat/hello-world.')
        .default(''),
      {
        label: 'Repository',
        help: "owner/name; empty: the CLI uses the current directory's origin remote.",
        input: 'text',
        placeholder: 'octocat/hello-world',
      },
    ),
    field('hosts.githubApiUrl', httpUrl.default('https://api.github.com'), {
      label: 'GitHub API address',
      help: 'Repository lookups and comments.',
      input: 'url',
      advanced: true,
    }),
    field('hosts.githubUploadsUrl', httpUrl.default('https://uploads.github.com'), {
      label: 'GitHub uploads address',
      help: 'Where attachments are stored.',
      input: 'url',
      advanced: true,
    }),
  ],
  secrets: [
    {
      account: 'github-token',
      label: 'The GitHub token',
      field: 'Token',
      env: 'GH_TOKEN',
      alsoEnv: ['GITHUB_TOKEN'],
      usedFor: 'used by --provider github (else GH_TOKEN, GITHUB_TOKEN or `gh auth token`)',
    },
  ],
  // The API answering; whether the token can push is the GitHub line's (providers/github/doctor.ts).
  // The token goes to both hosts, so it is bound to both; github.com's own need no confirming.
  address: { key: 'hosts.githubApiUrl', others: ['hosts.githubUploadsUrl'], ownDefaults: true },
  setUpBy: ['github.repo'],
});
