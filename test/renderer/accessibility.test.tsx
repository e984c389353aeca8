// @vitest-environment jsdom
// Every control in every view, full of data, has a name a screen reader can say, and nothing hijacks the
// tab order. (Focus handling in dialogs has its own tests next to each dialog.)
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ViewName } from '../../src-renderer/App.tsx';
import { createMemoryStore } from '../../src-main/core/secrets/memory-store.ts';
import { saveThumbnail } from '../../src-main/core/store/thumbnails.ts';
import { WALLET_SECRET_ACCOUNT } from '../../src-main/core/payments/wallet.ts';
import { historyEntry } from '../support/history-entries.ts';
import { startRealBridge, storedJob } from './real-bridge.ts';
import { renderApp } from './render.tsx';

afterEach(cleanup);

const ROLES = [
  'button',
  'link',
  'textbox',
  'searchbox',
  'switch',
  'radio',
  'combobox',
  'checkbox',
  'img',
] as const;

/** A service with something in every view: uploads (one with a thumbnail), a failed job, a wallet, an uploader, the server on. */
async function populated() {
  const bridge = await startRealBridge({
    settings: { server: { host: '127.0.0.1', port: 0 } },
    service: { secrets: createMemoryStore({ [WALLET_SECRET_ACCOUNT]: `0x${'cd'.repeat(32)}` }) },
    history: [
      historyEntry('b', { fileName: 'two.png', expiresAt: null }),
      historyEntry('a', {
        fileName: 'one.png',
        provider: 'server',
        tier: 'default',
        deleteUrl: 'http://127.0.0.1:9/d/a',
      }),
    ],
    jobs: [
      storedJob({
        id: 'jf-f1',
        fileName: 'f.png',
        error: { kind: 'host', message: 'Down', retryable: true },
      }),
    ],
  });
  const thumbnail = await saveThumbnail(bridge.test.home, 'a', Buffer.from('iVBORw0KGgo=', 'base64'), 'png');
  bridge.app.core.history.add({ ...bridge.app.core.history.get('a')!, thumbnail });
  const api = bridge.test.service.dispatch.api;
  await api.addUploader(
    JSON.stringify({ Name: 'My host', RequestURL: 'https://example.test/up', URL: '{json:url}' }),
  );
  await api.setServerEnabled(true);
  return bridge;
}

describe.each(['upload', 'history', 'wallet', 'settings'] satisfies ViewName[])('the %s view', (view) => {
  it('names every control', async () => {
    await renderApp(await populated(), view);
    for (const role of ROLES) {
      const unnamed = screen.queryAllByRole(role, { name: '' });
      expect(unnamed.map((el) => `${role}: ${el.outerHTML.slice(0, 120)}`)).toEqual([]);
    }
    expect(screen.getAllByRole('button').length).toBeGreaterThan(4);
  });

  it('keeps the natural tab order', async () => {
    const { container } = await renderApp(await populated(), view);
    const positive = [...container.querySelectorAll('[tabindex]')].filter(
      (el) => Number(el.getAttribute('tabindex')) > 0,
    );
    expect(positive).toEqual([]);
  });
});
