// Uploads in flight and recent results: per-file progress, failures with their reason and a retry.
import type { JobInfo, JobState } from '../../src-shared/history.ts';
import { useShared } from '../state.tsx';
import { CopyButtons } from './CopyButtons.tsx';
import { hasLinkVariants } from '../../src-shared/links.ts';
import { PostToGithub } from './PostToGithub.tsx';
import { AlertIcon, CheckIcon, ImageIcon, RetryIcon, EraseIcon } from './icons.tsx';

const STATE_LABEL: Record<JobState, string> = {
  queued: 'Queued',
  running: 'Uploading',
  'waiting-retry': 'Waiting to retry',
  'awaiting-payment': 'Waiting for your approval',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const ACTIVE_STATES: JobState[] = ['queued', 'running', 'waiting-retry', 'awaiting-payment'];

/** Failures no retry can mend: the file itself is the problem. */
const HOPELESS = new Set(['empty', 'not_an_image', 'corrupt', 'too_many_pixels']);

/** "Declined" for a payment the person said no to: their choice, not a failure. */
export function stateLabel(job: JobInfo): string {
  if (job.state === 'failed' && job.error?.code === 'payment_declined') return 'Declined';
  return STATE_LABEL[job.state];
}

export function JobRow({ job }: { job: JobInfo }) {
  const { bridge, attempt } = useShared();
  const percent = Math.round((job.progress ?? (job.state === 'done' ? 1 : 0)) * 100);
  const hopeless = job.state === 'failed' && HOPELESS.has(job.error?.code ?? '');
  const canRetry =
    !hopeless && (job.state === 'failed' || job.state === 'waiting-retry' || job.state === 'cancelled');
  const canCancel = ACTIVE_STATES.includes(job.state);
  const canDismiss = job.state === 'failed' || job.state === 'cancelled';
  const label = stateLabel(job);
  return (
    <li className={`job job-${job.state}`} aria-label={`${job.fileName}: ${label}`}>
      <span className="job-icon">
        {job.state === 'done' ? <CheckIcon /> : job.state === 'failed' ? <AlertIcon /> : <ImageIcon />}
      </span>
      <div className="job-main">
        <div className="job-line">
          <span className="job-name">{job.fileName}</span>
          <span className="job-state">
            {label}
            {job.state === 'running' ? ` ${percent}%` : ''}
            {job.attempts > 1 ? ` · attempt ${job.attempts}` : ''}
          </span>
        </div>
        {(job.state === 'running' || job.state === 'queued') && (
          <div
            className="progress"
            role="progressbar"
            aria-label={`Uploading ${job.fileName}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
          >
            <span style={{ width: `${percent}%` }} />
          </div>
        )}
        {job.error && job.state !== 'done' && (
          <p className="job-error">
            {job.error.message}
            {job.nextAttemptAt && job.state === 'waiting-retry' && (
              <> Next try at {new Date(job.nextAttemptAt).toLocaleTimeString()}.</>
            )}
            {job.error.actionUrl && (
              <>
                {' '}
                <a href={job.error.actionUrl} target="_blank" rel="noreferrer noopener">
                  Open the host’s page
                </a>
              </>
            )}
          </p>
        )}
        {job.state === 'done' && job.fitNote && <p className="job-note">{job.fitNote}</p>}
        {job.state === 'done' && job.historyId && (
          <div className="job-done-line">
            <CopyButtons id={job.historyId} name={job.fileName} variants={hasLinkVariants(job)} />
            {job.linkCopied && <span className="muted small">Link on your clipboard</span>}
          </div>
        )}
        {job.state === 'done' && job.historyId && job.provider === 'github' && (
          <PostToGithub entryId={job.historyId} name={job.fileName} />
        )}
      </div>
      <div className="job-actions">
        {canRetry && (
          <button
            type="button"
            className="button button-small"
            onClick={() => void attempt(() => bridge.api.retryJob(job.id))}
          >
            <RetryIcon width={14} height={14} /> Retry
          </button>
        )}
        {canDismiss && (
          <button
            type="button"
            className="button button-small"
            aria-label={`Dismiss ${job.fileName}`}
            onClick={() => void attempt(() => bridge.api.dismissJob(job.id))}
          >
            <EraseIcon width={14} height={14} /> Dismiss
          </button>
        )}
        {canCancel && (
          <button
            type="button"
            className="icon-button"
            aria-label={`Cancel ${job.fileName}`}
            onClick={() => void attempt(() => bridge.api.cancelJob(job.id))}
          >
            <EraseIcon width={14} height={14} />
          </button>
        )}
      </div>
    </li>
  );
}

export function JobList({ jobs, label }: { jobs: JobInfo[]; label: string }) {
  return (
    <ul className="job-list" aria-label={label}>
      {jobs.map((job) => (
        <JobRow key={job.id} job={job} />
      ))}
    </ul>
  );
}
