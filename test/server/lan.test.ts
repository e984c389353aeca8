import { describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { lanAddress, linkHost } from '../../src-main/core/server/lan.ts';
import { parseExpiry } from '../../src-main/core/server/expiry.ts';

describe('addresses in links', () => {
  it("the default host is one of this machine's IPv4 addresses (loopback only when there is no other)", () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a?.family === 'IPv4')
      .map((a) => a!.address);
    expect([...own, '127.0.0.1']).toContain(lanAddress());
  });

  it('a wildcard listen address becomes the LAN address in links; IPv6 gets brackets', () => {
    expect(linkHost('0.0.0.0')).toBe(lanAddress());
    expect(linkHost('::')).toBe(lanAddress());
    expect(linkHost('::1')).toBe('[::1]');
    expect(linkHost('192.168.1.20')).toBe('192.168.1.20');
  });
});

describe('lifetimes', () => {
  it('reads the same words as the server.defaultExpiry setting', () => {
    expect(parseExpiry('never')).toBeNull();
    expect(parseExpiry('30m')).toBe(30 * 60_000);
    expect(parseExpiry('1h')).toBe(3_600_000);
    expect(parseExpiry('7D')).toBe(7 * 86_400_000);
    expect(parseExpiry('2w')).toBe(14 * 86_400_000);
    for (const bad of ['', '0h', '1y', 'soon', '-1h', '99999w']) expect(parseExpiry(bad)).toBeUndefined();
  });
});
