// GitHub as the destination of a run at once: the repository (`--repo`, the setting, or the origin
// remote of the folder the run started in), checked with GitHub before any image is read, and the line
// that tells the person where the images go and who will see them.
import type { CoreContext } from '../context.ts';
import { visibilityOf, type Repository } from '../providers/github/api.ts';
import { checkedRepository, requireGithubToken } from '../providers/github/provider.ts';
import { repoName, resolveRepository } from '../providers/github/repository.ts';
import { describeSource } from '../providers/github/token.ts';

export async function prepareGithubUpload(
  ctx: CoreContext,
  options: { repo?: string | undefined; cwd: string },
): Promise<{ repo: string; repository: Repository; notice: string }> {
  const ref = await resolveRepository({
    asked: options.repo,
    setting: ctx.settings.get().github.repo,
    cwd: options.cwd,
    env: ctx.env,
  });
  const token = await requireGithubToken(ctx);
  const repository = await checkedRepository({ endpoints: token.endpoints, token, repo: ref });
  const notice =
    `GitHub ${repoName(ref)}: ${visibilityOf(repository)}; permanent (GitHub has no delete for ` +
    `attachments). Using ${describeSource(token.source)}.`;
  return { repo: repoName(ref), repository, notice };
}
