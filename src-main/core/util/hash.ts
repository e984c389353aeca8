// The one content hash Shotlink uses to recognise bytes it has seen: queue inputs, watched files and
// clipboard images. Hex SHA-256, so it can be stored in JSON and compared as a string.
import { createHash } from 'node:crypto';

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
