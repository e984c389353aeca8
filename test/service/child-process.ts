// The service in a child process, for the tests that kill it with SIGKILL: start it on a data folder,
// call the API over its stdio, wait for job states. Every child started is killed after each test.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { JobInfo } from '../../src-shared/history.ts';
import { cleanEnv } from '../support/test-service.ts';

const childScript = fileURLToPath(new URL('./fixtures/service-child.ts', import.meta.url));

export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Latest state of every job the child reported. */
  jobs: Map<string, JobInfo>;
  call(method: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown }>;
  until(condition: (jobs: JobInfo[]) => boolean, what: string): Promise<void>;
  ready: Promise<JobInfo[]>;
}

const children: Child[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.process.kill('SIGKILL');
});

export function startChild(env: Record<string, string>): Child {
  const process_ = spawn(process.execPath, ['--import', 'tsx', childScript], {
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  process_.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const jobs = new Map<string, JobInfo>();
  const pending = new Map<number, (response: { ok: boolean; value?: unknown }) => void>();
  const waiters = new Set<() => void>();
  let nextId = 1;
  let resolveReady: (jobs: JobInfo[]) => void;
  const ready = new Promise<JobInfo[]>((resolve, reject) => {
    resolveReady = resolve;
    process_.once('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}): ${stderr}`)));
  });
  ready.catch(() => {}); // a child meant to die may never be ready; whoever awaits `ready` still sees why
  createInterface({ input: process_.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as
      | { type: 'ready'; jobs: JobInfo[] }
      | { type: 'job'; job: JobInfo }
      | { type: 'result'; id: number; response: { ok: boolean } };
    if (message.type === 'ready') {
      for (const job of message.jobs) jobs.set(job.id, job);
      resolveReady(message.jobs);
    } else if (message.type === 'job') jobs.set(message.job.id, message.job);
    else pending.get(message.id)?.(message.response);
    for (const waiter of waiters) waiter();
  });
  const child: Child = {
    process: process_,
    jobs,
    ready,
    call(method, ...args) {
      const id = nextId++;
      process_.stdin.write(`${JSON.stringify({ id, method, args })}\n`);
      return new Promise((resolve) => pending.set(id, resolve));
    },
    until(condition, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `Timed out waiting for ${what}: ${JSON.stringify([...jobs.values()].map((j) => [j.fileName, j.state]))}\n${stderr}`,
              ),
            ),
          60_000,
        );
        const check = () => {
          if (!condition([...jobs.values()])) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      });
    },
  };
  children.push(child);
  return child;
}

export const count = (jobs: JobInfo[], state: JobInfo['state']) =>
  jobs.filter((job) => job.state === state).length;
