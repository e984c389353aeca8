// `shotlink config`: read and change settings by dotted key (`payments.dailyCapUsdc`), and store the
// secrets that must never be in the settings file (the img.pro API key, S3 keys) in the OS keychain.
import type { Command } from 'commander';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import { DEFAULT_SETTINGS } from '../../../src-shared/settings.ts';
import {
  checkSettingsPatch,
  isSecretAccount,
  SECRET_ACCOUNTS,
  secretStatus,
  storeSecret,
  type SecretAccountId,
  getSettingValue,
  patchForKey,
  unknownSetting,
  settingKeys,
  summarizeWatchSettings,
} from '../../core/for-shells/settings.ts';
import { buildCore, runCommand } from '../context.ts';

export function register(program: Command): void {
  const config = program
    .command('config')
    .description('Show and change settings (keys like payments.dailyCapUsdc; `config list` shows them all).');

  config
    .command('get')
    .description('Print one setting, or all settings as JSON.')
    .argument('[key]', 'dotted setting key')
    .action((key: string | undefined) =>
      runCommand(() => {
        const settings = buildCore().settings.get();
        if (key === undefined) return print(settings);
        const value = getSettingValue(settings, key);
        if (value === undefined) throw unknownSetting(key);
        print(value);
      }),
    );

  config
    .command('set')
    .description('Change a setting. VALUE is read as JSON when it is JSON (true, 5, ["a"]), else as text.')
    .argument('<key>', 'dotted setting key')
    .argument('<value>', 'new value')
    .action((key: string, raw: string) =>
      runCommand(() => {
        const core = buildCore();
        const patch = patchForKey(key, parseValue(key, raw));
        checkSettingsPatch(core, patch);
        const settings = core.settings.set(patch);
        print(getSettingValue(settings, key));
        // A watch setting says what watching now does (consent means knowing what will be sent).
        if (key.startsWith('watch.')) {
          process.stderr.write(`${summarizeWatchSettings(core)}\n`);
        }
      }),
    );

  config
    .command('unset')
    .description('Put a setting back to its default.')
    .argument('<key>', 'dotted setting key')
    .action((key: string) =>
      runCommand(() => {
        const fallback = getSettingValue(DEFAULT_SETTINGS, key);
        if (fallback === undefined) throw unknownSetting(key);
        const settings = buildCore().settings.set(patchForKey(key, fallback));
        print(getSettingValue(settings, key));
      }),
    );

  config
    .command('list')
    .description('Print every setting as KEY = VALUE.')
    .action(() =>
      runCommand(() => {
        const settings = buildCore().settings.get();
        for (const key of settingKeys()) {
          process.stdout.write(`${key} = ${JSON.stringify(getSettingValue(settings, key))}\n`);
        }
      }),
    );

  config
    .command('path')
    .description('Print the data folder (settings, history, thumbnails).')
    .action(() => runCommand(() => void process.stdout.write(`${buildCore().home}\n`)));

  config
    .command('set-secret')
    .description(
      `Store a secret in the OS keychain, read from stdin. Accounts: ${Object.keys(SECRET_ACCOUNTS).join(', ')}.`,
    )
    .argument('<account>', 'which secret')
    .action((account: string) =>
      runCommand(async () => {
        const id = checkAccount(account);
        const core = buildCore();
        const { label, usedFor } = SECRET_ACCOUNTS[id];
        if (process.stdin.isTTY)
          process.stderr.write(`Paste ${label.replace(/^The /, 'the ')} (${usedFor}) and press Enter: `);
        const secret = await readFirstLine(process.stdin);
        if (!secret) throw new ShotlinkError('usage', `No ${account} given on stdin; nothing was stored.`);
        // The same rules as the window: never while the environment variable wins, never in plain text.
        await storeSecret(core, id, secret);
        process.stderr.write(`Stored ${account} in the OS keychain.\n`);
      }),
    );

  config
    .command('delete-secret')
    .description('Remove a secret from the OS keychain.')
    .argument('<account>', 'which secret')
    .action((account: string) =>
      runCommand(async () => {
        const id = checkAccount(account);
        const core = buildCore();
        const removed = (await secretStatus(core, id)).source === 'keychain';
        await storeSecret(core, id, null);
        process.stderr.write(
          removed ? `Removed ${account} from the OS keychain.\n` : `No ${account} was stored.\n`,
        );
      }),
    );
}

/**
 * Text settings take the value as typed (so `config set payments.dailyCapUsdc 5` stays the string "5");
 * others are JSON (`true`, `8402`, `["~/Shots"]`), falling back to text so the schema can name the problem.
 */
function parseValue(key: string, raw: string): unknown {
  if (typeof getSettingValue(DEFAULT_SETTINGS, key) === 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function print(value: unknown): void {
  process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);
}

function checkAccount(account: string): SecretAccountId {
  if (isSecretAccount(account)) return account;
  throw new ShotlinkError(
    'usage',
    `Unknown secret "${account}". Secrets: ${Object.keys(SECRET_ACCOUNTS).join(', ')}. (The wallet has \`shotlink wallet\`.)`,
  );
}

async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return (text.split(/\r?\n/)[0] ?? '').trim();
}
