// How a Shotlink server on this machine is found: the file its address is written to while it runs,
// and the file (or variable) holding its upload token. The server writes them (core/server) and the
// `server` provider reads them (core/providers): both depend on this module, not on each other.
import { join } from 'node:path';
import { dataPaths } from './paths.ts';

/** The server's upload token from the environment wins over the generated one. */
export const TOKEN_ENV = 'SHOTLINK_SERVER_TOKEN';

/** `{ "url": ... }` of the server running on this data folder. */
export function serverStatePath(home: string): string {
  return join(dataPaths(home).serverStorage, 'running.json');
}

/** The generated upload token, 0600. */
export function serverTokenPath(home: string): string {
  return join(dataPaths(home).serverStorage, 'token');
}
