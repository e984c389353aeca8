// Renders the whole window against a fake bridge, as the component tests need it.
import { act, render } from '@testing-library/react';
import { App, type ViewName } from '../../src-renderer/App.tsx';
import type { FakeBridge } from './fake-bridge.ts';

export async function renderApp(bridge: FakeBridge, view: ViewName = 'upload') {
  const result = render(<App bridge={bridge} initialView={view} />);
  // Let the initial API calls resolve.
  await act(async () => {});
  return result;
}
