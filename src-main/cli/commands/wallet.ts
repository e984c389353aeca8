// `shotlink wallet create|import|address|export|remove`: the payment wallet, whose key lives in the OS
// keychain. Only `export` ever prints the key, on stdout, once; every other output shows the address.
// `import` reads the key from a hidden prompt or from stdin (--key-stdin), never from argv, so it stays
// out of shell history and process lists.
import type { Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { WalletStatus } from '../../../src-shared/api.ts';
import { NETWORKS, WALLET_KEY_ENV } from '../../core/for-shells/payments.ts';
import { confirmAction, readAllStdin, readSecretLine } from '../confirm.ts';
import { buildCore, runCommand } from '../context.ts';

export function register(program: Command): void {
  const wallet = program
    .command('wallet')
    .description('The USDC wallet that pays for img402 paid tiers (key kept in the OS keychain).');

  wallet
    .command('address', { isDefault: true })
    .description('Print the wallet address (and its USDC balance when payments.rpcUrl is set).')
    .option('--json', 'print the status as JSON')
    .action((options: { json?: boolean }) => runCommand(() => address(options)));

  wallet
    .command('create')
    .description('Generate a new key in the keychain and print its address.')
    .action(() => runCommand(create));

  wallet
    .command('import')
    .description('Store an existing hex private key in the keychain (typed at a hidden prompt).')
    .option('--key-stdin', 'read the key from stdin instead of a prompt')
    .action((options: { keyStdin?: boolean }) => runCommand(() => importKey(options)));

  wallet
    .command('export')
    .description('Print the private key, to back it up. Anyone with it can spend the wallet.')
    .action(() => runCommand(exportKey));

  wallet
    .command('remove')
    .description('Delete the key from the keychain (its funds are lost unless you exported it).')
    .option('-y, --yes', 'do not ask')
    .action((options: { yes?: boolean }) => runCommand(() => remove(options)));
}

const note = (text: string) => process.stderr.write(`shotlink: ${text}\n`);

function describe(status: WalletStatus): string {
  const network = NETWORKS[status.network].label;
  const source = status.source === 'env' ? `from ${WALLET_KEY_ENV}` : 'in the OS keychain';
  return `wallet ${status.address} (${source}), paying on ${network}`;
}

async function address(options: { json?: boolean }): Promise<void> {
  const core = buildCore();
  const wallet = core.wallet;
  const status = await wallet.status();
  const { rpcUrl } = core.settings.get().payments;
  const balance = status.address && rpcUrl ? await wallet.balance(rpcUrl) : undefined;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...status, ...(balance && { balance }) })}\n`);
    return;
  }
  if (!status.address) {
    throw new ShotlinkError(
      'payment',
      (status.keychainProblem ? `${status.keychainProblem} ` : '') +
        'No wallet is set up. Create one with `shotlink wallet create` or import a key with `shotlink wallet import`.',
      { code: 'no_wallet' },
    );
  }
  process.stdout.write(`${status.address}\n`);
  note(describe(status));
  if (balance)
    note(balance.usdc !== null ? `balance: ${balance.usdc} USDC` : (balance.error ?? 'balance unknown'));
}

async function create(): Promise<void> {
  const status = await buildCore().wallet.create();
  process.stdout.write(`${status.address}\n`);
  note(`created ${describe(status)}.`);
  note(
    'Back the key up now with `shotlink wallet export` and keep it somewhere safe; then send USDC to the address.',
  );
  warnIfOverridden();
}

async function importKey(options: { keyStdin?: boolean }): Promise<void> {
  const core = buildCore();
  const key = options.keyStdin
    ? await readAllStdin()
    : await readSecretLine('Private key (hex, not shown): ');
  const status = await core.wallet.import(key);
  process.stdout.write(`${status.address}\n`);
  note(`imported ${describe(status)}.`);
  warnIfOverridden();
}

async function exportKey(): Promise<void> {
  const key = await buildCore().wallet.export();
  note(
    'This is the wallet private key. Anyone who has it can spend the wallet: store it offline and do not share it.',
  );
  process.stdout.write(`${key}\n`);
}

async function remove(options: { yes?: boolean }): Promise<void> {
  const core = buildCore();
  const wallet = core.wallet;
  const status = await wallet.status();
  if (status.source === 'env') {
    throw new ShotlinkError(
      'usage',
      `${WALLET_KEY_ENV} is set: unset it to manage the wallet in the keychain.`,
    );
  }
  if (status.source !== 'keychain') {
    throw new ShotlinkError('usage', 'There is no wallet in the keychain to remove.', { code: 'no_wallet' });
  }
  const sure = await confirmAction(
    `Remove wallet ${status.address} from the keychain? Its funds are lost unless you have exported its key.`,
    {
      yes: options.yes === true,
      refusal: () => new ShotlinkError('usage', 'Removing the wallet needs confirmation: pass --yes.'),
    },
  );
  if (!sure) throw new ShotlinkError('usage', 'Cancelled: the wallet was not removed.');
  await wallet.remove();
  note(`removed wallet ${status.address} from the keychain.`);
}

function warnIfOverridden(): void {
  if (process.env[WALLET_KEY_ENV]) {
    note(`${WALLET_KEY_ENV} is set, and it takes precedence over the keychain wallet while it is.`);
  }
}
