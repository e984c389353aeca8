// The address other machines on the network reach us at. The server listens there by default (not on
// every interface), and links use it, so a phone scanning the QR code on the viewer page can open them.
import { networkInterfaces } from 'node:os';

export function lanAddress(): string {
  const candidates: string[] = [];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) candidates.push(address.address);
    }
  }
  // Prefer private ranges: a public address on a VPN or cloud interface is rarely what the LAN sees.
  return candidates.find(isPrivateIpv4) ?? candidates[0] ?? '127.0.0.1';
}

function isPrivateIpv4(address: string): boolean {
  return /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(address);
}

/** The host to put in links when listening on `host`: a wildcard address is not reachable as such. */
export function linkHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return lanAddress();
  return host.includes(':') ? `[${host}]` : host;
}
