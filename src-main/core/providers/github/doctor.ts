// The doctor's GitHub line: which token source is used (never the token) and whether it can push to
// the repository uploads would go to. Talks to GitHub only when there is a token to check.
import type { DoctorCheck } from '../../../../src-shared/doctor.ts';
import { isShotlinkError } from '../../../../src-shared/errors.ts';
import type { CoreContext } from '../../context.ts';
import { lookupRepository } from './api.ts';
import { repoName, resolveRepository } from './repository.ts';
import { describeSource, githubToken, NO_TOKEN_HELP } from './token.ts';

export async function checkGithub(ctx: CoreContext, options: { cwd?: string } = {}): Promise<DoctorCheck> {
  const base = { id: 'github', title: 'GitHub' } as const;
  const settings = ctx.settings.get();
  const chosen = settings.provider === 'github';
  let token;
  try {
    token = await githubToken(ctx);
  } catch (error) {
    // Its addresses are not ones it was meant for: said, and nothing is sent to check it.
    if (!isShotlinkError(error)) throw error;
    return { ...base, status: chosen ? 'fail' : 'warn', summary: 'token not sent', fix: error.message };
  }
  if (!token) {
    return {
      ...base,
      status: chosen ? 'fail' : 'n/a',
      summary: 'no token (GH_TOKEN, GITHUB_TOKEN, the keychain or `gh auth token`)',
      fix: NO_TOKEN_HELP,
    };
  }
  const using = `uses ${describeSource(token.source)}`;
  let repo;
  try {
    repo = await resolveRepository({ setting: settings.github.repo, cwd: options.cwd, env: ctx.env });
  } catch {
    return {
      ...base,
      status: chosen ? 'warn' : 'ok',
      summary: `${using}; no repository to check`,
      fix: 'Set one with `shotlink config set github.repo owner/name`, or run doctor in a clone of it.',
    };
  }
  try {
    const found = await lookupRepository(token.endpoints, token, repo);
    const kind = found.private ? 'private' : 'public';
    if (found.canPush === false) {
      return {
        ...base,
        status: chosen ? 'fail' : 'warn',
        summary: `${using}, which cannot push to ${repoName(repo)} (${kind})`,
        fix: 'Use a token with write access to the repository (a personal access token, or `gh auth login`).',
      };
    }
    return { ...base, status: 'ok', summary: `${using}, which can push to ${repoName(repo)} (${kind})` };
  } catch (error) {
    if (!isShotlinkError(error)) throw error;
    return {
      ...base,
      status: chosen ? 'fail' : 'warn',
      summary: `${using}; ${repoName(repo)}: not usable`,
      fix: error.message,
    };
  }
}
