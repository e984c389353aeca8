// A fake img402 answering x402 version 1, the way img402 has been seen answering: a 402 with the JSON
// body {x402Version:1, error, accepts:[{scheme:'exact', network:'base', maxAmountRequired:'10000', ...}]},
// the payment in X-PAYMENT, the settlement in X-PAYMENT-RESPONSE. The payment is verified and settled by
// the official in-process facilitator with the library's v1 EVM scheme on the local chain. Like the real
// service, replaying a payment already settled returns the same token (idempotent).
import type http from 'node:http';
import { x402Facilitator } from '@x402/core/facilitator';
import { ExactEvmSchemeV1 } from '@x402/evm/exact/v1/facilitator';
import type { Network, PaymentPayload, PaymentRequirements } from '@x402/core/types';
import { NETWORKS } from '../../src-main/core/payments/networks.ts';
import { startFakeImg402 } from './fake-img402.ts';
import { createFakeChain } from './fake-x402-chain.ts';
import { sellTokens } from './fake-x402-tokens.ts';
import { FAKE_PAY_TO, type FakeX402Host, type FakeX402Options } from './fake-x402-v2.ts';

const PATHS = { '/api/upload/token': '1y', '/api/upload/token/permanent': 'permanent' } as const;

export async function startFakeX402V1(options: FakeX402Options = {}): Promise<FakeX402Host> {
  const network = NETWORKS[options.network ?? 'base'];
  const chain = createFakeChain(network.eip712);
  // v1 names ('base') are not CAIP-2, which the library's Network type insists on even for v1.
  const facilitator = new x402Facilitator().registerV1(
    network.v1Name as Network,
    new ExactEvmSchemeV1(chain.signer),
  );
  const tokens = sellTokens(options.tokenLifetimeMs);
  const answered = new Map<string, { token: string; expiresAt: string; settlement: string }>();
  let baseUrl = '';

  const requirementFor = (path: keyof typeof PATHS) => ({
    scheme: 'exact',
    network: network.v1Name,
    maxAmountRequired: options.prices?.[PATHS[path]] ?? (PATHS[path] === '1y' ? '10000' : '1000000'),
    resource: `${baseUrl}${path}`,
    description: `img402 upload token (${PATHS[path]})`,
    mimeType: 'application/json',
    payTo: FAKE_PAY_TO,
    maxTimeoutSeconds: options.maxTimeoutSeconds ?? 300,
    asset: options.asset ?? network.usdc,
    outputSchema: {},
    extra: network.eip712,
  });

  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://x').pathname as keyof typeof PATHS;
    if (req.method !== 'POST' || !(path in PATHS)) return json(res, 404, { error: 'not_found' });
    const requirement = requirementFor(path);
    const paymentRequired = (error: string) =>
      json(res, 402, { x402Version: 1, error, accepts: [requirement] });
    const header = req.headers['x-payment'];
    if (typeof header !== 'string') return paymentRequired('X-PAYMENT header is required');

    const replay = answered.get(header);
    if (replay) {
      return json(
        res,
        200,
        { token: replay.token, expiresAt: replay.expiresAt },
        { 'X-PAYMENT-RESPONSE': replay.settlement },
      );
    }
    let payload: PaymentPayload;
    try {
      payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as PaymentPayload;
    } catch {
      return paymentRequired('X-PAYMENT is not base64 JSON');
    }
    const asRequirements = requirement as unknown as PaymentRequirements;
    const verified = await facilitator.verify(payload, asRequirements);
    if (!verified.isValid) return paymentRequired(verified.invalidReason ?? 'invalid payment');
    const settled = await facilitator.settle(payload, asRequirements);
    if (!settled.success) return paymentRequired(settled.errorReason ?? 'settlement failed');
    const settlement = Buffer.from(
      JSON.stringify({
        success: true,
        transaction: settled.transaction,
        network: network.v1Name,
        payer: settled.payer,
      }),
    ).toString('base64');
    const sale = tokens.sell(PATHS[path]);
    answered.set(header, { ...sale, settlement });
    json(res, 200, sale, { 'X-PAYMENT-RESPONSE': settlement });
  }

  const img402 = await startFakeImg402({
    ...options.img402,
    fallback: (req, res) => {
      handle(req, res).catch((error: unknown) =>
        json(res, 500, { error: 'fake_failure', message: String(error) }),
      );
    },
  });
  baseUrl = img402.url;
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
