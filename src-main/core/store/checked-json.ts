// One JSON document in the data folder, checked on every read and written atomically (atomic.ts). A
// file that is not valid JSON or fails its schema is never silently emptied: it is renamed aside (kept
// for the user to inspect), the store starts from its empty value, and the problem is reported so the
// CLI and the app can say so.
import { writeFileAtomicSync } from './atomic.ts';
import { withLock } from './lock.ts';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type * as z from 'zod';

export interface StoreProblem {
  /** The damaged file. */
  file: string;
  /** Where it was moved. */
  movedTo: string;
  /** What was wrong, for people. */
  message: string;
}

export interface CheckedJson<T> {
  readonly path: string;
  /** The document, validated; the empty value when there is none yet or it was set aside. */
  read(): T;
  /**
   * Read, change, write, holding a lock file so that another process (the app and the CLI share the
   * folder) cannot slip its own write in between and have it silently overwritten.
   */
  update(change: (current: T) => T): T;
  /** Damaged files found so far (each reported once, then kept here). */
  readonly problems: readonly StoreProblem[];
}

export function openCheckedJson<T extends object>(options: {
  home: string;
  /** File name without `.json`; also what the problem message calls it, e.g. "settings". */
  name: string;
  schema: z.ZodType<T>;
  empty: () => T;
  /** What the user gets instead, for the problem message: "the default settings are used". */
  fallbackNote: string;
}): CheckedJson<T> {
  const path = join(options.home, `${options.name}.json`);
  const problems: StoreProblem[] = [];

  const setAside = (reason: string): T => {
    const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(path, movedTo);
    } catch (error) {
      // Another process (the app, a second CLI) found the same damage first and moved it aside.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return options.empty();
      throw error;
    }
    problems.push({
      file: path,
      movedTo,
      message: `The ${options.name} file ${path} was damaged (${reason}). It was moved to ${movedTo} and ${options.fallbackNote}.`,
    });
    return options.empty();
  };

  // The text last read and what it was checked to be: one command reads its settings several times, and
  // checking them against the schema each time cost more than reading the file (a copy is returned, so a
  // caller changing what it got cannot change what the next one gets).
  let last: { text: string; value: T } | undefined;
  const read = (): T => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return options.empty();
      throw error;
    }
    if (last?.text === text) return structuredClone(last.value);
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return setAside(`not valid JSON: ${(error as Error).message}`);
    }
    // Arrays and primitives are JSON too, but never one of our documents.
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      return setAside('not a JSON object');
    }
    const result = options.schema.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return setAside(`${where}${issue?.message ?? 'invalid'}`);
    }
    last = { text, value: structuredClone(result.data) };
    return result.data;
  };

  // Readable by its owner only: the index of what was uploaded is nobody else's business.
  const write = (value: T) => writeFileAtomicSync(path, `${JSON.stringify(value, null, '\t')}\n`);

  return {
    path,
    read,
    update(change) {
      return withLock(`${path}.lock`, () => {
        const next = change(read());
        write(next);
        return next;
      });
    },
    problems,
  };
}
