// The rules every upload of the person's follows before it leaves, whichever shell sent it (the queue
// of the app and `shotlink ui`, `shotlink upload` / `capture` at once): what is covered, and the
// public-link notice once. The CLI and service suites run them end to end; these pin the rules.
import { describe, expect, it } from 'vitest';
import { PUBLIC_NOTICE, publicNoticeDue } from '../../src-shared/consent.ts';
import { applySettingsPatch, DEFAULT_SETTINGS, type SettingsPatch } from '../../src-shared/settings.ts';
import { publicNoticeOnce, redacts } from '../../src-main/core/before-upload.ts';

function settingsStore(patch: SettingsPatch = {}) {
  let settings = applySettingsPatch(DEFAULT_SETTINGS, patch);
  return {
    settings: {
      get: () => settings,
      set: (next: SettingsPatch) => (settings = applySettingsPatch(settings, next)),
    },
  };
}

describe('before an upload leaves', () => {
  it('covers what was asked, and with capture.redact what nobody looked at before it went', () => {
    const off = settingsStore();
    const on = settingsStore({ capture: { redact: true } });
    expect(['file', 'drop', 'capture', 'watch', 'clipboard'].map((s) => redacts(off, s as 'file'))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(['file', 'drop', 'capture', 'watch', 'clipboard'].map((s) => redacts(on, s as 'file'))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    // `--redact` (or the API's `redact: true`) covers anything; `false` is an explicit no.
    expect(redacts(off, 'file', true)).toBe(true);
    expect(redacts(on, 'capture', false)).toBe(false);
  });

  it('tells the public-link notice once, ever, and only for a public tier', () => {
    const ctx = settingsStore();
    const told: string[] = [];
    const tell = (message: string) => told.push(message);
    expect(publicNoticeOnce(ctx, { public: false }, tell)).toBe(false);
    expect(publicNoticeDue(ctx.settings.get(), { public: true })).toBe(true);
    expect(publicNoticeOnce(ctx, { public: true }, tell)).toBe(true);
    expect(publicNoticeOnce(ctx, { public: true }, tell)).toBe(false);
    expect(told).toEqual([PUBLIC_NOTICE]);
    expect(ctx.settings.get().publicNoticeShown).toBe(true);
    // The window's dialog asks by the same rule: nothing is due any more.
    expect(publicNoticeDue(ctx.settings.get(), { public: true })).toBe(false);
    expect(publicNoticeDue(null, { public: true })).toBe(false);
  });
});
