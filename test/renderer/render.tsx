// Renders the whole window against a bridge (test/renderer/real-bridge.ts), as the component tests need it.
import { act, render } from '@testing-library/react';
import { App, type ViewName } from '../../src-renderer/App.tsx';
import type { ShotlinkBridge } from '../../src-shared/api.ts';

export async function renderApp(bridge: ShotlinkBridge, view: ViewName = 'upload') {
  const result = render(<App bridge={bridge} initialView={view} />);
  // Let the initial API calls resolve.
  await act(async () => {});
  return result;
}
