// GitHub for agents: the repository an agent's images go to, under the agents' rules. GitHub must be one
// of the hosts the person allowed for agents; the repository is the one named, else the github.repo
// setting, else the origin remote of the project the client shared. Who sees an attachment is who can
// read the repository, so a public repository is a public link: it needs the person's consent to
// agents making public links, as img402 does. Checked with GitHub before any image is read.
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import type { Repository } from '../providers/github/api.ts';
import { checkedRepository, requireGithubToken } from '../providers/github/provider.ts';
import { repoName, resolveRepository } from '../providers/github/repository.ts';
import { agentTarget, settingHint } from './destination.ts';

export interface AgentRepository {
  /** owner/name */
  repo: string;
  /** Who can see what is posted there, in words a model passes on. */
  visibility: string;
  /** As GitHub described it: what the uploads use instead of asking again. */
  repository: Repository;
}

export async function agentRepository(
  ctx: CoreContext,
  asked: { repo?: string | undefined; cwd?: string | undefined },
): Promise<AgentRepository> {
  agentTarget(ctx, { provider: 'github' });
  const ref = await resolveRepository({
    asked: asked.repo,
    setting: ctx.settings.get().github.repo,
    cwd: asked.cwd,
    env: ctx.env,
  }).catch((error: unknown) => {
    if (error instanceof ShotlinkError && error.code === 'github_no_repo') {
      throw new ShotlinkError(
        'usage',
        'Which GitHub repository? Pass repo as owner/name, or work in a shared folder whose git origin is ' +
          'on github.com (the user can also set a default with `shotlink config set github.repo owner/name`).',
        { code: 'github_no_repo' },
      );
    }
    throw error;
  });
  const token = await requireGithubToken(ctx);
  const repository = await checkedRepository({ endpoints: token.endpoints, token, repo: ref });
  const name = repoName(ref);
  if (!repository.private && !ctx.settings.get().agents.publicLinks) {
    throw new ShotlinkError(
      'usage',
      `${name} is a public repository: anyone could see images posted there, and the user has not agreed ` +
        'to agents making public links. Use a private repository, or ask the user to agree once ' +
        `${settingHint('agents.publicLinks true')}.`,
      { code: 'agent_public_consent' },
    );
  }
  return {
    repo: name,
    repository,
    visibility: repository.private
      ? `private: only people who can read ${name} can see the image`
      : `public: ${name} is public, so anyone who has the link can see the image`,
  };
}
