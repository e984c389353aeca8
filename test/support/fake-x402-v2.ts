// A fake img402 whose token endpoints are paid with x402 version 2, built from the OFFICIAL server pieces:
// @x402/express `paymentMiddleware` on an `x402ResourceServer`, whose facilitator is an in-process
// `x402Facilitator` running the official EVM `exact` scheme against a local chain (fake-x402-chain.ts).
// The upload itself (`POST /api/upload` with X-Upload-Token) is the providers' fake img402, which
// this server is mounted into; every token sold is registered there with `acceptToken`.
//
//   const host = await startFakeX402V2({ prices: { '1y': '5000000' } });   // a greedy server
//   settings.hosts.img402Url = host.url; ...; host.paymentHeadersSeen(); await host.close();
import express from 'express';
import { paymentMiddleware, x402ResourceServer } from '@x402/express';
import { x402Facilitator } from '@x402/core/facilitator';
import type { FacilitatorClient } from '@x402/core/server';
import { ExactEvmScheme as ExactEvmServerScheme } from '@x402/evm/exact/server';
import { ExactEvmScheme as ExactEvmFacilitatorScheme } from '@x402/evm/exact/facilitator';
import { NETWORKS, type NetworkName } from '../../src-main/core/payments/networks.ts';
import { startFakeImg402, type FakeImg402, type FakeImg402Options } from './fake-img402.ts';
import { createFakeChain, type FakeChain } from './fake-x402-chain.ts';
import { sellTokens, type TokenSale } from './fake-x402-tokens.ts';

export const FAKE_PAY_TO = '0x000000000000000000000000000000000000bEEF';

export interface FakeX402Options {
  /** The network the server asks to be paid on (default base). */
  network?: NetworkName;
  /** Atomic USDC amounts the server asks per tier (default the real prices: 10000 and 1000000). */
  prices?: { '1y'?: string; permanent?: string };
  /** The asset the server asks for (default USDC on `network`). */
  asset?: string;
  /** How long the tokens it sells last. */
  tokenLifetimeMs?: number;
  /** How long the signed authorization it asks for stays valid (default 300 s, as img402). */
  maxTimeoutSeconds?: number;
  /** Options for the underlying fake img402 (its clock, for example). */
  img402?: Omit<FakeImg402Options, 'fallback'>;
}

export interface FakeX402Host {
  /** The img402 base URL (token endpoints and uploads). */
  readonly url: string;
  readonly img402: FakeImg402;
  readonly chain: FakeChain;
  readonly sales: TokenSale[];
  /** Requests that carried an x402 payment (PAYMENT-SIGNATURE or X-PAYMENT): 0 means nothing was signed. */
  paymentHeadersSeen(): number;
  close(): Promise<void>;
}

export async function startFakeX402V2(options: FakeX402Options = {}): Promise<FakeX402Host> {
  const network = NETWORKS[options.network ?? 'base'];
  const chain = createFakeChain(network.eip712);
  const facilitator = new x402Facilitator().register(
    network.caip2,
    new ExactEvmFacilitatorScheme(chain.signer),
  );
  // The facilitator runs in this process; the resource server talks to it through the client interface.
  const facilitatorClient: FacilitatorClient = {
    verify: (payload, requirements) => facilitator.verify(payload, requirements),
    settle: (payload, requirements) => facilitator.settle(payload, requirements),
    getSupported: async () =>
      facilitator.getSupported() as Awaited<ReturnType<FacilitatorClient['getSupported']>>,
  };
  const resourceServer = new x402ResourceServer(facilitatorClient).register(
    network.caip2,
    new ExactEvmServerScheme(),
  );
  const accept = (amount: string) => ({
    scheme: 'exact',
    network: network.caip2,
    payTo: FAKE_PAY_TO,
    maxTimeoutSeconds: options.maxTimeoutSeconds ?? 300,
    price: { amount, asset: options.asset ?? network.usdc, extra: network.eip712 },
  });

  const app = express();
  app.use(
    paymentMiddleware(
      {
        'POST /api/upload/token': {
          accepts: accept(options.prices?.['1y'] ?? '10000'),
          description: '1 year',
        },
        'POST /api/upload/token/permanent': {
          accepts: accept(options.prices?.permanent ?? '1000000'),
          description: 'permanent',
        },
      },
      resourceServer,
    ),
  );
  const tokens = sellTokens(options.tokenLifetimeMs);
  app.post('/api/upload/token', (_req, res) => void res.json(tokens.sell('1y')));
  app.post('/api/upload/token/permanent', (_req, res) => void res.json(tokens.sell('permanent')));

  const img402 = await startFakeImg402({ ...options.img402, fallback: app });
  tokens.attach(img402);
  return {
    url: img402.url,
    img402,
    chain,
    sales: tokens.sales,
    paymentHeadersSeen: () =>
      img402.requests.filter((r) => r.headers['payment-signature'] || r.headers['x-payment']).length,
    close: () => img402.close(),
  };
}
