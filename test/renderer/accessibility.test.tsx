// @vitest-environment jsdom
// Every control in every view, full of data, has a name a screen reader can say, and nothing hijacks the
// tab order. (Focus handling in dialogs has its own tests next to each dialog.)
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ViewName } from '../../src-renderer/App.tsx';
import { createFakeBridge, entry, job } from './fake-bridge.ts';
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

function populated() {
  return createFakeBridge({
    history: [
      entry({ id: 'a', fileName: 'one.png', deleteUrl: 'http://192.168.1.2:8402/d/a' }),
      entry({ id: 'b', fileName: 'two.png', expiresAt: null }),
    ],
    thumbnails: { a: 'data:image/png;base64,iVBORw0KGgo=' },
    jobs: [job({ id: 'f', state: 'failed', error: { kind: 'host', message: 'Down', retryable: true } })],
    wallet: { address: '0x9f8e7d6c5b4a39281706f5e4d3c2b1a098765432', source: 'keychain', network: 'base' },
    uploaders: [{ name: 'My host', requestUrl: 'https://example.test/up', method: 'POST' }],
    server: {
      running: true,
      url: 'http://192.168.1.20:8402',
      lanUrl: 'http://192.168.1.20:8402',
      qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>',
    },
  });
}

describe.each(['upload', 'history', 'wallet', 'settings'] satisfies ViewName[])('the %s view', (view) => {
  it('names every control', async () => {
    await renderApp(populated(), view);
    for (const role of ROLES) {
      const unnamed = screen.queryAllByRole(role, { name: '' });
      expect(unnamed.map((el) => `${role}: ${el.outerHTML.slice(0, 120)}`)).toEqual([]);
    }
    expect(screen.getAllByRole('button').length).toBeGreaterThan(4);
  });

  it('keeps the natural tab order', async () => {
    const { container } = await renderApp(populated(), view);
    const positive = [...container.querySelectorAll('[tabindex]')].filter(
      (el) => Number(el.getAttribute('tabindex')) > 0,
    );
    expect(positive).toEqual([]);
  });
});
