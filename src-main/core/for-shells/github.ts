// GitHub as a destination: the repository and what the person is told before uploading, the comment
// use case, and the doctor's line.
import type { CoreContext } from '../context.ts';
import { visibilityOf } from '../providers/github/api.ts';
import { checkedRepository, requireGithubToken } from '../providers/github/provider.ts';
import { repoName, resolveRepository } from '../providers/github/repository.ts';
import { describeSource } from '../providers/github/token.ts';

export { postImagesAsComment, type CommentRequest } from '../github/comment.ts';
export { checkGithub } from '../providers/github/doctor.ts';

/**
 * The repository a run uploads to (`--repo`, the setting, or the origin remote of `cwd`), checked with
 * GitHub before any image is read, and the line that tells the person where the images go and who
 * will see them.
 */
export async function prepareGithubUpload(
  ctx: CoreContext,
  options: { repo?: string | undefined; cwd: string },
): Promise<{ repo: string; notice: string }> {
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
  return { repo: repoName(ref), notice };
}
