// Hosts' answers, made durable the moment they arrive. Once a host has an image, its answer (link, host
// id, delete URL, the payment spent) is the only thing that can stop a crash from sending the image
// again or paying again: it is written in one atomic step before anything else happens (payment marked
// used, thumbnail, history). A later run with the same upload key finds it and finishes the record
// without sending anything. The answer is removed once the history holds it.
import { readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import type { HistoryEntry } from '../../../src-shared/history.ts';
import { hashBytes } from '../util/hash.ts';
import { writeFileAtomic } from './atomic.ts';
import { historyEntrySchema } from './history-store.ts';
import { dataPaths } from './paths.ts';

/** The history entry the answer makes, before its thumbnail: what a restart needs to finish it. */
export type SavedAnswer = HistoryEntry & { uploadKey: string };

const savedAnswerSchema = z.looseObject({ entry: historyEntrySchema });

const pathFor = (home: string, uploadKey: string) =>
  join(dataPaths(home).answers, `${hashBytes(new TextEncoder().encode(uploadKey)).slice(0, 32)}.json`);

export async function saveAnswer(home: string, answer: SavedAnswer): Promise<void> {
  await writeFileAtomic(pathFor(home, answer.uploadKey), `${JSON.stringify({ entry: answer })}\n`);
}

/** The saved answer for this upload, or null. A damaged file is set aside (`.corrupt`), never fatal. */
export async function readSavedAnswer(home: string, uploadKey: string): Promise<SavedAnswer | null> {
  return readAnswerFile(pathFor(home, uploadKey));
}

export async function removeSavedAnswer(home: string, uploadKey: string): Promise<void> {
  await unlink(pathFor(home, uploadKey)).catch(() => {});
}

/** Every saved answer still waiting to be recorded (answers from crashed runs). */
export async function listSavedAnswers(home: string): Promise<SavedAnswer[]> {
  const dir = dataPaths(home).answers;
  const names = await readdir(dir).catch(() => [] as string[]);
  const answers = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map((name) => readAnswerFile(join(dir, name))),
  );
  return answers.filter((answer): answer is SavedAnswer => answer !== null);
}

async function readAnswerFile(path: string): Promise<SavedAnswer | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const { entry } = savedAnswerSchema.parse(JSON.parse(text));
    if (!entry.uploadKey) throw new Error('no upload key');
    return entry as SavedAnswer;
  } catch {
    await rename(path, `${path}.corrupt`).catch(() => {});
    return null;
  }
}
