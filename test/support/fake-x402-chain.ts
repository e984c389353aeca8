// A local stand-in for the chain an x402 facilitator talks to: a USDC contract with balances and EIP-3009
// nonces, answered in memory. It plugs into the official facilitator (`toFacilitatorEvmSigner`), so the
// checks that matter stay the library's own: signature recovery (viem's verifyTypedData), recipient,
// amount, validity window. Only what a node would answer (code, contract reads, the transfer) is ours.
import { randomBytes } from 'node:crypto';
import { getAddress, verifyTypedData, type Hex } from 'viem';
import { toFacilitatorEvmSigner, type FacilitatorEvmSigner } from '@x402/evm';

export interface Transfer {
  asset: string;
  from: string;
  to: string;
  value: bigint;
  nonce: string;
  transaction: Hex;
}

export interface FakeChain {
  readonly signer: FacilitatorEvmSigner;
  /** Settled transfers, in order: one per payment that went through. */
  readonly transfers: Transfer[];
  fund(asset: string, owner: string, value: bigint): void;
  balanceOf(asset: string, owner: string): bigint;
}

const key = (asset: string, owner: string) => `${getAddress(asset)}:${getAddress(owner)}`;

export function createFakeChain(
  token: { name: string; version: string } = { name: 'USD Coin', version: '2' },
): FakeChain {
  const balances = new Map<string, bigint>();
  const usedNonces = new Set<string>();
  /** Token contracts "deployed" here: every asset anyone was funded with. */
  const contracts = new Set<string>();
  const transfers: Transfer[] = [];
  const balanceOf = (asset: string, owner: string) => balances.get(key(asset, owner)) ?? 0n;

  // transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, v, r, s)
  const transfer = (asset: string, args: readonly unknown[], apply: boolean): Hex => {
    const [from, to, value, , , nonce] = args as [string, string, bigint, bigint, bigint, string];
    const nonceKey = `${getAddress(asset)}:${getAddress(from)}:${nonce}`;
    if (usedNonces.has(nonceKey)) throw new Error('FiatTokenV2: authorization is used or canceled');
    if (balanceOf(asset, from) < value) throw new Error('ERC20: transfer amount exceeds balance');
    const transaction = `0x${randomBytes(32).toString('hex')}` as Hex;
    if (apply) {
      usedNonces.add(nonceKey);
      balances.set(key(asset, from), balanceOf(asset, from) - value);
      balances.set(key(asset, to), balanceOf(asset, to) + value);
      transfers.push({
        asset: getAddress(asset),
        from: getAddress(from),
        to: getAddress(to),
        value,
        nonce,
        transaction,
      });
    }
    return transaction;
  };

  const facilitatorAddress = getAddress(`0x${'fa'.repeat(20)}`);
  const signer = toFacilitatorEvmSigner({
    address: facilitatorAddress,
    // Token contracts have code; every payer here is a plain key (EOA), not a smart wallet.
    getCode: async ({ address }) => (contracts.has(getAddress(address)) ? '0xfe' : '0x'),
    verifyTypedData: (args) => verifyTypedData(args as Parameters<typeof verifyTypedData>[0]),
    async readContract({ address, functionName, args = [] }) {
      switch (functionName) {
        case 'transferWithAuthorization': // the facilitator's simulation: throws when it would revert
          transfer(address, args, false);
          return undefined;
        case 'balanceOf':
          return balanceOf(address, args[0] as string);
        case 'name':
          return token.name;
        case 'version':
          return token.version;
        case 'authorizationState':
          return usedNonces.has(`${getAddress(address)}:${getAddress(args[0] as string)}:${String(args[1])}`);
        default:
          throw new Error(`fake chain: no answer for ${functionName}`);
      }
    },
    async writeContract({ address, functionName, args }) {
      if (functionName !== 'transferWithAuthorization') throw new Error(`fake chain: cannot ${functionName}`);
      return transfer(address, args, true);
    },
    sendTransaction: async () => {
      throw new Error('fake chain: no raw transactions');
    },
    // No logs: the facilitator then skips its Transfer-event check (it checks only when logs are given).
    waitForTransactionReceipt: async () => ({ status: 'success' }),
  });

  return {
    signer,
    transfers,
    fund(asset, owner, value) {
      contracts.add(getAddress(asset));
      balances.set(key(asset, owner), balanceOf(asset, owner) + value);
    },
    balanceOf,
  };
}
