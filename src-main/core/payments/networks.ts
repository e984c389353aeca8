// The two networks Shotlink pays on, and the one asset it pays with (USDC). The spend policy compares
// every x402 requirement against this table, so it is the single place these addresses are written down.
import type { Settings } from '../../../src-shared/settings.ts';

export type NetworkName = Settings['payments']['network'];

export interface UsdcNetwork {
  name: NetworkName;
  label: string;
  chainId: number;
  /** x402 version 2 names networks in CAIP-2 form. */
  caip2: `eip155:${number}`;
  /** x402 version 1 uses the short legacy name, which is also our settings value. */
  v1Name: NetworkName;
  usdc: `0x${string}`;
  /** The USDC contract's EIP-712 domain, which the signed authorization is bound to. */
  eip712: { name: string; version: string };
}

export const NETWORKS: Record<NetworkName, UsdcNetwork> = {
  base: {
    name: 'base',
    label: 'Base',
    chainId: 8453,
    caip2: 'eip155:8453',
    v1Name: 'base',
    usdc: '0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913',
    eip712: { name: 'USD Coin', version: '2' },
  },
  'base-sepolia': {
    name: 'base-sepolia',
    label: 'Base Sepolia (test network)',
    chainId: 84532,
    caip2: 'eip155:84532',
    v1Name: 'base-sepolia',
    usdc: '0x036CbD53842c5426634e7929541eC2318f3dCF7e',
    eip712: { name: 'USDC', version: '2' },
  },
};

/** Either spelling of a network (v1 'base' or v2 'eip155:8453') to our name; undefined when unknown. */
export function networkNameOf(network: string): NetworkName | undefined {
  return Object.values(NETWORKS).find((n) => n.caip2 === network || n.v1Name === network)?.name;
}
