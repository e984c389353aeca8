// Crash points for the kill tests, in the manner of etcd's gofail: with SHOTLINK_FAILPOINT=<name> in its
// environment, a process kills itself with SIGKILL the moment it reaches that step, so a test can prove
// that a crash exactly there loses nothing and sends nothing twice. Unset (always, outside those tests)
// a failpoint is one comparison.

/**
 * The step boundaries of an upload once it is paid for and after the host answered (see pipeline.ts),
 * and of a GitHub comment after its images are uploaded and after it is posted (see github/comment.ts).
 */
export type FailpointName =
  | 'after-payment'
  | 'after-answer'
  | 'after-thumbnail'
  | 'after-record'
  | 'after-attachments'
  | 'after-comment';

export function failpoint(name: FailpointName): void {
  if (process.env.SHOTLINK_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}
