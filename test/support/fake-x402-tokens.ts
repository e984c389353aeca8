// The token counter both fake x402 servers share: mints an img402 upload token, lets the fake img402
// accept it for one upload, and remembers the sale (tests count sales to prove "one payment").
import { randomBytes } from 'node:crypto';
import type { FakeImg402 } from './fake-img402.ts';

export interface TokenSale {
  tier: '1y' | 'permanent';
  token: string;
  expiresAt: string;
}

export function sellTokens(lifetimeMs = 10 * 60_000) {
  const sales: TokenSale[] = [];
  let host: FakeImg402 | undefined;
  return {
    sales,
    attach(img402: FakeImg402) {
      host = img402;
    },
    sell(tier: TokenSale['tier']): { token: string; expiresAt: string } {
      const sale = {
        tier,
        token: randomBytes(16).toString('hex'),
        expiresAt: new Date(Date.now() + lifetimeMs).toISOString(),
      };
      sales.push(sale);
      host?.acceptToken(sale.token, tier);
      return { token: sale.token, expiresAt: sale.expiresAt };
    },
  };
}
