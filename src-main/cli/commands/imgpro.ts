// `shotlink imgpro key --email you@example.org`: a new img.pro API key in one request, kept in the
// keychain at once (img.pro shows it once) and never printed; what it allows and what verifying the
// email unlocks are.
import type { Command } from 'commander';
import { createImgproKey } from '../../core/for-shells/settings.ts';
import { buildCore, runCommand } from '../context.ts';

export function register(program: Command): void {
  const imgpro = program.command('imgpro').description('img.pro: get an API key for permanent uploads.');
  imgpro
    .command('key')
    .description(
      'Ask img.pro for a new API key for your email and keep it in the OS keychain (it is never printed). ' +
        'Verify the email to keep uploads permanently.',
    )
    .requiredOption('--email <address>', 'where img.pro sends the verification link')
    .option('--json', 'print what the key allows as JSON (never the key)')
    .action((options: { email: string; json?: boolean }) =>
      runCommand(async () => {
        const created = await createImgproKey(buildCore(), options.email);
        if (options.json) {
          const { status, ...rest } = created;
          process.stdout.write(`${JSON.stringify({ ...rest, stored: status.set })}\n`);
          return;
        }
        const lines = [
          `Stored a new img.pro API key${created.keyId ? ` (${created.keyId})` : ''} in the OS keychain; it is not shown.`,
          ...(created.message ? [`img.pro says: ${created.message}`] : []),
          created.unlocks,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}
