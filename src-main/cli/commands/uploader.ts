// `shotlink uploader`: import ShareX custom uploaders (.sxcu) as providers, list and remove them.
// Upload with `shotlink upload --provider NAME`.
import type { Command } from 'commander';
import { UploaderStore } from '../../core/for-shells/uploaders.ts';
import { buildCore, runCommand } from '../context.ts';

export function register(program: Command): void {
  const uploader = program
    .command('uploader')
    .description('ShareX custom uploaders (.sxcu) as providers: add, list, remove.');

  uploader
    .command('add')
    .description('Import an .sxcu file; prints the provider name to use with `upload --provider`.')
    .argument('<file>', 'a ShareX custom uploader file (.sxcu)')
    .option('--name <name>', 'provider name (default: from the file)')
    .option('--replace', 'replace an uploader of the same name')
    .action((file: string, options: { name?: string; replace?: boolean }) =>
      runCommand(async () => {
        const store = new UploaderStore(buildCore().home);
        const added = await store.add(file, { name: options.name, replace: options.replace === true });
        process.stdout.write(`${added.name}\n`);
        process.stderr.write(`Added. Upload with: shotlink upload --provider ${added.name} <file>\n`);
      }),
    );

  uploader
    .command('list')
    .description('List the imported uploaders.')
    .option('--json', 'one JSON object per line')
    .action((options: { json?: boolean }) =>
      runCommand(async () => {
        const uploaders = await new UploaderStore(buildCore().home).list();
        for (const each of uploaders) {
          process.stdout.write(
            options.json
              ? `${JSON.stringify(each)}\n`
              : `${each.name}\t${each.method} ${each.requestUrl} (${each.body})\n`,
          );
        }
      }),
    );

  uploader
    .command('remove')
    .description('Remove an imported uploader.')
    .argument('<name>', 'its provider name')
    .action((name: string) =>
      runCommand(async () => {
        await new UploaderStore(buildCore().home).remove(name);
      }),
    );
}
