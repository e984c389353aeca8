// The embedded Shotlink server: its status (with a QR code of its LAN address) and its switch.
import type { ShotlinkApi } from '../../../src-shared/api.ts';
import type { App } from '../app.ts';

export function serverApi(app: App): Pick<ShotlinkApi, 'serverStatus' | 'setServerEnabled'> {
  return {
    serverStatus: () => app.server.status(),
    setServerEnabled: (enabled) => app.server.setEnabled(enabled),
  };
}
