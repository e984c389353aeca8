// Watches folders for new screenshots and hands each finished image over once. Finished means two
// things: chokidar saw its size stand still (awaitWriteFinish), and the bytes end the way their format
// ends (see looksComplete) - a writer that pauses mid-file is waited for, not uploaded half-written.
import { watch, type FSWatcher } from 'chokidar';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { hashBytes } from '../util/hash.ts';
import { isCandidateImageName, looksComplete } from './image-files.ts';

export interface FolderState {
  path: string;
  active: boolean;
  error?: string;
}

export interface FolderWatcherOptions {
  onImage(image: { path: string; fileName: string; bytes: Uint8Array }): void;
  onStatus?(folders: FolderState[]): void;
  /** How long a file's size must stand still before it is read. */
  stabilityMs?: number;
  /** How often folders that do not exist yet are looked for (GNOME creates Screenshots on first use). */
  recheckMs?: number;
}

/** Remembered image hashes per session, enough to recognise a file rewritten with the same bytes. */
const SEEN_LIMIT = 1000;
/** Looks at an incomplete file 250 ms, 0.5 s, 1 s ... 32 s after the last read: about a minute in all. */
const RECHECKS = 8;

export class FolderWatcher {
  private readonly watchers = new Map<string, { watcher: FSWatcher | null; state: FolderState }>();
  private readonly seen = new Set<string>();
  /** Files read while still incomplete, looked at again in case their last change event never comes. */
  private readonly incomplete = new Map<string, { attempt: number; timer: NodeJS.Timeout }>();
  private recheck: NodeJS.Timeout | null = null;
  private paused = false;
  private closed = false;

  constructor(private readonly options: FolderWatcherOptions) {}

  /** Watches exactly these folders: starts the new ones, stops the ones no longer listed. */
  async setFolders(folders: string[]): Promise<void> {
    const wanted = new Set(folders.map((folder) => resolve(folder)));
    for (const [path, entry] of this.watchers) {
      if (wanted.has(path)) continue;
      this.watchers.delete(path);
      await entry.watcher?.close();
    }
    await Promise.all(
      [...wanted].filter((path) => !this.watchers.has(path)).map((path) => this.startFolder(path)),
    );
    this.scheduleRecheck();
  }

  /** Paused: new files are seen but not uploaded (and not uploaded later either: pausing means "not these"). */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  status(): FolderState[] {
    return [...this.watchers.values()].map(({ state }) => ({ ...state }));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.recheck) clearInterval(this.recheck);
    this.recheck = null;
    for (const file of [...this.incomplete.keys()]) this.clearRecheck(file);
    const entries = [...this.watchers.values()];
    this.watchers.clear();
    await Promise.all(entries.map((entry) => entry.watcher?.close()));
  }

  private async startFolder(path: string): Promise<void> {
    const entry: { watcher: FSWatcher | null; state: FolderState } = {
      watcher: null,
      state: { path, active: false },
    };
    this.watchers.set(path, entry);
    if (!existsSync(path)) {
      entry.state.error = 'The folder does not exist (yet); Shotlink will start watching when it appears.';
      return;
    }
    const watcher = watch(path, {
      ignoreInitial: true,
      depth: 0,
      // Hidden and temporary names (macOS writes ".Screenshot ..." then renames) never reach us.
      ignored: (candidate: string) =>
        resolve(candidate) !== path && !isCandidateImageName(basename(candidate)),
      awaitWriteFinish: { stabilityThreshold: this.options.stabilityMs ?? 200, pollInterval: 50 },
    });
    entry.watcher = watcher;
    const handle = (file: string) => void this.consider(file);
    watcher.on('add', handle).on('change', handle);
    watcher.on('error', (error) => {
      entry.state = { path, active: false, error: `Watching stopped: ${(error as Error).message}` };
      this.reportStatus();
    });
    // An error before 'ready' (e.g. no permission to read the folder) must not hold up the others.
    const ready = await new Promise<boolean>((settle) => {
      watcher.once('ready', () => settle(true));
      watcher.once('error', () => settle(false));
    });
    if (ready && this.watchers.get(path) === entry && !entry.state.error)
      entry.state = { path, active: true };
  }

  private async consider(file: string): Promise<void> {
    if (this.paused || this.closed) return;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch {
      return; // gone again (moved away, renamed by its writer): a later event will bring the final name
    }
    // Not finished yet: its writer will change it again and that change brings it back here; a
    // recheck covers a last write whose change event was coalesced away.
    if (!looksComplete(bytes)) return this.recheckLater(file);
    this.clearRecheck(file);
    const hash = hashBytes(bytes);
    if (this.seen.has(hash)) return;
    this.seen.add(hash);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    this.options.onImage({ path: file, fileName: basename(file), bytes });
  }

  private recheckLater(file: string): void {
    const previous = this.incomplete.get(file);
    const attempt = (previous?.attempt ?? 0) + 1;
    if (previous) clearTimeout(previous.timer);
    if (attempt > RECHECKS) return void this.incomplete.delete(file);
    const timer = setTimeout(() => void this.consider(file), 250 * 2 ** (attempt - 1));
    timer.unref();
    this.incomplete.set(file, { attempt, timer });
  }

  private clearRecheck(file: string): void {
    const pending = this.incomplete.get(file);
    if (pending) clearTimeout(pending.timer);
    this.incomplete.delete(file);
  }

  private scheduleRecheck(): void {
    const missing = [...this.watchers.values()].some((entry) => entry.watcher === null);
    if (!missing || this.recheck) return;
    this.recheck = setInterval(() => {
      const waiting = [...this.watchers.entries()].filter(
        ([path, entry]) => entry.watcher === null && existsSync(path),
      );
      if (waiting.length === 0) return;
      void Promise.all(waiting.map(([path]) => this.watchers.delete(path) && this.startFolder(path))).then(
        () => {
          if (![...this.watchers.values()].some((entry) => entry.watcher === null) && this.recheck) {
            clearInterval(this.recheck);
            this.recheck = null;
          }
          this.reportStatus();
        },
      );
    }, this.options.recheckMs ?? 30_000);
    this.recheck.unref();
  }

  private reportStatus(): void {
    this.options.onStatus?.(this.status());
  }
}
