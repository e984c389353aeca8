// Images sent by the window as base64 (a drop, a paste, the editor's export), decoded or refused.
import { ShotlinkError } from '../../../src-shared/errors.ts';

export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) {
    throw new ShotlinkError('input', 'The dropped image did not arrive intact (invalid base64); try again.');
  }
  // An empty drop is judged with every other input: "x.png" is empty (0 bytes)...
  return new Uint8Array(Buffer.from(clean, 'base64'));
}
