// The file a running server writes its address to, so the `server` provider can find a server on this
// machine with no URL configured. Kept apart from start.ts so that clients need not load the server.
import { join } from 'node:path';
import { dataPaths } from '../store/paths.ts';

export function serverStatePath(home: string): string {
  return join(dataPaths(home).serverStorage, 'running.json');
}
