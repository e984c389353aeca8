// Small waits for the service tests: on events and on conditions, never on the clock.
import type { JobInfo } from '../../src-shared/history.ts';
import type { AppService } from '../../src-main/core/service.ts';

/** Resolves when `condition` holds, checking after every service event (and every 25 ms as a fallback). */
export function until<T>(
  service: AppService,
  condition: () => T | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      let value: T | undefined | false;
      try {
        value = condition();
      } catch (error) {
        finish();
        return reject(error);
      }
      if (value !== undefined && value !== false) {
        finish();
        resolve(value);
      }
    };
    const unsubscribe = service.events.onAny(check);
    const poll = setInterval(check, 25);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`Timed out waiting for ${what}`));
    }, timeoutMs);
    const finish = () => {
      unsubscribe();
      clearInterval(poll);
      clearTimeout(timer);
    };
    check();
  });
}

export const jobsIn = (service: AppService, state: JobInfo['state']) =>
  service.queue.list().filter((job) => job.state === state);

export function allSettled(service: AppService, count: number): Promise<JobInfo[]> {
  return until(
    service,
    () => {
      const jobs = service.queue.list();
      return (
        jobs.length >= count &&
        jobs.every((job) => ['done', 'failed', 'cancelled'].includes(job.state)) &&
        jobs
      );
    },
    `${count} jobs to settle`,
  );
}
