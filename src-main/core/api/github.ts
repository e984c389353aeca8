// GitHub from the window: "Post to #…" after an upload posts its attachment (and text) as one comment.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';
import { postEntriesAsComment } from '../github/comment.ts';

export function githubApi(app: App): Pick<ShotlinkApi, 'postToGithub'> {
  return {
    async postToGithub(request) {
      const { commentUrl, found } = await postEntriesAsComment(app.core, request);
      return { commentUrl, found };
    },
  };
}
