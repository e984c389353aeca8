// The upload queue as the window sees it: list the jobs, retry a failed one, cancel one.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';

export function jobsApi(app: App): Pick<ShotlinkApi, 'listJobs' | 'retryJob' | 'cancelJob' | 'dismissJob'> {
  return {
    listJobs: async () => app.queue.list(),
    retryJob: (id) => app.queue.retry(id),
    async cancelJob(id) {
      // A job held up by a payment question is unblocked with a "no" before it is interrupted.
      app.questions.declineAll(id);
      return app.queue.cancel(id);
    },
    dismissJob: (id) => app.queue.dismiss(id),
  };
}
