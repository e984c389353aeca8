// The one way a person's image goes (core/upload-one.ts), whichever shell sent it (the app's queue, or
// `shotlink upload` / `capture` at once): what is covered, and the public-link notice once. The CLI and
// service suites run it end to end; these pin the rules.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLIC_NOTICE, publicTierNoticeDue } from '../../src-shared/consent.ts';
import { createCore } from '../../src-main/core/create-core.ts';
import { createOcrEngine } from '../../src-main/core/redact/ocr.ts';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { prepareUpload, redacts, tellPublicNotice } from '../../src-main/core/upload-one.ts';
import { distinctPng } from '../support/test-images.ts';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'shotlink-one-way-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const coreWith = (settings: Record<string, unknown> = {}) => {
  const core = createCore({ home, env: {}, secrets: createMemoryStore() });
  core.settings.set({ publicNoticeShown: false, ...settings });
  return core;
};

/** A shell that keeps what it was told. */
function listening() {
  const told: { message: string; title?: string | undefined }[] = [];
  return {
    told,
    shell: { tell: (_level: string, message: string, title?: string) => told.push({ message, title }) },
  };
}

const img402Free = { providerId: 'img402', tierId: 'free' };

describe('before an upload leaves', () => {
  it('covers what was asked, and with capture.redact what nobody looked at before it went', () => {
    const off = coreWith();
    const sources = ['file', 'drop', 'capture', 'watch', 'clipboard'] as const;
    expect(sources.map((s) => redacts(off, s))).toEqual([false, false, false, false, false]);
    const on = coreWith({ capture: { redact: true } });
    expect(sources.map((s) => redacts(on, s))).toEqual([false, false, true, true, true]);
    // `--redact` (or the API's `redact: true`) covers anything; `false` is an explicit no.
    expect(redacts(off, 'file', true)).toBe(true);
    expect(redacts(on, 'capture', false)).toBe(false);
  });

  it('tells the public-link notice once, ever, and only for a public tier, by the rule the window asks by', async () => {
    const core = coreWith();
    const { told, shell } = listening();
    await tellPublicNotice(core, { providerId: 'server', tierId: 'default' }, shell);
    expect(told).toEqual([]);
    expect(publicTierNoticeDue(core.settings.get(), { public: true })).toBe(true);
    // Several images going up at once find it due together: it is told once.
    await Promise.all([1, 2, 3].map(() => tellPublicNotice(core, img402Free, shell)));
    await tellPublicNotice(coreWith({ publicNoticeShown: true }), img402Free, shell);
    expect(told).toEqual([{ message: PUBLIC_NOTICE, title: 'Shotlink links are public' }]);
    expect(core.settings.get().publicNoticeShown).toBe(true);
    // The window's dialog asks by the same rule: nothing is due any more.
    expect(publicTierNoticeDue(core.settings.get(), { public: true })).toBe(false);
    expect(publicTierNoticeDue(null, { public: true })).toBe(false);
  });

  it('refuses what is not an image before anything is told, and tells the notice for an image', async () => {
    const core = coreWith();
    const { told, shell } = listening();
    const ocr = () => createOcrEngine();
    const notes = {
      bytes: new TextEncoder().encode('notes'),
      fileName: 'notes.txt',
      source: 'file' as const,
    };
    await expect(prepareUpload(core, notes, img402Free, { ocr }, shell)).rejects.toThrow(/not an image/);
    expect(told).toEqual([]);
    const png = await distinctPng(1);
    const prepared = await prepareUpload(
      core,
      { bytes: png, fileName: 'a.png', source: 'drop' },
      img402Free,
      { ocr },
      shell,
    );
    // Not covered (nobody asked, and a drop was seen): the bytes go as they came.
    expect(prepared).toEqual({ bytes: png });
    expect(told.map((t) => t.message)).toEqual([PUBLIC_NOTICE]);
  });
});
